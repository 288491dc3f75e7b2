//! pati-core: Pati Maju on the resident's device.
//!
//! [`Core`] is the one object the shells hold. It owns the local SQLite file
//! (`store`), answers content queries offline (`content`), and talks to pati-server
//! (`sync`). Reads are synchronous and fast; network work is `async`.
//!
//! Public types derive UniFFI records behind the `uniffi` feature (used only by
//! pati-ffi); the desktop shell links the core without it.

pub mod complaints;
pub mod content;
pub mod drafts;
pub mod error;
mod handover;
pub mod search;
pub mod store;
pub mod sync;
mod wipe;

#[cfg(test)]
mod testutil;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use complaints::model::*;
pub use content::model::*;
pub use drafts::photos::PhotoProblem;
pub use drafts::{ComplaintLocation, Draft, DraftPatch, FieldError, PhotoInfo};
pub use error::{Error, ErrorKind, Result};
pub use search::{SearchFilter, SearchHit, TextSegment};
pub use sync::state::{SyncErrorInfo, SyncListener, SyncReport, SyncState};

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
    /// A shared kiosk (Mal Pelayanan Publik): the device registers as `kiosk`, so the
    /// agencies' console can say where a complaint was filed. Phones leave it off.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kiosk: bool,
}

/// The device core. Cheap to share behind an `Arc`; all methods take `&self`.
pub struct Core {
    config: CoreConfig,
    db: Mutex<Connection>,
    http: sync::Http,
    /// Search vocabulary and synonyms, rebuilt when the content version changes.
    search_data: Mutex<Option<Arc<search::SearchData>>>,
    /// Complaint sync: single-flight pass, listener, wipe epoch.
    engine: sync::engine::Engine,
    /// Held while sealed kiosk copies are delivered (one delivery at a time).
    handover: tokio::sync::Mutex<()>,
}

/// A one-time code was sent to this number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PhoneChallengeInfo {
    /// The number as the server normalised it (`+62812…`).
    pub phone: String,
    /// Seconds until the code expires.
    pub expires_in: i64,
}

/// The cached content's version ("" before the first content sync).
fn content_version(conn: &Connection) -> Result<String> {
    Ok(store::meta_get(conn, sync::VERSION_KEY)?.unwrap_or_default())
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
        tracing::info!(jurisdiction = %config.jurisdiction, kiosk = config.kiosk, "pati-core opened");
        let engine = sync::engine::Engine::new(config.kiosk);
        Ok(Core {
            config,
            db: Mutex::new(conn),
            http,
            search_data: Mutex::new(None),
            engine,
            handover: tokio::sync::Mutex::new(()),
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
        let data = self.search_data()?;
        search::search(&*self.conn()?, &data, query, filter, lang.into())
    }

    /// Builds the in-memory search index for the cached content now, if it is not
    /// built yet (the first search after opening or after new content otherwise
    /// pays for it: ~0.2 s at 10k services). Shells call it at start and after new
    /// content, so every keystroke finds it ready; the build reads through its own
    /// connection, so every other call goes on meanwhile.
    pub fn prepare_search(&self) -> Result<()> {
        self.search_data().map(|_| ())
    }

    fn search_data(&self) -> Result<Arc<search::SearchData>> {
        let version = content_version(&*self.conn()?)?;
        // Lock order: search data, then the store (the fallback below); nothing
        // takes them the other way round.
        let mut cached = self.search_data.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = cached.as_ref().filter(|d| d.version == version) {
            return Ok(d.clone());
        }
        let d = Arc::new(match store::open_reader(&self.config.db_path)? {
            Some(reader) => {
                // One snapshot: the version and the rows it names.
                let tx = reader.unchecked_transaction()?;
                search::SearchData::load(&tx, content_version(&tx)?)?
            }
            None => {
                let conn = self.conn()?;
                search::SearchData::load(&conn, content_version(&conn)?)?
            }
        });
        *cached = Some(d.clone());
        Ok(d)
    }

    pub fn kecamatan(&self) -> Result<Vec<KecamatanView>> {
        content::kecamatan(&*self.conn()?)
    }

    pub fn desa(&self, kecamatan_code: &str) -> Result<Vec<DesaView>> {
        content::desa(&*self.conn()?, kecamatan_code)
    }
}

impl Core {
    // ------------------------------------------------------------ drafts

    /// Starts an empty draft. Needs no account and no network.
    pub fn create_draft(&self) -> Result<Draft> {
        drafts::create(&mut *self.conn()?, unix_now())
    }

    /// Applies an edit and saves it at once (own transaction, durable on return).
    /// The draft comes back with its current `problems`.
    pub fn update_draft(&self, id: &str, patch: DraftPatch) -> Result<Draft> {
        drafts::update(&mut *self.conn()?, id, &patch, unix_now())
    }

    /// Every draft, most recently edited first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        drafts::list(&*self.conn()?)
    }

    pub fn draft(&self, id: &str) -> Result<Option<Draft>> {
        drafts::get(&*self.conn()?, id)
    }

    pub fn delete_draft(&self, id: &str) -> Result<()> {
        drafts::delete(&mut *self.conn()?, id)
    }

    /// What keeps a draft from being submitted (empty: ready).
    pub fn validate_draft(&self, id: &str) -> Result<Vec<FieldError>> {
        let conn = self.conn()?;
        let draft =
            drafts::get(&conn, id)?.ok_or_else(|| Error::NotFound(format!("draft {id}")))?;
        Ok(draft.problems)
    }

    /// Adds a photo (JPEG, PNG or WebP bytes): turned upright, scaled to 1600 px,
    /// re-encoded as a JPEG of at most 200 KB without any metadata (no GPS).
    /// The heavy work runs before the database lock is taken.
    pub fn add_draft_photo(&self, draft_id: &str, bytes: &[u8]) -> Result<PhotoInfo> {
        {
            let conn = self.conn()?;
            let draft = drafts::get(&conn, draft_id)?
                .ok_or_else(|| Error::NotFound(format!("draft {draft_id}")))?;
            if draft.photos.len() >= pati_protocol::limits::MAX_PHOTOS {
                return Err(Error::Validation(vec![drafts::too_many_photos()]));
            }
        }
        let photo = drafts::photos::process(bytes)?;
        drafts::photos::attach(&mut *self.conn()?, draft_id, &photo, unix_now())
    }

    pub fn remove_draft_photo(&self, draft_id: &str, sha256: &str) -> Result<()> {
        drafts::photos::detach(&mut *self.conn()?, draft_id, sha256, unix_now())
    }

    /// The processed JPEG of a draft's or complaint's photo.
    pub fn photo(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        drafts::photos::bytes(&*self.conn()?, sha256)
    }

    // ------------------------------------------------------------ complaints

    /// Validates the draft and, in one transaction, turns it into a queued
    /// complaint with its `complaint.create.v1` outbox entry; photos join the upload
    /// queue. Works offline; [`Core::sync`] delivers it exactly once.
    pub fn submit_draft(&self, id: &str) -> Result<ComplaintDetail> {
        let complaint_id = {
            let mut conn = self.conn()?;
            sync::outbox::submit_draft(&mut conn, id, unix_now(), unix_now_ms())?
        };
        self.engine.notify(&self.db);
        self.complaint(&complaint_id)?
            .ok_or_else(|| Error::NotFound(format!("complaint {complaint_id}")))
    }

    /// Queues a reply in the complaint's conversation.
    pub fn reply(&self, complaint_id: &str, text: &str) -> Result<ActionView> {
        self.enqueue(
            complaint_id,
            sync::outbox::Action::Reply { text: text.into() },
        )
    }

    /// Queues "me too" support for a (public) complaint.
    pub fn support(&self, complaint_id: &str) -> Result<ActionView> {
        self.enqueue(complaint_id, sync::outbox::Action::Support)
    }

    /// Queues the resident's rating (1–5) of a resolved complaint.
    pub fn rate(&self, complaint_id: &str, rating: u8, comment: &str) -> Result<ActionView> {
        self.enqueue(
            complaint_id,
            sync::outbox::Action::Rate {
                rating,
                comment: comment.into(),
            },
        )
    }

    /// Queues reopening a resolved complaint, with the reason.
    pub fn reopen(&self, complaint_id: &str, reason: &str) -> Result<ActionView> {
        self.enqueue(
            complaint_id,
            sync::outbox::Action::Reopen {
                reason: reason.into(),
            },
        )
    }

    fn enqueue(&self, complaint_id: &str, action: sync::outbox::Action) -> Result<ActionView> {
        let view = sync::outbox::enqueue(
            &mut *self.conn()?,
            complaint_id,
            action,
            unix_now(),
            unix_now_ms(),
        )?;
        self.engine.notify(&self.db);
        Ok(view)
    }

    /// The resident's complaints, newest first (server state + pending on top).
    pub fn my_complaints(&self) -> Result<Vec<ComplaintSummary>> {
        complaints::list(&*self.conn()?)
    }

    /// One complaint with its timeline; pending actions appear marked as such.
    pub fn complaint(&self, id: &str) -> Result<Option<ComplaintDetail>> {
        complaints::detail(&*self.conn()?, id)
    }

    /// The resident's own actions on a complaint (including support of others').
    pub fn complaint_actions(&self, complaint_id: &str) -> Result<Vec<ActionView>> {
        complaints::actions(&*self.conn()?, complaint_id)
    }

    // ------------------------------------------------------------ sync

    /// One sync pass: registers the device if needed, pushes the outbox, uploads
    /// photos, pulls the resident's complaints and the content. A call while a pass
    /// runs waits for it and returns its report. The outcome (and the backoff
    /// after a failure) is kept: see [`Core::sync_state`], [`Core::next_sync_delay`].
    /// A kiosk's pass then delivers what earlier visitors left undelivered (see
    /// [`Core::wipe_personal_data`]).
    pub async fn sync(&self) -> Result<SyncReport> {
        let result = sync::engine::run(
            &self.http,
            &self.db,
            &self.config.jurisdiction,
            &self.engine,
        )
        .await;
        let offline = matches!(&result, Err(e) if e.kind() == ErrorKind::Offline);
        if !offline {
            if let Ok(_one) = self.handover.try_lock() {
                handover::deliver(&self.config).await;
            }
        }
        result
    }

    pub fn sync_state(&self) -> Result<SyncState> {
        sync::engine::state(&self.engine, &self.db)
    }

    /// Seconds until the next pass is due: `Some(0)` now, `Some(n)` while backing
    /// off after failures (1 s … 5 min, full jitter, `Retry-After` honoured), `None`
    /// when nothing waits to be sent.
    pub fn next_sync_delay(&self) -> Result<Option<u64>> {
        sync::engine::next_sync_delay(&self.db, unix_now())
    }

    /// Registers (or with `None` removes) the listener told of every sync state change.
    pub fn set_sync_listener(&self, listener: Option<Arc<dyn SyncListener>>) {
        self.engine.set_listener(listener);
    }

    // ------------------------------------------------------------ online only

    /// The public complaints feed, newest first (`before`: unix seconds, paging).
    pub async fn public_complaints(
        &self,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<PublicComplaintView>> {
        let ctx = self.ctx();
        sync::public::feed(&ctx, sync::public::feed_query(before, limit)).await
    }

    /// Public complaints like this draft (same category and place, similar words),
    /// so the resident can support one instead of filing a duplicate. The resident's
    /// own complaints are left out: supporting them adds nothing.
    pub async fn similar_complaints(&self, draft_id: &str) -> Result<Vec<PublicComplaintView>> {
        let draft = self
            .draft(draft_id)?
            .ok_or_else(|| Error::NotFound(format!("draft {draft_id}")))?;
        let has_place = draft.location.desa.is_some()
            || (draft.location.lat.is_some() && draft.location.lon.is_some());
        if draft.category.is_none() || !has_place {
            // The server needs a category and a place to compare with.
            return Ok(Vec::new());
        }
        let query = sync::public::similar_query(
            draft.category.as_deref(),
            draft.location.desa.as_deref(),
            draft.location.lat,
            draft.location.lon,
            &format!("{} {}", draft.title, draft.description),
        );
        let found = sync::public::feed(&self.ctx(), query).await?;
        let mine: std::collections::HashSet<String> =
            self.my_complaints()?.into_iter().map(|c| c.id).collect();
        Ok(found
            .into_iter()
            .filter(|c| !mine.contains(&c.id))
            .collect())
    }

    /// Sends a one-time code to `phone` (registers the device first if needed).
    pub async fn start_phone_verification(&self, phone: &str) -> Result<PhoneChallengeInfo> {
        let ctx = self.ctx();
        let c = ctx
            .exclusive(sync::public::start_phone(&ctx, phone))
            .await?;
        Ok(PhoneChallengeInfo {
            phone: c.phone,
            expires_in: c.expires_in,
        })
    }

    /// Checks the code; on success the device reports as this verified number.
    pub async fn verify_phone(&self, phone: &str, code: &str) -> Result<String> {
        let ctx = self.ctx();
        let phone = ctx
            .exclusive(sync::public::verify_phone(&ctx, phone, code))
            .await?;
        self.engine.notify(&self.db);
        Ok(phone)
    }

    fn ctx(&self) -> sync::engine::Ctx<'_> {
        sync::engine::Ctx::new(
            &self.http,
            &self.db,
            &self.config.jurisdiction,
            &self.engine,
        )
    }

    // ------------------------------------------------------------ kiosk

    /// Deletes everything personal — drafts, photos, outbox, upload queue, tokens,
    /// client id, phone, complaints, rejections — keeping public content, and
    /// leaves none of it in the SQLite file or its WAL. A running sync pass stops
    /// writing at once. The next submission starts as a new installation.
    ///
    /// Submitted complaints and actions the server has not confirmed yet are not
    /// lost: they are first sealed into a separate file without the phone number,
    /// never shown again, and delivered by later [`Core::sync`] passes, which
    /// delete the file once the server has everything.
    pub fn wipe_personal_data(&self) -> Result<()> {
        {
            let mut conn = self.conn()?;
            self.engine
                .epoch
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            handover::seal(&conn, &self.config.db_path)?;
            wipe::wipe(&mut conn)?;
        }
        self.engine.forget();
        self.engine.notify(&self.db);
        Ok(())
    }
}

pub(crate) fn unix_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
