package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.ComplaintDetail
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.core.WorkflowStatus
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.ComplaintRepository
import id.go.patikab.patimaju.data.Outcome
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

data class ComplaintDetailState(
    val complaint: Loadable<ComplaintDetail> = Loadable.Loading,
    val replyText: String = "",
    /** The action just queued failed validation or storage (shown under the form). */
    val actionError: AppError? = null,
) {
    private val detail get() = (complaint as? Loadable.Ready)?.value

    /** Not the resident's own: theirs was merged into it; they only follow its progress. */
    val following: Boolean get() = detail?.following == true

    /** Replies make sense until the complaint is closed or rejected. */
    val canReply: Boolean get() = !following && detail?.status.let { it != WorkflowStatus.CLOSED && it != WorkflowStatus.REJECTED }

    /** Rating and reopening follow the agency's "resolved". */
    val canRate: Boolean get() =
        !following && detail?.status == WorkflowStatus.RESOLVED && detail?.events?.none { it.kind == "rating" } == true

    val canReopen: Boolean get() =
        !following &&
            (detail?.status == WorkflowStatus.RESOLVED || detail?.status == WorkflowStatus.CLOSED && (detail?.reopenUntil != null))
}

/** One complaint: status, timeline (agency responses and the resident's replies), actions. */
class ComplaintDetailViewModel(
    private val complaints: ComplaintRepository,
    private val sync: StateFlow<SyncState?>,
    val complaintId: String,
    private val scope: CoroutineScope,
) {
    private val mutable = MutableStateFlow(ComplaintDetailState())
    private val reading = Mutex()
    val state: StateFlow<ComplaintDetailState> = mutable.asStateFlow()

    init {
        scope.launch { sync.collectLatest { reload() } }
    }

    fun onReplyText(text: String) = mutable.update { it.copy(replyText = text) }

    fun sendReply() {
        val text = mutable.value.replyText
        if (text.isBlank()) return
        act { complaints.reply(complaintId, text) }.also { mutable.update { it.copy(replyText = "") } }
    }

    fun support() = act { complaints.support(complaintId) }

    fun rate(
        stars: Int,
        comment: String,
    ) = act { complaints.rate(complaintId, stars, comment) }

    fun reopen(reason: String) = act { complaints.reopen(complaintId, reason) }

    private fun act(queue: suspend () -> Outcome<*>) {
        scope.launch {
            val result = queue()
            mutable.update { it.copy(actionError = (result as? Outcome.Failure)?.error) }
            reload()
        }
    }

    /** One reload at a time, so a slower, older read is never shown over a newer one. */
    private suspend fun reload() =
        reading.withLock {
            val detail = complaints.complaint(complaintId).toLoadable()
            mutable.update { it.copy(complaint = detail) }
        }
}
