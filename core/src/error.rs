//! The core's internal error. Shells never match on the details: the FFI layer and the
//! desktop shell map it to their small, stable enums through [`Error::kind`].

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
    /// The caller passed something invalid.
    InvalidInput,
    NotFound,
    /// Local storage failed (disk full, corrupt file).
    Storage,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Sqlite(_) | Error::Corrupt(_) => ErrorKind::Storage,
            Error::SchemaTooNew { .. } | Error::ProtocolTooNew { .. } => ErrorKind::UpdateRequired,
            Error::Network(_) => ErrorKind::Offline,
            Error::Server { .. } => ErrorKind::Server,
            Error::InvalidResponse(_) => ErrorKind::InvalidResponse,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::NotFound(_) => ErrorKind::NotFound,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
