package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableIntStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.TimelineEvent
import id.go.patikab.patimaju.format.DateText
import id.go.patikab.patimaju.i18n.status
import id.go.patikab.patimaju.state.ComplaintDetailState
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.ui.LocalLanguage
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.PhotoStrip
import id.go.patikab.patimaju.ui.components.StatusChip
import id.go.patikab.patimaju.ui.components.TopBar
import java.time.Instant

interface ComplaintActions {
    fun replyText(text: String)

    fun sendReply()

    fun rate(
        stars: Int,
        comment: String,
    )

    fun reopen(reason: String)

    fun support()

    fun back()
}

/** One complaint: status, what was reported, the timeline, and the resident's actions. */
@Composable
fun ComplaintDetailScreen(
    state: ComplaintDetailState,
    actions: ComplaintActions,
    loadPhoto: suspend (String) -> ByteArray?,
    decode: (ByteArray) -> ImageBitmap?,
) {
    val s = LocalStrings.current
    val c = (state.complaint as? Loadable.Ready)?.value
    Column(Modifier.fillMaxSize()) {
        TopBar(c?.trackingNumber?.let(s::complaintTracking) ?: s.tabComplaints, actions::back)
        when (val l = state.complaint) {
            Loadable.Loading -> LoadingBox()
            is Loadable.Failed -> ErrorCard(l.error, null, Modifier.padding(16.dp))
            is Loadable.Ready -> {
                val d = l.value
                Column(
                    Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
                    verticalArrangement = Arrangement.spacedBy(12.dp),
                ) {
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalAlignment = Alignment.CenterVertically) {
                        StatusChip(d.status, d.state)
                        if (d.overdue) Text(s.complaintOverdue, color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.labelMedium)
                    }
                    Text(d.title, style = MaterialTheme.typography.titleLarge)
                    Text(d.description, style = MaterialTheme.typography.bodyLarge)
                    d.rejection?.let { Text(it.message, color = MaterialTheme.colorScheme.error) }
                    if (d.photos.isNotEmpty()) PhotoStrip(d.photos, loadPhoto, decode)
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Text(s.complaintSupportCount(d.supportCount), Modifier.weight(1f))
                        TextButton(onClick = actions::support) { Text(s.complaintSupport) }
                    }
                    HorizontalDivider()
                    Text(s.complaintTimeline, style = MaterialTheme.typography.titleMedium)
                    for (e in d.events) TimelineRow(e)
                    state.actionError?.let { ErrorCard(it, null) }
                    if (state.following) Text(s.complaintFollowing, style = MaterialTheme.typography.bodyMedium)
                    if (state.canReply) ReplyBox(state.replyText, actions)
                    if (state.canRate) RateBox(actions)
                    if (state.canReopen) ReopenBox(actions)
                }
            }
        }
    }
}

@Composable
private fun TimelineRow(e: TimelineEvent) {
    val s = LocalStrings.current
    val lang = LocalLanguage.current
    Column(Modifier.fillMaxWidth()) {
        val head = listOfNotNull(DateText.dateTime(Instant.ofEpochSecond(e.at), lang), e.status?.let { s.status(it) }, e.agency).joinToString(" · ")
        Text(head, style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.primary)
        e.text?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
        e.rating?.let { Text("★".repeat(it.toInt()) + "☆".repeat(5 - it.toInt())) }
        if (e.state == DeliveryState.QUEUED || e.state == DeliveryState.SENDING) {
            Text(s.complaintPendingMark, style = MaterialTheme.typography.labelSmall, color = MaterialTheme.colorScheme.secondary)
        }
        e.rejection?.let { Text(it.message, style = MaterialTheme.typography.labelSmall, color = MaterialTheme.colorScheme.error) }
    }
}

@Composable
private fun ReplyBox(
    text: String,
    actions: ComplaintActions,
) {
    val s = LocalStrings.current
    Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(text, actions::replyText, Modifier.weight(1f), placeholder = { Text(s.complaintReplyHint) })
        Button(onClick = actions::sendReply, enabled = text.isNotBlank()) { Text(s.complaintSendReply) }
    }
}

@Composable
private fun RateBox(actions: ComplaintActions) {
    val s = LocalStrings.current
    var stars by remember { mutableIntStateOf(0) }
    var comment by remember { mutableStateOf("") }
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(s.complaintRate, style = MaterialTheme.typography.titleMedium)
        Row {
            for (n in 1..5) TextButton(onClick = { stars = n }) { Text(if (n <= stars) "★" else "☆", style = MaterialTheme.typography.headlineSmall) }
        }
        OutlinedTextField(comment, { comment = it }, Modifier.fillMaxWidth(), label = { Text(s.complaintRatingComment) })
        Button(onClick = { actions.rate(stars, comment) }, enabled = stars > 0) { Text(s.complaintSendReply) }
    }
}

@Composable
private fun ReopenBox(actions: ComplaintActions) {
    val s = LocalStrings.current
    var reason by remember { mutableStateOf("") }
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        OutlinedTextField(reason, { reason = it }, Modifier.fillMaxWidth(), label = { Text(s.complaintReopenReason) })
        OutlinedButton(onClick = { actions.reopen(reason) }, enabled = reason.isNotBlank()) { Text(s.complaintReopen) }
    }
}
