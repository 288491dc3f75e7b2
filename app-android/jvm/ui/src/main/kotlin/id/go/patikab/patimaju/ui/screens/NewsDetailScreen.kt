package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.TopBar

/** One news item; its links (official social media, YouTube) open outside the app. */
@Composable
fun NewsDetailScreen(
    state: Loadable<NewsView>,
    onBack: () -> Unit,
    onOpenUrl: (String) -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(s.newsTitle, onBack)
        when (state) {
            Loadable.Loading -> LoadingBox()
            is Loadable.Failed -> ErrorCard(state.error, null, Modifier.padding(16.dp))
            is Loadable.Ready -> {
                val n = state.value
                Column(
                    Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
                    verticalArrangement = Arrangement.spacedBy(12.dp),
                ) {
                    Text(publishedText(n), style = MaterialTheme.typography.labelMedium, color = MaterialTheme.colorScheme.primary)
                    Text(n.title, style = MaterialTheme.typography.headlineSmall)
                    Text(n.body, style = MaterialTheme.typography.bodyLarge)
                    for (link in n.links) OutlinedButton(onClick = { onOpenUrl(link.url) }) { Text(link.label) }
                }
            }
        }
    }
}
