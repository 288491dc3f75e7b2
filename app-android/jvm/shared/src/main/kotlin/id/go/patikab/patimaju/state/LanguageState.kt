package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.SettingsStore
import id.go.patikab.patimaju.i18n.code
import id.go.patikab.patimaju.i18n.languageForLocale
import id.go.patikab.patimaju.i18n.languageOf
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.SharingStarted
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.stateIn

/**
 * The app's language: the resident's choice, or until there is one the phone's
 * locale (Indonesian unless it is English or Javanese). Every view model reloads
 * its localized content when this changes; the screens switch their string table.
 */
class LanguageState(
    private val settings: SettingsStore,
    localeLanguage: String,
    scope: CoroutineScope,
) {
    private val fallback = languageForLocale(localeLanguage)

    private fun resolve(code: String?): Language = if (code == null) fallback else languageOf(code)

    val language: StateFlow<Language> =
        settings.languageCode
            .map(::resolve)
            .stateIn(scope, SharingStarted.Eagerly, resolve(settings.languageCode.value))

    fun choose(language: Language) = settings.setLanguageCode(language.code)
}
