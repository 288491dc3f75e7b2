package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.data.ContentRepository
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.launch

/** One news item, cached offline with its links (social media, YouTube). */
class NewsDetailViewModel(
    private val content: ContentRepository,
    language: StateFlow<Language>,
    val newsId: String,
    scope: CoroutineScope,
) {
    private val mutable = MutableStateFlow<Loadable<NewsView>>(Loadable.Loading)
    val state: StateFlow<Loadable<NewsView>> = mutable.asStateFlow()

    init {
        scope.launch { language.collectLatest { mutable.value = content.newsItem(newsId, it).toLoadable() } }
    }
}
