package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.Spacer
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.format.RelativeTime
import id.go.patikab.patimaju.state.HomeState
import id.go.patikab.patimaju.ui.LocalLanguage
import id.go.patikab.patimaju.ui.LocalNow
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox

/** Home: greeting, search entry, one-tap tiles, "Buat pengaduan", sync line. */
@Composable
fun HomeScreen(
    state: HomeState,
    onSearch: () -> Unit,
    onService: (String) -> Unit,
    onNewComplaint: () -> Unit,
    onSync: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize().verticalScroll(rememberScrollState())) {
        Surface(color = MaterialTheme.colorScheme.primary, contentColor = MaterialTheme.colorScheme.onPrimary) {
            Column(Modifier.fillMaxWidth().padding(20.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
                Text(state.regencyName ?: s.appName, style = MaterialTheme.typography.headlineSmall)
                Text(state.tagline ?: s.homeGreeting, style = MaterialTheme.typography.bodyMedium)
                Surface(
                    shape = RoundedCornerShape(28.dp),
                    color = MaterialTheme.colorScheme.surface,
                    contentColor = MaterialTheme.colorScheme.onSurfaceVariant,
                    modifier = Modifier.fillMaxWidth().heightIn(min = 52.dp).clickable(role = Role.Button, onClick = onSearch),
                ) {
                    Text(s.homeSearchHint, Modifier.padding(horizontal = 20.dp, vertical = 15.dp), maxLines = 1)
                }
            }
        }
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
            state.error?.let { ErrorCard(it, onRetry = onSync) }
            when {
                state.loading -> LoadingBox()
                state.empty -> {
                    Text(s.homeNoContentYet, style = MaterialTheme.typography.bodyLarge)
                    Button(onClick = onSync, enabled = !state.syncing) { Text(s.settingsSyncNow) }
                }
                else -> {
                    Text(s.homeFeatured, style = MaterialTheme.typography.titleMedium)
                    FeaturedTiles(state.featured, onService)
                }
            }
            ComplaintCard(onNewComplaint)
            SyncLine(state.lastSyncAt, state.syncing, onSync)
        }
    }
}

@Composable
private fun FeaturedTiles(
    services: List<ServiceSummary>,
    onService: (String) -> Unit,
) {
    Column(verticalArrangement = Arrangement.spacedBy(12.dp)) {
        for (row in services.chunked(2)) {
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                for (service in row) {
                    Card(
                        onClick = { onService(service.id) },
                        modifier = Modifier.weight(1f).heightIn(min = 96.dp),
                        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.primaryContainer),
                    ) {
                        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                            Text(service.name, style = MaterialTheme.typography.titleSmall, maxLines = 2, overflow = TextOverflow.Ellipsis)
                            Text(service.agencyName, style = MaterialTheme.typography.labelSmall, maxLines = 1, overflow = TextOverflow.Ellipsis)
                        }
                    }
                }
                if (row.size == 1) Spacer(Modifier.weight(1f))
            }
        }
    }
}

@Composable
private fun ComplaintCard(onNewComplaint: () -> Unit) {
    val s = LocalStrings.current
    Card(colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.secondaryContainer)) {
        Column(Modifier.fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(s.homeNewComplaintHint, style = MaterialTheme.typography.bodyMedium)
            Button(onClick = onNewComplaint) { Text(s.homeNewComplaint) }
        }
    }
}

@Composable
private fun SyncLine(
    lastSyncAt: Long?,
    syncing: Boolean,
    onSync: () -> Unit,
) {
    val s = LocalStrings.current
    val text =
        when {
            syncing -> s.loading
            lastSyncAt == null -> s.settingsNeverSynced
            else -> s.homeLastSync(RelativeTime.fromUnixSeconds(lastSyncAt, LocalNow.current, LocalLanguage.current))
        }
    Row(verticalAlignment = androidx.compose.ui.Alignment.CenterVertically) {
        Text(text, Modifier.weight(1f), style = MaterialTheme.typography.bodySmall)
        OutlinedButton(onClick = onSync, enabled = !syncing) { Text(s.settingsSyncNow) }
    }
}
