package id.go.patikab.patimaju.data

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.core.SearchFilter
import id.go.patikab.patimaju.core.SearchHit
import id.go.patikab.patimaju.ffi.PatiCoreInterface
import id.go.patikab.patimaju.ffi.PatiException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * Offline service search. The core does the work (stems, synonyms, typos, prefix of
 * the word being typed) and returns highlighted segments; this only moves the call
 * off the main thread and maps errors.
 */
class SearchRepository(
    private val core: PatiCoreInterface,
    private val io: CoroutineDispatcher = Dispatchers.IO,
) {
    suspend fun search(
        query: String,
        lang: Language,
        categoryId: String? = null,
        limit: Int = DEFAULT_LIMIT,
    ): Outcome<List<SearchHit>> =
        withContext(io) {
            try {
                Outcome.Success(core.search(query, SearchFilter(categoryId, null, limit.toUInt()), lang))
            } catch (e: PatiException) {
                Outcome.Failure(e.toAppError())
            }
        }

    /**
     * Builds the core's search index (vocabulary, in-memory first pass) before the
     * first keystroke. A failure here is not the resident's concern: the first
     * search then builds it, or reports its own error.
     */
    suspend fun prepare(): Outcome<Unit> =
        withContext(io) {
            try {
                Outcome.Success(core.prepareSearch())
            } catch (e: PatiException) {
                Outcome.Failure(e.toAppError())
            }
        }

    companion object {
        const val DEFAULT_LIMIT = 30
    }
}
