package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.ComplaintLocation
import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.ComplaintRepository
import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.PatiServer
import id.go.patikab.patimaju.data.SyncRepository
import id.go.patikab.patimaju.data.TestPhotos
import id.go.patikab.patimaju.ffi.PatiCore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.util.concurrent.atomic.AtomicInteger

/** The complaint view models over a real core, offline (drafts and the outbox need no server). */
class ComplaintViewModelsTest {
    @TempDir
    lateinit var dir: File

    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    @AfterEach
    fun stop() = scope.cancel()

    private suspend fun <T> StateFlow<T>.await(what: String, test: (T) -> Boolean): T =
        try {
            withTimeout(60_000) { first(test) }
        } catch (e: Exception) {
            throw AssertionError("timed out waiting for $what; last: $value", e)
        }

    @Test
    fun `the form saves as the resident types, refuses until ready, and queues the complaint`() =
        runBlocking<Unit> {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, PatiServer.closedPortUrl(), "pati")).use { core ->
                val queued = AtomicInteger()
                val complaints = ComplaintRepository(core, onQueued = { queued.incrementAndGet() })
                val vm =
                    ComplaintDraftViewModel(
                        complaints = complaints,
                        content = ContentRepository(core),
                        language = MutableStateFlow(Language.ID),
                        phoneVerified = { false },
                        draftId = null,
                        scope = scope,
                        textSaveDelayMillis = 50,
                    )
                val opened = vm.state.await("a new draft") { it.draft != null }
                assertFalse(opened.canSubmit, "empty draft")
                assertTrue(opened.problemsOf("title").isNotEmpty())
                assertFalse(opened.identityReady, "no phone, not anonymous")

                vm.onTitle("Jalan berlubang di Prawoto")
                vm.onDescription("Jalan desa berlubang dalam, sudah dua motor jatuh.")
                // The typed text reaches the core shortly after the last keystroke.
                vm.state.await("the title saved") { it.draft?.title == "Jalan berlubang di Prawoto" }
                assertEquals("Jalan berlubang di Prawoto", core.draft(vm.draftId!!)!!.title)

                vm.chooseCategory("jalan-rusak")
                vm.setGps(-6.75, 111.04)
                vm.state.await("the location saved") { it.draft?.location?.lat == -6.75 }
                vm.addPhoto(TestPhotos.cameraJpeg(3))
                vm.state.await("the photo") { it.draft?.photos?.size == 1 && !it.photoBusy }
                vm.setAnonymous(true)
                val ready = vm.state.await("ready to submit") { it.canSubmit }
                assertTrue(ready.problems.isEmpty(), "${ready.problems}")

                vm.submit()
                val done = vm.state.await("submitted") { it.submitted != null }
                assertEquals(DeliveryState.QUEUED, done.submitted!!.state)
                assertEquals(1, queued.get(), "a sync was requested")
                assertTrue(core.drafts().isEmpty(), "the draft became the complaint")

                // My complaints lists it (queued); the detail accepts a reply, shown pending.
                val sync = SyncRepository(core)
                sync.start()
                val list = MyComplaintsViewModel(complaints, sync.state, scope)
                val shown = list.state.await("the list") { it.complaints.isNotEmpty() }
                assertEquals(DeliveryState.QUEUED, shown.complaints.single().state)
                assertEquals(1u, shown.sync?.pendingMutations)

                val detail = ComplaintDetailViewModel(complaints, sync.state, done.submitted.id, scope)
                detail.state.await("the detail") { it.complaint is Loadable.Ready }
                detail.onReplyText("Mohon segera")
                detail.sendReply()
                val replied = detail.state.await("the pending reply") { s -> (s.complaint as? Loadable.Ready)?.value?.events?.any { it.kind == "reply" } == true }
                assertEquals("", replied.replyText)
                // The core tells the sync listener (which reloads the detail) before the
                // repository's onQueued runs: wait for the sync request, do not race it.
                withTimeout(60_000) { while (queued.get() < 2) delay(10) }
                assertEquals(2, queued.get())
                sync.stop()
            }
        }

    @Test
    fun `changes made in a burst are all saved, in order, and the form shows the last`() =
        runBlocking<Unit> {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, PatiServer.closedPortUrl(), "pati")).use { core ->
                val vm = ComplaintDraftViewModel(ComplaintRepository(core), ContentRepository(core), MutableStateFlow(Language.ID), { true }, null, scope)
                vm.state.await("a new draft") { it.draft != null }
                // Faster than any save: each change must be built on the one before.
                repeat(20) { i ->
                    vm.chooseCategory("kategori-$i")
                    vm.setGps(-6.70 - i / 1000.0, 111.0)
                    vm.chooseKecamatan("kec-$i")
                    vm.chooseDesa("desa-$i")
                    vm.setConfidential(i % 2 == 0)
                }
                val last = vm.state.await("the last change shown") { s -> s.draft?.let { it.location.desa == "desa-19" && !it.confidential } == true }.draft!!
                val expected = ComplaintLocation(-6.70 - 19 / 1000.0, 111.0, "kec-19", "desa-19", null)
                assertEquals(expected, last.location)
                assertEquals("kategori-19", last.category)
                val saved = core.draft(vm.draftId!!)!!
                assertEquals(expected, saved.location)
                assertEquals("kategori-19", saved.category)
                assertFalse(saved.confidential)
            }
        }

    @Test
    fun `leaving an untouched new draft deletes it`() =
        runBlocking<Unit> {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, PatiServer.closedPortUrl(), "pati")).use { core ->
                val vm = ComplaintDraftViewModel(ComplaintRepository(core), ContentRepository(core), MutableStateFlow(Language.ID), { true }, null, scope)
                vm.state.await("a new draft") { it.draft != null }
                assertEquals(1, core.drafts().size)
                vm.leave()
                assertTrue(core.drafts().isEmpty(), "deleted once leave returns")
            }
        }
}
