package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.ffi.PatiException

/**
 * What the UI needs to know about a failure: which message to show and whether a
 * "try again" makes sense. Built from the bindings' [PatiException] in one place,
 * [toAppError]. The `detail` strings are for logs, never shown to residents.
 */
sealed interface AppError {
    /** Retrying later (or when the connection returns) can help. */
    val retryable: Boolean

    /** No connection, or the server is unreachable. Nothing was lost. */
    data object Offline : AppError {
        override val retryable = true
    }

    /** The server refused or failed the request. */
    data class ServerProblem(val detail: String) : AppError {
        override val retryable = true
    }

    /** This app is too old for the server or for its own database: update it. */
    data object UpdateRequired : AppError {
        override val retryable = false
    }

    /** The item does not exist (any more), e.g. a service removed by the regency. */
    data class NotFound(val what: String) : AppError {
        override val retryable = false
    }

    /** The phone's storage failed (full, or the file is damaged). */
    data class Storage(val detail: String) : AppError {
        override val retryable = false
    }

    /** The form has field errors; the draft's `problems` say which (shown next to each field). */
    data class Invalid(val detail: String) : AppError {
        override val retryable = false
    }

    /** The phone refused a photo; [code] is the core's stable problem code (`not_an_image`, ...). */
    data class PhotoRefused(val code: String) : AppError {
        override val retryable = false
    }

    /** A bug: the app sent something invalid, or the server sent something unreadable. */
    data class Unexpected(val detail: String) : AppError {
        override val retryable = false
    }
}

fun PatiException.toAppError(): AppError {
    val detail = message ?: ""
    return when (this) {
        is PatiException.Offline -> AppError.Offline
        is PatiException.Server -> AppError.ServerProblem(detail)
        is PatiException.UpdateRequired -> AppError.UpdateRequired
        is PatiException.NotFound -> AppError.NotFound(detail)
        is PatiException.Storage -> AppError.Storage(detail)
        is PatiException.InvalidInput -> AppError.Unexpected(detail)
        is PatiException.Validation -> AppError.Invalid(detail)
        is PatiException.PhotoRefused -> AppError.PhotoRefused(detail)
        is PatiException.InvalidResponse -> AppError.Unexpected(detail)
    }
}
