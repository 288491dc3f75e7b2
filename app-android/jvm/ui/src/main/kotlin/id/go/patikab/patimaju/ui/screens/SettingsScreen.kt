package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.i18n.nativeName
import id.go.patikab.patimaju.state.SettingsState
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.TopBar

/** Language (id/en/jv), and below it the sections added by [extra] (phone, sync). */
@Composable
fun SettingsScreen(
    state: SettingsState,
    onLanguage: (Language) -> Unit,
    extra: @Composable () -> Unit = {},
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(s.settingsTitle)
        Column(
            Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(8.dp),
        ) {
            Text(s.settingsLanguage, style = MaterialTheme.typography.titleMedium)
            for (lang in Language.entries) {
                Row(
                    Modifier
                        .fillMaxWidth()
                        .heightIn(min = 48.dp)
                        .selectable(selected = lang == state.language, role = Role.RadioButton) { onLanguage(lang) },
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    RadioButton(selected = lang == state.language, onClick = null)
                    Text(lang.nativeName, Modifier.padding(start = 12.dp), style = MaterialTheme.typography.bodyLarge)
                }
            }
            extra()
        }
    }
}
