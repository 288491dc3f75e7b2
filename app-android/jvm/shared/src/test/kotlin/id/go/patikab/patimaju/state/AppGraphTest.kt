package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.InMemorySettingsStore
import id.go.patikab.patimaju.data.PatiServer
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.nav.Route
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/** The whole wiring over a real core and pati-server: what the app's screens receive. */
class AppGraphTest {
    @TempDir
    lateinit var dir: File

    private suspend fun <T> StateFlow<T>.await(
        what: String,
        test: (T) -> Boolean,
    ): T =
        try {
            withTimeout(60_000) { first(test) }
        } catch (e: Exception) {
            throw AssertionError("timed out waiting for $what; last: $value", e)
        }

    @Test
    fun `home syncs, tiles and search come from the core, the language switches content`() =
        runBlocking<Unit> {
            PatiServer.start(File(dir, "server").apply { mkdirs() }).use { server ->
                PatiCore.open(CoreConfig(File(dir, "d.db").path, server.url, "pati")).use { core ->
                    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
                    val app = AppGraph(core, InMemorySettingsStore(), localeLanguage = "in", scope = scope)
                    val syncRequests = mutableListOf<Unit>()
                    val complaints = ComplaintsGraph(app, core, requestSync = { syncRequests += Unit })
                    assertEquals(Language.ID, app.languages.language.value, "Android's 'in' is Indonesian")

                    val empty = app.home.state.await("home loaded") { !it.loading }
                    assertTrue(empty.empty, "nothing cached before the first sync")

                    app.home.syncNow() // the core's full pass (complaints + content)
                    val home = app.home.state.await("tiles after sync") { it.featured.isNotEmpty() && !it.syncing }
                    assertTrue(home.featured.any { it.id == "e-kir" }, "${home.featured.map { it.id }}")
                    assertTrue(home.regencyName!!.contains("Pati"))
                    assertTrue(home.lastSyncAt != null)

                    // Search as you type: debounced, latest query wins, matched segments marked.
                    app.navigator.open(Route.Search())
                    val search = app.searchScreen(Route.Search())
                    search.onQueryChange("k")
                    search.onQueryChange("ktp")
                    val hits = search.state.await("hits for ktp") { it.query == "ktp" && !it.searching && it.hits.isNotEmpty() }
                    assertTrue(hits.hits.any { h -> h.nameSegments.any { it.matched } }, "highlighted segments")

                    // Catalogue in Indonesian, then English after the resident's choice.
                    val catalogue = app.catalogue(Route.Catalogue())
                    catalogue.state.await("categories in id") { s -> s.categories.valueOrNull()?.any { it.name == "Kependudukan & Catatan Sipil" } == true }
                    app.settings.chooseLanguage(Language.EN)
                    catalogue.state.await("categories in en") { s -> s.categories.valueOrNull()?.any { it.name == "Civil Registration" } == true }
                    catalogue.select("kependudukan")
                    catalogue.state.await("services of a category") { s -> s.services.valueOrNull()?.any { it.id == "ktp-el-baru" } == true }

                    val news = app.news.state.await("news") { it.items.isNotEmpty() && !it.loading }
                    assertEquals(news.items.map { it.publishedAt }.sortedDescending(), news.items.map { it.publishedAt })

                    // A pushed screen's view model lives while its route is on a stack.
                    val detail = app.service(Route.ServiceDetail("e-kir"))
                    app.navigator.open(Route.ServiceDetail("e-kir"))
                    detail.state.await("e-kir") { it is Loadable.Ready }
                    app.navigator.back()
                    app.prune()
                    assertFalse(detail === app.service(Route.ServiceDetail("e-kir")), "pruned and recreated")

                    assertTrue(complaints.statusChanges().isEmpty())
                    assertTrue(syncRequests.isEmpty(), "nothing was queued")
                    app.close()
                }
            }
        }

    @Test
    fun `a new draft outlives its route taking the draft's id, and an untouched one is dropped on leaving`() =
        runBlocking<Unit> {
            PatiCore.open(CoreConfig(File(dir, "d.db").path, PatiServer.closedPortUrl(), "pati")).use { core ->
                val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
                val app = AppGraph(core, InMemorySettingsStore(), localeLanguage = "in", scope = scope)
                val complaints = ComplaintsGraph(app, core, requestSync = {})
                // What the draft screen does: open the form, then let the route follow
                // the new draft's id (so Back and a restored stack find it).
                val fresh = Route.ComplaintDraft(null)
                app.navigator.open(fresh)
                val form = complaints.draft(fresh)
                val id = form.state.await("a new draft") { it.draft != null }.draft!!.id
                complaints.draftGotId(fresh, id)
                app.prune()
                assertTrue(form === complaints.draft(Route.ComplaintDraft(id)), "the same form")
                form.onTitle("Lampu jalan mati di Juwana")
                form.state.await("the title saved") { it.draft?.title == "Lampu jalan mati di Juwana" }
                assertEquals("Lampu jalan mati di Juwana", core.draft(id)?.title)

                // A second form left untouched: Back removes its empty draft.
                val other = Route.ComplaintDraft(null)
                app.navigator.open(other)
                val empty = complaints.draft(other)
                val emptyId = empty.state.await("another draft") { it.draft != null }.draft!!.id
                complaints.draftGotId(other, emptyId)
                app.navigator.back()
                app.prune()
                withTimeout(60_000) { while (core.drafts().any { it.id == emptyId }) delay(20) }
                assertEquals(listOf(id), core.drafts().map { it.id }, "the first one stays")
                app.close()
            }
        }
}
