//! Storage types for Open311 GeoReport v2 (`crate::open311`) and the backlog
//! figures `/metrics` reads at scrape time.

use pati_protocol::ComplaintStatus;

use super::complaints::{ComplaintRecord, EventRecord};

/// The refresh hash stored on an Open311 key's device row: not the hex SHA-256 of
/// anything, so no refresh token can ever match it.
pub const NO_REFRESH_HASH: &str = "open311-key:no-refresh-token";

/// The platform of an Open311 key's device row.
pub const OPEN311_PLATFORM: &str = "open311";

/// An API key to create. Only the key's SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOpen311Key {
    pub jurisdiction: String,
    /// UUID; also the client id of the key's device row.
    pub id: String,
    pub name: String,
    pub key_hash: String,
    pub now: i64,
}

/// A stored API key, without its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open311Key {
    pub jurisdiction: String,
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// When it last filed a request (migration 009).
    pub last_used_at: Option<i64>,
}

/// What an Open311 request carried besides the complaint itself. Recording it also
/// marks the key as used at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open311Contact {
    pub jurisdiction: String,
    pub complaint_id: String,
    pub key_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub media_url: Option<String>,
    pub now: i64,
}

/// Filters of `GET requests`. Empty lists mean "any". Confidential and rejected
/// complaints are never returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Open311Query {
    pub jurisdiction: String,
    pub tracking_numbers: Vec<String>,
    pub complaint_ids: Vec<String>,
    pub categories: Vec<String>,
    pub statuses: Vec<ComplaintStatus>,
    /// Created at or after (unix seconds).
    pub start: Option<i64>,
    /// Created at or before (unix seconds).
    pub end: Option<i64>,
    pub limit: usize,
}

/// A complaint as Open311 serves it (without events), with the request's media URL
/// when it came through Open311.
#[derive(Debug, Clone, PartialEq)]
pub struct Open311Request {
    pub record: ComplaintRecord,
    pub media_url: Option<String>,
}

/// One public timeline entry that changed or restated a status, for
/// `servicerequestupdates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open311Update {
    pub event: EventRecord,
    pub tracking_number: String,
}

/// Open complaints by status and how many are overdue, for `/metrics`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Every status with at least one complaint, with its count.
    pub by_status: Vec<(ComplaintStatus, i64)>,
    /// Complaints still owed an answer whose clock ran out.
    pub overdue: i64,
}
