package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.core.PublicComplaintView
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.ComplaintRepository
import id.go.patikab.patimaju.data.Outcome
import id.go.patikab.patimaju.data.valueOrNull
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

data class MyComplaintsState(
    val loading: Boolean = true,
    val drafts: List<Draft> = emptyList(),
    val complaints: List<ComplaintSummary> = emptyList(),
    val sync: SyncState? = null,
    /** The public feed, loaded on request (online only). */
    val publicFeed: List<PublicComplaintView>? = null,
    val error: AppError? = null,
)

/**
 * The resident's drafts and complaints (server view with pending actions on top),
 * re-read whenever the sync engine reports a change, so a status or an agency reply
 * appears as soon as a pass brings it.
 */
class MyComplaintsViewModel(
    private val complaints: ComplaintRepository,
    private val sync: StateFlow<SyncState?>,
    private val scope: CoroutineScope,
) {
    private val mutable = MutableStateFlow(MyComplaintsState())
    private val reading = Mutex()
    val state: StateFlow<MyComplaintsState> = mutable.asStateFlow()

    init {
        scope.launch { sync.collectLatest { reload() } }
    }

    fun refresh() {
        scope.launch { reload() }
    }

    fun loadPublicFeed() {
        scope.launch {
            when (val feed = complaints.publicFeed()) {
                is Outcome.Success -> mutable.update { it.copy(publicFeed = feed.value, error = null) }
                is Outcome.Failure -> mutable.update { it.copy(error = feed.error) }
            }
        }
    }

    /** One reload at a time, so a slower, older read is never shown over a newer one. */
    private suspend fun reload() =
        reading.withLock {
            val syncState = sync.value
            val list = complaints.myComplaints()
            val drafts = complaints.drafts()
            mutable.update {
                it.copy(
                    loading = false,
                    complaints = list.valueOrNull().orEmpty(),
                    drafts = drafts.valueOrNull().orEmpty(),
                    sync = syncState,
                    error = (list as? Outcome.Failure)?.error ?: (drafts as? Outcome.Failure)?.error,
                )
            }
        }
}
