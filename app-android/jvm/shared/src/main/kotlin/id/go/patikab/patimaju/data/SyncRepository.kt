package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.SyncListener
import id.go.patikab.patimaju.core.SyncReport
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.withContext

/**
 * The core's sync engine as a [StateFlow]: the core calls our [SyncListener] on every
 * change (pass start/end, each push batch, each uploaded photo chunk, each queued
 * item), on whatever thread did the work; a StateFlow is safe to set from any thread
 * and the screens collect it. [sync] runs one full pass (outbox, photos, complaints,
 * content); a second call during a pass waits for it.
 */
class SyncRepository(
    private val core: PatiCoreInterface,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    private val mutable = MutableStateFlow<SyncState?>(null)

    /** `null` until first read; then every state the core reported. */
    val state: StateFlow<SyncState?> = mutable.asStateFlow()

    private val listener =
        object : SyncListener {
            override fun onSyncState(state: SyncState) {
                mutable.value = state
            }
        }

    /** Starts listening and reads the current state. Call once (the app graph does). */
    suspend fun start() {
        core.setSyncListener(listener)
        refresh()
    }

    fun stop() = core.setSyncListener(null)

    suspend fun refresh(): Outcome<SyncState> =
        withContext(io) {
            try {
                Outcome.Success(core.syncState().also { mutable.value = it })
            } catch (e: PatiException) {
                Outcome.Failure(e.toAppError())
            }
        }

    suspend fun sync(): Outcome<SyncReport> =
        try {
            Outcome.Success(core.sync())
        } catch (e: PatiException) {
            Outcome.Failure(e.toAppError())
        }

    /** Seconds until the engine wants the next pass (`null`: nothing to send). */
    suspend fun nextDelaySeconds(): Long? =
        withContext(io) {
            try {
                core.nextSyncDelay()?.toLong()
            } catch (_: PatiException) {
                null
            }
        }
}
