package id.go.patikab.patimaju.android

import android.content.Context
import androidx.work.CoroutineWorker
import androidx.work.WorkerParameters
import id.go.patikab.patimaju.data.Outcome

/**
 * One background sync pass through the app graph (the same call as the "Sinkronkan"
 * button). Retryable failures (offline, server trouble) ask WorkManager to retry with
 * backoff; anything else waits for the next periodic run. Cancelling the work
 * cancels the coroutine, which drops the Rust future.
 */
class SyncWorker(
    context: Context,
    params: WorkerParameters,
) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext.patiApp
        return when (val outcome = app.graph.syncNow()) {
            is Outcome.Success -> {
                StatusNotifications.showChanges(app, app.complaints)
                Result.success()
            }
            is Outcome.Failure -> if (outcome.error.retryable) Result.retry() else Result.failure()
        }
    }
}
