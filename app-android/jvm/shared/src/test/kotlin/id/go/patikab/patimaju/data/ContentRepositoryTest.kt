package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.ActionView
import id.go.patikab.patimaju.core.AgencyView
import id.go.patikab.patimaju.core.CategoryView
import id.go.patikab.patimaju.core.ComplaintDetail
import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.core.ComplaintCategoryView
import id.go.patikab.patimaju.core.ContentStatus
import id.go.patikab.patimaju.core.ContentSyncReport
import id.go.patikab.patimaju.core.CoreConfig
import id.go.patikab.patimaju.core.DesaView
import id.go.patikab.patimaju.core.Draft
import id.go.patikab.patimaju.core.DraftPatch
import id.go.patikab.patimaju.core.FieldError
import id.go.patikab.patimaju.core.JurisdictionView
import id.go.patikab.patimaju.core.KecamatanView
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.core.PhoneChallengeInfo
import id.go.patikab.patimaju.core.PhotoInfo
import id.go.patikab.patimaju.core.PublicComplaintView
import id.go.patikab.patimaju.core.SearchFilter
import id.go.patikab.patimaju.core.SearchHit
import id.go.patikab.patimaju.core.ServiceDetail
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.core.SyncListener
import id.go.patikab.patimaju.core.SyncReport
import id.go.patikab.patimaju.core.SyncState
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The repository's own rules, against a fake core (no native library needed). */
class ContentRepositoryTest {
    @Test
    fun `every PatiException maps to the AppError the UI shows`() {
        val cases =
            listOf(
                PatiException.Offline("connection refused") to AppError.Offline,
                PatiException.Server("HTTP 500") to AppError.ServerProblem("HTTP 500"),
                PatiException.UpdateRequired("protocol 9") to AppError.UpdateRequired,
                PatiException.NotFound("x") to AppError.NotFound("x"),
                PatiException.Storage("disk full") to AppError.Storage("disk full"),
                PatiException.InvalidInput("bad id") to AppError.Unexpected("bad id"),
                PatiException.InvalidResponse("bad json") to AppError.Unexpected("bad json"),
                PatiException.Validation("title required") to AppError.Invalid("title required"),
                PatiException.PhotoRefused("corrupt") to AppError.PhotoRefused("corrupt"),
            )
        for ((exception, expected) in cases) assertEquals(expected, exception.toAppError())
        assertTrue(AppError.Offline.retryable)
        assertFalse(AppError.UpdateRequired.retryable)
    }

    @Test
    fun `failures of reads and of the sync come back as Outcome Failure`() =
        runBlocking<Unit> {
            val repo = ContentRepository(FakeCore(failure = PatiException.Storage("disk full")))
            assertEquals(Outcome.Failure(AppError.Storage("disk full")), repo.categories(Language.ID))
            assertEquals(Outcome.Failure(AppError.Storage("disk full")), repo.sync())
        }

    @Test
    fun `news pages become offsets and the page size is bounded`() =
        runBlocking<Unit> {
            val core = FakeCore()
            val repo = ContentRepository(core)
            repo.news(page = 2, lang = Language.EN)
            assertEquals(Triple(40u, 20u, Language.EN), core.lastNewsCall)
            repo.news(page = 0, lang = Language.ID, pageSize = 100)
            assertEquals(Triple(0u, 100u, Language.ID), core.lastNewsCall)
            assertThrows<IllegalArgumentException> { runBlocking { repo.news(page = -1, lang = Language.ID) } }
            assertThrows<IllegalArgumentException> { runBlocking { repo.news(page = 0, lang = Language.ID, pageSize = 101) } }
        }
}

/**
 * Answers empty content, or throws [failure] from every call. The complaint half is
 * exercised against the real core (ComplaintsSyncTest, ComplaintViewModelsTest), so
 * here it only has to exist.
 */
internal class FakeCore(private val failure: PatiException? = null) : PatiCoreInterface {
    var lastNewsCall: Triple<UInt, UInt, Language>? = null

    private fun <T> answer(value: T): T = failure?.let { throw it } ?: value

    override fun agencies(lang: Language): List<AgencyView> = answer(emptyList())

    override fun complaintCategories(lang: Language): List<ComplaintCategoryView> = answer(emptyList())

    override fun config(): CoreConfig = CoreConfig("fake.db", "http://127.0.0.1:9", "pati")

    override fun contentStatus(): ContentStatus = answer(ContentStatus("pati", 0u, 0u, null))

    override fun desa(kecamatanCode: String): List<DesaView> = answer(emptyList())

    override fun featuredServices(lang: Language): List<ServiceSummary> = answer(emptyList())

    override fun jurisdiction(lang: Language): JurisdictionView? = answer(null)

    override fun kecamatan(): List<KecamatanView> = answer(emptyList())

    override fun importContent(pageJson: ByteArray): ContentSyncReport = answer(ContentSyncReport(0u, 0u, 0u, false))

    override fun prepareSearch() = answer(Unit)

    override fun search(
        query: String,
        filter: SearchFilter,
        lang: Language,
    ): List<SearchHit> = answer(emptyList())

    override fun news(
        offset: UInt,
        limit: UInt,
        lang: Language,
    ): List<NewsView> {
        lastNewsCall = Triple(offset, limit, lang)
        return answer(emptyList())
    }

    override fun newsItem(
        id: String,
        lang: Language,
    ): NewsView? = answer(null)

    override fun service(
        id: String,
        lang: Language,
    ): ServiceDetail? = answer(null)

    override fun serviceCategories(lang: Language): List<CategoryView> = answer(emptyList())

    override fun servicesInCategory(
        categoryId: String,
        lang: Language,
    ): List<ServiceSummary> = answer(emptyList())

    override fun servicesOfAgency(
        agencyId: String,
        lang: Language,
    ): List<ServiceSummary> = answer(emptyList())

    override suspend fun syncContent(): ContentSyncReport = answer(ContentSyncReport(0u, 0u, 0u, false))

    private fun complaintsUnused(): Nothing = throw failure ?: UnsupportedOperationException("complaints: use the real core")

    override fun addDraftPhoto(
        draftId: String,
        bytes: ByteArray,
    ): PhotoInfo = complaintsUnused()

    override fun complaint(id: String): ComplaintDetail? = complaintsUnused()

    override fun complaintActions(complaintId: String): List<ActionView> = complaintsUnused()

    override fun createDraft(): Draft = complaintsUnused()

    override fun deleteDraft(id: String) = complaintsUnused()

    override fun draft(id: String): Draft? = complaintsUnused()

    override fun drafts(): List<Draft> = complaintsUnused()

    override fun myComplaints(): List<ComplaintSummary> = complaintsUnused()

    override fun nextSyncDelay(): ULong? = complaintsUnused()

    override fun photo(sha256: String): ByteArray? = complaintsUnused()

    override suspend fun publicComplaints(
        before: Long?,
        limit: UInt,
    ): List<PublicComplaintView> = complaintsUnused()

    override fun rate(
        complaintId: String,
        rating: UByte,
        comment: String,
    ): ActionView = complaintsUnused()

    override fun removeDraftPhoto(
        draftId: String,
        sha256: String,
    ) = complaintsUnused()

    override fun reopen(
        complaintId: String,
        reason: String,
    ): ActionView = complaintsUnused()

    override fun reply(
        complaintId: String,
        text: String,
    ): ActionView = complaintsUnused()

    override fun setSyncListener(listener: SyncListener?) = complaintsUnused()

    override suspend fun similarComplaints(draftId: String): List<PublicComplaintView> = complaintsUnused()

    override suspend fun startPhoneVerification(phone: String): PhoneChallengeInfo = complaintsUnused()

    override fun submitDraft(id: String): ComplaintDetail = complaintsUnused()

    override fun support(complaintId: String): ActionView = complaintsUnused()

    override suspend fun sync(): SyncReport = complaintsUnused()

    override fun syncState(): SyncState = complaintsUnused()

    override fun updateDraft(
        id: String,
        patch: DraftPatch,
    ): Draft = complaintsUnused()

    override fun validateDraft(id: String): List<FieldError> = complaintsUnused()

    override suspend fun verifyPhone(
        phone: String,
        code: String,
    ): String = complaintsUnused()

    override fun wipePersonalData() = complaintsUnused()
}
