package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.Outcome

/** What a screen shows for one piece of data: a spinner, the data, or an error with Retry. */
sealed interface Loadable<out T> {
    data object Loading : Loadable<Nothing>

    data class Ready<out T>(val value: T) : Loadable<T>

    data class Failed(val error: AppError) : Loadable<Nothing>
}

fun <T> Outcome<T>.toLoadable(): Loadable<T> =
    when (this) {
        is Outcome.Success -> Loadable.Ready(value)
        is Outcome.Failure -> Loadable.Failed(error)
    }

fun <T> Loadable<T>.valueOrNull(): T? = (this as? Loadable.Ready)?.value
