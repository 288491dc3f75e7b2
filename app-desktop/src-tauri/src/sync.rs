//! Background content sync and the state the UI shows about it.
//!
//! One sync runs at a time (a second request waits for the first and then runs
//! again, so "sync now" always reflects the latest server). Every change of
//! [`SyncState`] is emitted to the UI as the [`SYNC_EVENT`] event.

use std::sync::{Arc, Mutex};

use pati_core::{ContentSyncReport, Core, ErrorKind};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use crate::config::RETRY_INTERVAL;
use crate::error::CommandError;

/// Event name carrying a [`SyncState`].
pub const SYNC_EVENT: &str = "sync://state";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// No sync attempted yet in this run of the app.
    Idle,
    Syncing,
    /// The last attempt succeeded.
    Done,
    /// The last attempt failed; see `last_error`.
    Failed,
}

/// What the UI needs to show the connection and freshness indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncState {
    pub phase: SyncPhase,
    /// `None` until the first attempt answers; then whether the server was reached.
    pub online: Option<bool>,
    /// Unix seconds of the last successful content sync (also from earlier runs).
    pub last_sync_at: Option<i64>,
    pub last_error: Option<CommandError>,
    pub last_report: Option<ContentSyncReport>,
    /// Cached content, so the UI knows whether there is anything to show offline.
    pub services: u32,
    pub news: u32,
}

impl SyncState {
    fn initial(core: &Core) -> SyncState {
        let mut s = SyncState {
            phase: SyncPhase::Idle,
            online: None,
            last_sync_at: None,
            last_error: None,
            last_report: None,
            services: 0,
            news: 0,
        };
        s.refresh_counts(core);
        s
    }

    fn refresh_counts(&mut self, core: &Core) {
        match core.content_status() {
            Ok(st) => {
                self.last_sync_at = st.last_sync_at;
                self.services = st.services;
                self.news = st.news;
            }
            Err(e) => tracing::warn!(error = %e, "content status unavailable"),
        }
    }

    /// Applies the outcome of one attempt.
    pub fn finish(&mut self, outcome: &Result<ContentSyncReport, pati_core::Error>) {
        match outcome {
            Ok(report) => {
                self.phase = SyncPhase::Done;
                self.online = Some(true);
                self.last_error = None;
                self.last_report = Some(report.clone());
            }
            Err(e) => {
                self.phase = SyncPhase::Failed;
                // Any answer from the server means we are online, even a refusal.
                self.online = Some(e.kind() != ErrorKind::Offline);
                self.last_error = Some(CommandError::new(e.kind()));
            }
        }
    }
}

pub struct SyncHub {
    running: tokio::sync::Mutex<()>,
    state: Mutex<SyncState>,
}

impl SyncHub {
    pub fn new(core: &Core) -> SyncHub {
        SyncHub {
            running: tokio::sync::Mutex::new(()),
            state: Mutex::new(SyncState::initial(core)),
        }
    }

    pub fn state(&self) -> SyncState {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn update<R: Runtime>(&self, app: &AppHandle<R>, f: impl FnOnce(&mut SyncState)) {
        let snapshot = {
            let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut s);
            s.clone()
        };
        if let Err(e) = app.emit(SYNC_EVENT, snapshot) {
            tracing::warn!(error = %e, "cannot emit sync state");
        }
    }

    /// Runs one content sync and reports it through events.
    pub async fn sync_once<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        core: &Core,
    ) -> Result<ContentSyncReport, CommandError> {
        let _running = self.running.lock().await;
        self.update(app, |s| s.phase = SyncPhase::Syncing);
        let started = std::time::Instant::now();
        let outcome = core.sync_content().await;
        match &outcome {
            Ok(r) => tracing::info!(
                applied = r.applied,
                removed = r.removed,
                pages = r.pages,
                ms = started.elapsed().as_millis() as u64,
                "content sync done"
            ),
            Err(e) => tracing::info!(error = %e, "content sync failed"),
        }
        self.update(app, |s| {
            s.finish(&outcome);
            s.refresh_counts(core);
        });
        outcome.map_err(CommandError::from)
    }
}

/// Syncs at start, then every `interval` (sooner after a failure), for the life of the app.
pub fn spawn_background<R: Runtime>(
    app: AppHandle<R>,
    core: Arc<Core>,
    hub: Arc<SyncHub>,
    interval: std::time::Duration,
) {
    tauri::async_runtime::spawn(async move {
        prepare_search(&core);
        loop {
            let outcome = hub.sync_once(&app, &core).await;
            if matches!(&outcome, Ok(r) if r.applied + r.removed > 0) {
                prepare_search(&core);
            }
            let ok = outcome.is_ok();
            let wait = if ok {
                interval
            } else {
                RETRY_INTERVAL.min(interval)
            };
            tokio::time::sleep(wait).await;
        }
    });
}

/// Builds the search index for the cached content in the background (its own
/// store connection), so the resident's first keystroke does not wait for it.
fn prepare_search(core: &Arc<Core>) {
    let core = core.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = core.prepare_search() {
            tracing::warn!(error = %e, "cannot build the search index ahead");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank() -> SyncState {
        SyncState {
            phase: SyncPhase::Idle,
            online: None,
            last_sync_at: None,
            last_error: None,
            last_report: None,
            services: 0,
            news: 0,
        }
    }

    #[test]
    fn offline_failure_marks_offline() {
        let mut s = blank();
        s.finish(&Err(pati_core::Error::Network("refused".into())));
        assert_eq!(s.phase, SyncPhase::Failed);
        assert_eq!(s.online, Some(false));
        assert_eq!(s.last_error.as_ref().unwrap().kind, "offline");
    }

    #[test]
    fn server_refusal_is_still_online() {
        let mut s = blank();
        s.finish(&Err(pati_core::Error::Server {
            status: 500,
            code: "internal".into(),
            message: "boom".into(),
        }));
        assert_eq!(s.online, Some(true));
        assert_eq!(s.last_error.as_ref().unwrap().kind, "server");
    }

    #[test]
    fn success_clears_the_error() {
        let mut s = blank();
        s.finish(&Err(pati_core::Error::Network("x".into())));
        s.finish(&Ok(ContentSyncReport {
            applied: 3,
            removed: 0,
            pages: 1,
            reset: false,
        }));
        assert_eq!(s.phase, SyncPhase::Done);
        assert_eq!(s.online, Some(true));
        assert!(s.last_error.is_none());
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["phase"], "done");
        assert_eq!(json["last_report"]["applied"], 3);
    }
}
