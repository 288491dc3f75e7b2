package id.go.patikab.patimaju.nav

/**
 * Every screen of the app. Tabs are the five top-level routes of the bottom bar;
 * the others are pushed on top of a tab. Plain data, so the back stack survives a
 * process death as a list of strings ([path], [Route.parse]).
 */
sealed interface Route {
    /** The bottom-bar tab this route belongs to (highlighted while it shows). */
    val tab: Tab

    /** A stable text form: saved across process death, used by notification deep links. */
    val path: String

    data object Home : Route {
        override val tab = Tab.HOME
        override val path = "home"
    }

    data class Catalogue(val categoryId: String? = null) : Route {
        override val tab = Tab.SERVICES
        override val path = if (categoryId == null) "services" else "services/category/$categoryId"
    }

    data class Search(val initialQuery: String = "") : Route {
        override val tab = Tab.SERVICES
        override val path = "search"
    }

    data class ServiceDetail(val serviceId: String) : Route {
        override val tab = Tab.SERVICES
        override val path = "services/$serviceId"
    }

    data object News : Route {
        override val tab = Tab.NEWS
        override val path = "news"
    }

    data class NewsDetail(val newsId: String) : Route {
        override val tab = Tab.NEWS
        override val path = "news/$newsId"
    }

    data object MyComplaints : Route {
        override val tab = Tab.COMPLAINTS
        override val path = "complaints"
    }

    /** A draft being written; `null` starts a new one (optionally about a service). */
    data class ComplaintDraft(val draftId: String? = null, val aboutServiceId: String? = null) : Route {
        override val tab = Tab.COMPLAINTS
        override val path = "drafts/${draftId ?: "new"}"
    }

    data class ComplaintDetail(val complaintId: String) : Route {
        override val tab = Tab.COMPLAINTS
        override val path = "complaints/$complaintId"
    }

    data object Settings : Route {
        override val tab = Tab.SETTINGS
        override val path = "settings"
    }

    companion object {
        /** The route for a [path]; unknown paths open Home rather than crash. */
        fun parse(path: String): Route {
            val p = path.trim('/').split('/')
            return when {
                p == listOf("home") -> Home
                p == listOf("services") -> Catalogue()
                p.size == 3 && p[0] == "services" && p[1] == "category" -> Catalogue(p[2])
                p == listOf("search") -> Search()
                p.size == 2 && p[0] == "services" -> ServiceDetail(p[1])
                p == listOf("news") -> News
                p.size == 2 && p[0] == "news" -> NewsDetail(p[1])
                p == listOf("complaints") -> MyComplaints
                p.size == 2 && p[0] == "complaints" -> ComplaintDetail(p[1])
                p.size == 2 && p[0] == "drafts" -> ComplaintDraft(p[1].takeIf { it != "new" })
                p == listOf("settings") -> Settings
                else -> Home
            }
        }
    }
}

/** The bottom bar, in order. */
enum class Tab(val root: Route) {
    HOME(Route.Home),
    SERVICES(Route.Catalogue()),
    NEWS(Route.News),
    COMPLAINTS(Route.MyComplaints),
    SETTINGS(Route.Settings),
}
