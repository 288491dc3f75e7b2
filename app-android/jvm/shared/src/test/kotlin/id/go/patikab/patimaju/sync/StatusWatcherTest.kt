package id.go.patikab.patimaju.sync

import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.WorkflowStatus
import id.go.patikab.patimaju.i18n.EnglishStrings
import id.go.patikab.patimaju.i18n.IndonesianStrings
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class StatusWatcherTest {
    private fun complaint(
        id: String,
        status: WorkflowStatus?,
    ) = ComplaintSummary(
        id = id,
        trackingNumber = "PATI-2026-000$id",
        category = "jalan-rusak",
        title = "Jalan $id",
        state = if (status == null) DeliveryState.QUEUED else DeliveryState.SENT,
        status = status,
        overdue = false,
        createdAt = 0,
        updatedAt = 0,
        rejection = null,
        pendingActions = 0u,
    )

    @Test
    fun `a changed status is announced once, in the app language, with a deep link`() {
        val known = mapOf("1" to "RECEIVED", "2" to "VERIFIED")
        val now = listOf(complaint("1", WorkflowStatus.RESOLVED), complaint("2", WorkflowStatus.VERIFIED))
        val (notices, remembered) = StatusWatcher.changes(now, known, IndonesianStrings)
        assertEquals(1, notices.size)
        assertEquals("Pengaduan PATI-2026-0001", notices[0].title)
        assertEquals("“Jalan 1” kini: Selesai", notices[0].text)
        assertEquals("patimaju://complaints/1", notices[0].deepLink)
        assertEquals(mapOf("1" to "RESOLVED", "2" to "VERIFIED"), remembered)

        val (again, _) = StatusWatcher.changes(now, remembered, IndonesianStrings)
        assertTrue(again.isEmpty(), "told once")
    }

    @Test
    fun `new, unsent and vanished complaints are not announced`() {
        val now = listOf(complaint("3", WorkflowStatus.RECEIVED), complaint("4", null))
        val (notices, remembered) = StatusWatcher.changes(now, mapOf("9" to "CLOSED"), EnglishStrings)
        assertTrue(notices.isEmpty())
        assertEquals(mapOf("3" to "RECEIVED"), remembered, "first sight remembered; wiped ones forgotten")
    }
}
