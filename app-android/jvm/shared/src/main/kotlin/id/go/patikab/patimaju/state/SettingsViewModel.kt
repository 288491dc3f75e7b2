package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.ContentStatus
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.valueOrNull
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.launch

data class SettingsState(
    val language: Language = Language.ID,
    val content: ContentStatus? = null,
)

/** Language choice and what is stored on the phone. */
class SettingsViewModel(
    private val languages: LanguageState,
    private val content: ContentRepository,
    scope: CoroutineScope,
) {
    private val mutable = MutableStateFlow(SettingsState(language = languages.language.value))
    val state: StateFlow<SettingsState> = mutable.asStateFlow()

    init {
        scope.launch {
            languages.language.collectLatest { lang ->
                mutable.value = SettingsState(language = lang, content = content.status().valueOrNull())
            }
        }
    }

    fun chooseLanguage(language: Language) = languages.choose(language)
}
