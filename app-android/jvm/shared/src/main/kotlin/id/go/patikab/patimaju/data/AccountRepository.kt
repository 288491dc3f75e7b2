package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.PhoneChallengeInfo
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/** The resident's identity on this device: phone verification (one-time code) and the wipe. */
class AccountRepository(
    private val core: PatiCoreInterface,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    /** Sends a code by SMS; the server normalises the number (`0812…` → `+62812…`). */
    suspend fun startVerification(phone: String): Outcome<PhoneChallengeInfo> = remote { core.startPhoneVerification(phone.trim()) }

    /** Returns the verified number; submissions then carry it. */
    suspend fun verify(
        phone: String,
        code: String,
    ): Outcome<String> = remote { core.verifyPhone(phone, code.trim()) }

    /** Forgets drafts, complaints, photos, identity (kiosks; "hapus data saya"). */
    suspend fun wipePersonalData(): Outcome<Unit> =
        withContext(io) {
            try {
                Outcome.Success(core.wipePersonalData())
            } catch (e: PatiException) {
                Outcome.Failure(e.toAppError())
            }
        }

    private suspend fun <T> remote(block: suspend () -> T): Outcome<T> =
        try {
            Outcome.Success(block())
        } catch (e: PatiException) {
            Outcome.Failure(e.toAppError())
        }
}
