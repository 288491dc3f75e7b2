//! Sync messages. See docs/PROTOCOL.md for the rules behind them.

use serde::{Deserialize, Serialize};

use crate::content::{ContentItem, ContentKind};

/// One change in a content pull: an upsert carrying the item, or a tombstone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentChange {
    /// Server version of this change; strictly increasing within a jurisdiction.
    pub version: i64,
    pub kind: ContentKind,
    pub key: String,
    /// `None` is a tombstone: the item was removed.
    #[serde(default)]
    pub item: Option<ContentItem>,
}

/// Answer to `GET /api/v1/{jurisdiction}/content?cursor=...`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentPage {
    pub protocol: u32,
    pub jurisdiction: String,
    pub changes: Vec<ContentChange>,
    /// Opaque to the device: store it and send it back on the next pull.
    pub cursor: String,
    /// The content version `cursor` stands for. A device never applies a page whose
    /// version is lower than the one it already has (a stale, late response).
    pub version: i64,
    /// More changes are waiting: pull again at once with the new cursor.
    pub has_more: bool,
    /// The device's cursor is older than the tombstone horizon (or unknown):
    /// this page starts from scratch and the device must replace its content.
    #[serde(default)]
    pub reset: bool,
}

/// Answer to `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub protocol: u32,
    pub storage: String,
    pub version: String,
}

/// One jurisdiction the server hosts, from `GET /api/v1/jurisdictions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurisdictionSummary {
    pub id: String,
    pub code: String,
    pub name: String,
}

/// The stable error body of every failed API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// Machine-readable code, e.g. `not_found`, `protocol_too_new`, `invalid_cursor`.
    pub error: String,
    /// Human-readable English description, no personal data.
    pub message: String,
}
