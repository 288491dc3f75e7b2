package id.go.patikab.patimaju.android

import android.app.Application
import id.go.patikab.patimaju.BuildConfig
import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.ffi.LogLevel
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.ffi.initLogging
import id.go.patikab.patimaju.state.AppGraph
import id.go.patikab.patimaju.state.ComplaintsGraph
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import java.io.File
import java.util.Locale

/**
 * Opens the one core of the process and wires the app ([AppGraph], with the
 * complaint half in [ComplaintsGraph]). Everything the screens and the worker use
 * hangs off these two; nothing else is global.
 */
class PatiMajuApplication : Application() {
    lateinit var core: PatiCore
        private set
    lateinit var graph: AppGraph
        private set
    lateinit var complaints: ComplaintsGraph
        private set

    override fun onCreate() {
        super.onCreate()
        initLogging(LogcatSink(), if (BuildConfig.DEBUG) LogLevel.DEBUG else LogLevel.INFO)
        // Opening is a local SQLite open (and migration after an update): milliseconds,
        // and the first screen needs it anyway.
        core =
            PatiCore.open(
                CoreConfig(
                    dbPath = File(noBackupFilesDir, "pati-maju.db").path,
                    serverUrl = BuildConfig.SERVER_URL,
                    jurisdiction = BuildConfig.JURISDICTION,
                ),
            )
        graph =
            AppGraph(
                core = core,
                store = PrefsSettingsStore(this),
                localeLanguage = Locale.getDefault().language,
                scope = CoroutineScope(SupervisorJob() + Dispatchers.Main.immediate),
            )
        complaints = ComplaintsGraph(graph, core, requestSync = { SyncScheduler.syncSoon(this) })
        StatusNotifications.createChannels(this)
        SyncScheduler.schedulePeriodic(this)
    }
}

val android.content.Context.patiApp: PatiMajuApplication get() = applicationContext as PatiMajuApplication
