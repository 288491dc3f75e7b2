package id.go.patikab.patimaju.android

import android.content.Context
import androidx.core.content.edit
import id.go.patikab.patimaju.data.SettingsStore
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** [SettingsStore] on SharedPreferences: two small values, no DataStore needed. */
class PrefsSettingsStore(context: Context) : SettingsStore {
    private val prefs = context.getSharedPreferences("pati-maju", Context.MODE_PRIVATE)
    private val language = MutableStateFlow(prefs.getString(KEY_LANGUAGE, null))

    override val languageCode: StateFlow<String?> = language.asStateFlow()

    override fun setLanguageCode(code: String) {
        prefs.edit { putString(KEY_LANGUAGE, code) }
        language.value = code
    }

    override fun savedNavigation(): List<String> = prefs.getString(KEY_NAV, null)?.split('\n').orEmpty()

    override fun saveNavigation(paths: List<String>) = prefs.edit { putString(KEY_NAV, paths.joinToString("\n")) }

    override fun knownStatuses(): Map<String, String> =
        prefs.getStringSet(KEY_STATUSES, emptySet()).orEmpty().mapNotNull { entry ->
            entry.split('=', limit = 2).takeIf { it.size == 2 }?.let { it[0] to it[1] }
        }.toMap()

    override fun saveKnownStatuses(statuses: Map<String, String>) =
        prefs.edit { putStringSet(KEY_STATUSES, statuses.map { (id, status) -> "$id=$status" }.toSet()) }

    private companion object {
        const val KEY_LANGUAGE = "language"
        const val KEY_NAV = "navigation"
        const val KEY_STATUSES = "known-statuses"
    }
}
