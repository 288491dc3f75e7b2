//! pati-server: the sync counterpart of pati-core, the agencies' console and Open311.
//!
//! `storage` holds data behind one trait (SQLite or PostgreSQL), `pack` loads the
//! content Diskominfo publishes, `api` serves devices, `console` serves agency staff.

pub mod accounts;
pub mod api;
pub mod blobs;
pub mod complaints;
pub mod config_file;
pub mod console;
pub mod devices;
pub mod error;
pub mod metrics;
pub mod open311;
pub mod pack;
pub mod storage;
pub mod workflow;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::HeaderValue;
use axum::Router;
use pati_protocol::{PROTOCOL_HEADER, PROTOCOL_VERSION};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::Result;
use crate::storage::{PublishMode, Storage};

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite:<path>` or `postgres://...`.
    pub database_url: String,
    /// Folder of content packs to publish at start, if any.
    pub content_dir: Option<PathBuf>,
    /// The agencies' console.
    pub console: console::Settings,
    /// Folder for stored files (blobs by default). `None`: the SQLite file's folder,
    /// or photos in memory (tests against PostgreSQL only).
    pub data_dir: Option<PathBuf>,
    /// `s3://bucket/prefix` for an S3-compatible blob store; `None`: `<data_dir>/blobs`.
    pub blob_store: Option<String>,
    /// Rate limits and token lifetimes of the device API.
    pub limits: devices::Limits,
    /// When set, `/metrics` answers only `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// The SMS gateway for one-time codes; `None`: codes go to the log (development).
    pub otp_webhook: Option<devices::OtpWebhook>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: String::new(),
            content_dir: None,
            console: console::Settings::default(),
            data_dir: None,
            blob_store: None,
            limits: devices::Limits::default(),
            metrics_token: None,
            otp_webhook: None,
        }
    }
}

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    /// Jurisdictions this server hosts (ids), fixed at start.
    pub jurisdictions: Arc<HashSet<String>>,
    pub console: Arc<console::Settings>,
    pub blobs: blobs::BlobStore,
    pub otp: Arc<dyn devices::OtpSender>,
    pub limits: Arc<devices::Limits>,
    pub rate_limits: Arc<devices::RateLimits>,
    /// Working-day calendars per jurisdiction, from the stored holidays.
    pub calendars: Arc<HashMap<String, Arc<workflow::Calendar>>>,
    /// Bearer token `/metrics` requires, if any.
    pub metrics_token: Option<Arc<str>>,
}

impl AppState {
    /// Replaces the one-time code sender (an SMS/WhatsApp gateway in production).
    pub fn with_otp_sender(mut self, sender: Arc<dyn devices::OtpSender>) -> AppState {
        self.otp = sender;
        self
    }

    /// The jurisdiction's working-day calendar (weekends only if it has no holidays).
    pub fn calendar(&self, jurisdiction: &str) -> Arc<workflow::Calendar> {
        self.calendars
            .get(jurisdiction)
            .cloned()
            .unwrap_or_default()
    }
}

/// Opens storage and publishes the content packs (refusing a bad pack as a whole).
pub async fn prepare(config: &Config) -> Result<AppState> {
    let storage = storage::open(&config.database_url).await?;
    if let Some(dir) = &config.content_dir {
        let packs = pack::load_all(dir)?;
        for p in packs {
            let id = p.jurisdiction.id.clone();
            storage.set_holidays(&id, p.holidays.clone()).await?;
            let report = storage
                .publish(&id, p.items(), PublishMode::ReplaceAll)
                .await?;
            tracing::info!(
                jurisdiction = %id,
                added = report.added,
                updated = report.updated,
                removed = report.removed,
                unchanged = report.unchanged,
                version = report.version,
                "content pack published"
            );
        }
    }
    let jurisdictions: HashSet<String> = storage
        .jurisdictions()
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    let mut calendars = HashMap::new();
    for j in &jurisdictions {
        let holidays = storage.holidays(j).await?;
        calendars.insert(j.clone(), Arc::new(workflow::Calendar::new(&holidays)));
    }
    let data_dir = config.data_dir.clone().or_else(|| {
        config
            .database_url
            .strip_prefix("sqlite:")
            .map(|p| PathBuf::from(p.trim_start_matches("//")))
            .and_then(|p| p.parent().map(PathBuf::from))
    });
    // Install the recorder before the first request is counted.
    crate::metrics::handle();
    let blobs = blobs::BlobStore::open(config.blob_store.as_deref(), data_dir.as_deref())?;
    tracing::info!(kind = blobs.kind, "blob store ready");
    Ok(AppState {
        storage,
        jurisdictions: Arc::new(jurisdictions),
        console: Arc::new(config.console.clone()),
        blobs,
        otp: match &config.otp_webhook {
            Some(hook) => Arc::new(devices::WebhookOtpSender::new(hook.clone())?),
            None => {
                tracing::warn!(
                    "no SMS gateway configured (--otp-webhook-url): one-time codes are written \
                     to the log, which is for development only"
                );
                Arc::new(devices::LogOtpSender)
            }
        },
        rate_limits: Arc::new(devices::RateLimits::new(&config.limits)),
        limits: Arc::new(config.limits.clone()),
        calendars: Arc::new(calendars),
        metrics_token: config
            .metrics_token
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(Arc::from),
    })
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(open311::router())
        .merge(console::router(&state))
        .route("/metrics", axum::routing::get(crate::metrics::scrape))
        .route_layer(axum::middleware::from_fn(crate::metrics::track))
        .with_state(state)
        .layer(CompressionLayer::new().gzip(true).zstd(true))
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::HeaderName::from_static(PROTOCOL_HEADER),
            HeaderValue::from(PROTOCOL_VERSION),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Binds, then serves until `shutdown` resolves. `on_ready` gets the bound address
/// (useful with port 0).
pub async fn serve(
    state: AppState,
    listen: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    on_ready(listener.local_addr()?);
    let housekeeping = tokio::spawn(housekeeping(state.clone()));
    let result = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    housekeeping.abort();
    result?;
    Ok(())
}

/// How often the periodic work runs.
const HOUSEKEEPING_SECONDS: u64 = 300;

/// Periodic work: closes resolved complaints whose reopen window ended, drops
/// long-expired access tokens and abandoned uploads, and forgets idle rate-limit
/// keys. Errors are logged and retried on the next round; with several replicas
/// each runs it (the work is idempotent).
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(HOUSEKEEPING_SECONDS));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        housekeep(&state, chrono::Utc::now().timestamp()).await;
    }
}

/// One round of [`housekeeping`] at `now` (tests call it with a chosen time).
pub async fn housekeep(state: &AppState, now: i64) {
    state.rate_limits.forget_idle();
    for j in state.jurisdictions.iter() {
        match state.storage.auto_close(j, now, state.calendar(j)).await {
            Ok(ids) if !ids.is_empty() => {
                tracing::info!(jurisdiction = %j, closed = ids.len(), "complaints closed automatically")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(jurisdiction = %j, error = %e, "automatic close failed"),
        }
    }
    // Expired tokens are kept a day so that their holders hear `token_expired`.
    if let Err(e) = state.storage.purge_access_tokens(now - 86_400).await {
        tracing::error!(error = %e, "purging access tokens failed");
    }
    if let Err(e) = state.storage.purge_uploads(now - 7 * 86_400).await {
        tracing::error!(error = %e, "purging abandoned uploads failed");
    }
}
