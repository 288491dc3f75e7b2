//! What a failed command sends to the UI: `{kind, message}`, plus `fields` when the
//! input was refused field by field.
//!
//! `kind` is a stable snake_case string the UI translates; `message` is a short
//! English sentence for logs and developers; `fields` are the core's fixed per-field
//! texts (e.g. "wrong or expired code" next to the code input). None of them carries
//! personal data or details of the device (paths, URLs): those go to the log only.

use pati_core::ErrorKind;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
}

/// One refused field and what the resident should read next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub code: String,
    pub message_id: String,
    pub message_en: String,
}

pub type CommandResult<T> = Result<T, CommandError>;

impl CommandError {
    pub fn new(kind: ErrorKind) -> CommandError {
        let (kind, message) = describe(kind);
        CommandError {
            kind,
            message: message.to_owned(),
            fields: Vec::new(),
        }
    }
}

/// The one place core errors become UI errors.
pub fn describe(kind: ErrorKind) -> (&'static str, &'static str) {
    match kind {
        ErrorKind::Offline => (
            "offline",
            "The server cannot be reached; showing saved content.",
        ),
        ErrorKind::Server => ("server", "The server could not complete the request."),
        ErrorKind::UpdateRequired => (
            "update_required",
            "This version of the app is too old for the server or its data.",
        ),
        ErrorKind::InvalidResponse => (
            "invalid_response",
            "The server sent data the app does not accept.",
        ),
        ErrorKind::InvalidInput => ("invalid_input", "The request was not valid."),
        ErrorKind::NotFound => ("not_found", "The item was not found."),
        ErrorKind::Storage => ("storage", "The local storage failed."),
    }
}

impl From<pati_core::Error> for CommandError {
    fn from(e: pati_core::Error) -> Self {
        // The detail may name paths or addresses: log it, never send it to the UI.
        tracing::warn!(error = %e, "command failed");
        let mut out = CommandError::new(e.kind());
        out.fields = e
            .field_errors()
            .iter()
            .map(|f| FieldMessage {
                field: f.field.clone(),
                code: f.code.clone(),
                message_id: f.message_id.clone(),
                message_en: f.message_en.clone(),
            })
            .collect();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_kind_and_message_only() {
        let e: CommandError =
            pati_core::Error::Network("connect to 10.1.2.3 failed for /home/siti".into()).into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "offline");
        assert_eq!(json.as_object().unwrap().len(), 2);
        let text = json.to_string();
        assert!(
            !text.contains("10.1.2.3") && !text.contains("siti"),
            "{text}"
        );
    }

    #[test]
    fn a_refused_field_travels_with_its_fixed_texts() {
        let e: CommandError = pati_core::Error::Validation(vec![pati_core::FieldError {
            field: "code".into(),
            code: "otp_invalid".into(),
            message_id: "Kode verifikasi salah atau kedaluwarsa.".into(),
            message_en: "Wrong or expired verification code.".into(),
        }])
        .into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "invalid_input");
        assert_eq!(json["fields"][0]["field"], "code");
        assert_eq!(json["fields"][0]["code"], "otp_invalid");
        assert_eq!(
            json["fields"][0]["message_en"],
            "Wrong or expired verification code."
        );
    }

    #[test]
    fn every_kind_has_a_distinct_name() {
        let kinds = [
            ErrorKind::Offline,
            ErrorKind::Server,
            ErrorKind::UpdateRequired,
            ErrorKind::InvalidResponse,
            ErrorKind::InvalidInput,
            ErrorKind::NotFound,
            ErrorKind::Storage,
        ];
        let names: std::collections::HashSet<_> = kinds.iter().map(|k| describe(*k).0).collect();
        assert_eq!(names.len(), kinds.len());
    }
}
