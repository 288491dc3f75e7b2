package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.format.DateText
import id.go.patikab.patimaju.state.NewsState
import id.go.patikab.patimaju.ui.LocalLanguage
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.EmptyText
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.TopBar

/** The news feed, newest first, with "Muat lebih banyak" at the end. */
@Composable
fun NewsScreen(
    state: NewsState,
    onItem: (String) -> Unit,
    onLoadMore: () -> Unit,
    onRetry: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(s.newsTitle)
        state.error?.let { ErrorCard(it, onRetry, Modifier.padding(16.dp)) }
        when {
            state.items.isEmpty() && state.loading -> LoadingBox()
            state.items.isEmpty() && state.error == null -> EmptyText(s.newsEmpty)
            else ->
                LazyColumn(Modifier.fillMaxSize()) {
                    items(state.items, key = { it.id }) { NewsRow(it) { onItem(it.id) } }
                    if (!state.endReached) {
                        item { TextButton(onClick = onLoadMore, modifier = Modifier.padding(16.dp)) { Text(s.newsLoadMore) } }
                    }
                }
        }
    }
}

/** "24 November 2026" from the item's RFC 3339 time; empty when unreadable. */
@Composable
internal fun publishedText(news: NewsView): String =
    DateText.parsePublished(news.publishedAt)?.let {
        DateText.date(it.atZone(DateText.WIB).toLocalDate(), LocalLanguage.current)
    } ?: ""

@Composable
private fun NewsRow(
    news: NewsView,
    onClick: () -> Unit,
) {
    Column(Modifier.fillMaxWidth().clickable(onClick = onClick).padding(16.dp)) {
        Text(publishedText(news), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.primary)
        Text(news.title, style = MaterialTheme.typography.titleMedium)
        Text(news.summary, style = MaterialTheme.typography.bodyMedium, maxLines = 3, overflow = TextOverflow.Ellipsis)
    }
    HorizontalDivider()
}
