package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.net.InetAddress
import java.net.ServerSocket

/** The bindings and the repository against a real pati-server with the Pati content pack. */
class ContentSyncTest {
    @TempDir
    lateinit var dir: File

    private fun config(serverUrl: String) =
        CoreConfig(dbPath = File(dir, "device/pati-maju.db").path, serverUrl = serverUrl, jurisdiction = "pati")

    @Test
    fun `syncs real Pati content, then reads it offline after the server stops`() =
        runBlocking<Unit> {
            val serverData = File(dir, "server").apply { mkdirs() }
            val syncedAt = System.currentTimeMillis() / 1000

            PatiServer.start(serverData).use { server ->
                PatiCore.open(config(server.url)).use { core ->
                    val report = core.syncContent()
                    assertTrue(report.applied > 0u, "first sync applies content: $report")
                    assertTrue(report.pages >= 1u, "$report")
                    assertFalse(report.reset, "$report")

                    val again = core.syncContent()
                    assertEquals(0u, again.applied, "a second sync is a no-op delta: $again")

                    assertPatiContent(ContentRepository(core))
                }
            }

            // The server is gone: the same file still answers, through a fresh core.
            PatiCore.open(config(PatiServer.closedPortUrl())).use { core ->
                val status = core.contentStatus()
                assertTrue(status.services >= 50u, "$status")
                assertTrue(status.news >= 1u, "$status")
                assertTrue((status.lastSyncAt ?: 0) >= syncedAt - 5, "$status")
                assertPatiContent(ContentRepository(core))

                // ... and a sync now fails as Offline without touching the cache.
                assertThrows<PatiException.Offline> { runBlocking { core.syncContent() } }
                assertEquals(status.services, core.contentStatus().services)
            }
        }

    @Test
    fun `syncing against a closed port is Offline, through the bindings and the repository`() =
        runBlocking<Unit> {
            PatiCore.open(config(PatiServer.closedPortUrl())).use { core ->
                val e = assertThrows<PatiException.Offline> { runBlocking { core.syncContent() } }
                assertTrue(!e.message.isNullOrBlank())

                val outcome = ContentRepository(core).sync()
                assertEquals(AppError.Offline, outcome.errorOrNull())
                assertTrue(outcome.errorOrNull()!!.retryable)
            }
        }

    @Test
    fun `cancelling the calling coroutine cancels a hanging sync`() =
        runBlocking<Unit> {
            // Accepts TCP connections (into the backlog) but never answers HTTP.
            ServerSocket(0, 50, InetAddress.getLoopbackAddress()).use { silent ->
                PatiCore.open(config("http://127.0.0.1:${silent.localPort}")).use { core ->
                    val started = System.nanoTime()
                    assertNull(withTimeoutOrNull(500) { core.syncContent() })
                    val elapsedMs = (System.nanoTime() - started) / 1_000_000
                    assertTrue(elapsedMs < 5_000, "cancellation took $elapsedMs ms")
                    // The core is still usable after the cancelled call.
                    assertEquals(0u, core.contentStatus().services)
                }
            }
        }

    /** What a resident of Pati sees: facts from content/pati, read through the repository. */
    private suspend fun assertPatiContent(repo: ContentRepository) {
        val jurisdiction = repo.jurisdiction(Language.ID).valueOrNull() ?: fail("no jurisdiction after sync")
        assertEquals("pati", jurisdiction.id)
        assertTrue(jurisdiction.name.contains("Pati"), jurisdiction.name)

        val categories = repo.categories(Language.ID).valueOrNull()!!
        val kependudukan = categories.first { it.id == "kependudukan" }
        assertEquals("Kependudukan & Catatan Sipil", kependudukan.name)
        assertTrue(kependudukan.serviceCount >= 3u, "$kependudukan")
        assertEquals("Civil Registration", repo.categories(Language.EN).valueOrNull()!!.first { it.id == "kependudukan" }.name)

        val featured = repo.featuredServices(Language.ID).valueOrNull()!!
        assertTrue(featured.isNotEmpty(), "featured services")
        assertTrue(featured.any { it.id == "e-kir" }, "E-KIR is a one-tap tile: ${featured.map { it.id }}")

        val civil = repo.servicesInCategory("kependudukan", Language.ID).valueOrNull()!!
        assertTrue(civil.any { it.id == "ktp-el-baru" }, civil.map { it.id }.toString())

        val ekir = repo.service("e-kir", Language.ID).valueOrNull()!!
        assertTrue(ekir.name.startsWith("E-KIR"), ekir.name)
        assertEquals("transportasi", ekir.categoryId)
        assertEquals("dishub", ekir.agency.id)
        assertTrue(ekir.requirements.isNotEmpty() && ekir.steps.isNotEmpty(), "$ekir")
        assertTrue(repo.servicesOfAgency("dishub", Language.ID).valueOrNull()!!.any { it.id == "e-kir" })
        assertTrue(repo.agencies(Language.ID).valueOrNull()!!.any { it.id == "dishub" })
        assertEquals(AppError.NotFound("service no-such-service"), repo.service("no-such-service", Language.ID).errorOrNull())

        assertTrue(repo.complaintCategories(Language.ID).valueOrNull()!!.isNotEmpty())

        val news = repo.news(page = 0, lang = Language.ID).valueOrNull()!!
        assertTrue(news.isNotEmpty(), "news")
        assertEquals(news.map { it.publishedAt }.sortedDescending(), news.map { it.publishedAt }, "newest first")
        assertEquals(news.first(), repo.newsItem(news.first().id, Language.ID).valueOrNull())

        val kecamatan = repo.kecamatan().valueOrNull()!!
        assertEquals(21, kecamatan.size, "Kabupaten Pati has 21 kecamatan")
        val pati = kecamatan.first { it.name == "Pati" }
        assertEquals("33.18.10", pati.code)
        val desa = repo.desa(pati.code).valueOrNull()!!
        assertEquals(29, desa.size, "Kecamatan Pati has 29 desa/kelurahan")
        assertEquals(5, desa.count { it.kind == "kelurahan" })
        assertTrue(desa.all { it.kecamatanCode == pati.code })
    }
}
