package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.data.AccountRepository
import id.go.patikab.patimaju.data.ComplaintRepository
import id.go.patikab.patimaju.data.Outcome
import id.go.patikab.patimaju.data.SyncRepository
import id.go.patikab.patimaju.data.valueOrNull
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.i18n.stringsFor
import id.go.patikab.patimaju.nav.Route
import id.go.patikab.patimaju.sync.StatusNotice
import id.go.patikab.patimaju.sync.StatusWatcher
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch

/**
 * The complaint half of the app's wiring, on top of [AppGraph]: repositories over
 * the core's complaint API, the sync engine's state, and the complaint view models.
 * Installing it makes the app's "sync now" the core's full pass.
 *
 * [requestSync] asks the platform for a pass as soon as there is a connection
 * (Android: a one-time WorkManager job); it runs after every submission or action.
 */
class ComplaintsGraph(
    private val app: AppGraph,
    core: PatiCoreInterface,
    requestSync: () -> Unit,
    io: CoroutineDispatcher = Dispatchers.IO,
) {
    val sync = SyncRepository(core, io)
    val complaints = ComplaintRepository(core, io, onQueued = requestSync)
    val accounts = AccountRepository(core, io)

    init {
        app.fullSync = { sync.sync() }
        app.scope.launch { sync.start() }
    }

    val myComplaints by lazy { MyComplaintsViewModel(complaints, sync.state, app.scope) }
    val phone by lazy { PhoneVerificationViewModel(accounts, sync.state, app.scope) }

    fun draft(route: Route.ComplaintDraft) =
        app.screen(route) {
            ComplaintDraftViewModel(
                complaints = complaints,
                content = app.content,
                language = app.languages.language,
                phoneVerified = { sync.state.value?.phone != null },
                draftId = route.draftId,
                scope = it,
            )
        }

    /**
     * A new draft was created by the form of [route]: its route now names the draft
     * (Back and a restored stack find it) and keeps the same form.
     */
    fun draftGotId(
        route: Route.ComplaintDraft,
        id: String,
    ) {
        val named = Route.ComplaintDraft(id)
        app.rekey(route, named)
        app.navigator.replace(named)
    }

    fun detail(route: Route.ComplaintDetail) = app.screen(route) { ComplaintDetailViewModel(complaints, sync.state, route.complaintId, it) }

    /**
     * The status changes to announce after a pass, in the app language; remembers
     * what was announced (in the settings store) so each change is told once.
     */
    suspend fun statusChanges(): List<StatusNotice> {
        val list = complaints.myComplaints().valueOrNull() ?: return emptyList()
        val (notices, remembered) = StatusWatcher.changes(list, app.store.knownStatuses(), stringsFor(app.languages.language.value))
        app.store.saveKnownStatuses(remembered)
        return notices
    }

    /** For the "Kirim" buttons: the pass now, in the foreground, with its outcome. */
    suspend fun syncNow(): Outcome<*> = sync.sync()
}
