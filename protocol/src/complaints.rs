//! Complaints on the wire: device accounts, the mutation push (outbox), photo
//! uploads, and the pull of a device's own complaints. See docs/PROTOCOL.md.
//!
//! Data ownership: a resident owns a draft until it is submitted. After that a
//! complaint changes only by appended events, validated by the server's state
//! machine, so there are no write-write conflicts to resolve.

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- accounts

/// `POST /api/v1/{jurisdiction}/devices`: register an installation. Idempotent per
/// `client_id` only while the device still proves it holds the earlier refresh
/// token; a second registration of a known `client_id` without it is refused
/// (`client_exists`), so nobody takes over another device's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDevice {
    /// UUID generated once per installation (and again after a kiosk wipe).
    pub client_id: String,
    /// `android`, `desktop`, `kiosk`, or another short word.
    pub platform: String,
    pub app_version: String,
}

/// `POST /api/v1/{jurisdiction}/devices/refresh`: trade a refresh token for new tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshTokens {
    pub client_id: String,
    pub refresh_token: String,
}

/// Answer to a registration or refresh. The refresh token rotates on every use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceTokens {
    pub client_id: String,
    /// Sent as `Authorization: Bearer <access_token>` on authenticated calls.
    pub access_token: String,
    /// Unix seconds (server clock). Devices refresh on 401, not by their own clock.
    pub access_expires_at: i64,
    pub refresh_token: String,
}

/// `POST /api/v1/{jurisdiction}/phone/start` (authenticated): send a one-time code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneStart {
    /// Indonesian mobile number in any common spelling (`0812…`, `+62812…`).
    pub phone: String,
}

/// Answer to [`PhoneStart`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneChallenge {
    /// The number as the server normalised it (`+62812…`).
    pub phone: String,
    /// Seconds until the code expires.
    pub expires_in: i64,
}

/// `POST /api/v1/{jurisdiction}/phone/verify` (authenticated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneVerify {
    pub phone: String,
    pub code: String,
}

/// Answer to [`PhoneVerify`]: the device now reports as this verified number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneVerified {
    pub phone: String,
}

// ---------------------------------------------------------------- push

/// Mutation names. Versioned: the server keeps handlers for old names while old
/// apps may still hold them in an offline outbox.
pub mod mutation {
    pub const COMPLAINT_CREATE_V1: &str = "complaint.create.v1";
    pub const COMPLAINT_REPLY_V1: &str = "complaint.reply.v1";
    pub const COMPLAINT_SUPPORT_V1: &str = "complaint.support.v1";
    pub const COMPLAINT_RATE_V1: &str = "complaint.rate.v1";
    pub const COMPLAINT_REOPEN_V1: &str = "complaint.reopen.v1";
}

/// `POST /api/v1/{jurisdiction}/push` (authenticated), at most
/// [`crate::limits::MAX_PUSH_MUTATIONS`] mutations and
/// [`crate::limits::MAX_PUSH_BODY_BYTES`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// Must be the client id the access token was issued to.
    pub client_id: String,
    /// Consecutive sequence numbers, ascending.
    pub mutations: Vec<Mutation>,
}

/// One outbox entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    /// Per-client sequence number, starting at 1, no gaps.
    pub seq: i64,
    /// One of [`mutation`].
    pub name: String,
    /// The mutation's arguments, e.g. [`ComplaintCreate`].
    pub args: serde_json::Value,
    /// Device clock (unix ms) when the resident acted. Information only.
    #[serde(default)]
    pub client_time: Option<i64>,
}

/// Answer to a push. The server applies mutations in order; each is applied (or
/// rejected) and its number recorded in one transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    pub protocol: u32,
    /// Highest sequence number the server has processed for this client. Every
    /// outbox entry at or below it may leave the outbox.
    pub last_seq: i64,
    /// One result per mutation of the request that was processed, in order.
    pub results: Vec<MutationResult>,
}

/// What happened to one mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResult {
    pub seq: i64,
    pub outcome: MutationOutcome,
    /// For an applied `complaint.create.v1`: the tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// For a rejection: why, as a stable code plus field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection: Option<Rejection>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationOutcome {
    /// Applied now.
    Applied,
    /// Applied by an earlier push (a replay): nothing changed.
    Duplicate,
    /// Can never succeed; stored as rejected and the number still advances.
    Rejected,
}

/// Why a mutation was refused. The same record comes back in pulls so a resident
/// sees the reason on every device state, not only in the push answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub seq: i64,
    pub mutation: String,
    /// Entity the mutation was about (complaint id), when known.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// Stable code: `invalid_field`, `unknown_category`, `unknown_complaint`,
    /// `not_allowed`, `unknown_mutation`, `rate_limited`, ...
    pub code: String,
    /// Field at fault, e.g. `title`, `location.lat`.
    #[serde(default)]
    pub field: Option<String>,
    /// English text for logs; the device shows its own localized text by `code`.
    pub message: String,
}

/// Where a complaint is. Either coordinates or a desa (or both) are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Location {
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// Area code, e.g. `33.18.01`.
    #[serde(default)]
    pub kecamatan: Option<String>,
    /// Area code, e.g. `33.18.01.2001`.
    #[serde(default)]
    pub desa: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// Args of `complaint.create.v1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintCreate {
    /// Client-generated UUIDv7; the complaint's id forever.
    pub id: String,
    /// Complaint category id from the content pack; routes to its agency.
    pub category: String,
    pub title: String,
    pub description: String,
    pub location: Location,
    /// SHA-256 (lowercase hex) of photos uploaded or still uploading, ≤ 5.
    #[serde(default)]
    pub photos: Vec<String>,
    /// "Anonim": the reporter's identity is never shown to agency roles.
    #[serde(default)]
    pub anonymous: bool,
    /// "Rahasia": the complaint never appears in any public view.
    #[serde(default)]
    pub confidential: bool,
}

/// Args of `complaint.reply.v1`: the resident writes in the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReply {
    pub complaint_id: String,
    /// Client-generated UUIDv7 of the event.
    pub event_id: String,
    pub text: String,
}

/// Args of `complaint.support.v1`: "me too" on someone's public complaint. Counted
/// once per device however often it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintSupport {
    pub complaint_id: String,
}

/// Args of `complaint.rate.v1`: the reporter rates a resolved complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRate {
    pub complaint_id: String,
    pub event_id: String,
    /// 1..=5.
    pub rating: u8,
    #[serde(default)]
    pub comment: String,
}

/// Args of `complaint.reopen.v1`: the reporter reopens a resolved complaint within
/// 10 working days of its resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintReopen {
    pub complaint_id: String,
    pub event_id: String,
    pub reason: String,
}

// ---------------------------------------------------------------- pull

/// The workflow states (docs/PROTOCOL.md has the transitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    Received,
    Verified,
    Assigned,
    InProgress,
    Resolved,
    Closed,
    Rejected,
}

impl ComplaintStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintStatus::Received => "received",
            ComplaintStatus::Verified => "verified",
            ComplaintStatus::Assigned => "assigned",
            ComplaintStatus::InProgress => "in_progress",
            ComplaintStatus::Resolved => "resolved",
            ComplaintStatus::Closed => "closed",
            ComplaintStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ComplaintStatus> {
        Some(match s {
            "received" => ComplaintStatus::Received,
            "verified" => ComplaintStatus::Verified,
            "assigned" => ComplaintStatus::Assigned,
            "in_progress" => ComplaintStatus::InProgress,
            "resolved" => ComplaintStatus::Resolved,
            "closed" => ComplaintStatus::Closed,
            "rejected" => ComplaintStatus::Rejected,
            _ => return None,
        })
    }
}

/// Who wrote an event, as the resident may see it (never an admin's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventActor {
    Resident,
    Agency,
    Coordinator,
    System,
}

/// One entry of a complaint's timeline. Internal notes never leave the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintEvent {
    pub id: String,
    /// Unix seconds, server clock.
    pub at: i64,
    /// `created`, `status`, `forwarded`, `response`, `reply`, `rating`, `reopened`,
    /// `rejected`. Readers show unknown kinds by their text only.
    pub kind: String,
    pub actor: EventActor,
    /// Status after this event, for status changes.
    #[serde(default)]
    pub status: Option<ComplaintStatus>,
    /// Agency id involved (assigned to, forwarded to, answering).
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub rating: Option<u8>,
}

/// A complaint as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    /// Agency currently responsible, once routed.
    #[serde(default)]
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    pub location: Location,
    pub photos: Vec<String>,
    pub anonymous: bool,
    pub confidential: bool,
    pub status: ComplaintStatus,
    /// Unix seconds, server clock.
    pub created_at: i64,
    pub updated_at: i64,
    pub support_count: i64,
    /// Deadline of the current service-level clock (unix seconds), if one runs.
    #[serde(default)]
    pub due_at: Option<i64>,
    #[serde(default)]
    pub overdue: bool,
    /// Until when the reporter may reopen (resolved complaints only).
    #[serde(default)]
    pub reopen_until: Option<i64>,
    pub events: Vec<ComplaintEvent>,
    /// This device did not report the complaint: one of its own was merged into it
    /// as a duplicate, so it follows the progress. Replies, ratings and reopening
    /// are the reporter's (the server refuses them from a follower).
    #[serde(default)]
    pub following: bool,
}

/// `GET /api/v1/{jurisdiction}/complaints/mine[?cursor=]` (authenticated): the
/// complaints this device reported, changed since the cursor, and the rejections
/// of its mutations. Same cursor rules as the content pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyComplaintsPage {
    pub protocol: u32,
    pub complaints: Vec<ComplaintView>,
    pub rejections: Vec<Rejection>,
    pub cursor: String,
    /// Server version the cursor stands for; never lower than one already held.
    pub version: i64,
    pub has_more: bool,
}

/// A complaint in the public feed: no reporter identity, never a confidential one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicComplaint {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    #[serde(default)]
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub kecamatan: Option<String>,
    #[serde(default)]
    pub desa: Option<String>,
    pub status: ComplaintStatus,
    pub created_at: i64,
    pub support_count: i64,
}

/// `GET /api/v1/{jurisdiction}/complaints/public[?before=<unix>&limit=]` and
/// `GET /api/v1/{jurisdiction}/complaints/similar?category=&desa=&lat=&lon=&text=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicComplaints {
    pub complaints: Vec<PublicComplaint>,
}

// ---------------------------------------------------------------- blobs

/// Headers of the resumable upload (tus-like):
/// `HEAD  /api/v1/{jurisdiction}/blobs/{sha256}` → 200 with offset and length, or 404;
/// `POST  /api/v1/{jurisdiction}/blobs/{sha256}` with `Upload-Length` → 201 (idempotent);
/// `PATCH /api/v1/{jurisdiction}/blobs/{sha256}` with `Upload-Offset` and a chunk →
/// 204 with the new offset; 409 with the server's offset on mismatch. When the last
/// byte arrives the server checks the hash and that it is an image.
pub const UPLOAD_OFFSET_HEADER: &str = "upload-offset";
pub const UPLOAD_LENGTH_HEADER: &str = "upload-length";

/// True for a lowercase hex SHA-256.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

// ---------------------------------------------------------------- errors

/// Body of `409 sequence_gap` on a push: the server's `last_seq`, so the device
/// resends from `last_seq + 1`. Nothing of the refused push was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceGapBody {
    pub error: String,
    pub message: String,
    pub last_seq: i64,
}

/// Body of `409 offset_mismatch` on an upload chunk: where the server's copy ends
/// (also in the `Upload-Offset` header). The device resumes from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadOffsetBody {
    pub error: String,
    pub message: String,
    pub offset: i64,
}

/// Stable codes of [`Rejection::code`]. Devices localize by code; unknown codes are
/// shown with a generic text.
pub mod rejection_code {
    /// A field is missing, too short or long, or malformed; `field` names it.
    pub const INVALID_FIELD: &str = "invalid_field";
    /// The category is not one of the jurisdiction's complaint categories.
    pub const UNKNOWN_CATEGORY: &str = "unknown_category";
    /// Coordinates outside the accepted area, or an unknown kecamatan/desa code.
    pub const INVALID_LOCATION: &str = "invalid_location";
    /// More than [`crate::limits::MAX_PHOTOS`] photos.
    pub const TOO_MANY_PHOTOS: &str = "too_many_photos";
    /// The complaint named does not exist in this jurisdiction.
    pub const UNKNOWN_COMPLAINT: &str = "unknown_complaint";
    /// Only the reporter (same device or same verified phone) may do this.
    pub const NOT_ALLOWED: &str = "not_allowed";
    /// The complaint's status does not allow this (e.g. rating an open complaint).
    pub const INVALID_STATE: &str = "invalid_state";
    /// The reopen window (10 working days after resolution) has passed.
    pub const REOPEN_WINDOW_CLOSED: &str = "reopen_window_closed";
    /// The complaint was already rated.
    pub const ALREADY_RATED: &str = "already_rated";
    /// The entity or event id is already taken.
    pub const DUPLICATE_ID: &str = "duplicate_id";
    /// The mutation name is not one this server knows.
    pub const UNKNOWN_MUTATION: &str = "unknown_mutation";
    /// Too many complaints without a verified phone from this device today.
    pub const RATE_LIMITED: &str = "rate_limited";
}
