package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.ServiceDetail
import id.go.patikab.patimaju.data.ContentRepository
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

/** One service: requirements, steps, fee, places, hours, contacts — all offline. */
class ServiceDetailViewModel(
    private val content: ContentRepository,
    language: StateFlow<Language>,
    val serviceId: String,
    scope: CoroutineScope,
) {
    private val reloads = MutableStateFlow(0)
    private val mutable = MutableStateFlow<Loadable<ServiceDetail>>(Loadable.Loading)
    val state: StateFlow<Loadable<ServiceDetail>> = mutable.asStateFlow()

    init {
        scope.launch {
            combine(language, reloads) { lang, _ -> lang }.collectLatest { lang ->
                mutable.value = content.service(serviceId, lang).toLoadable()
            }
        }
    }

    fun reload() = reloads.update { it + 1 }
}
