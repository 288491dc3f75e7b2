//! Complaint commands (drafts, outbox, conversation) and the complaint sync loop.
//!
//! Thin wrappers over [`pati_core::Core`]: validation, the outbox and delivery are
//! the core's. The loop runs `Core::sync` on start, when a command queues something
//! ([`ComplaintSync::kick`]) and when `Core::next_sync_delay` says so; the core's
//! [`SyncListener`] forwards every state change to the UI as [`COMPLAINT_SYNC_EVENT`].

use std::sync::Arc;
use std::time::Duration;

use pati_core::{
    ActionView, ComplaintDetail, ComplaintLocation, ComplaintSummary, Core, Draft, DraftPatch,
    PhotoInfo, PublicComplaintView, SyncListener, SyncReport,
};
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::commands::{read, AppState};
use crate::error::{CommandError, CommandResult};

/// Event carrying the core's [`pati_core::SyncState`] (outbox, photo upload progress).
pub const COMPLAINT_SYNC_EVENT: &str = "sync://complaints";
/// Header naming the draft of a raw photo upload (the body is the file's bytes).
pub const DRAFT_HEADER: &str = "x-draft-id";

/// Wakes the complaint sync loop early (after a submit or a queued action).
#[derive(Default)]
pub struct ComplaintSync {
    wake: tokio::sync::Notify,
}

impl ComplaintSync {
    pub fn kick(&self) {
        self.wake.notify_one();
    }
}

struct EmitListener<R: Runtime>(AppHandle<R>);

impl<R: Runtime> SyncListener for EmitListener<R> {
    fn on_sync_state(&self, state: pati_core::SyncState) {
        if let Err(e) = self.0.emit(COMPLAINT_SYNC_EVENT, state) {
            tracing::warn!(error = %e, "cannot emit complaint sync state");
        }
    }
}

/// Starts the loop for the life of the app; `idle` is the wait when nothing is queued
/// (so agency answers still arrive).
pub fn spawn_loop<R: Runtime>(
    app: AppHandle<R>,
    core: Arc<Core>,
    sync: Arc<ComplaintSync>,
    idle: Duration,
) {
    core.set_sync_listener(Some(Arc::new(EmitListener(app))));
    tauri::async_runtime::spawn(async move {
        loop {
            if let Err(e) = core.sync().await {
                tracing::info!(error = %e, "complaint sync failed");
            }
            let wait = match core.next_sync_delay() {
                Ok(Some(secs)) => Duration::from_secs(secs.max(1)).min(idle),
                _ => idle,
            };
            let _ = tokio::time::timeout(wait, sync.wake.notified()).await;
        }
    });
}

/// A draft edit from the UI (the core's [`DraftPatch`], deserializable).
#[derive(Debug, Default, Deserialize)]
pub struct DraftEdit {
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<ComplaintLocation>,
    pub anonymous: Option<bool>,
    pub confidential: Option<bool>,
}

impl From<DraftEdit> for DraftPatch {
    fn from(e: DraftEdit) -> Self {
        DraftPatch {
            category: e.category,
            title: e.title,
            description: e.description,
            location: e.location,
            anonymous: e.anonymous,
            confidential: e.confidential,
        }
    }
}

/// The draft being edited (the newest), or a new one.
#[tauri::command]
pub async fn current_draft(state: State<'_, AppState>) -> CommandResult<Draft> {
    read(&state, |core| match core.drafts()?.into_iter().next() {
        Some(d) => Ok(d),
        None => core.create_draft(),
    })
    .await
}

#[tauri::command]
pub async fn update_draft(
    state: State<'_, AppState>,
    id: String,
    patch: DraftEdit,
) -> CommandResult<Draft> {
    read(&state, move |core| core.update_draft(&id, patch.into())).await
}

#[tauri::command]
pub async fn delete_draft(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    read(&state, move |core| core.delete_draft(&id)).await
}

/// The body is the image file's raw bytes (no JSON array of numbers), the draft id
/// is in the [`DRAFT_HEADER`] header.
#[tauri::command]
pub async fn add_draft_photo(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<PhotoInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::new(pati_core::ErrorKind::InvalidInput));
    };
    let draft_id = request
        .headers()
        .get(DRAFT_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| CommandError::new(pati_core::ErrorKind::InvalidInput))?
        .to_owned();
    let bytes = bytes.clone();
    read(&state, move |core| core.add_draft_photo(&draft_id, &bytes)).await
}

#[tauri::command]
pub async fn remove_draft_photo(
    state: State<'_, AppState>,
    id: String,
    sha256: String,
) -> CommandResult<()> {
    read(&state, move |core| core.remove_draft_photo(&id, &sha256)).await
}

/// A photo's JPEG bytes, sent raw.
#[tauri::command]
pub async fn photo(state: State<'_, AppState>, sha256: String) -> CommandResult<Response> {
    let bytes = read(&state, move |core| core.photo(&sha256)).await?;
    bytes
        .map(Response::new)
        .ok_or_else(|| CommandError::new(pati_core::ErrorKind::NotFound))
}

#[tauri::command]
pub async fn submit_draft(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    id: String,
) -> CommandResult<ComplaintDetail> {
    let detail = read(&state, move |core| core.submit_draft(&id)).await?;
    sync.kick();
    Ok(detail)
}

#[tauri::command]
pub async fn my_complaints(state: State<'_, AppState>) -> CommandResult<Vec<ComplaintSummary>> {
    read(&state, |core| core.my_complaints()).await
}

#[tauri::command]
pub async fn complaint(
    state: State<'_, AppState>,
    id: String,
) -> CommandResult<Option<ComplaintDetail>> {
    read(&state, move |core| core.complaint(&id)).await
}

#[tauri::command]
pub async fn reply(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    id: String,
    text: String,
) -> CommandResult<ActionView> {
    let view = read(&state, move |core| core.reply(&id, &text)).await?;
    sync.kick();
    Ok(view)
}

#[tauri::command]
pub async fn rate(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    id: String,
    rating: u8,
    comment: String,
) -> CommandResult<ActionView> {
    let view = read(&state, move |core| core.rate(&id, rating, &comment)).await?;
    sync.kick();
    Ok(view)
}

#[tauri::command]
pub async fn reopen(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    id: String,
    reason: String,
) -> CommandResult<ActionView> {
    let view = read(&state, move |core| core.reopen(&id, &reason)).await?;
    sync.kick();
    Ok(view)
}

#[tauri::command]
pub async fn complaint_sync_state(
    state: State<'_, AppState>,
) -> CommandResult<pati_core::SyncState> {
    read(&state, |core| core.sync_state()).await
}

/// One complaint sync pass now ("refresh" in the UI).
#[tauri::command]
pub async fn sync_complaints(state: State<'_, AppState>) -> CommandResult<SyncReport> {
    Ok(state.core.sync().await?)
}

/// Public complaints like this draft (online only), to support instead of duplicating.
#[tauri::command]
pub async fn similar_complaints(
    state: State<'_, AppState>,
    id: String,
) -> CommandResult<Vec<PublicComplaintView>> {
    Ok(state.core.similar_complaints(&id).await?)
}

/// "Me too" on someone else's public complaint instead of filing a duplicate.
#[tauri::command]
pub async fn support(
    state: State<'_, AppState>,
    sync: State<'_, Arc<ComplaintSync>>,
    id: String,
) -> CommandResult<ActionView> {
    let view = read(&state, move |core| core.support(&id)).await?;
    sync.kick();
    Ok(view)
}

/// Kiosk "Selesai" and idle timeout: deletes everything of the visitor.
#[tauri::command]
pub async fn wipe_session(state: State<'_, AppState>) -> CommandResult<()> {
    read(&state, |core| core.wipe_personal_data()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_edit_keeps_other_fields_unset() {
        let e: DraftEdit = serde_json::from_str(r#"{"title":"Jalan rusak"}"#).unwrap();
        let p: DraftPatch = e.into();
        assert_eq!(p.title.as_deref(), Some("Jalan rusak"));
        assert!(p.description.is_none() && p.location.is_none() && p.anonymous.is_none());
    }
}
