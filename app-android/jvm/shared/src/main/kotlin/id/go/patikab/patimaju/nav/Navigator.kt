package id.go.patikab.patimaju.nav

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * The app's back stack: one stack per bottom-bar tab, as residents expect from
 * Android apps (switching tabs keeps where you were; Back goes down the current
 * tab, then to Home, then leaves the app).
 *
 * Framework-free so the rules are unit-tested; the Compose host only renders
 * [current] and forwards the system Back to [back].
 */
class Navigator(start: Route = Route.Home) {
    private val stacks: MutableMap<Tab, List<Route>> = Tab.entries.associateWith { listOf(it.root) }.toMutableMap()
    private var tab: Tab = start.tab

    init {
        if (start != start.tab.root) stacks[start.tab] = listOf(start.tab.root, start)
    }

    private val state = MutableStateFlow(start)

    /** The route on screen. */
    val current: StateFlow<Route> = state.asStateFlow()

    val currentTab: Tab get() = tab

    /** The routes of the current tab, bottom first (for tests and saving state). */
    val stack: List<Route> get() = stacks.getValue(tab)

    /** Opens [route] on its own tab's stack; opening a tab's root resets that tab. */
    fun open(route: Route) {
        tab = route.tab
        val s = stacks.getValue(tab)
        stacks[tab] =
            when {
                route == tab.root -> listOf(route)
                s.last() == route -> s
                else -> s + route
            }
        publish()
    }

    /** Shows [target]'s stack as it was left. Tapping the current tab again pops it to its root. */
    fun selectTab(target: Tab) {
        if (target == tab) {
            stacks[tab] = listOf(tab.root)
        } else {
            tab = target
        }
        publish()
    }

    /** Replaces the top route (e.g. a new draft gets its id once created). */
    fun replace(route: Route) {
        val s = stacks.getValue(tab)
        if (route.tab != tab) return open(route)
        stacks[tab] = s.dropLast(1) + route
        publish()
    }

    /**
     * Handles the system Back. Returns `false` when the app should close (Home's root
     * is showing), so the Android host can let the system finish the activity.
     */
    fun back(): Boolean {
        val s = stacks.getValue(tab)
        when {
            s.size > 1 -> stacks[tab] = s.dropLast(1)
            tab != Tab.HOME -> tab = Tab.HOME
            else -> return false
        }
        publish()
        return true
    }

    /** Every route on any tab's stack: screens whose state must be kept. */
    fun liveRoutes(): Set<Route> = stacks.values.flatten().toSet()

    /** Paths of the current tab's stack, for saving across process death. */
    fun save(): List<String> = listOf(tab.name) + stack.map { it.path }

    /** Restores what [save] produced; anything unreadable leaves the navigator as it is. */
    fun restore(saved: List<String>) {
        val t = Tab.entries.firstOrNull { it.name == saved.firstOrNull() } ?: return
        val routes = saved.drop(1).map(Route::parse).filter { it.tab == t }
        if (routes.isEmpty()) return
        tab = t
        stacks[t] = if (routes.first() == t.root) routes else listOf(t.root) + routes
        publish()
    }

    private fun publish() {
        state.value = stacks.getValue(tab).last()
    }
}
