package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.ComplaintLocation
import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.DraftPatch
import id.go.patikab.patimaju.core.SyncListener
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.core.WorkflowStatus
import id.go.patikab.patimaju.ffi.PatiCore
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.net.InetAddress
import java.net.ServerSocket
import java.util.concurrent.ConcurrentLinkedQueue

/**
 * Every complaint binding against a real pati-server (`--demo`, so an agency admin can
 * answer): draft → photos → submit → sync with the listener hearing progress → the
 * agency verifies, answers, resolves → reply, support, rating, reopen → public feed →
 * kiosk wipe.
 */
class ComplaintsSyncTest {
    @TempDir
    lateinit var dir: File

    private fun config(url: String) = CoreConfig(File(dir, "device/pati-maju.db").path, url, "pati")

    private fun validPatch(title: String) =
        DraftPatch(
            category = CATEGORY,
            title = title,
            description = "Jalan desa berlubang dalam, sudah dua motor jatuh minggu ini.",
            location = ComplaintLocation(lat = -6.75, lon = 111.04, kecamatan = null, desa = DESA, address = "Depan balai desa"),
            anonymous = null,
            confidential = null,
        )

    @Test
    fun `a complaint with a photo reaches the agency and its answer comes back, through every binding`() =
        runBlocking<Unit> {
            PatiServer.start(File(dir, "server").apply { mkdirs() }, demo = true).use { server ->
                PatiCore.open(config(server.url)).use { core ->
                    core.syncContent()
                    val heard = ConcurrentLinkedQueue<SyncState>()
                    core.setSyncListener(
                        object : SyncListener {
                            override fun onSyncState(state: SyncState) {
                                heard.add(state)
                            }
                        },
                    )

                    // Phone verification: a wrong code is a field error, the logged one verifies.
                    val challenge = core.startPhoneVerification("0812-3456-7890")
                    assertEquals("+6281234567890", challenge.phone)
                    assertTrue(challenge.expiresIn > 0, "$challenge")
                    assertThrows<PatiException.Validation> { runBlocking { core.verifyPhone(challenge.phone, "000000") } }
                    val code = waitFor { server.otpCode(challenge.phone) }
                    assertNotNull(code, "the development sender logged the code")
                    assertEquals("+6281234567890", core.verifyPhone(challenge.phone, code!!))
                    assertEquals("+6281234567890", core.syncState().phone)

                    // Draft: empty and refused, then filled in; a non-photo is refused by code.
                    val draft = core.createDraft()
                    assertTrue(core.drafts().any { it.id == draft.id })
                    assertEquals(draft.id, core.draft(draft.id)?.id)
                    assertTrue(core.validateDraft(draft.id).any { it.field == "category" && it.code == "required" })
                    assertThrows<PatiException.Validation> { core.submitDraft(draft.id) }
                    val refused = assertThrows<PatiException.PhotoRefused> { core.addDraftPhoto(draft.id, "bukan foto".toByteArray()) }
                    assertEquals("not_an_image", refused.message)
                    val title = "Jalan berlubang di Prawoto"
                    val filled = core.updateDraft(draft.id, validPatch(title))
                    assertTrue(filled.problems.isEmpty(), "${filled.problems}")

                    // Photos: re-encoded to ≤ 1600 px JPEG without EXIF; one added and removed again.
                    val photo = core.addDraftPhoto(draft.id, TestPhotos.cameraJpeg(1))
                    assertEquals(1600u, photo.width)
                    val jpeg = core.photo(photo.sha256)!!
                    assertEquals(0xFF.toByte(), jpeg[0])
                    assertEquals(0xD8.toByte(), jpeg[1])
                    assertFalse(String(jpeg, Charsets.ISO_8859_1).contains("Exif"), "no EXIF in the processed photo")
                    val extra = core.addDraftPhoto(draft.id, TestPhotos.cameraJpeg(2))
                    core.removeDraftPhoto(draft.id, extra.sha256)
                    assertEquals(listOf(photo.sha256), core.draft(draft.id)!!.photos.map { it.sha256 })
                    assertTrue(core.validateDraft(draft.id).isEmpty())
                    assertNull(core.nextSyncDelay(), "nothing waits to be sent yet")

                    // Submit (offline-capable) and sync: delivered once, with its tracking number.
                    val queued = core.submitDraft(draft.id)
                    assertEquals(DeliveryState.QUEUED, queued.state)
                    assertEquals(1u, core.syncState().pendingMutations)
                    assertEquals(0uL, core.nextSyncDelay())
                    val report = core.sync()
                    assertEquals(1u, report.confirmed, "$report")
                    assertEquals(1u, report.photosUploaded, "$report")
                    val sent = core.complaint(draft.id)!!
                    assertEquals(DeliveryState.SENT, sent.state)
                    assertTrue(sent.trackingNumber!!.startsWith("PATI-"), sent.trackingNumber)
                    assertEquals(WorkflowStatus.RECEIVED, sent.status)
                    assertEquals(listOf(draft.id), core.myComplaints().map { it.id })

                    // The listener heard the pass run, the photo's bytes go up, and the end.
                    assertTrue(heard.any { it.running }, "a running state")
                    assertTrue(heard.any { it.photoBytesTotal > 0uL }, "photo progress")
                    assertFalse(heard.last().running)
                    assertEquals(0u, heard.last().pendingMutations)

                    // Online only: the public feed has it; similar complaints answer for a new draft.
                    assertTrue(core.publicComplaints(null, 20u).any { it.id == draft.id && it.title == title })
                    val second = core.createDraft()
                    core.updateDraft(second.id, validPatch("Jalan berlubang lagi di Prawoto"))
                    val similar = core.similarComplaints(second.id)
                    assertTrue(similar.all { it.trackingNumber.startsWith("PATI-") }, "$similar")
                    core.deleteDraft(second.id)
                    assertTrue(core.drafts().none { it.id == second.id })

                    // The agency verifies, answers and resolves.
                    val staff = Staff.login(server.url)
                    staff.act(draft.id, """{"action":"verify"}""")
                    staff.act(draft.id, """{"action":"assign","agency":"dputr"}""")
                    staff.act(draft.id, """{"action":"respond","text":"Tim DPUTR menuju lokasi besok pagi."}""")
                    staff.act(draft.id, """{"action":"set_status","status":"resolved","text":"Sudah ditambal."}""")
                    core.sync()
                    val resolved = core.complaint(draft.id)!!
                    assertEquals(WorkflowStatus.RESOLVED, resolved.status, "${resolved.events}")
                    assertTrue(resolved.events.any { it.kind == "response" && it.text == "Tim DPUTR menuju lokasi besok pagi." })

                    // The resident's four actions: queued at once, confirmed by the next pass.
                    val reply = core.reply(draft.id, "Terima kasih, sudah saya cek.")
                    assertEquals(DeliveryState.QUEUED, reply.state)
                    core.support(draft.id)
                    core.rate(draft.id, 5u, "Cepat")
                    core.reopen(draft.id, "Lubang di sisi utara belum ditambal.")
                    assertEquals(4, core.complaintActions(draft.id).size)
                    core.sync()
                    val actions = core.complaintActions(draft.id)
                    assertTrue(actions.none { it.state == DeliveryState.QUEUED || it.state == DeliveryState.SENDING }, "$actions")
                    assertTrue(actions.first { it.kind == "reply" }.state == DeliveryState.SENT, "$actions")
                    val after = core.complaint(draft.id)!!
                    assertTrue(after.events.any { it.kind == "rating" && it.rating == 5.toUByte() }, "${after.events}")
                    assertEquals(WorkflowStatus.IN_PROGRESS, after.status, "reopened: ${after.events}")

                    // Kiosk: nothing personal stays.
                    core.setSyncListener(null)
                    core.wipePersonalData()
                    assertTrue(core.myComplaints().isEmpty() && core.drafts().isEmpty())
                    val wiped = core.syncState()
                    assertFalse(wiped.registered)
                    assertNull(wiped.phone)
                }
            }
        }

    @Test
    fun `offline a submission is kept and a hanging sync is cancelled with its coroutine`() =
        runBlocking<Unit> {
            PatiCore.open(config(PatiServer.closedPortUrl())).use { core ->
                val draft = core.createDraft()
                core.updateDraft(draft.id, validPatch("Lampu jalan mati total").copy(anonymous = true))
                core.submitDraft(draft.id)
                assertThrows<PatiException.Offline> { runBlocking { core.sync() } }
                val state = core.syncState()
                assertEquals(1u, state.pendingMutations, "kept: not confirmed")
                assertEquals("offline", state.lastError?.kind)
                assertTrue(state.lastError!!.messageId.isNotBlank())
                assertEquals(DeliveryState.QUEUED, core.complaint(draft.id)!!.state)
                assertThrows<PatiException.Offline> { runBlocking { core.publicComplaints(null, 20u) } }
            }
            // A server that accepts connections and never answers: cancellation ends the pass.
            ServerSocket(0, 50, InetAddress.getLoopbackAddress()).use { silent ->
                PatiCore.open(config("http://127.0.0.1:${silent.localPort}")).use { core ->
                    val started = System.nanoTime()
                    assertNull(withTimeoutOrNull(500) { core.sync() })
                    assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000)
                    assertEquals(1u, core.syncState().pendingMutations, "still queued after the cancel")
                }
            }
        }

    /** The server logs asynchronously: poll for up to 2.5 s. */
    private fun <T : Any> waitFor(read: () -> T?): T? {
        repeat(50) {
            read()?.let { return it }
            Thread.sleep(50)
        }
        return null
    }

    companion object {
        const val CATEGORY = "jalan-rusak"
        const val DESA = "33.18.01.2001"
    }
}
