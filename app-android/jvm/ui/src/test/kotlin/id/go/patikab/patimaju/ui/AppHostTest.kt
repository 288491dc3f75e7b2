@file:OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)

package id.go.patikab.patimaju.ui

import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isEnabled
import androidx.compose.ui.test.isToggleable
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onFirst
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.v2.runDesktopComposeUiTest
import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.data.InMemorySettingsStore
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.nav.Route
import id.go.patikab.patimaju.state.AppGraph
import id.go.patikab.patimaju.state.ComplaintsGraph
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.Instant

/**
 * The whole host (routes, effects, pruning) over a real core, offline: what the
 * Android activity shows, with the real Compose runtime disposing and relaunching
 * the screens as the routes change.
 */
class AppHostTest {
    @TempDir
    lateinit var dir: File

    private object NoDevice : Platform {
        override fun openUrl(url: String) {}

        override fun takePhoto(onResult: (ByteArray?) -> Unit) = onResult(null)

        override fun pickPhoto(onResult: (ByteArray?) -> Unit) = onResult(null)

        override fun currentLocation(onResult: (GeoPoint?) -> Unit) = onResult(GeoPoint(-6.75, 111.04, 8f))

        override fun decodeImage(bytes: ByteArray): ImageBitmap? = null
    }

    /** The draft id the current route names, if it is a draft form's. */
    private fun openDraft(app: AppGraph): String? = (app.navigator.current.value as? Route.ComplaintDraft)?.draftId

    @Test
    fun `a new complaint keeps what was typed through its route change and Back, an empty one is dropped`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, "http://127.0.0.1:9", "pati")).use { core ->
                val app = AppGraph(core, InMemorySettingsStore(), "in", CoroutineScope(SupervisorJob() + Dispatchers.Default))
                val complaints = ComplaintsGraph(app, core, requestSync = {})
                setContent {
                    PatiAppHost(app, NoDevice, Instant.now(), complaintScreens = { ComplaintScreens(app, complaints, NoDevice, it) })
                }
                val title = "Lampu jalan mati di Juwana"
                runOnIdle { app.navigator.open(Route.ComplaintDraft()) }
                // The form creates the draft and its route takes the draft's id.
                waitUntil(timeoutMillis = 30_000) { openDraft(app) != null }
                val id = openDraft(app)!!
                onNodeWithText("Judul").performTextInput(title)
                waitUntil(timeoutMillis = 30_000) { core.draft(id)?.title == title }
                runOnIdle { app.navigator.back() }
                waitForIdle()

                // A second form left untouched: Back drops its empty draft, not the first.
                runOnIdle { app.navigator.open(Route.ComplaintDraft()) }
                waitUntil(timeoutMillis = 30_000) { core.drafts().size == 2 }
                waitUntil(timeoutMillis = 30_000) { openDraft(app) != null }
                runOnIdle { app.navigator.back() }
                waitUntil(timeoutMillis = 30_000) { core.drafts().size == 1 }
                assertEquals(listOf(title), core.drafts().map { it.title })
                app.close()
            }
        }

    @Test
    fun `a complaint filled in through the host offline is queued and its page shown`() =
        runDesktopComposeUiTest(PHONE_W, 1800) {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, "http://127.0.0.1:9", "pati")).use { core ->
                core.importContent(CONTENT.toByteArray())
                val app = AppGraph(core, InMemorySettingsStore(), "in", CoroutineScope(SupervisorJob() + Dispatchers.Default))
                val complaints = ComplaintsGraph(app, core, requestSync = {})
                setContent {
                    PatiAppHost(app, NoDevice, Instant.now(), complaintScreens = { ComplaintScreens(app, complaints, NoDevice, it) })
                }
                runOnIdle { app.navigator.open(Route.ComplaintDraft()) }
                waitUntil(timeoutMillis = 30_000) { openDraft(app) != null }
                onNodeWithText("Judul").performTextInput("Jalan berlubang di Prawoto")
                onNodeWithText("Uraian").performTextInput("Jalan desa berlubang dalam, sudah dua motor jatuh.")
                waitUntil(timeoutMillis = 30_000) { onAllNodesWithText("Pilih kategori").fetchSemanticsNodes().isNotEmpty() }
                onNodeWithText("Pilih kategori").performScrollTo().performClick()
                onNodeWithText("Jalan rusak", substring = true).performClick()
                onNodeWithText("Gunakan lokasi saya (GPS)").performScrollTo().performClick()
                // The first switch is "Anonim": no verified phone on this device.
                onAllNodes(isToggleable()).onFirst().performScrollTo().performClick()
                waitUntil(timeoutMillis = 30_000) {
                    onAllNodes(hasText("Kirim pengaduan") and isEnabled()).fetchSemanticsNodes().isNotEmpty()
                }
                onNodeWithText("Kirim pengaduan").performScrollTo().performClick()
                waitUntil(timeoutMillis = 30_000) { app.navigator.current.value is Route.ComplaintDetail }
                val queued = core.myComplaints().single()
                assertEquals("Jalan berlubang di Prawoto", queued.title)
                assertEquals(Route.ComplaintDetail(queued.id), app.navigator.current.value)
                assertTrue(core.drafts().isEmpty(), "the draft became the complaint")
                app.close()
            }
        }

    private companion object {
        /** One agency and one complaint category: what the form needs offline. */
        const val CONTENT = """{"protocol": 1, "jurisdiction": "pati", "version": 2, "cursor": "c1.2",
            "has_more": false, "reset": false, "changes": [
            {"version": 1, "kind": "agency", "key": "dpupr", "item": {"kind": "agency", "data":
                {"id": "dpupr", "name": {"id": "Dinas PUPR"}, "short_name": "DPUPR", "kind": "dinas"}}},
            {"version": 2, "kind": "complaint_category", "key": "jalan-rusak", "item": {"kind": "complaint_category", "data":
                {"id": "jalan-rusak", "name": {"id": "Jalan rusak"}, "description": {"id": "Jalan berlubang"},
                 "agency": "dpupr", "icon": "road", "order": 1}}}]}"""
    }
}
