package id.go.patikab.patimaju.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import id.go.patikab.patimaju.data.valueOrNull
import id.go.patikab.patimaju.nav.Route
import id.go.patikab.patimaju.state.AppGraph
import id.go.patikab.patimaju.state.ComplaintsGraph
import id.go.patikab.patimaju.ui.screens.ComplaintActions
import id.go.patikab.patimaju.ui.screens.ComplaintDetailScreen
import id.go.patikab.patimaju.ui.screens.ComplaintDraftScreen
import id.go.patikab.patimaju.ui.screens.DraftActions
import id.go.patikab.patimaju.ui.screens.MyComplaintsScreen
import id.go.patikab.patimaju.ui.screens.PhoneAndSyncSections
import kotlinx.coroutines.launch

/**
 * The complaint routes for [PatiAppHost]'s `complaintScreens`: connects the screens
 * to the complaint view models and to the platform (camera, picker, GPS).
 */
@Composable
fun ComplaintScreens(
    app: AppGraph,
    complaints: ComplaintsGraph,
    platform: Platform,
    route: Route,
) {
    val nav = app.navigator
    val scope = rememberCoroutineScope()
    val loadPhoto: suspend (String) -> ByteArray? = { complaints.complaints.photo(it).valueOrNull() }
    when (route) {
        Route.MyComplaints -> {
            val vm = complaints.myComplaints
            val state by vm.state.collectAsState()
            MyComplaintsScreen(
                state = state,
                onNew = { nav.open(Route.ComplaintDraft()) },
                onDraft = { nav.open(Route.ComplaintDraft(it)) },
                onComplaint = { nav.open(Route.ComplaintDetail(it)) },
                onSync = { scope.launch { complaints.syncNow() } },
            )
        }
        is Route.ComplaintDraft -> {
            val vm = complaints.draft(route)
            val state by vm.state.collectAsState()
            // A new draft gets its id: the route follows, so Back and restore find it.
            // Leaving (the route off every stack) is the graph's prune, not this
            // composition's end: replacing the route ends it too.
            LaunchedEffect(state.draft?.id) {
                val id = state.draft?.id
                if (route.draftId == null && id != null) complaints.draftGotId(route, id)
            }
            LaunchedEffect(state.submitted) { state.submitted?.let { nav.replace(Route.ComplaintDetail(it.id)) } }
            ComplaintDraftScreen(
                state = state,
                actions =
                    object : DraftActions {
                        override fun title(text: String) = vm.onTitle(text)

                        override fun description(text: String) = vm.onDescription(text)

                        override fun address(text: String) = vm.onAddress(text)

                        override fun category(id: String) = vm.chooseCategory(id)

                        override fun kecamatan(code: String) = vm.chooseKecamatan(code)

                        override fun desa(code: String) = vm.chooseDesa(code)

                        override fun useGps() {
                            vm.locating()
                            platform.currentLocation { vm.setGps(it?.lat, it?.lon) }
                        }

                        override fun usePhotoLocation() = vm.usePhotoLocation()

                        override fun takePhoto() = platform.takePhoto(vm::addPhoto)

                        override fun pickPhoto() = platform.pickPhoto(vm::addPhoto)

                        override fun removePhoto(sha256: String) = vm.removePhoto(sha256)

                        override fun anonymous(on: Boolean) = vm.setAnonymous(on)

                        override fun confidential(on: Boolean) = vm.setConfidential(on)

                        override fun findSimilar() = vm.findSimilar()

                        override fun support(complaintId: String) = vm.support(complaintId)

                        override fun submit() = vm.submit()

                        override fun back() {
                            nav.back()
                        }
                    },
                loadPhoto = loadPhoto,
                decode = platform::decodeImage,
            )
        }
        is Route.ComplaintDetail -> {
            val vm = complaints.detail(route)
            val state by vm.state.collectAsState()
            ComplaintDetailScreen(
                state = state,
                actions =
                    object : ComplaintActions {
                        override fun replyText(text: String) = vm.onReplyText(text)

                        override fun sendReply() = vm.sendReply()

                        override fun rate(
                            stars: Int,
                            comment: String,
                        ) = vm.rate(stars, comment)

                        override fun reopen(reason: String) = vm.reopen(reason)

                        override fun support() = vm.support()

                        override fun back() {
                            nav.back()
                        }
                    },
                loadPhoto = loadPhoto,
                decode = platform::decodeImage,
            )
        }
        else -> Unit
    }
}

/** Settings' phone verification and sync sections. */
@Composable
fun ComplaintSettings(complaints: ComplaintsGraph) {
    val vm = complaints.phone
    val phone by vm.state.collectAsState()
    val sync by complaints.sync.state.collectAsState()
    val scope = rememberCoroutineScope()
    PhoneAndSyncSections(phone, sync, vm::onPhone, vm::onCode, vm::sendCode, vm::verify) { scope.launch { complaints.syncNow() } }
}
