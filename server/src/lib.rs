//! pati-server: the sync counterpart of pati-core, the agencies' console and Open311.
//!
//! `storage` holds data behind one trait (SQLite or PostgreSQL), `pack` loads the
//! content Diskominfo publishes, `api` serves devices, `console` serves agency staff.

pub mod accounts;
pub mod api;
pub mod console;
pub mod error;
pub mod pack;
pub mod storage;

use std::collections::HashSet;
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
}

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    /// Jurisdictions this server hosts (ids), fixed at start.
    pub jurisdictions: Arc<HashSet<String>>,
    pub console: Arc<console::Settings>,
}

/// Opens storage and publishes the content packs (refusing a bad pack as a whole).
pub async fn prepare(config: &Config) -> Result<AppState> {
    let storage = storage::open(&config.database_url).await?;
    if let Some(dir) = &config.content_dir {
        let packs = pack::load_all(dir)?;
        for p in packs {
            let id = p.jurisdiction.id.clone();
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
    let jurisdictions = storage
        .jurisdictions()
        .await?
        .into_iter()
        .map(|j| j.id)
        .collect();
    Ok(AppState {
        storage,
        jurisdictions: Arc::new(jurisdictions),
        console: Arc::new(config.console.clone()),
    })
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(console::router(&state))
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
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
