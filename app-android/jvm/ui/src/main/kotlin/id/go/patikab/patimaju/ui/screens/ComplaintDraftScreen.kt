package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.FieldError
import id.go.patikab.patimaju.core.PublicComplaintView
import id.go.patikab.patimaju.i18n.text
import id.go.patikab.patimaju.state.DraftState
import id.go.patikab.patimaju.ui.LocalLanguage
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.PhotoStrip
import id.go.patikab.patimaju.ui.components.PickerField
import id.go.patikab.patimaju.ui.components.TopBar
import java.util.Locale

/** Everything the form can do; the host connects it to the view model and the platform. */
interface DraftActions {
    fun title(text: String)

    fun description(text: String)

    fun address(text: String)

    fun category(id: String)

    fun kecamatan(code: String)

    fun desa(code: String)

    fun useGps()

    fun usePhotoLocation()

    fun takePhoto()

    fun pickPhoto()

    fun removePhoto(sha256: String)

    fun anonymous(on: Boolean)

    fun confidential(on: Boolean)

    fun findSimilar()

    fun support(complaintId: String)

    fun submit()

    fun back()
}

/** Maximum photos per complaint (the protocol's limit). */
const val MAX_PHOTOS = 5

/** The complaint form: category, title, description, place, photos, privacy, send. */
@Composable
fun ComplaintDraftScreen(
    state: DraftState,
    actions: DraftActions,
    loadPhoto: suspend (String) -> ByteArray?,
    decode: (ByteArray) -> ImageBitmap?,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar(s.draftTitle, actions::back)
        val draft = state.draft
        if (draft == null) {
            state.error?.let { ErrorCard(it, null, Modifier.padding(16.dp)) } ?: LoadingBox()
            return@Column
        }
        Column(
            Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            Text(s.draftSavedAutomatically, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.onSurfaceVariant)
            PickerField(
                label = s.draftCategory,
                selected = state.categories.firstOrNull { it.id == draft.category }?.name ?: draft.category,
                options = state.categories.map { it.id to "${it.name} — ${it.agencyName}" },
                onPick = actions::category,
                placeholder = s.draftChooseCategory,
                isError = state.problemsOf("category").isNotEmpty(),
            )
            Problems(state.problemsOf("category"))
            OutlinedTextField(
                value = state.title,
                onValueChange = actions::title,
                label = { Text(s.draftSubject) },
                isError = state.problemsOf("title").isNotEmpty(),
                supportingText = problemText(state.problemsOf("title")),
                singleLine = true,
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = state.description,
                onValueChange = actions::description,
                label = { Text(s.draftDescription) },
                isError = state.problemsOf("description").isNotEmpty(),
                supportingText = problemText(state.problemsOf("description")),
                minLines = 4,
                modifier = Modifier.fillMaxWidth(),
            )

            Text(s.draftLocation, style = MaterialTheme.typography.titleMedium)
            OutlinedButton(onClick = actions::useGps, enabled = !state.locating) { Text(s.draftUseGps) }
            state.photoPlace?.let { (lat, lon) ->
                OutlinedButton(onClick = actions::usePhotoLocation) { Text(s.draftUsePhotoLocation(coord(lat), coord(lon))) }
            }
            when {
                state.locating -> Text(s.draftGpsWaiting, style = MaterialTheme.typography.bodySmall)
                draft.location.lat != null && draft.location.lon != null ->
                    Text(s.draftGpsFix(coord(draft.location.lat!!), coord(draft.location.lon!!)), style = MaterialTheme.typography.bodySmall)
            }
            PickerField(
                label = s.draftKecamatan,
                selected = state.kecamatan.firstOrNull { it.code == draft.location.kecamatan }?.name,
                options = state.kecamatan.map { it.code to it.name },
                onPick = actions::kecamatan,
            )
            PickerField(
                label = s.draftDesa,
                selected = state.desa.firstOrNull { it.code == draft.location.desa }?.name,
                options = state.desa.map { it.code to it.name },
                onPick = actions::desa,
                enabled = draft.location.kecamatan != null,
            )
            OutlinedTextField(
                value = state.address,
                onValueChange = actions::address,
                label = { Text(s.draftAddress) },
                modifier = Modifier.fillMaxWidth(),
            )
            Problems(state.problemsOf("location"))

            Text(s.draftPhotos, style = MaterialTheme.typography.titleMedium)
            Text(s.draftPhotoCount(draft.photos.size, MAX_PHOTOS), style = MaterialTheme.typography.bodySmall)
            PhotoStrip(draft.photos, loadPhoto, decode, s.draftRemovePhoto, actions::removePhoto)
            if (state.photoBusy) LinearProgressIndicator(Modifier.fillMaxWidth())
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                val more = draft.photos.size < MAX_PHOTOS && !state.photoBusy
                OutlinedButton(onClick = actions::takePhoto, enabled = more) { Text(s.draftTakePhoto) }
                OutlinedButton(onClick = actions::pickPhoto, enabled = more) { Text(s.draftPickPhoto) }
            }
            Problems(state.problemsOf("photos"))

            SwitchRow(s.draftAnonymous, s.draftAnonymousHelp, draft.anonymous, actions::anonymous)
            SwitchRow(s.draftConfidential, s.draftConfidentialHelp, draft.confidential, actions::confidential)

            state.error?.let { ErrorCard(it, null) }
            if (!state.identityReady) {
                Text(s.draftNeedsPhoneOrAnonymous, style = MaterialTheme.typography.bodyMedium, color = MaterialTheme.colorScheme.secondary)
            }
            Button(onClick = actions::submit, enabled = state.canSubmit, modifier = Modifier.fillMaxWidth()) {
                Text(if (state.submitting) s.loading else s.draftSubmit)
            }
            TextButton(onClick = actions::findSimilar) { Text(s.draftSimilarTitle) }
            for (c in state.similar) SimilarRow(c, actions)
        }
    }
}

private fun coord(v: Double) = String.format(Locale.ROOT, "%.5f", v)

@Composable
private fun problemText(problems: List<FieldError>): (@Composable () -> Unit)? {
    if (problems.isEmpty()) return null
    val lang = LocalLanguage.current
    return { Text(problems.joinToString(" ") { it.text(lang) }) }
}

@Composable
private fun Problems(problems: List<FieldError>) {
    val lang = LocalLanguage.current
    for (p in problems) Text(p.text(lang), color = MaterialTheme.colorScheme.error, style = MaterialTheme.typography.bodySmall)
}

@Composable
private fun SwitchRow(
    title: String,
    help: String,
    checked: Boolean,
    onChange: (Boolean) -> Unit,
) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text(title, style = MaterialTheme.typography.titleSmall)
            Text(help, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.onSurfaceVariant)
        }
        Switch(checked = checked, onCheckedChange = onChange)
    }
}

@Composable
private fun SimilarRow(
    complaint: PublicComplaintView,
    actions: DraftActions,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxWidth().padding(vertical = 4.dp)) {
        Text(complaint.title, style = MaterialTheme.typography.titleSmall)
        Text(s.complaintSupportCount(complaint.supportCount), style = MaterialTheme.typography.bodySmall)
        TextButton(onClick = { actions.support(complaint.id) }) { Text(s.draftSupportInstead) }
    }
}
