package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.Outcome
import id.go.patikab.patimaju.data.SearchRepository
import id.go.patikab.patimaju.data.SettingsStore
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.nav.Navigator
import id.go.patikab.patimaju.nav.Route
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.plus

/** A screen's view model with work to finish when its route leaves every stack. */
interface LeavesScreen {
    suspend fun leave()
}

/**
 * Wires the app once: repositories over the core, the language, the navigator, and
 * the view models. Tab roots live as long as the app; a pushed screen's view model
 * lives while its route is on some tab's stack ([prune] cancels the rest).
 *
 * Android creates one in its `Application`; the JVM tests create one over a fake or
 * a real core. No Android type appears here.
 */
class AppGraph(
    core: PatiCoreInterface,
    /** Preferences and the saved back stack (SharedPreferences on Android). */
    val store: SettingsStore,
    localeLanguage: String,
    val scope: CoroutineScope,
    io: CoroutineDispatcher = Dispatchers.IO,
) {
    val content = ContentRepository(core, io)
    val search = SearchRepository(core, io)
    val languages = LanguageState(store, localeLanguage, scope)
    val navigator = Navigator()

    /**
     * The app's "sync now" (home's button, the background worker): the content pull
     * until `ComplaintsGraph` installs the core's full pass (outbox, photos,
     * complaints, content).
     */
    var fullSync: suspend () -> Outcome<*> = { content.sync() }

    suspend fun syncNow(): Outcome<*> = fullSync()

    val home by lazy { HomeViewModel(content, languages.language, ::syncNow, scope) }
    val news by lazy { NewsViewModel(content, languages.language, scope) }
    val settings by lazy { SettingsViewModel(languages, content, scope) }

    private val screens = mutableMapOf<Route, Pair<Job, Any>>()

    /** The view model of a pushed [route], created on first use with its own scope. */
    @Suppress("UNCHECKED_CAST")
    fun <T : Any> screen(
        route: Route,
        create: (CoroutineScope) -> T,
    ): T =
        screens.getOrPut(route) {
            val job = SupervisorJob(scope.coroutineContext[Job])
            job to create(scope + job)
        }.second as T

    fun catalogue(route: Route.Catalogue) = screen(route) { CatalogueViewModel(content, languages.language, route.categoryId, it) }

    fun searchScreen(route: Route.Search) = screen(route) { SearchViewModel(search, languages.language, route.initialQuery, it) }

    fun service(route: Route.ServiceDetail) = screen(route) { ServiceDetailViewModel(content, languages.language, route.serviceId, it) }

    fun newsItem(route: Route.NewsDetail) = screen(route) { NewsDetailViewModel(content, languages.language, route.newsId, it) }

    /**
     * Files the view model of [from] under [to] (the route was replaced by one that
     * names the same thing, e.g. a new draft's id), so it is kept, not left.
     */
    fun rekey(
        from: Route,
        to: Route,
    ) {
        screens.remove(from)?.let { screens[to] = it }
    }

    /**
     * Drops the view models of routes no longer on any stack, after letting a
     * [LeavesScreen] finish (on the app's scope: its own is cancelled next).
     */
    fun prune() {
        val live = navigator.liveRoutes()
        val dead = screens.keys.filter { it !in live }
        for (route in dead) {
            val (job, vm) = screens.remove(route) ?: continue
            if (vm is LeavesScreen) {
                scope.launch {
                    try {
                        vm.leave()
                    } finally {
                        job.cancel()
                    }
                }
            } else {
                job.cancel()
            }
        }
    }

    fun close() = scope.cancel()
}
