package id.go.patikab.patimaju.data

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * The resident's few preferences. Small key/value pairs on the device: on Android
 * SharedPreferences (`PrefsSettingsStore`), in tests [InMemorySettingsStore]. The
 * core keeps everything else (content, drafts, identity) in its SQLite file.
 */
interface SettingsStore {
    /** Language code (`id`, `en`, `jv`), `null` before the resident chose one. */
    val languageCode: StateFlow<String?>

    fun setLanguageCode(code: String)

    /** Navigation state saved across process death (see `Navigator.save`). */
    fun savedNavigation(): List<String>

    fun saveNavigation(paths: List<String>)

    /** Complaint id → last workflow status the resident was told about (notifications). */
    fun knownStatuses(): Map<String, String>

    fun saveKnownStatuses(statuses: Map<String, String>)
}

class InMemorySettingsStore(initialLanguage: String? = null) : SettingsStore {
    private val language = MutableStateFlow(initialLanguage)
    private var navigation: List<String> = emptyList()
    private var statuses: Map<String, String> = emptyMap()

    override val languageCode: StateFlow<String?> = language.asStateFlow()

    override fun setLanguageCode(code: String) {
        language.value = code
    }

    override fun savedNavigation() = navigation

    override fun saveNavigation(paths: List<String>) {
        navigation = paths
    }

    override fun knownStatuses() = statuses

    override fun saveKnownStatuses(statuses: Map<String, String>) {
        this.statuses = statuses
    }
}
