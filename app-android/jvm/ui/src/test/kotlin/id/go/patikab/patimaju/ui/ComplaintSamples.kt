package id.go.patikab.patimaju.ui

import id.go.patikab.patimaju.core.ComplaintCategoryView
import id.go.patikab.patimaju.core.ComplaintDetail
import id.go.patikab.patimaju.core.ComplaintLocation
import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.core.FieldError
import id.go.patikab.patimaju.core.KecamatanView
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.core.TimelineEvent
import id.go.patikab.patimaju.core.WorkflowStatus

/** Complaint records as the core returns them, for rendering screens without a core. */
object ComplaintSamples {
    private val t = Samples.now.epochSecond

    val location = ComplaintLocation(-6.75, 111.04, "33.18.10", null, "Depan balai desa")

    val draft =
        Draft(
            id = "d1",
            category = "jalan-rusak",
            title = "Jalan berlubang",
            description = "",
            location = location,
            anonymous = false,
            confidential = true,
            photos = emptyList(),
            createdAt = t - 600,
            updatedAt = t - 60,
            problems =
                listOf(
                    FieldError("description", "required", "Uraian wajib diisi.", "Description is required."),
                ),
        )

    val categories = listOf(ComplaintCategoryView("jalan-rusak", "Jalan rusak", "Jalan berlubang", "dputr", "DPUTR", "road"))
    val kecamatan = listOf(KecamatanView("33.18.10", "Pati"))

    fun event(
        kind: String,
        actor: String,
        minutesAgo: Long,
        status: WorkflowStatus? = null,
        text: String? = null,
        state: DeliveryState = DeliveryState.SENT,
    ) = TimelineEvent("$kind-$minutesAgo", t - minutesAgo * 60, kind, actor, status, if (actor == "agency") "DPUTR" else null, text, null, state, null)

    val detail =
        ComplaintDetail(
            id = "c1",
            trackingNumber = "PATI-2026-000042",
            category = "jalan-rusak",
            agency = "dputr",
            title = "Jalan berlubang di Prawoto",
            description = "Jalan desa berlubang dalam, sudah dua motor jatuh minggu ini.",
            location = location,
            photos = emptyList(),
            photoHashes = emptyList(),
            anonymous = false,
            confidential = false,
            state = DeliveryState.SENT,
            status = WorkflowStatus.RESOLVED,
            createdAt = t - 3 * 86_400,
            updatedAt = t - 3_600,
            supportCount = 4,
            dueAt = null,
            overdue = false,
            reopenUntil = t + 10 * 86_400,
            rejection = null,
            events =
                listOf(
                    event("created", "resident", 3 * 1440, WorkflowStatus.RECEIVED),
                    event("status", "coordinator", 2 * 1440, WorkflowStatus.VERIFIED),
                    event("response", "agency", 1440, WorkflowStatus.IN_PROGRESS, "Tim DPUTR menuju lokasi besok pagi."),
                    event("status", "agency", 60, WorkflowStatus.RESOLVED, "Sudah ditambal."),
                    event("reply", "resident", 5, text = "Terima kasih!", state = DeliveryState.QUEUED),
                ),
        )

    val summaries =
        listOf(
            ComplaintSummary("c1", "PATI-2026-000042", "jalan-rusak", "Jalan berlubang di Prawoto", DeliveryState.SENT, WorkflowStatus.RESOLVED, false, t - 3 * 86_400, t - 3_600, null, 1u),
            ComplaintSummary("c2", null, "lampu", "Lampu jalan mati", DeliveryState.QUEUED, null, false, t - 600, t - 600, null, 0u),
        )

    val sync =
        SyncState(
            running = false,
            pendingMutations = 2u,
            failedItems = 0u,
            pendingPhotos = 1u,
            photoBytesSent = 64uL * 1024uL,
            photoBytesTotal = 180uL * 1024uL,
            lastSuccessAt = t - 1_800,
            lastError = null,
            nextRetryAt = null,
            registered = true,
            phone = null,
        )
}
