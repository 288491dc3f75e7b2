package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.focus.FocusRequester
import androidx.compose.ui.focus.focusRequester
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.state.SearchState
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.EmptyText
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.ServiceRow
import id.go.patikab.patimaju.ui.components.TopBar
import id.go.patikab.patimaju.ui.components.highlighted

/** Search as you type; matched words are bold on gold in names and summaries. */
@Composable
fun SearchScreen(
    state: SearchState,
    onQueryChange: (String) -> Unit,
    onService: (String) -> Unit,
    onBack: () -> Unit,
    focusRequester: FocusRequester = FocusRequester(),
) {
    val s = LocalStrings.current
    val mark = MaterialTheme.colorScheme.secondaryContainer
    Column(Modifier.fillMaxSize()) {
        TopBar(s.catalogueTitle, onBack)
        OutlinedTextField(
            value = state.query,
            onValueChange = onQueryChange,
            modifier = Modifier.fillMaxWidth().padding(16.dp).focusRequester(focusRequester),
            placeholder = { Text(s.searchHint) },
            singleLine = true,
        )
        if (state.searching) LinearProgressIndicator(Modifier.fillMaxWidth())
        state.error?.let { ErrorCard(it, onRetry = null, modifier = Modifier.padding(16.dp)) }
        when {
            state.tooShort -> EmptyText(s.searchTypeMore)
            state.noResults -> EmptyText(s.searchNoResults(state.query.trim()))
            else ->
                LazyColumn(Modifier.fillMaxSize()) {
                    items(state.hits, key = { it.service.id }) { hit ->
                        ServiceRow(
                            name = highlighted(hit.nameSegments, mark),
                            agency = hit.service.agencyName,
                            summary = highlighted(hit.summarySegments, mark),
                            onClick = { onService(hit.service.id) },
                        )
                    }
                }
        }
    }
}
