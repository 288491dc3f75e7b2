package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.Outcome
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class NewsState(
    val items: List<NewsView> = emptyList(),
    val loading: Boolean = true,
    /** The last page came back short: there is nothing older. */
    val endReached: Boolean = false,
    val error: AppError? = null,
)

/** The news feed, newest first, a page at a time ("Muat lebih banyak"). */
class NewsViewModel(
    private val content: ContentRepository,
    private val language: StateFlow<Language>,
    private val scope: CoroutineScope,
    private val pageSize: Int = ContentRepository.NEWS_PAGE_SIZE,
) {
    private val mutable = MutableStateFlow(NewsState())
    val state: StateFlow<NewsState> = mutable.asStateFlow()
    private var nextPage = 0
    private var pageJob: Job? = null

    init {
        scope.launch {
            language.collectLatest {
                pageJob?.cancel()
                nextPage = 0
                mutable.value = NewsState()
                loadPage(it)
            }
        }
    }

    /** Loads the next page unless one is loading or the feed has ended. */
    fun loadMore() {
        val s = mutable.value
        if (s.loading || s.endReached) return
        mutable.update { it.copy(loading = true, error = null) }
        pageJob = scope.launch { loadPage(language.value) }
    }

    fun reload() {
        pageJob?.cancel()
        nextPage = 0
        mutable.value = NewsState()
        pageJob = scope.launch { loadPage(language.value) }
    }

    private suspend fun loadPage(lang: Language) {
        when (val outcome = content.news(nextPage, lang, pageSize)) {
            is Outcome.Success -> {
                nextPage++
                mutable.update {
                    it.copy(items = it.items + outcome.value, loading = false, endReached = outcome.value.size < pageSize)
                }
            }
            is Outcome.Failure -> mutable.update { it.copy(loading = false, error = outcome.error) }
        }
    }
}
