//! pati-core: Pati Maju on the resident's device.
//!
//! [`Core`] is the one object the shells hold. It owns the local SQLite file
//! (`store`), answers content queries offline (`content`), and talks to pati-server
//! (`sync`). Reads are synchronous and fast; network work is `async`.
//!
//! Public types derive UniFFI records behind the `uniffi` feature (used only by
//! pati-ffi); the desktop shell links the core without it.

pub mod content;
pub mod error;
pub mod search;
pub mod store;
pub mod sync;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use content::model::*;
pub use error::{Error, ErrorKind, Result};
pub use search::{SearchFilter, SearchHit, TextSegment};

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("pati_core");

/// Where the core keeps its data and which server and jurisdiction it follows.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CoreConfig {
    /// Path of the SQLite file; created if missing.
    pub db_path: String,
    /// Base URL of pati-server, e.g. `https://pati-maju.pati.go.id`.
    pub server_url: String,
    /// Jurisdiction id, e.g. `pati`.
    pub jurisdiction: String,
}

/// The device core. Cheap to share behind an `Arc`; all methods take `&self`.
pub struct Core {
    config: CoreConfig,
    db: Mutex<Connection>,
    http: sync::Http,
    /// Search vocabulary and synonyms, rebuilt when the content version changes.
    search_data: Mutex<Option<Arc<search::SearchData>>>,
}

pub(crate) fn lock(db: &Mutex<Connection>) -> Result<MutexGuard<'_, Connection>> {
    // A panic while holding the lock cannot leave SQLite half-written (transactions
    // roll back on drop), so a poisoned lock is safe to keep using.
    Ok(db.lock().unwrap_or_else(|p| p.into_inner()))
}

impl Core {
    /// Opens the store (migrating it if needed). Needs no network.
    pub fn open(config: CoreConfig) -> Result<Core> {
        if config.jurisdiction.is_empty()
            || !config
                .jurisdiction
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(Error::InvalidInput(format!(
                "jurisdiction id {:?}",
                config.jurisdiction
            )));
        }
        let path = PathBuf::from(&config.db_path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                Error::InvalidInput(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let mut conn = store::open(&path)?;
        if store::meta_get(&conn, search::ANALYZER_KEY)?.as_deref()
            != Some(search::ANALYZER_VERSION)
        {
            let tx = conn.transaction()?;
            search::reindex_all(&tx)?;
            tx.commit()?;
        }
        let http = sync::Http::new(&config.server_url)?;
        tracing::info!(jurisdiction = %config.jurisdiction, "pati-core opened");
        Ok(Core {
            config,
            db: Mutex::new(conn),
            http,
            search_data: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &CoreConfig {
        &self.config
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>> {
        lock(&self.db)
    }

    /// Pulls content changes from the server until the cache is current.
    pub async fn sync_content(&self) -> Result<ContentSyncReport> {
        sync::pull_content(&self.http, &self.db, &self.config.jurisdiction, unix_now()).await
    }

    /// Applies one content page obtained without the network — a snapshot bundled
    /// with the app for a first launch offline, or a kiosk preloaded from a file —
    /// with exactly the checks of a pull. Later pulls continue from its cursor.
    pub fn import_content(&self, page_json: &[u8]) -> Result<ContentSyncReport> {
        let mut report = ContentSyncReport {
            applied: 0,
            removed: 0,
            pages: 0,
            reset: false,
        };
        sync::apply_page(
            &self.db,
            page_json,
            &self.config.jurisdiction,
            unix_now(),
            &mut report,
        )?;
        Ok(report)
    }

    pub fn content_status(&self) -> Result<ContentStatus> {
        let conn = self.conn()?;
        let (services, news) = content::counts(&conn)?;
        let last_sync_at =
            store::meta_get(&conn, sync::LAST_SYNC_KEY)?.and_then(|v| v.parse().ok());
        Ok(ContentStatus {
            jurisdiction: self.config.jurisdiction.clone(),
            services,
            news,
            last_sync_at,
        })
    }

    pub fn jurisdiction(&self, lang: Language) -> Result<Option<JurisdictionView>> {
        content::jurisdiction(&*self.conn()?, lang.into())
    }

    pub fn agencies(&self, lang: Language) -> Result<Vec<AgencyView>> {
        content::agencies(&*self.conn()?, lang.into())
    }

    pub fn service_categories(&self, lang: Language) -> Result<Vec<CategoryView>> {
        content::service_categories(&*self.conn()?, lang.into())
    }

    pub fn services_in_category(
        &self,
        category_id: &str,
        lang: Language,
    ) -> Result<Vec<ServiceSummary>> {
        content::services_in_category(&*self.conn()?, category_id, lang.into())
    }

    pub fn services_of_agency(
        &self,
        agency_id: &str,
        lang: Language,
    ) -> Result<Vec<ServiceSummary>> {
        content::services_of_agency(&*self.conn()?, agency_id, lang.into())
    }

    pub fn featured_services(&self, lang: Language) -> Result<Vec<ServiceSummary>> {
        content::featured_services(&*self.conn()?, lang.into())
    }

    pub fn service(&self, id: &str, lang: Language) -> Result<Option<ServiceDetail>> {
        content::service(&*self.conn()?, id, lang.into())
    }

    pub fn complaint_categories(&self, lang: Language) -> Result<Vec<ComplaintCategoryView>> {
        content::complaint_categories(&*self.conn()?, lang.into())
    }

    /// The news feed, newest first.
    pub fn news(&self, offset: u32, limit: u32, lang: Language) -> Result<Vec<NewsView>> {
        content::news(&*self.conn()?, offset, limit.min(100), lang.into())
    }

    pub fn news_item(&self, id: &str, lang: Language) -> Result<Option<NewsView>> {
        content::news_item(&*self.conn()?, id, lang.into())
    }

    /// Searches services offline as the resident types; see [`search`] for how.
    pub fn search(
        &self,
        query: &str,
        filter: &SearchFilter,
        lang: Language,
    ) -> Result<Vec<SearchHit>> {
        let conn = self.conn()?;
        let version = store::meta_get(&conn, sync::VERSION_KEY)?.unwrap_or_default();
        let data = {
            let mut cached = self.search_data.lock().unwrap_or_else(|p| p.into_inner());
            match cached.as_ref() {
                Some(d) if d.version == version => d.clone(),
                _ => {
                    let d = Arc::new(search::SearchData::load(&conn, version)?);
                    *cached = Some(d.clone());
                    d
                }
            }
        };
        search::search(&conn, &data, query, filter, lang.into())
    }

    pub fn kecamatan(&self) -> Result<Vec<KecamatanView>> {
        content::kecamatan(&*self.conn()?)
    }

    pub fn desa(&self, kecamatan_code: &str) -> Result<Vec<DesaView>> {
        content::desa(&*self.conn()?, kecamatan_code)
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
