@file:OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)

package id.go.patikab.patimaju.ui

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.test.assertIsSelected
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.v2.runDesktopComposeUiTest
import androidx.compose.ui.text.font.FontWeight
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.state.HomeState
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.state.SearchState
import id.go.patikab.patimaju.state.SettingsState
import id.go.patikab.patimaju.ui.components.highlighted
import id.go.patikab.patimaju.ui.screens.HomeScreen
import id.go.patikab.patimaju.ui.screens.SearchScreen
import id.go.patikab.patimaju.ui.screens.ServiceDetailScreen
import id.go.patikab.patimaju.ui.screens.SettingsScreen
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The screens rendered headless with Compose Multiplatform, one screenshot each. */
class ScreensTest {
    @Test
    fun `home shows the one-tap tiles and opens a service and a new complaint`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            val opened = mutableListOf<String>()
            var complaint = 0
            setContent {
                InApp {
                    HomeScreen(
                        state =
                            HomeState(
                                loading = false,
                                regencyName = "Kabupaten Pati",
                                tagline = "Bumi Mina Tani",
                                featured = Samples.featured,
                                lastSyncAt = Samples.now.epochSecond - 5 * 60,
                            ),
                        onSearch = {},
                        onService = { opened += it },
                        onNewComplaint = { complaint++ },
                        onSync = {},
                    )
                }
            }
            onNodeWithText("Layanan populer").assertExists()
            onNodeWithText("Diperbarui 5 menit lalu").assertExists()
            onNodeWithText("E-KIR (uji kendaraan)").performClick()
            onNodeWithText("Buat pengaduan").performClick()
            assertEquals(listOf("e-kir"), opened)
            assertEquals(1, complaint)
            assertEquals(PHONE_W to PHONE_H, screenshot("home-id"))
        }

    @Test
    fun `home before the first sync explains that one connection is needed, with the error`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            setContent {
                InApp(Language.EN) {
                    HomeScreen(HomeState(loading = false, error = AppError.Offline), {}, {}, {}, {})
                }
            }
            onNodeWithText("Service data is not downloaded yet", substring = true).assertExists()
            onNodeWithText("No connection", substring = true).assertExists()
            onNodeWithText("Never synced").assertExists()
            screenshot("home-first-launch-en")
        }

    @Test
    fun `search shows hits with their matched words highlighted`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            val opened = mutableListOf<String>()
            setContent {
                InApp {
                    SearchScreen(SearchState(query = "ktp", hits = listOf(Samples.ktpHit), tooShort = false), {}, { opened += it }, {})
                }
            }
            onNodeWithText("Perekaman KTP-el").performClick()
            assertEquals(listOf("ktp-el-baru"), opened)
            screenshot("search-id")
        }

    @Test
    fun `search says when nothing matched`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            setContent { InApp(Language.JV) { SearchScreen(SearchState(query = "xyz", tooShort = false), {}, {}, {}) } }
            onNodeWithText("Mboten wonten layanan kangge “xyz”").assertExists()
        }

    @Test
    fun `highlighted segments become bold runs on the highlight colour, text unchanged`() {
        val text = highlighted(Samples.ktpHit.nameSegments, Color.Yellow)
        assertEquals("Perekaman KTP-el", text.text)
        val spans = text.spanStyles
        assertEquals(1, spans.size)
        assertEquals("KTP", text.text.substring(spans[0].start, spans[0].end))
        assertEquals(FontWeight.Bold, spans[0].item.fontWeight)
        assertEquals(Color.Yellow, spans[0].item.background)
    }

    @Test
    fun `service detail lists requirements, numbered steps, fee and the online link`() =
        runDesktopComposeUiTest(PHONE_W, 1400) {
            val urls = mutableListOf<String>()
            val complaints = mutableListOf<String>()
            setContent {
                InApp { ServiceDetailScreen(Loadable.Ready(Samples.detail), {}, { urls += it }, { complaints += it }, {}) }
            }
            onNodeWithText("Persyaratan").assertExists()
            onNodeWithText("• STNK asli dan fotokopi").assertExists()
            onNodeWithText("2. Uji kendaraan").assertExists()
            onNodeWithText("Rp87.000 sesuai Perda retribusi.").assertExists()
            onNodeWithText("Buka layanan online").performClick()
            onNodeWithText("Adukan layanan ini").performClick()
            assertEquals(listOf("https://dishub.patikab.go.id/ekir"), urls)
            assertEquals(listOf("e-kir"), complaints)
            screenshot("service-detail-id")
        }

    @Test
    fun `settings shows the three languages in their own names and reports a choice`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            val chosen = mutableListOf<Language>()
            setContent { InApp(Language.JV) { SettingsScreen(SettingsState(language = Language.JV), { chosen += it }) } }
            onNodeWithText("Setelan").assertExists()
            onNodeWithText("Basa Jawa").assertIsSelected()
            onNodeWithText("English").performClick()
            assertEquals(listOf(Language.EN), chosen)
            screenshot("settings-jv")
        }
}
