package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.state.PhoneState
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard

/** Settings › Nomor HP and Sinkronisasi, below the language choice. */
@Composable
fun PhoneAndSyncSections(
    phone: PhoneState,
    sync: SyncState?,
    onPhone: (String) -> Unit,
    onCode: (String) -> Unit,
    onSendCode: () -> Unit,
    onVerify: () -> Unit,
    onSync: () -> Unit,
) {
    val s = LocalStrings.current
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        HorizontalDivider()
        Text(s.settingsPhone, style = MaterialTheme.typography.titleMedium)
        Text(s.settingsPhoneHelp, style = MaterialTheme.typography.bodySmall)
        phone.verified?.let {
            Text(s.settingsVerifiedAs(it), style = MaterialTheme.typography.bodyLarge, color = MaterialTheme.colorScheme.primary)
        }
        val challenge = phone.challenge
        if (challenge == null) {
            OutlinedTextField(
                value = phone.phone,
                onValueChange = onPhone,
                label = { Text(s.settingsPhoneNumber) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Phone),
                modifier = Modifier.fillMaxWidth(),
            )
            Button(onClick = onSendCode, enabled = !phone.busy && phone.phone.length >= 9) { Text(s.settingsSendCode) }
        } else {
            Text(s.settingsCodeSent(challenge.phone, challenge.expiresIn / 60), style = MaterialTheme.typography.bodyMedium)
            OutlinedTextField(
                value = phone.code,
                onValueChange = onCode,
                label = { Text(s.settingsCode) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.NumberPassword),
                modifier = Modifier.fillMaxWidth(),
            )
            Button(onClick = onVerify, enabled = !phone.busy && phone.code.length >= 4) { Text(s.settingsVerify) }
        }
        phone.error?.let { ErrorCard(it, null) }
        HorizontalDivider()
        SyncSummary(sync, onSync)
    }
}
