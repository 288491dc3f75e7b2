package id.go.patikab.patimaju.ui

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.key
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextOverflow
import id.go.patikab.patimaju.i18n.Strings
import id.go.patikab.patimaju.i18n.stringsFor
import id.go.patikab.patimaju.nav.Route
import id.go.patikab.patimaju.nav.Tab
import id.go.patikab.patimaju.state.AppGraph
import id.go.patikab.patimaju.ui.screens.CatalogueScreen
import id.go.patikab.patimaju.ui.screens.HomeScreen
import id.go.patikab.patimaju.ui.screens.NewsDetailScreen
import id.go.patikab.patimaju.ui.screens.NewsScreen
import id.go.patikab.patimaju.ui.screens.SearchScreen
import id.go.patikab.patimaju.ui.screens.ServiceDetailScreen
import id.go.patikab.patimaju.ui.screens.SettingsScreen
import id.go.patikab.patimaju.ui.theme.PatiTheme
import java.time.Instant

/**
 * The whole app UI: theme, language, bottom bar, and the screen of the current
 * route. The Android activity calls this inside `setContent` and forwards Back to
 * `graph.navigator.back()`. [complaintScreens] renders the complaint routes and
 * [settingsExtra] adds the phone and sync sections (`ComplaintsUi.kt`): they need
 * the core's complaint API and are compiled with it.
 */
@Composable
fun PatiAppHost(
    graph: AppGraph,
    platform: Platform,
    now: Instant,
    complaintScreens: @Composable (Route) -> Unit = {},
    settingsExtra: @Composable () -> Unit = {},
) {
    val language by graph.languages.language.collectAsState()
    val route by graph.navigator.current.collectAsState()
    LaunchedEffect(route) { graph.prune() }
    CompositionLocalProvider(
        LocalStrings provides stringsFor(language),
        LocalLanguage provides language,
        LocalNow provides now,
    ) {
        PatiTheme {
            Surface(Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background) {
                Column(Modifier.fillMaxSize()) {
                    Box(Modifier.weight(1f)) {
                        key(route) { RouteScreen(graph, route, platform, complaintScreens, settingsExtra) }
                    }
                    BottomBar(graph.navigator.currentTab, LocalStrings.current) { graph.navigator.selectTab(it) }
                }
            }
        }
    }
}

@Composable
private fun RouteScreen(
    graph: AppGraph,
    route: Route,
    platform: Platform,
    complaintScreens: @Composable (Route) -> Unit,
    settingsExtra: @Composable () -> Unit,
) {
    val nav = graph.navigator
    val openService = { id: String -> nav.open(Route.ServiceDetail(id)) }
    when (route) {
        Route.Home -> {
            val state by graph.home.state.collectAsState()
            HomeScreen(
                state = state,
                onSearch = { nav.open(Route.Search()) },
                onService = openService,
                onNewComplaint = { nav.open(Route.ComplaintDraft()) },
                onSync = graph.home::syncNow,
            )
        }
        is Route.Catalogue -> {
            val vm = graph.catalogue(route)
            val state by vm.state.collectAsState()
            CatalogueScreen(state, vm::select, openService, { nav.open(Route.Search()) }, vm::reload)
        }
        is Route.Search -> {
            val vm = graph.searchScreen(route)
            val state by vm.state.collectAsState()
            SearchScreen(state, vm::onQueryChange, openService, { nav.back() })
        }
        is Route.ServiceDetail -> {
            val vm = graph.service(route)
            val state by vm.state.collectAsState()
            ServiceDetailScreen(
                state = state,
                onBack = { nav.back() },
                onOpenUrl = platform::openUrl,
                onComplain = { nav.open(Route.ComplaintDraft(aboutServiceId = it)) },
                onRetry = vm::reload,
            )
        }
        Route.News -> {
            val state by graph.news.state.collectAsState()
            NewsScreen(state, { nav.open(Route.NewsDetail(it)) }, graph.news::loadMore, graph.news::reload)
        }
        is Route.NewsDetail -> {
            val state by graph.newsItem(route).state.collectAsState()
            NewsDetailScreen(state, { nav.back() }, platform::openUrl)
        }
        Route.Settings -> {
            val state by graph.settings.state.collectAsState()
            SettingsScreen(state, graph.settings::chooseLanguage, settingsExtra)
        }
        Route.MyComplaints, is Route.ComplaintDraft, is Route.ComplaintDetail -> complaintScreens(route)
    }
}

/** Five tabs with text glyphs (no icon font needed; DejaVu and Roboto both have them). */
@Composable
private fun BottomBar(
    current: Tab,
    s: Strings,
    onSelect: (Tab) -> Unit,
) {
    NavigationBar {
        for (tab in Tab.entries) {
            val (glyph, label) =
                when (tab) {
                    Tab.HOME -> "⌂" to s.tabHome
                    Tab.SERVICES -> "☰" to s.tabServices
                    Tab.NEWS -> "✉" to s.tabNews
                    Tab.COMPLAINTS -> "⚑" to s.tabComplaints
                    Tab.SETTINGS -> "⚙" to s.tabSettings
                }
            NavigationBarItem(
                selected = tab == current,
                onClick = { onSelect(tab) },
                icon = { Text(glyph, style = MaterialTheme.typography.titleLarge) },
                label = { Text(label, maxLines = 1, overflow = TextOverflow.Ellipsis) },
            )
        }
    }
}
