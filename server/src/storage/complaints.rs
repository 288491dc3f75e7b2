//! Storage types for devices, complaints and uploads, and the backend-neutral
//! steps both implementations share (turning a plan into rows with versions,
//! cutting pages), so SQLite and PostgreSQL differ only in SQL.

use std::sync::Arc;

use pati_protocol::{
    ComplaintStatus, Location, Mutation, MutationOutcome, MutationResult, Rejection,
};

use crate::complaints::plan::PushPlan;
pub use crate::complaints::{ComplaintRecord, EventRecord, NewComplaint, PhotoRef};
use crate::error::{Error, Result};
pub use crate::workflow::Calendar;
use crate::workflow::{self, Action, Actor};

use super::NewAuditEntry;

/// A device to register, with the hashes of its first tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    pub jurisdiction: String,
    pub client_id: String,
    pub platform: String,
    pub app_version: String,
    pub refresh_hash: String,
    pub access_hash: String,
    pub access_expires_at: i64,
    pub now: i64,
}

/// A refresh-token rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRefresh {
    pub jurisdiction: String,
    pub client_id: String,
    pub presented_hash: String,
    pub new_refresh_hash: String,
    pub access_hash: String,
    pub access_expires_at: i64,
    pub now: i64,
}

/// The device behind a valid access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAuth {
    pub jurisdiction: String,
    pub client_id: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenLookup {
    Valid(DeviceAuth),
    Expired,
    Unknown,
}

/// A device as stored (without secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub client_id: String,
    pub platform: String,
    pub app_version: String,
    pub last_seq: i64,
    pub phone: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPhoneChallenge {
    pub jurisdiction: String,
    pub client_id: String,
    pub phone: String,
    pub salt: String,
    pub code_hash: String,
    pub expires_at: i64,
    pub now: i64,
}

/// How a one-time code check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneCheck {
    Verified,
    /// Wrong code; this many tries are left (0: the challenge is dead).
    Wrong {
        remaining: i64,
    },
    /// No challenge for this device and phone (never started, or already used).
    NoChallenge,
    Expired,
    /// The tries were used up earlier.
    TooManyAttempts,
}

/// SHA-256 of salt and code, hex: what a challenge keeps of its code.
pub fn otp_hash(salt: &str, code: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b":");
    h.update(code.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One push to apply.
#[derive(Debug, Clone)]
pub struct PushInput {
    pub jurisdiction: String,
    pub client_id: String,
    /// Ascending, consecutive (checked by the caller).
    pub mutations: Vec<Mutation>,
    pub now: i64,
    pub anonymous_per_day: i64,
    pub calendar: Arc<Calendar>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// The first new mutation is past `last_seq + 1`; nothing changed.
    Gap { last_seq: i64 },
    Done {
        last_seq: i64,
        results: Vec<MutationResult>,
    },
}

/// One page of a device's own complaints and rejections.
#[derive(Debug, Clone, PartialEq)]
pub struct MinePage {
    /// With photos and events (internal notes included: the API filters).
    pub complaints: Vec<ComplaintRecord>,
    pub rejections: Vec<Rejection>,
    pub version: i64,
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimilarQuery {
    pub jurisdiction: String,
    pub category: String,
    pub desa: Option<String>,
    /// `(lat_min, lat_max, lon_min, lon_max)`.
    pub bbox: Option<(f64, f64, f64, f64)>,
    pub limit: usize,
}

/// The console's list filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminFilter {
    pub status: Option<ComplaintStatus>,
    pub agency: Option<String>,
    /// Complaint category id.
    pub category: Option<String>,
    /// Kecamatan code.
    pub kecamatan: Option<String>,
    /// Only complaints whose clock ran out by this time.
    pub overdue_at: Option<i64>,
    /// Words in the title, description or tracking number.
    pub q: Option<String>,
    /// Agency admins see only complaints assigned to their agency (assigned or later).
    pub assigned_only: bool,
    pub limit: usize,
    pub offset: usize,
}

/// Which complaints the dashboard counts: filed in `[from, to)`, optionally of one
/// agency (the agency currently responsible).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactsQuery {
    pub from: i64,
    pub to: i64,
    pub agency: Option<String>,
}

/// One complaint reduced to what the dashboard needs: its current state and the
/// times of the first event of each kind that stops an SLA clock. Read from the
/// complaint's own columns (migration 007, see [`EventFacts`]), so the dashboard
/// never loads timelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintFacts {
    pub created_at: i64,
    pub category: String,
    pub agency: Option<String>,
    pub kecamatan: Option<String>,
    pub status: ComplaintStatus,
    pub due_at: Option<i64>,
    /// First assignment to an agency (by the koordinator, or a forward).
    pub assigned_at: Option<i64>,
    pub rejected_at: Option<i64>,
    /// First follow-up the resident sees: an answer, or in progress / resolved.
    pub followed_up_at: Option<i64>,
    /// First time it was resolved.
    pub resolved_at: Option<i64>,
    /// How many ratings of 1..=5 stars it received (a reopened complaint can be
    /// rated again).
    pub ratings: [i64; 5],
    /// Its device's platform word when it was filed (migration 010): `android`,
    /// `desktop`, `kiosk`, `open311`; `None` when unknown.
    pub channel: Option<String>,
}

/// What one event changes in the dashboard's facts columns of its complaint
/// (migration 007): each clock-stopping time is the first such event's, ratings are
/// counted. Written by the same transaction that appends the event, on both
/// backends; the definitions are those of the migration's backfill and of
/// `console::dashboard::facts_of` (which reads them off a loaded timeline, and the
/// tests compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EventFacts {
    pub assigned_at: Option<i64>,
    pub rejected_at: Option<i64>,
    pub followed_up_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// One for the event's star rating, zero elsewhere.
    pub ratings: [i64; 5],
}

impl EventFacts {
    /// `None` for an event that stops no clock and carries no rating (most do not).
    pub(crate) fn of(e: &EventRecord) -> Option<EventFacts> {
        use pati_protocol::EventActor as A;
        use ComplaintStatus as S;
        let when = |stops: bool| stops.then_some(e.at);
        let mut ratings = [0i64; 5];
        if e.kind == "rating" {
            if let Some(r @ 1..=5) = e.rating {
                ratings[usize::from(r) - 1] = 1;
            }
        }
        let f = EventFacts {
            assigned_at: when(
                matches!(e.kind.as_str(), "status" | "forwarded") && e.status == Some(S::Assigned),
            ),
            // A merge closes a duplicate as rejected: it ends the triage like a rejection.
            rejected_at: when(matches!(e.kind.as_str(), "rejected" | "merged")),
            followed_up_at: when(
                !e.internal
                    && matches!(e.actor, A::Agency | A::Coordinator)
                    && (e.kind == "response"
                        || (e.kind == "status"
                            && matches!(e.status, Some(S::InProgress | S::Resolved)))),
            ),
            resolved_at: when(e.kind == "status" && e.status == Some(S::Resolved)),
            ratings,
        };
        let none = f.assigned_at.is_none()
            && f.rejected_at.is_none()
            && f.followed_up_at.is_none()
            && f.resolved_at.is_none()
            && f.ratings == [0; 5];
        (!none).then_some(f)
    }
}

/// The statement that folds one [`EventFacts`] into its complaint's row, with the
/// backend's placeholders: `jurisdiction, id, assigned_at, rejected_at,
/// followed_up_at, resolved_at, r1..r5` (a time keeps the earliest, a rating adds).
pub(crate) fn facts_update_sql(p: [&str; 11]) -> String {
    let [j, id, a, rj, f, rs, r1, r2, r3, r4, r5] = p;
    let first = |col: &str, v: &str| {
        format!(
            "{col} = CASE WHEN {v} IS NOT NULL AND ({col} IS NULL OR {v} < {col}) THEN {v} ELSE {col} END"
        )
    };
    format!(
        "UPDATE complaint SET {}, {}, {}, {},
             rating1 = rating1 + {r1}, rating2 = rating2 + {r2}, rating3 = rating3 + {r3},
             rating4 = rating4 + {r4}, rating5 = rating5 + {r5}
         WHERE jurisdiction = {j} AND id = {id}",
        first("first_assigned_at", a),
        first("first_rejected_at", rj),
        first("first_followed_up_at", f),
        first("first_resolved_at", rs),
    )
}

/// The query for [`ComplaintFacts`] (parameters `jurisdiction, from, to, agency`):
/// one index range scan over the period's complaints, no join (the clock-stopping
/// times and ratings are columns since migration 007).
pub(crate) fn facts_sql(p: [&str; 4]) -> String {
    let [j, from, to, agency] = p;
    format!(
        "SELECT created_at, category, agency, kecamatan, status, due_at,
                first_assigned_at, first_rejected_at, first_followed_up_at, first_resolved_at,
                rating1, rating2, rating3, rating4, rating5, channel
         FROM complaint
         WHERE jurisdiction = {j} AND created_at >= {from} AND created_at < {to}
           AND ({agency} IS NULL OR agency = {agency})"
    )
}

/// The `UNION` branch of the "mine" pull that adds the complaints the device
/// follows (migration 008): those into which a complaint it reported (by device or
/// verified phone, as for its own) was merged. Parameters `jurisdiction, client_id,
/// phone, since`.
pub(crate) fn followed_sql(p: [&str; 4]) -> String {
    let [j, client, phone, since] = p;
    format!(
        "SELECT {COMPLAINT_COLUMNS} FROM complaint
         WHERE jurisdiction = {j} AND version > {since} AND id IN (
           SELECT f.complaint_id FROM complaint r
           JOIN complaint_follower f ON f.jurisdiction = r.jurisdiction AND f.follower_id = r.id
           WHERE r.jurisdiction = {j} AND (r.reporter_device = {client} OR r.reporter_phone = {phone}))"
    )
}

/// A console action to apply.
#[derive(Debug, Clone)]
pub struct StaffAction {
    pub jurisdiction: String,
    pub complaint_id: String,
    pub actor: Actor,
    /// Console username, kept on the event for the console only.
    pub actor_name: String,
    pub action: Action,
    pub now: i64,
    pub calendar: Arc<Calendar>,
    /// Written in the same transaction when the action is applied.
    pub audit: NewAuditEntry,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ActionResult {
    pub state: workflow::State,
    pub event: EventRecord,
    pub version: i64,
}

/// Where an upload stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadState {
    Missing,
    Partial { length: i64, offset: i64 },
    Complete { length: i64 },
}

/// A stored, verified photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    pub jurisdiction: String,
    pub sha256: String,
    pub length: i64,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub created_at: i64,
}

/// Rows to write for a plan, with versions and tracking numbers assigned.
pub(crate) struct Numbered<'p> {
    pub plan: &'p PushPlan,
    /// Version of each create, in order.
    pub create_versions: Vec<i64>,
    pub tracking: Vec<String>,
    /// Version of each touched complaint, in order of `plan.touched`.
    pub touched_versions: Vec<i64>,
    pub rejection_versions: Vec<i64>,
}

impl PushPlan {
    /// How many versions and tracking numbers the plan needs.
    pub(crate) fn needs(&self) -> (i64, i64) {
        let versions = self.creates.len() + self.touched.len() + self.rejections.len();
        (versions as i64, self.creates.len() as i64)
    }
}

/// Spreads the versions `(last_version - n, last_version]` and tracking numbers
/// `(last_tracking - c, last_tracking]` over the plan.
pub(crate) fn number<'p>(
    plan: &'p PushPlan,
    jurisdiction: &str,
    now: i64,
    last_version: i64,
    last_tracking: i64,
) -> Numbered<'p> {
    let (n, c) = plan.needs();
    let mut v = last_version - n;
    let mut next = || {
        v += 1;
        v
    };
    let create_versions = plan.creates.iter().map(|_| next()).collect();
    let touched_versions = plan.touched.iter().map(|_| next()).collect();
    let rejection_versions = plan.rejections.iter().map(|_| next()).collect();
    let tracking = (0..c)
        .map(|i| crate::complaints::tracking_number(jurisdiction, now, last_tracking - c + 1 + i))
        .collect();
    Numbered {
        plan,
        create_versions,
        tracking,
        touched_versions,
        rejection_versions,
    }
}

/// The answer for each processed mutation: duplicates first, then the plan's.
pub(crate) fn results(duplicates: &[i64], numbered: Option<&Numbered<'_>>) -> Vec<MutationResult> {
    let mut out: Vec<MutationResult> = duplicates
        .iter()
        .map(|&seq| MutationResult {
            seq,
            outcome: MutationOutcome::Duplicate,
            tracking_number: None,
            rejection: None,
        })
        .collect();
    if let Some(n) = numbered {
        out.extend(n.plan.results.iter().map(|p| MutationResult {
            seq: p.seq,
            outcome: p.outcome,
            tracking_number: p.create.and_then(|i| n.tracking.get(i).cloned()),
            rejection: p.rejection.clone(),
        }));
    }
    out
}

/// Splits a push into replays (seq ≤ last_seq) and new mutations; `Err(Gap)` when
/// the first new one does not follow `last_seq`.
pub(crate) fn split_push(
    mutations: Vec<Mutation>,
    last_seq: i64,
) -> std::result::Result<(Vec<i64>, Vec<Mutation>), PushOutcome> {
    let (old, new): (Vec<_>, Vec<_>) = mutations.into_iter().partition(|m| m.seq <= last_seq);
    if let Some(first) = new.first() {
        if first.seq != last_seq + 1 {
            return Err(PushOutcome::Gap { last_seq });
        }
    }
    Ok((old.into_iter().map(|m| m.seq).collect(), new))
}

/// Merges complaint and rejection versions into one page of at most `limit`
/// entries. Inputs hold up to `limit + 1` rows each, ordered by version. Returns
/// the versions kept (complaints, rejections), the page's version and `has_more`.
pub(crate) fn cut_mine_page(
    complaint_versions: &[i64],
    rejection_versions: &[i64],
    limit: usize,
    current: i64,
) -> (usize, usize, i64, bool) {
    let (mut i, mut j) = (0, 0);
    let mut last = None;
    while i + j < limit {
        let next_c = complaint_versions.get(i);
        let next_r = rejection_versions.get(j);
        match (next_c, next_r) {
            (Some(c), Some(r)) if c < r => {
                last = Some(*c);
                i += 1;
            }
            (Some(c), None) => {
                last = Some(*c);
                i += 1;
            }
            (_, Some(r)) => {
                last = Some(*r);
                j += 1;
            }
            (None, None) => break,
        }
    }
    let has_more = i < complaint_versions.len() || j < rejection_versions.len();
    let version = if has_more {
        last.unwrap_or(current)
    } else {
        current
    };
    (i, j, version, has_more)
}

pub(crate) fn parse_status(s: &str) -> Result<ComplaintStatus> {
    ComplaintStatus::parse(s).ok_or_else(|| Error::Corrupt(format!("unknown status {s:?}")))
}

pub(crate) fn parse_actor(s: &str) -> Result<pati_protocol::EventActor> {
    crate::complaints::parse_actor(s).ok_or_else(|| Error::Corrupt(format!("unknown actor {s:?}")))
}

/// The columns every complaint query selects, in [`ComplaintRow`] order.
pub(crate) const COMPLAINT_COLUMNS: &str =
    "id, tracking_number, category, agency, title, description, \
     lat, lon, kecamatan, desa, address, anonymous, confidential, status, reporter_device, \
     reporter_phone, created_at, updated_at, due_at, resolved_at, reopen_until, rated, \
     support_count, version, channel";

/// A complaint row as both backends read it.
pub(crate) struct ComplaintRow {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub kecamatan: Option<String>,
    pub desa: Option<String>,
    pub address: Option<String>,
    pub anonymous: bool,
    pub confidential: bool,
    pub status: String,
    pub reporter_device: String,
    pub reporter_phone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub reopen_until: Option<i64>,
    pub rated: bool,
    pub support_count: i64,
    pub version: i64,
    pub channel: Option<String>,
}

impl ComplaintRow {
    pub fn into_record(self) -> Result<ComplaintRecord> {
        Ok(ComplaintRecord {
            state: workflow::State {
                status: parse_status(&self.status)?,
                agency: self.agency,
                due_at: self.due_at,
                resolved_at: self.resolved_at,
                reopen_until: self.reopen_until,
                rated: self.rated,
            },
            id: self.id,
            tracking_number: self.tracking_number,
            category: self.category,
            title: self.title,
            description: self.description,
            location: Location {
                lat: self.lat,
                lon: self.lon,
                kecamatan: self.kecamatan,
                desa: self.desa,
                address: self.address,
            },
            anonymous: self.anonymous,
            confidential: self.confidential,
            reporter_device: self.reporter_device,
            reporter_phone: self.reporter_phone,
            created_at: self.created_at,
            updated_at: self.updated_at,
            support_count: self.support_count,
            version: self.version,
            channel: self.channel,
            photos: Vec::new(),
            events: Vec::new(),
        })
    }
}

/// The columns every event query selects, in [`EventRow`] order.
pub(crate) const EVENT_COLUMNS: &str =
    "complaint_id, id, at, kind, actor, actor_name, status, agency, text, rating, internal";

pub(crate) struct EventRow {
    pub complaint_id: String,
    pub id: String,
    pub at: i64,
    pub kind: String,
    pub actor: String,
    pub actor_name: Option<String>,
    pub status: Option<String>,
    pub agency: Option<String>,
    pub text: Option<String>,
    pub rating: Option<i64>,
    pub internal: bool,
}

impl EventRow {
    pub fn into_record(self) -> Result<EventRecord> {
        Ok(EventRecord {
            status: self.status.as_deref().map(parse_status).transpose()?,
            actor: parse_actor(&self.actor)?,
            rating: self.rating.map(|r| r.clamp(0, 255) as u8),
            id: self.id,
            complaint_id: self.complaint_id,
            at: self.at,
            kind: self.kind,
            actor_name: self.actor_name,
            agency: self.agency,
            text: self.text,
            internal: self.internal,
        })
    }
}

/// Attaches events and photos `(complaint_id, sha256, complete)` to their records.
pub(crate) fn attach(
    records: &mut [ComplaintRecord],
    events: Vec<EventRecord>,
    photos: Vec<(String, String, bool)>,
) {
    let index: std::collections::HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for e in events {
        if let Some(&i) = index.get(&e.complaint_id) {
            records[i].events.push(e);
        }
    }
    for (cid, sha256, complete) in photos {
        if let Some(&i) = index.get(&cid) {
            records[i].photos.push(PhotoRef { sha256, complete });
        }
    }
}

/// A `LIKE` pattern for words typed in the console's search box.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped: String = q
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_merge_by_version() {
        // complaints 2, 5, 9; rejections 3, 4
        assert_eq!(
            cut_mine_page(&[2, 5, 9], &[3, 4], 10, 12),
            (3, 2, 12, false)
        );
        assert_eq!(cut_mine_page(&[2, 5, 9], &[3, 4], 3, 12), (1, 2, 4, true));
        assert_eq!(cut_mine_page(&[], &[], 3, 7), (0, 0, 7, false));
    }

    #[test]
    fn gaps_and_replays() {
        let m = |seq| Mutation {
            seq,
            name: "x".into(),
            args: serde_json::Value::Null,
            client_time: None,
        };
        let (dups, new) = split_push(vec![m(3), m(4), m(5)], 4).unwrap();
        assert_eq!(dups, vec![3, 4]);
        assert_eq!(new.len(), 1);
        assert_eq!(
            split_push(vec![m(7)], 4).unwrap_err(),
            PushOutcome::Gap { last_seq: 4 }
        );
        assert!(split_push(vec![m(1), m(2)], 9).unwrap().1.is_empty());
    }

    #[test]
    fn otp_hashes_depend_on_the_salt() {
        assert_ne!(otp_hash("a", "123456"), otp_hash("b", "123456"));
        assert_eq!(otp_hash("a", "123456").len(), 64);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" 50%_Off "), "%50\\%\\_off%");
    }
}
