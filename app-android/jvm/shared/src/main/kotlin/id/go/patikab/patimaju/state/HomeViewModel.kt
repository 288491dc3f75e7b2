package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.Outcome
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class HomeState(
    val loading: Boolean = true,
    /** "Kabupaten Pati"; `null` before the first sync. */
    val regencyName: String? = null,
    val tagline: String? = null,
    /** The one-tap tiles. */
    val featured: List<ServiceSummary> = emptyList(),
    /** Unix seconds of the last content sync; `null`: never synced. */
    val lastSyncAt: Long? = null,
    val syncing: Boolean = false,
    val error: AppError? = null,
) {
    /** Nothing is cached yet: the screen explains that one connection is needed. */
    val empty: Boolean get() = !loading && featured.isEmpty() && regencyName == null
}

/**
 * Home: the regency's name, the one-tap tiles and the sync line. [sync] is the app's
 * full sync (content, and complaints once the core has them); pulling to refresh
 * runs it and reloads.
 */
class HomeViewModel(
    private val content: ContentRepository,
    private val language: StateFlow<Language>,
    private val sync: suspend () -> Outcome<*>,
    private val scope: CoroutineScope,
) {
    private val reloads = MutableStateFlow(0)
    private val mutable = MutableStateFlow(HomeState())
    val state: StateFlow<HomeState> = mutable.asStateFlow()

    init {
        scope.launch {
            combine(language, reloads) { lang, _ -> lang }.collectLatest { load(it) }
        }
    }

    fun reload() = reloads.update { it + 1 }

    fun syncNow() {
        if (mutable.value.syncing) return
        mutable.update { it.copy(syncing = true, error = null) }
        scope.launch {
            val outcome = sync()
            mutable.update { it.copy(syncing = false, error = (outcome as? Outcome.Failure)?.error) }
            reload()
        }
    }

    private suspend fun load(lang: Language) {
        val jurisdiction = content.jurisdiction(lang)
        val featured = content.featuredServices(lang)
        val status = content.status()
        val error =
            listOf(jurisdiction, featured, status).firstNotNullOfOrNull { (it as? Outcome.Failure)?.error }
        mutable.update {
            it.copy(
                loading = false,
                regencyName = (jurisdiction as? Outcome.Success)?.value?.name,
                tagline = (jurisdiction as? Outcome.Success)?.value?.tagline,
                featured = (featured as? Outcome.Success)?.value.orEmpty(),
                lastSyncAt = (status as? Outcome.Success)?.value?.lastSyncAt,
                error = error ?: it.error.takeIf { _ -> it.syncing },
            )
        }
    }
}
