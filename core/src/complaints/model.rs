//! What the shells read about the resident's complaints.

use serde::Serialize;

use crate::drafts::{ComplaintLocation, PhotoInfo};

/// Where a complaint or action is on its way to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Still being written; not submitted.
    Draft,
    /// Submitted on the device, waiting for a connection.
    Queued,
    /// Being sent now.
    Sending,
    /// The server has it (a complaint then has a tracking number).
    Sent,
    /// The server refused it for good; see the rejection. Never retried.
    Failed,
}

impl DeliveryState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Draft => "draft",
            DeliveryState::Queued => "queued",
            DeliveryState::Sending => "sending",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> DeliveryState {
        match s {
            "draft" => DeliveryState::Draft,
            "sending" => DeliveryState::Sending,
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Queued,
        }
    }
}

/// The server's workflow status (see docs/PROTOCOL.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum WorkflowStatus {
    Received,
    Verified,
    Assigned,
    InProgress,
    Resolved,
    Closed,
    Rejected,
}

impl From<pati_protocol::ComplaintStatus> for WorkflowStatus {
    fn from(s: pati_protocol::ComplaintStatus) -> Self {
        use pati_protocol::ComplaintStatus as S;
        match s {
            S::Received => WorkflowStatus::Received,
            S::Verified => WorkflowStatus::Verified,
            S::Assigned => WorkflowStatus::Assigned,
            S::InProgress => WorkflowStatus::InProgress,
            S::Resolved => WorkflowStatus::Resolved,
            S::Closed => WorkflowStatus::Closed,
            S::Rejected => WorkflowStatus::Rejected,
        }
    }
}

/// Why the server refused something. Shells show their own text by `code`;
/// `message` is the server's English text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RejectionView {
    pub code: String,
    pub field: Option<String>,
    pub message: String,
}

/// A complaint in the resident's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ComplaintSummary {
    pub id: String,
    /// Given by the server once it has the complaint.
    pub tracking_number: Option<String>,
    pub category: String,
    pub title: String,
    pub state: DeliveryState,
    /// Known once the server has sent its view.
    pub status: Option<WorkflowStatus>,
    pub overdue: bool,
    /// Unix seconds: server clock once known, device clock before.
    pub created_at: i64,
    pub updated_at: i64,
    pub rejection: Option<RejectionView>,
    /// The resident's replies, ratings... not yet confirmed by the server.
    pub pending_actions: u32,
    /// Not the resident's own: one of theirs was merged into it as a duplicate, and
    /// they follow its progress (no reply, rating or reopening).
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub following: bool,
}

/// One entry in a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TimelineEvent {
    pub id: String,
    /// Unix seconds (server clock; device clock for pending entries).
    pub at: i64,
    /// `created`, `status`, `forwarded`, `response`, `reply`, `rating`, `reopened`,
    /// `rejected`, `support`, or a newer kind shown by its text.
    pub kind: String,
    /// `resident`, `agency`, `coordinator`, `system`.
    pub actor: String,
    pub status: Option<WorkflowStatus>,
    pub agency: Option<String>,
    pub text: Option<String>,
    pub rating: Option<u8>,
    /// `Sent` for everything the server confirmed; the resident's own entries not
    /// yet confirmed are `Queued`/`Sending`, refused ones `Failed`.
    pub state: DeliveryState,
    pub rejection: Option<RejectionView>,
}

/// Everything about one complaint: the server's confirmed state with the
/// resident's pending actions on top.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ComplaintDetail {
    pub id: String,
    pub tracking_number: Option<String>,
    pub category: String,
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    pub location: ComplaintLocation,
    /// Photos kept on this device (bytes via `Core::photo`).
    pub photos: Vec<PhotoInfo>,
    /// SHA-256 of every photo the complaint names.
    pub photo_hashes: Vec<String>,
    pub anonymous: bool,
    pub confidential: bool,
    pub state: DeliveryState,
    pub status: Option<WorkflowStatus>,
    pub created_at: i64,
    pub updated_at: i64,
    pub support_count: i64,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub reopen_until: Option<i64>,
    pub rejection: Option<RejectionView>,
    pub events: Vec<TimelineEvent>,
    /// See [`ComplaintSummary::following`].
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub following: bool,
}

/// One of the resident's actions (reply, support, rating, reopen).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ActionView {
    /// The event id (UUIDv7) sent with the action.
    pub id: String,
    pub complaint_id: String,
    /// `reply`, `support`, `rating`, `reopen`.
    pub kind: String,
    pub text: Option<String>,
    pub rating: Option<u8>,
    pub state: DeliveryState,
    pub rejection: Option<RejectionView>,
    /// Unix seconds, device clock.
    pub created_at: i64,
}

/// A public complaint (no reporter identity), from the online feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PublicComplaintView {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    pub kecamatan: Option<String>,
    pub desa: Option<String>,
    pub status: WorkflowStatus,
    pub created_at: i64,
    pub support_count: i64,
}

impl From<pati_protocol::PublicComplaint> for PublicComplaintView {
    fn from(c: pati_protocol::PublicComplaint) -> Self {
        PublicComplaintView {
            id: c.id,
            tracking_number: c.tracking_number,
            category: c.category,
            agency: c.agency,
            title: c.title,
            description: c.description,
            kecamatan: c.kecamatan,
            desa: c.desa,
            status: c.status.into(),
            created_at: c.created_at,
            support_count: c.support_count,
        }
    }
}
