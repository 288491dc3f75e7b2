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
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.CategoryView
import id.go.patikab.patimaju.state.CatalogueState
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.ServiceRow
import id.go.patikab.patimaju.ui.components.TopBar

/** Categories with their counts; one category's services once chosen. */
@Composable
fun CatalogueScreen(
    state: CatalogueState,
    onCategory: (String?) -> Unit,
    onService: (String) -> Unit,
    onSearch: () -> Unit,
    onRetry: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(state.selected?.name ?: s.catalogueTitle, onBack = state.selected?.let { { onCategory(null) } })
        OutlinedButton(onClick = onSearch, modifier = Modifier.fillMaxWidth().padding(16.dp)) { Text(s.searchHint) }
        val list = if (state.selected == null) state.categories else state.services
        when (list) {
            Loadable.Loading -> LoadingBox()
            is Loadable.Failed -> ErrorCard(list.error, onRetry, Modifier.padding(16.dp))
            is Loadable.Ready ->
                LazyColumn(Modifier.fillMaxSize()) {
                    if (state.selected == null) {
                        items(state.categories.let { (it as? Loadable.Ready)?.value.orEmpty() }, key = { it.id }) { c ->
                            CategoryRow(c) { onCategory(c.id) }
                        }
                    } else {
                        items((state.services as? Loadable.Ready)?.value.orEmpty(), key = { it.id }) { svc ->
                            ServiceRow(AnnotatedString(svc.name), svc.agencyName, AnnotatedString(svc.summary)) { onService(svc.id) }
                        }
                    }
                }
        }
    }
}

@Composable
private fun CategoryRow(
    category: CategoryView,
    onClick: () -> Unit,
) {
    Column(Modifier.fillMaxWidth().clickable(onClick = onClick).padding(horizontal = 16.dp, vertical = 14.dp)) {
        Text(category.name, style = MaterialTheme.typography.titleMedium)
        Text(
            LocalStrings.current.serviceCount(category.serviceCount.toInt()),
            style = MaterialTheme.typography.bodySmall,
            color = MaterialTheme.colorScheme.onSurfaceVariant,
        )
    }
    HorizontalDivider()
}
