//! Tauri commands: thin wrappers over the managed [`AppState`].
//!
//! Every command is `async`, and reads run on the blocking thread pool
//! ([`read`]): a read waiting for the store while a sync writes must block neither the
//! main (UI) thread nor the async workers that carry IPC and events. Every command
//! returns `Result<_, CommandError>`, which reaches the UI as `{kind, message}`.
//! Each command must also be listed in `build.rs` (the ACL manifest) and in a
//! permission set under `permissions/`.

use std::sync::Arc;

use pati_core::{
    AgencyView, CategoryView, ComplaintCategoryView, ContentStatus, ContentSyncReport, Core,
    DesaView, JurisdictionView, KecamatanView, Language, NewsView, SearchFilter, SearchHit,
    ServiceDetail, ServiceSummary,
};
use serde::Serialize;
use tauri::{AppHandle, State};

use crate::config::Config;
use crate::error::{CommandError, CommandResult};
use crate::sync::{SyncHub, SyncState};

pub struct AppState {
    pub core: Arc<Core>,
    pub hub: Arc<SyncHub>,
    pub config: Config,
}

/// Runs a synchronous core read on the blocking pool.
pub(crate) async fn read<T, F>(state: &AppState, f: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Core) -> pati_core::Result<T> + Send + 'static,
{
    let core = state.core.clone();
    match tauri::async_runtime::spawn_blocking(move || f(&core)).await {
        Ok(result) => Ok(result?),
        Err(e) => {
            tracing::error!(error = %e, "read task failed");
            Err(CommandError::new(pati_core::ErrorKind::Storage))
        }
    }
}

/// What the UI needs to know about this run of the app.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub version: &'static str,
    pub jurisdiction: String,
    pub kiosk: bool,
    /// Seconds between background syncs.
    pub sync_interval_secs: u64,
    /// Kiosk: seconds without input before the session is wiped.
    pub idle_timeout_secs: u64,
    /// Kiosk: open the on-screen keyboard by itself on a text field.
    pub on_screen_keyboard: bool,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        jurisdiction: state.config.jurisdiction.clone(),
        kiosk: state.config.kiosk,
        sync_interval_secs: state.config.sync_interval.as_secs(),
        idle_timeout_secs: state.config.idle_timeout.as_secs(),
        on_screen_keyboard: state.config.kiosk
            && crate::keyboard::auto_open(state.config.on_screen_keyboard),
    })
}

#[tauri::command]
pub async fn content_status(state: State<'_, AppState>) -> CommandResult<ContentStatus> {
    read(&state, move |core| core.content_status()).await
}

/// The current sync state (the UI also receives every change as a `sync://state` event).
#[tauri::command]
pub async fn sync_state(state: State<'_, AppState>) -> CommandResult<SyncState> {
    Ok(state.hub.state())
}

/// Syncs content now; progress and outcome are also emitted as `sync://state`.
#[tauri::command]
pub async fn sync_content(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<ContentSyncReport> {
    state.hub.sync_once(&app, &state.core).await
}

#[tauri::command]
pub async fn jurisdiction(
    state: State<'_, AppState>,
    lang: Language,
) -> CommandResult<Option<JurisdictionView>> {
    read(&state, move |core| core.jurisdiction(lang)).await
}

#[tauri::command]
pub async fn agencies(
    state: State<'_, AppState>,
    lang: Language,
) -> CommandResult<Vec<AgencyView>> {
    read(&state, move |core| core.agencies(lang)).await
}

#[tauri::command]
pub async fn service_categories(
    state: State<'_, AppState>,
    lang: Language,
) -> CommandResult<Vec<CategoryView>> {
    read(&state, move |core| core.service_categories(lang)).await
}

#[tauri::command]
pub async fn services_in_category(
    state: State<'_, AppState>,
    category_id: String,
    lang: Language,
) -> CommandResult<Vec<ServiceSummary>> {
    read(&state, move |core| {
        core.services_in_category(&category_id, lang)
    })
    .await
}

/// Search as you type: one call per keystroke, answered from the local index.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    lang: Language,
    category_id: Option<String>,
    agency_id: Option<String>,
    limit: Option<u32>,
) -> CommandResult<Vec<SearchHit>> {
    let filter = SearchFilter {
        category_id,
        agency_id,
        limit,
    };
    read(&state, move |core| core.search(&query, &filter, lang)).await
}

/// Builds the search index ahead of the first keystroke (the catalogue calls it
/// when it opens).
#[tauri::command]
pub async fn prepare_search(state: State<'_, AppState>) -> CommandResult<()> {
    read(&state, |core| core.prepare_search()).await
}

#[tauri::command]
pub async fn services_of_agency(
    state: State<'_, AppState>,
    agency_id: String,
    lang: Language,
) -> CommandResult<Vec<ServiceSummary>> {
    read(&state, move |core| {
        core.services_of_agency(&agency_id, lang)
    })
    .await
}

#[tauri::command]
pub async fn featured_services(
    state: State<'_, AppState>,
    lang: Language,
) -> CommandResult<Vec<ServiceSummary>> {
    read(&state, move |core| core.featured_services(lang)).await
}

#[tauri::command]
pub async fn service(
    state: State<'_, AppState>,
    id: String,
    lang: Language,
) -> CommandResult<Option<ServiceDetail>> {
    read(&state, move |core| core.service(&id, lang)).await
}

#[tauri::command]
pub async fn complaint_categories(
    state: State<'_, AppState>,
    lang: Language,
) -> CommandResult<Vec<ComplaintCategoryView>> {
    read(&state, move |core| core.complaint_categories(lang)).await
}

#[tauri::command]
pub async fn news(
    state: State<'_, AppState>,
    offset: u32,
    limit: u32,
    lang: Language,
) -> CommandResult<Vec<NewsView>> {
    read(&state, move |core| core.news(offset, limit, lang)).await
}

#[tauri::command]
pub async fn news_item(
    state: State<'_, AppState>,
    id: String,
    lang: Language,
) -> CommandResult<Option<NewsView>> {
    read(&state, move |core| core.news_item(&id, lang)).await
}

#[tauri::command]
pub async fn kecamatan(state: State<'_, AppState>) -> CommandResult<Vec<KecamatanView>> {
    read(&state, move |core| core.kecamatan()).await
}

#[tauri::command]
pub async fn desa(
    state: State<'_, AppState>,
    kecamatan_code: String,
) -> CommandResult<Vec<DesaView>> {
    read(&state, move |core| core.desa(&kecamatan_code)).await
}
