package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.AgencyView
import id.go.patikab.patimaju.core.CategoryView
import id.go.patikab.patimaju.core.ComplaintCategoryView
import id.go.patikab.patimaju.core.ContentStatus
import id.go.patikab.patimaju.core.ContentSyncReport
import id.go.patikab.patimaju.core.DesaView
import id.go.patikab.patimaju.core.JurisdictionView
import id.go.patikab.patimaju.core.KecamatanView
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.NewsView
import id.go.patikab.patimaju.core.ServiceDetail
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * The public-service catalogue, news and areas, as the view models read them.
 *
 * Every call is main-safe: the core's blocking SQLite reads run on [io], the sync is
 * a suspending Rust call. Failures come back as [Outcome.Failure] with an [AppError];
 * cancellation propagates as usual. Holds no state: the core is the cache.
 */
class ContentRepository(
    private val core: PatiCoreInterface,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    /** Pulls content changes from the server; safe to call whenever a connection appears. */
    suspend fun sync(): Outcome<ContentSyncReport> = capture { core.syncContent() }

    suspend fun status(): Outcome<ContentStatus> = read { core.contentStatus() }

    /** The regency's name, colours and links; `null` before the first sync. */
    suspend fun jurisdiction(lang: Language): Outcome<JurisdictionView?> = read { core.jurisdiction(lang) }

    suspend fun categories(lang: Language): Outcome<List<CategoryView>> = read { core.serviceCategories(lang) }

    /** The "one tap" tiles of the home screen. */
    suspend fun featuredServices(lang: Language): Outcome<List<ServiceSummary>> = read { core.featuredServices(lang) }

    suspend fun servicesInCategory(
        categoryId: String,
        lang: Language,
    ): Outcome<List<ServiceSummary>> = read { core.servicesInCategory(categoryId, lang) }

    suspend fun agencies(lang: Language): Outcome<List<AgencyView>> = read { core.agencies(lang) }

    suspend fun servicesOfAgency(
        agencyId: String,
        lang: Language,
    ): Outcome<List<ServiceSummary>> = read { core.servicesOfAgency(agencyId, lang) }

    suspend fun service(
        id: String,
        lang: Language,
    ): Outcome<ServiceDetail> = read { core.service(id, lang) }.orNotFound("service $id")

    suspend fun complaintCategories(lang: Language): Outcome<List<ComplaintCategoryView>> =
        read { core.complaintCategories(lang) }

    /** One page of the news feed, newest first; [page] counts from 0. */
    suspend fun news(
        page: Int,
        lang: Language,
        pageSize: Int = NEWS_PAGE_SIZE,
    ): Outcome<List<NewsView>> {
        require(page >= 0 && pageSize in 1..MAX_NEWS_PAGE_SIZE) { "page $page, pageSize $pageSize" }
        return read { core.news((page * pageSize).toUInt(), pageSize.toUInt(), lang) }
    }

    suspend fun newsItem(
        id: String,
        lang: Language,
    ): Outcome<NewsView> = read { core.newsItem(id, lang) }.orNotFound("news $id")

    /** The kecamatan of the regency, by name (for the location picker). */
    suspend fun kecamatan(): Outcome<List<KecamatanView>> = read { core.kecamatan() }

    suspend fun desa(kecamatanCode: String): Outcome<List<DesaView>> = read { core.desa(kecamatanCode) }

    private suspend fun <T> read(block: () -> T): Outcome<T> = withContext(io) { capture(block) }

    private inline fun <T> capture(block: () -> T): Outcome<T> =
        try {
            Outcome.Success(block())
        } catch (e: PatiException) {
            Outcome.Failure(e.toAppError())
        }

    private fun <T : Any> Outcome<T?>.orNotFound(what: String): Outcome<T> =
        when (this) {
            is Outcome.Success -> value?.let { Outcome.Success(it) } ?: Outcome.Failure(AppError.NotFound(what))
            is Outcome.Failure -> this
        }

    companion object {
        const val NEWS_PAGE_SIZE = 20

        /** The core caps a page at 100. */
        const val MAX_NEWS_PAGE_SIZE = 100
    }
}
