package id.go.patikab.patimaju.state

import id.go.patikab.patimaju.core.ComplaintCategoryView
import id.go.patikab.patimaju.core.ComplaintDetail
import id.go.patikab.patimaju.core.ComplaintLocation
import id.go.patikab.patimaju.core.DesaView
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.core.DraftPatch
import id.go.patikab.patimaju.core.FieldError
import id.go.patikab.patimaju.core.KecamatanView
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.PublicComplaintView
import id.go.patikab.patimaju.data.AppError
import id.go.patikab.patimaju.data.ComplaintRepository
import id.go.patikab.patimaju.data.ContentRepository
import id.go.patikab.patimaju.data.Outcome
import id.go.patikab.patimaju.data.valueOrNull
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

data class DraftState(
    val draft: Draft? = null,
    /** What the text fields show: updated on every keystroke, saved shortly after. */
    val title: String = "",
    val description: String = "",
    val address: String = "",
    val categories: List<ComplaintCategoryView> = emptyList(),
    val kecamatan: List<KecamatanView> = emptyList(),
    val desa: List<DesaView> = emptyList(),
    val photoBusy: Boolean = false,
    val locating: Boolean = false,
    val submitting: Boolean = false,
    /** Set once submitted: the screen shows the queued complaint and leaves. */
    val submitted: ComplaintDetail? = null,
    /** The phone is verified (or the draft is anonymous): submission is allowed. */
    val identityReady: Boolean = false,
    val similar: List<PublicComplaintView> = emptyList(),
    val error: AppError? = null,
) {
    val problems: List<FieldError> get() = draft?.problems.orEmpty()

    fun problemsOf(field: String): List<FieldError> = problems.filter { it.field == field || it.field.startsWith("$field.") }

    val canSubmit: Boolean get() = draft != null && problems.isEmpty() && identityReady && !submitting && !photoBusy

    /**
     * Where a photo was taken (the original's GPS tags, read by the core), offered as
     * the complaint's coordinates while it has none.
     */
    val photoPlace: Pair<Double, Double>?
        get() {
            val d = draft ?: return null
            if (d.location.lat != null) return null
            val p = d.photos.firstOrNull { it.lat != null && it.lon != null } ?: return null
            return p.lat!! to p.lon!!
        }
}

/**
 * The complaint form. Every change is saved in the core at once (text a moment after
 * the last keystroke), so a draft survives the app being killed; the core returns the
 * draft with its field problems, which the form shows next to each field. Photos are
 * re-encoded by the core (EXIF, GPS stripped) off the main thread.
 *
 * Writes go through one queue, in the order the resident made them: each is built
 * from the draft the previous one returned and its answer is shown before the next
 * starts. Saving them concurrently once showed an older answer last (a category saved
 * before a GPS fix, displayed after it) and could build a desa choice from a location
 * that did not yet hold its kecamatan.
 */
class ComplaintDraftViewModel(
    private val complaints: ComplaintRepository,
    private val content: ContentRepository,
    private val language: StateFlow<Language>,
    /** Whether a verified phone number is on this device. */
    private val phoneVerified: () -> Boolean,
    draftId: String?,
    private val scope: CoroutineScope,
    private val textSaveDelayMillis: Long = 400,
) : LeavesScreen {
    private val mutable = MutableStateFlow(DraftState())
    val state: StateFlow<DraftState> = mutable.asStateFlow()
    private var textSave: Job? = null
    private val writes = Channel<suspend () -> Unit>(Channel.UNLIMITED)

    init {
        scope.launch {
            val opened = if (draftId == null) complaints.createDraft() else complaints.draft(draftId)
            when (opened) {
                is Outcome.Success -> show(opened.value, resetText = true)
                is Outcome.Failure -> mutable.update { it.copy(error = opened.error) }
            }
            scope.launch {
                val lang = language.value
                val kecamatan = content.kecamatan().valueOrNull().orEmpty()
                mutable.update { it.copy(categories = content.complaintCategories(lang).valueOrNull().orEmpty(), kecamatan = kecamatan) }
                // In the queue, so a kecamatan chosen meanwhile loads its desa last.
                opened.valueOrNull()?.location?.kecamatan?.let { k -> enqueue { loadDesa(k) } }
            }
            for (write in writes) write()
        }
    }

    val draftId: String? get() = mutable.value.draft?.id

    fun onTitle(text: String) {
        mutable.update { it.copy(title = text) }
        saveTextSoon()
    }

    fun onDescription(text: String) {
        mutable.update { it.copy(description = text) }
        saveTextSoon()
    }

    fun onAddress(text: String) {
        mutable.update { it.copy(address = text) }
        saveTextSoon()
    }

    fun chooseCategory(id: String) = patch { DraftPatch(id, null, null, null, null, null) }

    fun setAnonymous(on: Boolean) = patch { DraftPatch(null, null, null, null, on, null) }

    fun setConfidential(on: Boolean) = patch { DraftPatch(null, null, null, null, null, on) }

    fun locating() = mutable.update { it.copy(locating = true) }

    /** A GPS fix (or `null`: none). Keeps the kecamatan/desa and address already chosen. */
    fun setGps(
        lat: Double?,
        lon: Double?,
    ) {
        mutable.update { it.copy(locating = false) }
        if (lat == null || lon == null) return
        patchLocation { it.copy(lat = lat, lon = lon) }
    }

    /** Copies [DraftState.photoPlace] into the draft's coordinates. */
    fun usePhotoLocation() {
        val (lat, lon) = mutable.value.photoPlace ?: return
        setGps(lat, lon)
    }

    fun chooseKecamatan(code: String) {
        patchLocation { it.copy(kecamatan = code, desa = null) }
        enqueue { loadDesa(code) }
    }

    fun chooseDesa(code: String) = patchLocation { it.copy(desa = code) }

    fun addPhoto(bytes: ByteArray?) {
        val id = draftId ?: return
        if (bytes == null) return
        mutable.update { it.copy(photoBusy = true, error = null) }
        // The re-encoding runs beside the queue (it takes a moment); its result is
        // shown in turn.
        scope.launch {
            val added = complaints.addPhoto(id, bytes)
            enqueue {
                reload()
                mutable.update { it.copy(photoBusy = false, error = (added as? Outcome.Failure)?.error) }
            }
        }
    }

    fun removePhoto(sha256: String) {
        val id = draftId ?: return
        enqueue {
            complaints.removePhoto(id, sha256)
            reload()
        }
    }

    /** Online only; failures just leave the list empty (it is a hint, not a step). */
    fun findSimilar() {
        val id = draftId ?: return
        scope.launch { mutable.update { it.copy(similar = complaints.similar(id).valueOrNull().orEmpty()) } }
    }

    fun support(complaintId: String) {
        scope.launch { complaints.support(complaintId) }
    }

    fun submit() {
        val id = draftId ?: return
        if (!mutable.value.canSubmit) return
        mutable.update { it.copy(submitting = true, error = null) }
        enqueue {
            flushText()
            when (val result = complaints.submit(id)) {
                is Outcome.Success -> mutable.update { it.copy(submitting = false, submitted = result.value) }
                is Outcome.Failure -> {
                    mutable.update { it.copy(submitting = false, error = result.error) }
                    reload()
                }
            }
        }
    }

    /**
     * The form's route left every stack: after the queued writes, the typed text is
     * saved, or an untouched new draft is deleted rather than listed.
     */
    override suspend fun leave() {
        val done = CompletableDeferred<Unit>()
        enqueue {
            try {
                val s = mutable.value
                val d = s.draft
                if (d != null && s.submitted == null) {
                    val untouched =
                        s.title.isBlank() && s.description.isBlank() && d.category == null && d.photos.isEmpty() &&
                            d.location == ComplaintLocation(null, null, null, null, null)
                    if (untouched) complaints.deleteDraft(d.id) else flushText()
                }
            } finally {
                done.complete(Unit)
            }
        }
        done.await()
    }

    private fun saveTextSoon() {
        textSave?.cancel()
        textSave =
            scope.launch {
                delay(textSaveDelayMillis)
                enqueue { flushText() }
            }
    }

    private fun enqueue(write: suspend () -> Unit) {
        writes.trySend(write)
    }

    private suspend fun flushText() =
        save { d ->
            val s = mutable.value
            val address = s.address.takeIf { it.isNotBlank() }
            if (s.title == d.title && s.description == d.description && address == d.location.address) return@save null
            val location = if (address != d.location.address) d.location.copy(address = address) else null
            DraftPatch(null, s.title, s.description, location, null, null)
        }

    /** Queues a change built from the draft as the previous write left it. */
    private fun patch(make: (Draft) -> DraftPatch?) = enqueue { save(make) }

    private fun patchLocation(change: (ComplaintLocation) -> ComplaintLocation) =
        patch { d -> DraftPatch(null, null, null, change(d.location), null, null) }

    private suspend fun save(make: (Draft) -> DraftPatch?) {
        val d = mutable.value.draft ?: return
        val patch = make(d) ?: return
        when (val saved = complaints.update(d.id, patch)) {
            is Outcome.Success -> show(saved.value, resetText = false)
            is Outcome.Failure -> mutable.update { it.copy(error = saved.error) }
        }
    }

    private suspend fun reload() {
        draftId?.let { id -> complaints.draft(id).valueOrNull()?.let { show(it, resetText = false) } }
    }

    private fun show(
        draft: Draft,
        resetText: Boolean,
    ) {
        mutable.update {
            it.copy(
                draft = draft,
                title = if (resetText) draft.title else it.title,
                description = if (resetText) draft.description else it.description,
                address = if (resetText) draft.location.address.orEmpty() else it.address,
                identityReady = draft.anonymous || phoneVerified(),
            )
        }
    }

    private suspend fun loadDesa(kecamatanCode: String) {
        mutable.update { it.copy(desa = content.desa(kecamatanCode).valueOrNull().orEmpty()) }
    }
}
