package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.PhoneChallengeInfo
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.data.AccountRepository
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.Outcome
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class PhoneState(
    val phone: String = "",
    val code: String = "",
    /** A code was sent; the screen asks for it. */
    val challenge: PhoneChallengeInfo? = null,
    /** The verified number on this device, if any. */
    val verified: String? = null,
    val busy: Boolean = false,
    val error: AppError? = null,
)

/** Settings › Nomor HP: number → one-time code → verified. */
class PhoneVerificationViewModel(
    private val accounts: AccountRepository,
    sync: StateFlow<SyncState?>,
    private val scope: CoroutineScope,
) {
    private val mutable = MutableStateFlow(PhoneState())
    val state: StateFlow<PhoneState> = mutable.asStateFlow()

    init {
        scope.launch { sync.collectLatest { s -> mutable.update { it.copy(verified = s?.phone) } } }
    }

    fun onPhone(text: String) = mutable.update { it.copy(phone = text.filter { c -> c.isDigit() || c == '+' }) }

    fun onCode(text: String) = mutable.update { it.copy(code = text.filter(Char::isDigit)) }

    fun sendCode() =
        run({ accounts.startVerification(mutable.value.phone) }) { info ->
            mutable.update { it.copy(challenge = info, code = "") }
        }

    fun verify() {
        val challenge = mutable.value.challenge ?: return
        run({ accounts.verify(challenge.phone, mutable.value.code) }) { phone ->
            mutable.update { it.copy(verified = phone, challenge = null, code = "") }
        }
    }

    private fun <T> run(
        call: suspend () -> Outcome<T>,
        onSuccess: (T) -> Unit,
    ) {
        if (mutable.value.busy) return
        mutable.update { it.copy(busy = true, error = null) }
        scope.launch {
            when (val r = call()) {
                is Outcome.Success -> {
                    mutable.update { it.copy(busy = false) }
                    onSuccess(r.value)
                }
                is Outcome.Failure -> mutable.update { it.copy(busy = false, error = r.error) }
            }
        }
    }
}
