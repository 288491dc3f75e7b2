//! [`PatiCore`]: one-line wrappers over [`pati_core::Core`].

use std::sync::Arc;

use pati_core::{
    AgencyView, CategoryView, ComplaintCategoryView, ContentStatus, ContentSyncReport, Core,
    CoreConfig, DesaView, JurisdictionView, KecamatanView, Language, NewsView, SearchFilter,
    SearchHit, ServiceDetail, ServiceSummary,
};

use crate::error::Result;

/// The device core. Open one per process and share it; every method is thread-safe.
/// Reads are blocking (call them off the main thread); network work is `suspend`.
#[derive(uniffi::Object)]
pub struct PatiCore {
    pub(crate) inner: Core,
}

#[uniffi::export(async_runtime = "tokio")]
impl PatiCore {
    /// Opens (creating or migrating) the local store. Needs no network.
    #[uniffi::constructor]
    pub fn open(config: CoreConfig) -> Result<Arc<Self>> {
        Ok(Arc::new(PatiCore {
            inner: Core::open(config)?,
        }))
    }

    pub fn config(&self) -> CoreConfig {
        self.inner.config().clone()
    }

    /// Pulls content changes from the server until the local cache is current.
    /// Cancelling the calling coroutine drops the pull; a page is applied atomically.
    pub async fn sync_content(&self) -> Result<ContentSyncReport> {
        Ok(self.inner.sync_content().await?)
    }

    /// Applies a content page from bytes (a snapshot bundled with the app, for a
    /// first launch without signal) with the same checks as a pull.
    pub fn import_content(&self, page_json: Vec<u8>) -> Result<ContentSyncReport> {
        Ok(self.inner.import_content(&page_json)?)
    }

    pub fn content_status(&self) -> Result<ContentStatus> {
        Ok(self.inner.content_status()?)
    }

    pub fn jurisdiction(&self, lang: Language) -> Result<Option<JurisdictionView>> {
        Ok(self.inner.jurisdiction(lang)?)
    }

    pub fn agencies(&self, lang: Language) -> Result<Vec<AgencyView>> {
        Ok(self.inner.agencies(lang)?)
    }

    pub fn service_categories(&self, lang: Language) -> Result<Vec<CategoryView>> {
        Ok(self.inner.service_categories(lang)?)
    }

    pub fn services_in_category(
        &self,
        category_id: String,
        lang: Language,
    ) -> Result<Vec<ServiceSummary>> {
        Ok(self.inner.services_in_category(&category_id, lang)?)
    }

    pub fn services_of_agency(
        &self,
        agency_id: String,
        lang: Language,
    ) -> Result<Vec<ServiceSummary>> {
        Ok(self.inner.services_of_agency(&agency_id, lang)?)
    }

    pub fn featured_services(&self, lang: Language) -> Result<Vec<ServiceSummary>> {
        Ok(self.inner.featured_services(lang)?)
    }

    pub fn service(&self, id: String, lang: Language) -> Result<Option<ServiceDetail>> {
        Ok(self.inner.service(&id, lang)?)
    }

    pub fn complaint_categories(&self, lang: Language) -> Result<Vec<ComplaintCategoryView>> {
        Ok(self.inner.complaint_categories(lang)?)
    }

    /// The news feed, newest first; `limit` is capped at 100.
    pub fn news(&self, offset: u32, limit: u32, lang: Language) -> Result<Vec<NewsView>> {
        Ok(self.inner.news(offset, limit, lang)?)
    }

    pub fn news_item(&self, id: String, lang: Language) -> Result<Option<NewsView>> {
        Ok(self.inner.news_item(&id, lang)?)
    }

    /// Offline search as the resident types; hits carry highlighted segments.
    pub fn search(
        &self,
        query: String,
        filter: SearchFilter,
        lang: Language,
    ) -> Result<Vec<SearchHit>> {
        Ok(self.inner.search(&query, &filter, lang)?)
    }

    /// Builds the search index ahead of the first keystroke (call when the search
    /// screen opens; searching works without it, the first query just pays for it).
    pub fn prepare_search(&self) -> Result<()> {
        Ok(self.inner.prepare_search()?)
    }

    pub fn kecamatan(&self) -> Result<Vec<KecamatanView>> {
        Ok(self.inner.kecamatan()?)
    }

    pub fn desa(&self, kecamatan_code: String) -> Result<Vec<DesaView>> {
        Ok(self.inner.desa(&kecamatan_code)?)
    }
}
