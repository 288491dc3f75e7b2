package id.go.patikab.patimaju.i18n

import id.go.patikab.patimaju.data.AppError

/** The resident's sentence for an error; the technical detail stays in logs. */
fun Strings.errorText(error: AppError): String =
    when (error) {
        AppError.Offline -> errorOffline
        is AppError.ServerProblem -> errorServer
        AppError.UpdateRequired -> errorUpdateRequired
        is AppError.NotFound -> errorNotFound
        is AppError.Storage -> errorStorage
        is AppError.Unexpected -> errorUnexpected
        is AppError.Invalid -> errorInvalid
        is AppError.PhotoRefused -> photoProblem(error.code)
    }
