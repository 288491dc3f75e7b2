//! The core's internal error. Shells never match on the details: the FFI layer and the
//! desktop shell map it to their small, stable enums through [`Error::kind`].
//!
//! Complaint work added [`Error::Validation`] (field-level errors the form shows
//! next to each field, see [`Error::field_errors`]), [`Error::Photo`] (a photo the
//! device refuses), [`Error::Rejected`] and [`Error::SequenceGap`]. They map onto the
//! existing [`ErrorKind`]s so the shells' exhaustive matches keep compiling; a shell
//! that wants the details calls [`Error::field_errors`] or [`Error::photo_problem`].

use crate::drafts::photos::PhotoProblem;
use crate::drafts::FieldError;

/// Everything that can go wrong inside the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("the local database was written by a newer app (schema {found}, this app knows {supported})")]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("network error: {0}")]
    Network(String),

    #[error("server answered HTTP {status} ({code}): {message}")]
    Server {
        status: u16,
        code: String,
        message: String,
    },

    #[error("server speaks protocol {server}, this app speaks {ours}: update the app")]
    ProtocolTooNew { server: u32, ours: u32 },

    #[error("invalid server response: {0}")]
    InvalidResponse(String),

    #[error("invalid input: {0}")]
    InvalidInput(String),

    #[error("not found: {0}")]
    NotFound(String),

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),

    /// A file next to the database (a kiosk handover) could not be written or read.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),

    /// A draft (or an action's text) fails validation; one entry per field.
    #[error("invalid complaint: {}", summary(.0))]
    Validation(Vec<FieldError>),

    /// A photo the device will not accept.
    #[error("photo refused ({}): {message}", .problem.code())]
    Photo {
        problem: PhotoProblem,
        message: String,
    },

    /// The server refused a mutation for good (stored on the complaint as `failed`).
    #[error("refused by the server ({code}): {message}")]
    Rejected {
        code: String,
        field: Option<String>,
        message: String,
    },

    /// The server's record of this device's outbox does not continue where the
    /// device's does: entries are kept, nothing is sent until this is resolved.
    #[error("the server expects outbox entries this device no longer has: {0}")]
    SequenceGap(String),

    /// Internal: the access token was refused; the engine refreshes and retries.
    #[error("not authorized: {0}")]
    Unauthorized(String),

    /// A kiosk wipe happened while a sync pass was running; the pass stopped
    /// without writing anything more.
    #[error("sync interrupted by a wipe of personal data")]
    Interrupted,
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} {}", e.field, e.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Coarse classes of [`Error`] for the shells: what to tell the resident and whether
/// retrying later can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No connection or the server is unreachable: retry later, nothing is lost.
    Offline,
    /// The server refused or failed the request.
    Server,
    /// The app must be updated to talk to this server or open this database.
    UpdateRequired,
    /// The server sent something the app refuses; the local data is unchanged.
    InvalidResponse,
    /// The caller passed something invalid (field errors: [`Error::field_errors`]).
    InvalidInput,
    NotFound,
    /// Local storage failed (disk full, corrupt file).
    Storage,
}

impl ErrorKind {
    /// Stable lowercase code (stored as the last sync error, sent to the shells).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Offline => "offline",
            ErrorKind::Server => "server",
            ErrorKind::UpdateRequired => "update_required",
            ErrorKind::InvalidResponse => "invalid_response",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Storage => "storage",
        }
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Sqlite(_) | Error::Corrupt(_) | Error::Io(_) => ErrorKind::Storage,
            Error::SchemaTooNew { .. } | Error::ProtocolTooNew { .. } => ErrorKind::UpdateRequired,
            Error::Network(_) | Error::Interrupted => ErrorKind::Offline,
            Error::Server { .. }
            | Error::Rejected { .. }
            | Error::SequenceGap(_)
            | Error::Unauthorized(_) => ErrorKind::Server,
            Error::InvalidResponse(_) => ErrorKind::InvalidResponse,
            Error::InvalidInput(_) | Error::Validation(_) | Error::Photo { .. } => {
                ErrorKind::InvalidInput
            }
            Error::NotFound(_) => ErrorKind::NotFound,
        }
    }

    /// The field errors of a [`Error::Validation`]; empty for any other error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Validation(errors) => errors,
            _ => &[],
        }
    }

    /// What was wrong with a refused photo.
    pub fn photo_problem(&self) -> Option<PhotoProblem> {
        match self {
            Error::Photo { problem, .. } => Some(*problem),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
