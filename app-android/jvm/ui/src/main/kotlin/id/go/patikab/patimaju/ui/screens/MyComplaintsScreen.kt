package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.format.RelativeTime
import id.go.patikab.patimaju.state.MyComplaintsState
import id.go.patikab.patimaju.ui.LocalLanguage
import id.go.patikab.patimaju.ui.LocalNow
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.EmptyText
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.StatusChip
import id.go.patikab.patimaju.ui.components.TopBar

/** The resident's drafts and complaints, with the sync line on top. */
@Composable
fun MyComplaintsScreen(
    state: MyComplaintsState,
    onNew: () -> Unit,
    onDraft: (String) -> Unit,
    onComplaint: (String) -> Unit,
    onSync: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(s.myComplaintsTitle)
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            SyncSummary(state.sync, onSync)
            Button(onClick = onNew, modifier = Modifier.fillMaxWidth()) { Text(s.homeNewComplaint) }
            state.error?.let { ErrorCard(it, onSync) }
        }
        when {
            state.loading -> LoadingBox()
            state.drafts.isEmpty() && state.complaints.isEmpty() -> EmptyText(s.myComplaintsEmpty)
            else ->
                LazyColumn(Modifier.fillMaxSize()) {
                    if (state.drafts.isNotEmpty()) {
                        item { Header(s.myDrafts) }
                        items(state.drafts, key = { "d-" + it.id }) { DraftRow(it) { onDraft(it.id) } }
                        item { Header(s.myComplaintsTitle) }
                    }
                    items(state.complaints, key = { it.id }) { ComplaintRow(it) { onComplaint(it.id) } }
                }
        }
    }
}

@Composable
private fun Header(text: String) {
    Text(text, Modifier.padding(start = 16.dp, top = 12.dp, bottom = 4.dp), style = MaterialTheme.typography.titleSmall)
}

@Composable
private fun DraftRow(
    draft: Draft,
    onClick: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxWidth().clickable(onClick = onClick).padding(16.dp)) {
        Text(draft.title.ifBlank { s.draftTitle }, style = MaterialTheme.typography.titleMedium)
        Text(
            RelativeTime.fromUnixSeconds(draft.updatedAt, LocalNow.current, LocalLanguage.current),
            style = MaterialTheme.typography.bodySmall,
        )
    }
    HorizontalDivider()
}

@Composable
private fun ComplaintRow(
    c: ComplaintSummary,
    onClick: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxWidth().clickable(onClick = onClick).padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            StatusChip(c.status, c.state)
            c.trackingNumber?.let { Text(s.complaintTracking(it), style = MaterialTheme.typography.labelMedium) }
        }
        Text(c.title, style = MaterialTheme.typography.titleMedium, maxLines = 2, overflow = TextOverflow.Ellipsis)
        val updated = RelativeTime.fromUnixSeconds(c.updatedAt, LocalNow.current, LocalLanguage.current)
        val extra =
            listOfNotNull(
                updated,
                s.complaintOverdue.takeIf { c.overdue },
                s.complaintPendingActions(c.pendingActions.toInt()).takeIf { c.pendingActions > 0u },
            )
        Text(extra.joinToString(" · "), style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.onSurfaceVariant)
    }
    HorizontalDivider()
}

/** "3 menunggu dikirim · Sinkron terakhir 5 menit lalu", photo progress, last error; "Kirim sekarang". */
@Composable
fun SyncSummary(
    sync: id.go.patikab.patimaju.core.SyncState?,
    onSync: () -> Unit,
) {
    val s = LocalStrings.current
    val lang = LocalLanguage.current
    val now = LocalNow.current
    Row(verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            val parts =
                listOfNotNull(
                    sync?.pendingMutations?.takeIf { it > 0u }?.let { s.syncPending(it.toInt()) },
                    sync?.lastSuccessAt?.let { s.syncLast(RelativeTime.fromUnixSeconds(it, now, lang)) } ?: s.settingsNeverSynced,
                )
            Text(parts.joinToString(" · "), style = MaterialTheme.typography.bodySmall)
            if (sync != null && sync.photoBytesTotal > 0u && sync.photoBytesSent < sync.photoBytesTotal) {
                Text(s.syncPhotos(kb(sync.photoBytesSent), kb(sync.photoBytesTotal)), style = MaterialTheme.typography.bodySmall)
            }
            sync?.lastError?.let {
                Text(
                    if (lang == id.go.patikab.patimaju.core.Language.EN) it.messageEn else it.messageId,
                    style = MaterialTheme.typography.bodySmall,
                    color = MaterialTheme.colorScheme.error,
                )
            }
        }
        TextButton(onClick = onSync, enabled = sync?.running != true) { Text(s.settingsSyncNow) }
    }
}

private fun kb(bytes: ULong) = "${(bytes.toLong() + 1023) / 1024} KB"
