//! What the shells show about sync, and the listener they register to hear it.

use serde::Serialize;

use crate::content::model::ContentSyncReport;
use crate::error::{Error, ErrorKind};

/// The last error of a sync pass, for the resident (Indonesian first) and logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncErrorInfo {
    /// `offline`, `server`, `update_required`, `invalid_response`, `invalid_input`,
    /// `not_found`, `storage` (see `ErrorKind::code`).
    pub kind: String,
    pub message_id: String,
    pub message_en: String,
    /// Technical English description for logs; no personal data.
    pub detail: String,
}

impl SyncErrorInfo {
    pub(crate) fn of(e: &Error) -> SyncErrorInfo {
        let kind = e.kind();
        let (id, en) = match (kind, e) {
            (_, Error::SequenceGap(_)) => (
                "Server tidak mengenali sebagian antrean pengaduan perangkat ini. Hubungi Diskominfo; data Anda tetap tersimpan.",
                "The server does not recognise part of this device's queue. Contact Diskominfo; your data is kept.",
            ),
            (ErrorKind::Offline, _) => (
                "Tidak ada koneksi. Pengaduan Anda tersimpan dan akan dikirim otomatis.",
                "No connection. Your complaints are saved and will be sent automatically.",
            ),
            (ErrorKind::Server, _) => (
                "Server sedang bermasalah. Akan dicoba lagi otomatis.",
                "The server has a problem. It will be retried automatically.",
            ),
            (ErrorKind::UpdateRequired, _) => (
                "Perbarui aplikasi untuk melanjutkan sinkronisasi.",
                "Update the app to keep syncing.",
            ),
            (ErrorKind::InvalidResponse, _) => (
                "Jawaban server tidak valid. Akan dicoba lagi otomatis.",
                "The server's answer was invalid. It will be retried automatically.",
            ),
            (ErrorKind::Storage, _) => (
                "Penyimpanan perangkat bermasalah (penuh?).",
                "The device's storage failed (full?).",
            ),
            (ErrorKind::InvalidInput | ErrorKind::NotFound, _) => {
                ("Sinkronisasi gagal.", "Sync failed.")
            }
        };
        SyncErrorInfo {
            kind: kind.code().into(),
            message_id: id.into(),
            message_en: en.into(),
            detail: e.to_string().chars().take(300).collect(),
        }
    }
}

/// Everything a shell needs to show sync progress and schedule the next pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncState {
    /// A pass is running now.
    pub running: bool,
    /// Outbox entries (complaints and actions) the server has not confirmed.
    pub pending_mutations: u32,
    /// Complaints and actions the server refused (shown, never retried).
    pub failed_items: u32,
    /// Photos not yet completely on the server.
    pub pending_photos: u32,
    pub photo_bytes_sent: u64,
    pub photo_bytes_total: u64,
    /// Unix seconds of the last pass that finished without error.
    pub last_success_at: Option<i64>,
    /// The last pass's error (cleared by a successful pass).
    pub last_error: Option<SyncErrorInfo>,
    /// Unix seconds before which the engine advises not to retry (backoff).
    pub next_retry_at: Option<i64>,
    /// The device has tokens from the server.
    pub registered: bool,
    /// The verified phone number, if any.
    pub phone: Option<String>,
}

/// What one sync pass did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SyncReport {
    /// Outbox entries the server confirmed (applied now or before).
    pub confirmed: u32,
    /// Outbox entries the server refused.
    pub rejected: u32,
    pub photos_uploaded: u32,
    /// Complaints whose server view changed.
    pub complaints_updated: u32,
    pub content: Option<ContentSyncReport>,
}

/// Told about every change of [`SyncState`]: pass start and end, each push batch,
/// each uploaded chunk, each queued complaint or action. Called on whatever thread
/// runs the work; never while the core holds its database lock, so it may call
/// back into the core.
#[cfg_attr(feature = "uniffi", uniffi::export(with_foreign))]
pub trait SyncListener: Send + Sync {
    fn on_sync_state(&self, state: SyncState);
}
