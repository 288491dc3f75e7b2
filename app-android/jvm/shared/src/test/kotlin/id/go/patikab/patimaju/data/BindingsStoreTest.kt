package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.ffi.LogLevel
import id.go.patikab.patimaju.ffi.LogRecord
import id.go.patikab.patimaju.ffi.LogSink
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.ffi.PatiException
import id.go.patikab.patimaju.ffi.initLogging
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.util.concurrent.ConcurrentLinkedQueue

/** The bindings against the host-built library, without a server. */
class BindingsStoreTest {
    @TempDir
    lateinit var dir: File

    private fun config(jurisdiction: String = "pati") =
        CoreConfig(
            dbPath = File(dir, "store/pati-maju.db").path,
            serverUrl = "http://127.0.0.1:9",
            jurisdiction = jurisdiction,
        )

    @Test
    fun `a new store opens offline and reads as empty`() {
        PatiCore.open(config()).use { core ->
            assertEquals(config(), core.config())
            val status = core.contentStatus()
            assertEquals("pati", status.jurisdiction)
            assertEquals(0u, status.services)
            assertEquals(0u, status.news)
            assertNull(status.lastSyncAt)

            assertNull(core.jurisdiction(Language.ID))
            assertTrue(core.serviceCategories(Language.ID).isEmpty())
            assertTrue(core.featuredServices(Language.EN).isEmpty())
            assertTrue(core.servicesInCategory("kependudukan", Language.ID).isEmpty())
            assertTrue(core.agencies(Language.JV).isEmpty())
            assertTrue(core.servicesOfAgency("disdukcapil", Language.ID).isEmpty())
            assertNull(core.service("e-kir", Language.ID))
            assertTrue(core.complaintCategories(Language.ID).isEmpty())
            assertTrue(core.news(0u, 20u, Language.ID).isEmpty())
            assertNull(core.newsItem("none", Language.ID))
            assertTrue(core.kecamatan().isEmpty())
            assertTrue(core.desa("33.18.10").isEmpty())
        }
        assertTrue(File(dir, "store/pati-maju.db").isFile, "the store is a file in the given path")
    }

    @Test
    fun `the repository reads through the bindings and maps a missing service to NotFound`() =
        runBlocking<Unit> {
            PatiCore.open(config()).use { core ->
                val repo = ContentRepository(core)
                assertEquals(Outcome.Success(emptyList<Any>()), repo.categories(Language.ID))
                assertEquals(0u, repo.status().valueOrNull()?.services)
                assertEquals(AppError.NotFound("service e-kir"), repo.service("e-kir", Language.ID).errorOrNull())
            }
        }

    @Test
    fun `an invalid jurisdiction id is refused as InvalidInput`() {
        val e = assertThrows<PatiException.InvalidInput> { PatiCore.open(config(jurisdiction = "Pati Kota!")) }
        assertTrue(e.message!!.contains("jurisdiction"), e.message)
    }

    @Test
    fun `core log events reach a Kotlin LogSink`() {
        val records = ConcurrentLinkedQueue<LogRecord>()
        initLogging(
            object : LogSink {
                override fun log(record: LogRecord) {
                    records.add(record)
                }
            },
            LogLevel.DEBUG,
        )
        PatiCore.open(config()).close()
        val opened = records.firstOrNull { it.message.contains("pati-core opened") }
        assertTrue(opened != null, "no 'pati-core opened' among $records")
        assertEquals(LogLevel.INFO, opened!!.level)
        assertTrue(opened.target.startsWith("pati_core"), opened.target)
        assertTrue(opened.message.contains("jurisdiction=pati"), opened.message)
    }
}
