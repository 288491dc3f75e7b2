package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.SearchHit
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.Outcome
import id.go.patikab.patimaju.data.SearchRepository
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class SearchState(
    val query: String = "",
    val hits: List<SearchHit> = emptyList(),
    /** A search for the current [query] is running (results shown are the previous ones). */
    val searching: Boolean = false,
    /** The query is too short to search yet. */
    val tooShort: Boolean = true,
    val error: AppError? = null,
) {
    /** The query was searched and nothing matched. */
    val noResults: Boolean get() = !tooShort && !searching && error == null && hits.isEmpty()
}

/**
 * Search as you type. Each keystroke cancels the search in flight (`collectLatest`)
 * and waits [debounceMillis] before asking the core, so typing "pembuatan ktp" runs
 * one or two searches, not thirteen; the results of an older query never overwrite
 * a newer one.
 */
class SearchViewModel(
    private val search: SearchRepository,
    language: StateFlow<Language>,
    initialQuery: String,
    scope: CoroutineScope,
    private val debounceMillis: Long = DEBOUNCE_MILLIS,
) {
    private val query = MutableStateFlow(initialQuery)
    private val mutable = MutableStateFlow(SearchState(query = initialQuery))
    val state: StateFlow<SearchState> = mutable.asStateFlow()

    init {
        scope.launch { search.prepare() }
        scope.launch {
            combine(query, language) { q, lang -> q to lang }.collectLatest { (q, lang) -> run(q, lang) }
        }
    }

    fun onQueryChange(text: String) {
        mutable.update { it.copy(query = text) }
        query.value = text
    }

    fun clear() = onQueryChange("")

    private suspend fun run(
        q: String,
        lang: Language,
    ) {
        if (q.trim().length < MIN_CHARS) {
            mutable.update { it.copy(hits = emptyList(), searching = false, tooShort = true, error = null) }
            return
        }
        mutable.update { it.copy(searching = true, tooShort = false) }
        delay(debounceMillis)
        when (val outcome = search.search(q, lang)) {
            is Outcome.Success -> mutable.update { it.copy(hits = outcome.value, searching = false, error = null) }
            is Outcome.Failure -> mutable.update { it.copy(hits = emptyList(), searching = false, error = outcome.error) }
        }
    }

    companion object {
        const val DEBOUNCE_MILLIS = 150L
        const val MIN_CHARS = 2
    }
}
