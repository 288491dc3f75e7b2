@file:OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)

package id.go.patikab.patimaju.ui

import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.test.onNodeWithText
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

        override fun currentLocation(onResult: (GeoPoint?) -> Unit) = onResult(null)

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
}
