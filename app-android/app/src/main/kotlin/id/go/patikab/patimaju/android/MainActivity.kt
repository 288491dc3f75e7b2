package id.go.patikab.patimaju.android

import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.OnBackPressedCallback
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import id.go.patikab.patimaju.nav.DeepLinks
import id.go.patikab.patimaju.ui.ComplaintScreens
import id.go.patikab.patimaju.ui.ComplaintSettings
import id.go.patikab.patimaju.ui.PatiAppHost
import kotlinx.coroutines.delay
import java.time.Instant

/**
 * The only activity: hosts the shared Compose UI, forwards Back to the navigator,
 * opens deep links from notifications, and saves the back stack across process death.
 */
class MainActivity : ComponentActivity() {
    private val graph get() = patiApp.graph
    private lateinit var platform: AndroidPlatform

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        platform = AndroidPlatform(this)
        if (savedInstanceState != null) graph.navigator.restore(graph.store.savedNavigation())
        openDeepLink(intent)

        onBackPressedDispatcher.addCallback(
            this,
            object : OnBackPressedCallback(true) {
                override fun handleOnBackPressed() {
                    if (!graph.navigator.back()) {
                        isEnabled = false
                        onBackPressedDispatcher.onBackPressed()
                        isEnabled = true
                    }
                }
            },
        )

        setContent {
            // Relative times ("5 menit lalu") move on once a minute.
            val now by produceState(Instant.now()) {
                while (true) {
                    delay(60_000)
                    value = Instant.now()
                }
            }
            Box(Modifier.fillMaxSize().safeDrawingPadding()) {
                PatiAppHost(
                    graph = graph,
                    platform = platform,
                    now = now,
                    complaintScreens = { ComplaintScreens(graph, patiApp.complaints, platform, it) },
                    settingsExtra = { ComplaintSettings(patiApp.complaints) },
                )
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        openDeepLink(intent)
    }

    override fun onStop() {
        super.onStop()
        graph.store.saveNavigation(graph.navigator.save())
    }

    private fun openDeepLink(intent: Intent?) {
        val route = intent?.dataString?.let(DeepLinks::routeOf) ?: return
        graph.navigator.open(route)
    }
}
