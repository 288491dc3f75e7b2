//! The one public error of the bindings.

use pati_core::ErrorKind;

/// What went wrong, in classes the app can act on. Kotlin sees it as the sealed
/// class `PatiException` with one subclass per variant; `message` carries the core's
/// description (for logs, never shown verbatim to residents).
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum PatiError {
    /// No connection or the server is unreachable: retry later, nothing is lost.
    #[error("{0}")]
    Offline(String),
    /// The server refused or failed the request.
    #[error("{0}")]
    Server(String),
    /// The app must be updated to talk to this server or open this database.
    #[error("{0}")]
    UpdateRequired(String),
    /// The server sent something the app refuses; local data is unchanged.
    #[error("{0}")]
    InvalidResponse(String),
    /// The caller passed something invalid.
    #[error("{0}")]
    InvalidInput(String),
    /// A draft (or a reply, rating, reopen reason) fails validation; the form shows
    /// the field errors the core lists on the draft (`Draft.problems`).
    #[error("{0}")]
    Validation(String),
    /// The device refuses a photo. The message is the stable problem code:
    /// `not_an_image`, `unsupported_format`, `too_many_pixels`, `file_too_large`,
    /// `corrupt` (the app shows its own text for each).
    #[error("{0}")]
    PhotoRefused(String),
    #[error("{0}")]
    NotFound(String),
    /// Local storage failed (disk full, corrupt file).
    #[error("{0}")]
    Storage(String),
}

impl From<pati_core::Error> for PatiError {
    fn from(e: pati_core::Error) -> Self {
        // The two details the form needs come before the coarse kind.
        if let Some(problem) = e.photo_problem() {
            return PatiError::PhotoRefused(problem.code().to_string());
        }
        if !e.field_errors().is_empty() {
            return PatiError::Validation(e.to_string());
        }
        let message = e.to_string();
        match e.kind() {
            ErrorKind::Offline => PatiError::Offline(message),
            ErrorKind::Server => PatiError::Server(message),
            ErrorKind::UpdateRequired => PatiError::UpdateRequired(message),
            ErrorKind::InvalidResponse => PatiError::InvalidResponse(message),
            ErrorKind::InvalidInput => PatiError::InvalidInput(message),
            ErrorKind::NotFound => PatiError::NotFound(message),
            ErrorKind::Storage => PatiError::Storage(message),
        }
    }
}

pub(crate) type Result<T, E = PatiError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_by_kind_and_keeps_the_message() {
        let e: PatiError = pati_core::Error::Network("connection refused".into()).into();
        assert!(matches!(&e, PatiError::Offline(m) if m.contains("connection refused")));
        let e: PatiError = pati_core::Error::SchemaTooNew {
            found: 9,
            supported: 1,
        }
        .into();
        assert!(matches!(e, PatiError::UpdateRequired(_)));
        let e: PatiError = pati_core::Error::NotFound("service x".into()).into();
        assert!(matches!(e, PatiError::NotFound(_)));
    }
}
