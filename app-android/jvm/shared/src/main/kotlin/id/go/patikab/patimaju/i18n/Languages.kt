package id.go.patikab.patimaju.i18n

import id.go.patikab.patimaju.core.Language

/** The table for a language; Indonesian is the default everywhere. */
fun stringsFor(language: Language): Strings =
    when (language) {
        Language.ID -> IndonesianStrings
        Language.EN -> EnglishStrings
        Language.JV -> JavaneseStrings
    }

/** Stable code stored in settings and used for Android resources (`values-jv`). */
val Language.code: String
    get() =
        when (this) {
            Language.ID -> "id"
            Language.EN -> "en"
            Language.JV -> "jv"
        }

/** The language's own name, as the settings list shows it (never translated). */
val Language.nativeName: String
    get() =
        when (this) {
            Language.ID -> "Bahasa Indonesia"
            Language.EN -> "English"
            Language.JV -> "Basa Jawa"
        }

/** Parses a stored code; anything unknown falls back to Indonesian. */
fun languageOf(code: String?): Language = Language.entries.firstOrNull { it.code == code } ?: Language.ID

/** Picks the app language from the phone's locale the first time (`in` is Android's old code for Indonesian). */
fun languageForLocale(localeLanguage: String): Language =
    when (localeLanguage.lowercase()) {
        "en" -> Language.EN
        "jv", "jw" -> Language.JV
        else -> Language.ID
    }
