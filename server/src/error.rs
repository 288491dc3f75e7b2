//! Server errors: a rich internal enum, and its mapping to the stable HTTP error body
//! (`{"error": code, "message": ...}`) in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pati_protocol::ApiErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),

    #[error("postgres pool: {0}")]
    Pool(String),

    #[error("database schema {found} is newer than this server ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),

    #[error("{0}")]
    Pack(#[from] crate::pack::PackError),

    #[error("not found: {0}")]
    NotFound(String),

    #[error("already exists: {0}")]
    Conflict(String),

    #[error("password hashing: {0}")]
    Password(String),

    #[error("bad request ({code}): {message}")]
    BadRequest { code: &'static str, message: String },

    #[error("client protocol {client} is newer than this server's {server}")]
    ProtocolTooNew { client: u32, server: u32 },

    #[error("background task failed: {0}")]
    Join(String),

    #[error("{0}")]
    Config(String),
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        Error::Pool(e.to_string())
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Error::Join(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Error {
        Error::BadRequest {
            code,
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Error::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Error::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Error::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Error::ProtocolTooNew { .. } => (StatusCode::BAD_REQUEST, "protocol_too_new"),
            // Storage trouble is transient from the client's point of view: it retries.
            Error::Sqlite(_) | Error::Postgres(_) | Error::Pool(_) | Error::Join(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "the server could not complete the request; try again later".to_owned()
        } else {
            self.to_string()
        };
        let mut resp = (
            status,
            axum::Json(ApiErrorBody {
                error: code.to_owned(),
                message,
            }),
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("5"));
        }
        resp
    }
}
