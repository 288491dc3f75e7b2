package id.go.patikab.patimaju.nav

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class NavigatorTest {
    @Test
    fun `each tab keeps its own stack and Back walks down it, then to Home, then out`() {
        val nav = Navigator()
        nav.open(Route.ServiceDetail("e-kir"))
        assertEquals(Tab.SERVICES, nav.currentTab)
        assertEquals(listOf(Route.Catalogue(), Route.ServiceDetail("e-kir")), nav.stack)

        nav.selectTab(Tab.NEWS)
        nav.open(Route.NewsDetail("n1"))
        nav.selectTab(Tab.SERVICES)
        assertEquals(Route.ServiceDetail("e-kir"), nav.current.value, "switching back keeps where you were")

        assertTrue(nav.back())
        assertEquals(Route.Catalogue(), nav.current.value)
        assertTrue(nav.back())
        assertEquals(Route.Home, nav.current.value, "Back from a tab root goes Home")
        assertFalse(nav.back(), "Back on Home leaves the app")
    }

    @Test
    fun `tapping the current tab pops it to its root, and opening the same route twice does not stack it`() {
        val nav = Navigator()
        nav.open(Route.Catalogue("kependudukan"))
        nav.open(Route.ServiceDetail("ktp-el-baru"))
        nav.open(Route.ServiceDetail("ktp-el-baru"))
        assertEquals(3, nav.stack.size)
        nav.selectTab(Tab.SERVICES)
        assertEquals(listOf<Route>(Route.Catalogue()), nav.stack)
    }

    @Test
    fun `replace swaps the top, e g a new draft once it has an id`() {
        val nav = Navigator()
        nav.open(Route.ComplaintDraft())
        nav.replace(Route.ComplaintDraft("019a-draft"))
        assertEquals(listOf(Route.MyComplaints, Route.ComplaintDraft("019a-draft")), nav.stack)
    }

    @Test
    fun `the stack survives process death as paths`() {
        val nav = Navigator()
        nav.open(Route.Catalogue("transportasi"))
        nav.open(Route.ServiceDetail("e-kir"))
        val saved = nav.save()
        assertEquals(listOf("SERVICES", "services", "services/category/transportasi", "services/e-kir"), saved)

        val restored = Navigator().apply { restore(saved) }
        assertEquals(Route.ServiceDetail("e-kir"), restored.current.value)
        assertEquals(nav.stack, restored.stack)

        val untouched = Navigator().apply { restore(listOf("NOPE", "x")) }
        assertEquals(Route.Home, untouched.current.value)
    }

    @Test
    fun `every route path parses back to the route and unknown paths open Home`() {
        val routes =
            listOf(
                Route.Home, Route.Catalogue(), Route.Catalogue("kesehatan"), Route.Search(), Route.ServiceDetail("e-kir"),
                Route.News, Route.NewsDetail("n-1"), Route.MyComplaints, Route.ComplaintDetail("c-1"),
                Route.ComplaintDraft("d-1"), Route.ComplaintDraft(), Route.Settings,
            )
        for (r in routes) assertEquals(r, Route.parse(r.path), r.path)
        assertEquals(Route.Home, Route.parse("admin/../../etc"))
    }

    @Test
    fun `deep links from notifications and shared https links`() {
        assertEquals("patimaju://complaints/c-42", DeepLinks.complaint("c-42"))
        assertEquals(Route.ComplaintDetail("c-42"), DeepLinks.routeOf("patimaju://complaints/c-42"))
        assertEquals(Route.ServiceDetail("e-kir"), DeepLinks.routeOf("https://pati-maju.patikab.go.id/app/services/e-kir?utm=wa"))
        assertNull(DeepLinks.routeOf("https://example.com/services/e-kir"))
        assertNull(DeepLinks.routeOf("patimaju://"))
        assertNull(DeepLinks.routeOf("patimaju://com plaints/x"))
    }
}
