package id.go.patikab.patimaju.ui.components

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.ui.LocalStrings

/**
 * A plain title bar with an optional "‹ Kembali". Material's TopAppBar is still
 * experimental API; this keeps the screens on stable API of both Compose flavours.
 */
@Composable
fun TopBar(
    title: String,
    onBack: (() -> Unit)? = null,
) {
    Surface(color = MaterialTheme.colorScheme.primary, contentColor = MaterialTheme.colorScheme.onPrimary) {
        Row(
            Modifier.fillMaxWidth().heightIn(min = 56.dp).padding(horizontal = 8.dp),
            verticalAlignment = Alignment.CenterVertically,
        ) {
            if (onBack != null) {
                TextButton(onClick = onBack) {
                    Text("‹ ${LocalStrings.current.back}", color = MaterialTheme.colorScheme.onPrimary)
                }
            }
            Text(
                title,
                modifier = Modifier.padding(horizontal = 8.dp).weight(1f),
                style = MaterialTheme.typography.titleLarge,
                maxLines = 1,
                overflow = TextOverflow.Ellipsis,
            )
        }
    }
}
