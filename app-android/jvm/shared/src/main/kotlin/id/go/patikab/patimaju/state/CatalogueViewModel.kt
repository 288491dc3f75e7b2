package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.CategoryView
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.data.ContentRepository
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class CatalogueState(
    val categories: Loadable<List<CategoryView>> = Loadable.Loading,
    /** The open category; `null` shows the category grid. */
    val selected: CategoryView? = null,
    val services: Loadable<List<ServiceSummary>> = Loadable.Ready(emptyList()),
)

/** The catalogue: categories with their counts, then the services of one category. */
class CatalogueViewModel(
    private val content: ContentRepository,
    language: StateFlow<Language>,
    initialCategoryId: String?,
    scope: CoroutineScope,
) {
    private val selectedId = MutableStateFlow(initialCategoryId)
    private val reloads = MutableStateFlow(0)
    private val mutable = MutableStateFlow(CatalogueState())
    val state: StateFlow<CatalogueState> = mutable.asStateFlow()

    init {
        scope.launch {
            combine(language, selectedId, reloads) { lang, id, _ -> lang to id }.collectLatest { (lang, id) ->
                val categories = content.categories(lang).toLoadable()
                val selected = categories.valueOrNull()?.firstOrNull { it.id == id }
                mutable.value =
                    CatalogueState(
                        categories = categories,
                        selected = selected,
                        services = if (selected == null) Loadable.Ready(emptyList()) else Loadable.Loading,
                    )
                if (selected != null) {
                    val services = content.servicesInCategory(selected.id, lang).toLoadable()
                    mutable.update { it.copy(services = services) }
                }
            }
        }
    }

    fun select(categoryId: String?) {
        selectedId.value = categoryId
    }

    fun reload() = reloads.update { it + 1 }
}
