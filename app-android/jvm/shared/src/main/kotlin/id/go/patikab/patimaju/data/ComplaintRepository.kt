package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.ActionView
import id.go.patikab.patimaju.core.ComplaintDetail
import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.core.DraftPatch
import id.go.patikab.patimaju.core.PhotoInfo
import id.go.patikab.patimaju.core.PublicComplaintView
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * Complaints as the resident writes and follows them: drafts (saved on every edit),
 * photos, submission, the resident's list with timelines, and the four actions
 * (reply, support, rating, reopen). Everything but the public feed works offline:
 * submissions and actions are queued in the core's outbox and [onQueued] asks for a
 * sync as soon as there is a connection (WorkManager on Android).
 */
class ComplaintRepository(
    private val core: PatiCoreInterface,
    private val io: CoroutineDispatcher = Dispatchers.IO,
    /** Photo processing is CPU work (~200 ms per 12 MP photo), not I/O. */
    private val cpu: CoroutineDispatcher = Dispatchers.Default,
    private val onQueued: () -> Unit = {},
) {
    suspend fun createDraft(): Outcome<Draft> = local { core.createDraft() }

    suspend fun draft(id: String): Outcome<Draft> = local { core.draft(id) }.orNotFound("draft $id")

    suspend fun drafts(): Outcome<List<Draft>> = local { core.drafts() }

    suspend fun update(
        id: String,
        patch: DraftPatch,
    ): Outcome<Draft> = local { core.updateDraft(id, patch) }

    suspend fun deleteDraft(id: String): Outcome<Unit> = local { core.deleteDraft(id) }

    suspend fun addPhoto(
        draftId: String,
        bytes: ByteArray,
    ): Outcome<PhotoInfo> = capture(cpu) { core.addDraftPhoto(draftId, bytes) }

    suspend fun removePhoto(
        draftId: String,
        sha256: String,
    ): Outcome<Unit> = local { core.removeDraftPhoto(draftId, sha256) }

    /** The processed JPEG (≤ 200 KB) of a photo kept on this device. */
    suspend fun photo(sha256: String): Outcome<ByteArray> = local { core.photo(sha256) }.orNotFound("photo $sha256")

    /** Turns a ready draft into a queued complaint; delivered exactly once by the sync. */
    suspend fun submit(draftId: String): Outcome<ComplaintDetail> = queued { core.submitDraft(draftId) }

    suspend fun myComplaints(): Outcome<List<ComplaintSummary>> = local { core.myComplaints() }

    suspend fun complaint(id: String): Outcome<ComplaintDetail> = local { core.complaint(id) }.orNotFound("complaint $id")

    suspend fun actions(complaintId: String): Outcome<List<ActionView>> = local { core.complaintActions(complaintId) }

    suspend fun reply(
        complaintId: String,
        text: String,
    ): Outcome<ActionView> = queued { core.reply(complaintId, text.trim()) }

    suspend fun support(complaintId: String): Outcome<ActionView> = queued { core.support(complaintId) }

    /** [stars] 1–5 (the core validates); [comment] may be empty. */
    suspend fun rate(
        complaintId: String,
        stars: Int,
        comment: String,
    ): Outcome<ActionView> {
        require(stars in 1..5) { "rating $stars" }
        return queued { core.rate(complaintId, stars.toUByte(), comment.trim()) }
    }

    suspend fun reopen(
        complaintId: String,
        reason: String,
    ): Outcome<ActionView> = queued { core.reopen(complaintId, reason.trim()) }

    /** Online only: the public feed, newest first; [before] (unix seconds) pages back. */
    suspend fun publicFeed(
        before: Long? = null,
        limit: Int = 20,
    ): Outcome<List<PublicComplaintView>> = remote { core.publicComplaints(before, limit.toUInt()) }

    /** Online only: public complaints like this draft, to support instead of duplicating. */
    suspend fun similar(draftId: String): Outcome<List<PublicComplaintView>> = remote { core.similarComplaints(draftId) }

    private suspend fun <T> local(block: () -> T): Outcome<T> = capture(io, block)

    private suspend fun <T> queued(block: () -> T): Outcome<T> = local(block).also { if (it is Outcome.Success) onQueued() }

    private suspend fun <T> remote(block: suspend () -> T): Outcome<T> =
        try {
            Outcome.Success(block())
        } catch (e: PatiException) {
            Outcome.Failure(e.toAppError())
        }

    private suspend fun <T> capture(
        dispatcher: CoroutineDispatcher,
        block: () -> T,
    ): Outcome<T> =
        withContext(dispatcher) {
            try {
                Outcome.Success(block())
            } catch (e: PatiException) {
                Outcome.Failure(e.toAppError())
            }
        }

    private fun <T : Any> Outcome<T?>.orNotFound(what: String): Outcome<T> =
        when (this) {
            is Outcome.Success -> value?.let { Outcome.Success(it) } ?: Outcome.Failure(AppError.NotFound(what))
            is Outcome.Failure -> this
        }
}
