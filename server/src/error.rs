//! Server errors: a rich internal enum, and its mapping to the stable HTTP error body
//! (`{"error": code, "message": ...}`) in one place.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pati_protocol::{ApiErrorBody, SequenceGapBody, UploadOffsetBody};

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

    /// A refusal with its own status and stable code (401, 403, 409, 413, 422, 429...).
    #[error("{message}")]
    Api {
        status: StatusCode,
        code: &'static str,
        message: String,
    },

    /// A push whose first new mutation is past `last_seq + 1`: nothing was applied.
    #[error("the server has processed mutations up to {last_seq}; send {} next", last_seq + 1)]
    SequenceGap { last_seq: i64 },

    /// An upload chunk that does not start where the server's copy ends.
    #[error("the upload is at offset {offset}")]
    UploadOffset { offset: i64 },

    #[error("blob store: {0}")]
    Blob(String),

    #[error("{0}")]
    Workflow(#[from] crate::workflow::WorkflowError),
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

    pub fn api(status: StatusCode, code: &'static str, message: impl Into<String>) -> Error {
        Error::Api {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Error {
        Error::api(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// The refresh token is not (or no longer) this client's. Distinct from a bare
    /// 401 so a device drops its identity only on this answer from a real server,
    /// never on a proxy's or captive portal's 401.
    pub fn refresh_refused(message: impl Into<String>) -> Error {
        Error::api(StatusCode::UNAUTHORIZED, "refresh_refused", message)
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Error {
        Error::api(StatusCode::FORBIDDEN, code, message)
    }

    pub fn rate_limited(message: impl Into<String>) -> Error {
        Error::api(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
    }

    /// The stable code of this error, as the HTTP body carries it.
    pub fn code(&self) -> &'static str {
        self.status_and_code().1
    }

    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Error::Api { status, code, .. } => (*status, code),
            Error::SequenceGap { .. } => (StatusCode::CONFLICT, "sequence_gap"),
            Error::UploadOffset { .. } => (StatusCode::CONFLICT, "offset_mismatch"),
            Error::Blob(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Error::Workflow(e) => match e {
                crate::workflow::WorkflowError::Forbidden(_) => {
                    (StatusCode::FORBIDDEN, "forbidden")
                }
                crate::workflow::WorkflowError::Invalid { .. } => {
                    (StatusCode::BAD_REQUEST, "invalid_field")
                }
                other => (StatusCode::CONFLICT, other.rejection_code()),
            },
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
        let mut resp = match &self {
            Error::SequenceGap { last_seq } => (
                status,
                axum::Json(SequenceGapBody {
                    error: code.to_owned(),
                    message,
                    last_seq: *last_seq,
                }),
            )
                .into_response(),
            Error::UploadOffset { offset } => {
                let mut r = (
                    status,
                    axum::Json(UploadOffsetBody {
                        error: code.to_owned(),
                        message,
                        offset: *offset,
                    }),
                )
                    .into_response();
                r.headers_mut().insert(
                    pati_protocol::UPLOAD_OFFSET_HEADER,
                    axum::http::HeaderValue::from(*offset),
                );
                r
            }
            _ => (
                status,
                axum::Json(ApiErrorBody {
                    error: code.to_owned(),
                    message,
                }),
            )
                .into_response(),
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("5"));
        } else if status == StatusCode::TOO_MANY_REQUESTS {
            resp.headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("60"));
        }
        resp
    }
}
