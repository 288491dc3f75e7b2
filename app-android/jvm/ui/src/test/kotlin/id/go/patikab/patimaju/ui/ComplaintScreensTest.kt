@file:OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)

package id.go.patikab.patimaju.ui

import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.toComposeImageBitmap
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.v2.runDesktopComposeUiTest
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.PhotoInfo
import id.go.patikab.patimaju.i18n.IndonesianStrings
import id.go.patikab.patimaju.state.ComplaintDetailState
import id.go.patikab.patimaju.state.DraftState
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.state.MyComplaintsState
import id.go.patikab.patimaju.state.PhoneState
import id.go.patikab.patimaju.ui.screens.ComplaintActions
import id.go.patikab.patimaju.ui.screens.ComplaintDetailScreen
import id.go.patikab.patimaju.ui.screens.ComplaintDraftScreen
import id.go.patikab.patimaju.ui.screens.DraftActions
import id.go.patikab.patimaju.ui.screens.MyComplaintsScreen
import id.go.patikab.patimaju.ui.screens.PhoneAndSyncSections
import org.jetbrains.skia.Image
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The complaint screens: form with field errors, list with sync progress, timeline with actions. */
class ComplaintScreensTest {
    private val decode: (ByteArray) -> ImageBitmap? = { Image.makeFromEncoded(it).toComposeImageBitmap() }

    /** Records what the form asked for. */
    private class RecordingDraftActions : DraftActions {
        val calls = mutableListOf<String>()

        override fun title(text: String) {
            calls += "title:$text"
        }

        override fun description(text: String) {
            calls += "description:$text"
        }

        override fun address(text: String) {}

        override fun category(id: String) {}

        override fun kecamatan(code: String) {}

        override fun desa(code: String) {}

        override fun useGps() {
            calls += "gps"
        }

        override fun usePhotoLocation() {
            calls += "photo-location"
        }

        override fun takePhoto() {
            calls += "camera"
        }

        override fun pickPhoto() {
            calls += "picker"
        }

        override fun removePhoto(sha256: String) {}

        override fun anonymous(on: Boolean) {
            calls += "anonymous:$on"
        }

        override fun confidential(on: Boolean) {}

        override fun findSimilar() {}

        override fun support(complaintId: String) {}

        override fun submit() {
            calls += "submit"
        }

        override fun back() {}
    }

    @Test
    fun `the draft form shows field errors, the privacy switches, and cannot be sent yet`() =
        runDesktopComposeUiTest(PHONE_W, 1500) {
            val actions = RecordingDraftActions()
            setContent {
                InApp {
                    ComplaintDraftScreen(
                        DraftState(
                            draft = ComplaintSamples.draft,
                            title = ComplaintSamples.draft.title,
                            address = "Depan balai desa",
                            categories = ComplaintSamples.categories,
                            kecamatan = ComplaintSamples.kecamatan,
                        ),
                        actions,
                        loadPhoto = { null },
                        decode = decode,
                    )
                }
            }
            onNodeWithText("Jalan rusak").assertExists()
            onNodeWithText("Uraian wajib diisi.").assertExists()
            onNodeWithText("Lokasi GPS: -6.75000, 111.04000").assertExists()
            onNodeWithText("Verifikasi nomor HP di Pengaturan, atau kirim sebagai Anonim.").assertExists()
            onNodeWithText("Kirim pengaduan").assertIsNotEnabled()
            onNodeWithText("Ambil foto").performClick()
            onNodeWithText("Pilih dari galeri").performClick()
            onNodeWithText("Gunakan lokasi saya (GPS)").performClick()
            assertEquals(listOf("camera", "picker", "gps"), actions.calls)
            screenshot("complaint-draft-id")
        }

    @Test
    fun `a photo that knows where it was taken is offered as the location`() =
        runDesktopComposeUiTest(PHONE_W, 1500) {
            val actions = RecordingDraftActions()
            val draft =
                ComplaintSamples.draft.copy(
                    location = ComplaintSamples.draft.location.copy(lat = null, lon = null),
                    photos = listOf(PhotoInfo("ab".repeat(32), 1600u, 1200u, 150_000uL, -6.7534, 111.0453)),
                )
            setContent {
                InApp {
                    ComplaintDraftScreen(
                        DraftState(draft = draft, title = draft.title, categories = ComplaintSamples.categories),
                        actions,
                        loadPhoto = { null },
                        decode = decode,
                    )
                }
            }
            onNodeWithText("Pakai lokasi foto (-6.75340, 111.04530)").performClick()
            assertEquals(listOf("photo-location"), actions.calls)
        }

    @Test
    fun `my complaints shows status, tracking number, pending work and photo upload progress`() =
        runDesktopComposeUiTest(PHONE_W, PHONE_H) {
            val opened = mutableListOf<String>()
            setContent {
                InApp {
                    MyComplaintsScreen(
                        MyComplaintsState(loading = false, complaints = ComplaintSamples.summaries, sync = ComplaintSamples.sync),
                        onNew = {},
                        onDraft = {},
                        onComplaint = { opened += it },
                        onSync = {},
                    )
                }
            }
            onNodeWithText("2 menunggu dikirim · Sinkron terakhir 30 menit lalu").assertExists()
            onNodeWithText("Foto: 64 KB dari 180 KB").assertExists()
            onNodeWithText("Selesai").assertExists()
            onNodeWithText("Menunggu koneksi").assertExists()
            onNodeWithText("No. PATI-2026-000042").assertExists()
            onNodeWithText("Lampu jalan mati").performClick()
            assertEquals(listOf("c2"), opened)
            screenshot("my-complaints-id")
        }

    @Test
    fun `a resolved complaint shows its timeline, a pending reply, and the rating and reopen forms`() =
        runDesktopComposeUiTest(PHONE_W, 1700) {
            val calls = mutableListOf<String>()
            setContent {
                InApp(Language.EN) {
                    ComplaintDetailScreen(
                        ComplaintDetailState(complaint = Loadable.Ready(ComplaintSamples.detail)),
                        object : ComplaintActions {
                            override fun replyText(text: String) {
                                calls += "text:$text"
                            }

                            override fun sendReply() {}

                            override fun rate(
                                stars: Int,
                                comment: String,
                            ) {
                                calls += "rate:$stars"
                            }

                            override fun reopen(reason: String) {}

                            override fun support() {
                                calls += "support"
                            }

                            override fun back() {}
                        },
                        loadPhoto = { null },
                        decode = decode,
                    )
                }
            }
            onNodeWithText("No. PATI-2026-000042").assertExists()
            onNodeWithText("Tim DPUTR menuju lokasi besok pagi.").assertExists()
            onNodeWithText("waiting to be sent").assertExists()
            onNodeWithText("4 supporters").assertExists()
            onNodeWithText("Support").performClick()
            onNodeWithText("Write a reply…").performTextInput("Terima kasih")
            onNodeWithText("★", useUnmergedTree = true).assertDoesNotExist()
            onNodeWithText("Reopen").assertExists()
            assertEquals(listOf("support", "text:Terima kasih"), calls)
            screenshot("complaint-detail-en")
        }

    @Test
    fun `a followed complaint shows its progress and why the resident cannot act on it`() =
        runDesktopComposeUiTest(PHONE_W, 1500) {
            setContent {
                InApp(Language.ID) {
                    ComplaintDetailScreen(
                        ComplaintDetailState(complaint = Loadable.Ready(ComplaintSamples.detail.copy(following = true))),
                        object : ComplaintActions {
                            override fun replyText(text: String) {}

                            override fun sendReply() {}

                            override fun rate(
                                stars: Int,
                                comment: String,
                            ) {}

                            override fun reopen(reason: String) {}

                            override fun support() {}

                            override fun back() {}
                        },
                        loadPhoto = { null },
                        decode = decode,
                    )
                }
            }
            onNodeWithText("Tim DPUTR menuju lokasi besok pagi.").assertExists()
            onNodeWithText(IndonesianStrings.complaintFollowing).assertExists()
            onNodeWithText(IndonesianStrings.complaintReplyHint).assertDoesNotExist()
            onNodeWithText(IndonesianStrings.complaintReopen).assertDoesNotExist()
        }

    @Test
    fun `settings asks for the phone number, then the code`() =
        runDesktopComposeUiTest(PHONE_W, 700) {
            val calls = mutableListOf<String>()
            setContent {
                InApp(Language.JV) {
                    PhoneAndSyncSections(
                        PhoneState(phone = "081234567890"),
                        ComplaintSamples.sync,
                        onPhone = {},
                        onCode = {},
                        onSendCode = { calls += "send" },
                        onVerify = {},
                        onSync = { calls += "sync" },
                    )
                }
            }
            onNodeWithText("Kirim kode").performClick()
            onNodeWithText("Sinkronaken samenika").performClick()
            assertEquals(listOf("send", "sync"), calls)
            screenshot("settings-phone-jv")
        }
}
