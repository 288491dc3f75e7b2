//! Server storage: one trait, two implementations (embedded SQLite, PostgreSQL),
//! both held to the same conformance suite (`tests/storage_conformance.rs`).
//!
//! Content versions come from a per-jurisdiction counter row updated *inside* each
//! writing transaction. The row lock serializes writers, so versions become visible
//! in commit order and a pull can never skip a change that commits late.

mod complaints;
mod open311;
mod postgres;
mod postgres_complaints;
mod postgres_open311;
mod sqlite;
mod sqlite_complaints;
mod sqlite_open311;

use std::sync::Arc;

use async_trait::async_trait;
use pati_protocol::{ContentItem, ContentKind, Holiday, JurisdictionSummary};

use crate::error::Result;

pub use complaints::*;
pub use open311::*;
pub use postgres::PostgresStorage;
pub use sqlite::SqliteStorage;

/// One stored change as the pull endpoint needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredChange {
    pub version: i64,
    pub kind: ContentKind,
    pub key: String,
    /// JSON of the item; `None` for a tombstone.
    pub data: Option<String>,
}

/// A page of changes after some version.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePage {
    pub changes: Vec<StoredChange>,
    /// The version the page brings the reader up to.
    pub version: i64,
    pub has_more: bool,
    /// The requested version was older than the tombstone horizon (or newer than
    /// anything stored): `changes` restarts from the beginning, live items only.
    pub reset: bool,
}

/// What a publish did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishReport {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    pub unchanged: u32,
    pub version: i64,
}

/// How a publish treats items it was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishMode {
    /// The items are the whole content of the jurisdiction: anything else is removed.
    ReplaceAll,
    /// Only add or change the given items.
    Upsert,
}

/// A console role. What each may do is decided in one place:
/// [`crate::accounts::allows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Diskominfo: verifies and routes complaints, manages users, publishes content.
    Koordinator,
    /// Admin penghubung of one agency (OPD).
    AgencyAdmin,
    /// Read-only dashboards.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Koordinator, Role::AgencyAdmin, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Koordinator => "koordinator",
            Role::AgencyAdmin => "agency_admin",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A console account to create. The password is already hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub jurisdiction: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The agency of an agency admin; `None` for the other roles.
    pub agency: Option<String>,
    pub password_hash: String,
}

/// A console account, without its secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub jurisdiction: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub agency: Option<String>,
    pub created_at: i64,
}

/// What a login needs to decide: the account, its hash and its lockout state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
    pub failed_attempts: i64,
    /// Unix seconds; logins are refused before then.
    pub locked_until: Option<i64>,
    /// A disabled account cannot log in.
    pub disabled: bool,
}

/// A console account as the users page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserStatus {
    pub user: User,
    /// Unix seconds; `None` while the account is active.
    pub disabled_at: Option<i64>,
    /// Unix seconds; logins are refused before then (failed attempts).
    pub locked_until: Option<i64>,
    /// Unix seconds of the last successful login (since migration 006).
    pub last_login_at: Option<i64>,
}

/// How many failed logins lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_attempts: i64,
    pub lock_seconds: i64,
}

/// The state of an account after a failed login was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedLogin {
    /// Failures counted since the last success or lock (0 right after locking).
    pub failed_attempts: i64,
    /// Set when this failure locked the account.
    pub locked_until: Option<i64>,
}

/// A console session to store. Only the hash of the cookie's token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub jurisdiction: String,
    pub token_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A live session with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub jurisdiction: String,
    pub token_hash: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub user: User,
}

/// An audit record to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub jurisdiction: String,
    /// Who: a username (as typed, for a failed login), or `cli` / `system`.
    pub actor: String,
    /// What, e.g. `login.ok`, `content.publish` (see [`crate::accounts::action`]).
    pub action: String,
    /// On what, e.g. `service/ktp-el-baru`.
    pub target: String,
    pub detail: String,
}

/// A stored audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub jurisdiction: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// One live content item, for the console.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub kind: ContentKind,
    pub key: String,
    pub version: i64,
    /// JSON of the [`ContentItem`].
    pub data: String,
}

impl StoredItem {
    pub fn item(&self) -> Result<ContentItem> {
        serde_json::from_str(&self.data).map_err(|e| {
            crate::error::Error::Corrupt(format!("{} {}: {e}", self.kind.as_str(), self.key))
        })
    }
}

/// Live item counts of one jurisdiction and its content version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentSummary {
    pub version: i64,
    pub counts: std::collections::BTreeMap<ContentKind, u64>,
}

impl ContentSummary {
    pub fn count(&self, kind: ContentKind) -> u64 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for /health and logs.
    fn backend(&self) -> &'static str;

    /// Stores content items, giving each changed item a new version. Unchanged
    /// items keep their version, so republishing the same pack costs devices nothing.
    async fn publish(
        &self,
        jurisdiction: &str,
        items: Vec<ContentItem>,
        mode: PublishMode,
    ) -> Result<PublishReport> {
        self.publish_audited(jurisdiction, items, mode, None).await
    }

    /// [`Storage::publish`], appending `audit` (its detail completed with what the
    /// publish did) in the same transaction: no change without its record.
    async fn publish_audited(
        &self,
        jurisdiction: &str,
        items: Vec<ContentItem>,
        mode: PublishMode,
        audit: Option<NewAuditEntry>,
    ) -> Result<PublishReport>;

    /// Removes one item, leaving a tombstone for devices.
    async fn retire(&self, jurisdiction: &str, kind: ContentKind, key: &str) -> Result<bool> {
        self.retire_audited(jurisdiction, kind, key, None).await
    }

    /// [`Storage::retire`], appending `audit` in the same transaction when an item
    /// was retired.
    async fn retire_audited(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
        audit: Option<NewAuditEntry>,
    ) -> Result<bool>;

    /// Changes with a version greater than `since`, oldest first, at most `limit`
    /// items and about `max_bytes` of data.
    async fn content_changes(
        &self,
        jurisdiction: &str,
        since: i64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<ChangePage>;

    /// Drops tombstones older than `older_than_unix`; cursors from before the newest
    /// dropped tombstone then get a reset page. Returns how many were dropped.
    async fn purge_tombstones(&self, jurisdiction: &str, older_than_unix: i64) -> Result<u64>;

    /// Jurisdictions that have published content.
    async fn jurisdictions(&self) -> Result<Vec<JurisdictionSummary>>;

    /// Live items of one kind, by key.
    async fn content_items(&self, jurisdiction: &str, kind: ContentKind)
        -> Result<Vec<StoredItem>>;

    /// One live item.
    async fn content_item(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
    ) -> Result<Option<StoredItem>>;

    /// Live item counts per kind and the content version.
    async fn content_summary(&self, jurisdiction: &str) -> Result<ContentSummary>;

    /// Creates an account; [`crate::error::Error::Conflict`] if the username is taken
    /// in that jurisdiction.
    async fn create_user(&self, user: NewUser) -> Result<User>;

    /// The account a login names, with its hash and lockout state.
    async fn user_credentials(
        &self,
        jurisdiction: &str,
        username: &str,
    ) -> Result<Option<UserCredentials>>;

    /// Accounts of one jurisdiction, by username.
    async fn users(&self, jurisdiction: &str) -> Result<Vec<User>>;

    /// Accounts of one jurisdiction with their state, by username.
    async fn user_statuses(&self, jurisdiction: &str) -> Result<Vec<UserStatus>>;

    /// Disables (`disabled_at` given: the account's sessions end) or enables an
    /// account, appending `audit` in the same transaction. False if there is no such
    /// account (nothing is audited then).
    async fn set_user_disabled(
        &self,
        jurisdiction: &str,
        user_id: &str,
        disabled_at: Option<i64>,
        audit: NewAuditEntry,
    ) -> Result<bool>;

    /// Replaces an account's password hash, clears its lockout, ends its sessions,
    /// and appends `audit` in the same transaction. False if there is no such account.
    async fn set_user_password(
        &self,
        jurisdiction: &str,
        user_id: &str,
        password_hash: &str,
        audit: NewAuditEntry,
    ) -> Result<bool>;

    /// Counts a failed login atomically; the failure that reaches
    /// `policy.max_attempts` locks the account until `now + policy.lock_seconds`
    /// and starts the count again.
    async fn record_login_failure(
        &self,
        jurisdiction: &str,
        user_id: &str,
        now: i64,
        policy: LockoutPolicy,
    ) -> Result<FailedLogin>;

    /// Clears the failure count and any lock after a successful login.
    async fn record_login_success(&self, jurisdiction: &str, user_id: &str) -> Result<()>;

    async fn create_session(&self, session: NewSession) -> Result<()>;

    /// The session with this token hash, if it has not expired at `now` and its
    /// account is not disabled. Creating a session records the account's last login.
    async fn session(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Session>>;

    /// Ends a session; false if there was none.
    async fn delete_session(&self, jurisdiction: &str, token_hash: &str) -> Result<bool>;

    /// Removes sessions expired at `now` (all jurisdictions). Returns how many.
    async fn purge_sessions(&self, now: i64) -> Result<u64>;

    /// Appends an audit record (the time is the storage's clock). Returns its id.
    async fn append_audit(&self, entry: NewAuditEntry) -> Result<i64>;

    /// Audit records of one jurisdiction, newest first, older than `before` (an id)
    /// when given, at most `limit`.
    async fn audit_log(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>>;

    // ------------------------------------------------------------ holidays

    /// Replaces the jurisdiction's holiday calendar (from its content pack).
    async fn set_holidays(&self, jurisdiction: &str, holidays: Vec<Holiday>) -> Result<()>;

    async fn holidays(&self, jurisdiction: &str) -> Result<Vec<Holiday>>;

    // ------------------------------------------------------------ devices

    /// Registers a device with its first tokens (hashes only). False, and nothing
    /// written, if the client id is already registered in this jurisdiction.
    async fn register_device(&self, device: NewDevice) -> Result<bool>;

    /// Rotates the refresh token: `presented_hash` must be the current refresh
    /// token's hash, or the previous one's while the current one was never used (a
    /// lost answer). Stores a new access token. False if refused.
    async fn refresh_device(&self, refresh: DeviceRefresh) -> Result<bool>;

    /// Who holds this access token at `now`.
    async fn access_token(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<TokenLookup>;

    /// Drops access tokens that expired before `before` (all jurisdictions).
    async fn purge_access_tokens(&self, before: i64) -> Result<u64>;

    /// Stores a one-time code challenge for a device, replacing any earlier one.
    async fn start_phone_challenge(&self, challenge: NewPhoneChallenge) -> Result<()>;

    /// Checks a code atomically: counts a wrong one, kills the challenge after
    /// `max_attempts`, and on success records the device's verified phone.
    async fn verify_phone(
        &self,
        jurisdiction: &str,
        client_id: &str,
        phone: &str,
        code: &str,
        now: i64,
        max_attempts: i64,
    ) -> Result<PhoneCheck>;

    /// The device's current state (tests and the console's device lookups).
    async fn device(&self, jurisdiction: &str, client_id: &str) -> Result<Option<DeviceInfo>>;

    // ------------------------------------------------------------ complaints

    /// Applies a push as docs/PROTOCOL.md says: locks the client's row, skips
    /// numbers already processed, stops at a gap, and applies or rejects each new
    /// mutation and records its number in one transaction.
    async fn push(&self, push: PushInput) -> Result<PushOutcome>;

    /// Complaints reported by this device (or its verified phone), and those it
    /// follows because one of them was merged into them (migration 008), and
    /// rejections of its mutations, with a version above `since`, oldest first.
    async fn my_complaints(
        &self,
        jurisdiction: &str,
        client_id: &str,
        phone: Option<&str>,
        since: i64,
        limit: usize,
    ) -> Result<MinePage>;

    /// One complaint with its photos and whole timeline (internal notes included).
    async fn complaint(&self, jurisdiction: &str, id: &str) -> Result<Option<ComplaintRecord>>;

    /// Public complaints (not confidential, not rejected), newest first, created
    /// before `before` (unix seconds) when given. Without events.
    async fn public_complaints(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<ComplaintRecord>>;

    /// Public complaints of one category in the desa or inside the box, newest
    /// first, at most `limit`. Without events.
    async fn similar_candidates(&self, query: SimilarQuery) -> Result<Vec<ComplaintRecord>>;

    /// The console's list. Without events.
    async fn admin_complaints(
        &self,
        jurisdiction: &str,
        filter: AdminFilter,
    ) -> Result<Vec<ComplaintRecord>>;

    /// The dashboard's per-complaint figures (see [`ComplaintFacts`]), in no order.
    async fn complaint_facts(
        &self,
        jurisdiction: &str,
        query: FactsQuery,
    ) -> Result<Vec<ComplaintFacts>>;

    /// One workflow action by console staff, with its audit record, in one
    /// transaction. The complaint row is locked while the workflow decides.
    async fn complaint_action(&self, action: StaffAction) -> Result<ActionResult>;

    /// Closes resolved complaints whose reopen window ended by `now`. Returns their ids.
    async fn auto_close(
        &self,
        jurisdiction: &str,
        now: i64,
        calendar: Arc<Calendar>,
    ) -> Result<Vec<String>>;

    // ------------------------------------------------------------ uploads and blobs

    async fn upload_state(&self, jurisdiction: &str, sha256: &str) -> Result<UploadState>;

    /// Starts (or finds) an upload of `length` bytes. A different length for an
    /// upload in progress is refused (`length_mismatch`).
    async fn upload_create(
        &self,
        jurisdiction: &str,
        sha256: &str,
        length: i64,
        client_id: &str,
        now: i64,
    ) -> Result<UploadState>;

    /// Appends a chunk at `offset`, which must be where the staged copy ends
    /// ([`crate::error::Error::UploadOffset`] otherwise). Returns the new state.
    async fn upload_append(
        &self,
        jurisdiction: &str,
        sha256: &str,
        offset: i64,
        data: Vec<u8>,
        now: i64,
    ) -> Result<UploadState>;

    /// The staged bytes of an upload, in order.
    async fn upload_bytes(&self, jurisdiction: &str, sha256: &str) -> Result<Vec<u8>>;

    /// Forgets an upload and its staged bytes.
    async fn upload_discard(&self, jurisdiction: &str, sha256: &str) -> Result<()>;

    /// Records a verified blob, drops its staging, and gives every complaint that
    /// names it a new version (its photo list grew) — one transaction.
    async fn blob_complete(&self, blob: BlobInfo) -> Result<()>;

    async fn blob(&self, jurisdiction: &str, sha256: &str) -> Result<Option<BlobInfo>>;

    /// Drops uploads untouched since `before` (all jurisdictions).
    async fn purge_uploads(&self, before: i64) -> Result<u64>;

    // ------------------------------------------------------------ Open311 and metrics

    /// Creates an Open311 API key and its device row in one transaction;
    /// [`crate::error::Error::Conflict`] if the id is taken.
    async fn create_open311_key(&self, key: NewOpen311Key) -> Result<()>;

    /// The key with this hash (any jurisdiction), revoked or not.
    async fn open311_key(&self, key_hash: &str) -> Result<Option<Open311Key>>;

    /// The keys of one jurisdiction, oldest first.
    async fn open311_keys(&self, jurisdiction: &str) -> Result<Vec<Open311Key>>;

    /// Revokes a key; false if there was no such live key.
    async fn revoke_open311_key(&self, jurisdiction: &str, id: &str, now: i64) -> Result<bool>;

    /// Records what an Open311 request carried besides its complaint.
    async fn record_open311_request(&self, contact: Open311Contact) -> Result<()>;

    /// What the Open311 request that filed this complaint carried (contact details,
    /// media URL), if it came through Open311; `now` is when it was recorded. For
    /// the console's detail page, which decides who may see the contact.
    async fn open311_contact(
        &self,
        jurisdiction: &str,
        complaint_id: &str,
    ) -> Result<Option<Open311Contact>>;

    /// Public complaints (not confidential, not rejected) matching the filters,
    /// newest first. Without events.
    async fn open311_requests(&self, query: Open311Query) -> Result<Vec<Open311Request>>;

    /// Non-internal timeline entries with a status, of public complaints, with
    /// `start <= at <= end`, oldest first, at most `limit`.
    async fn open311_updates(
        &self,
        jurisdiction: &str,
        start: i64,
        end: i64,
        limit: usize,
    ) -> Result<Vec<Open311Update>>;

    /// Complaints by status and the overdue count at `now` (one jurisdiction).
    async fn backlog(&self, jurisdiction: &str, now: i64) -> Result<Backlog>;
}

/// The detail an audited publish records: the caller's words, then what happened.
pub(crate) fn publish_detail(base: &str, r: &PublishReport) -> String {
    let what = format!(
        "added {}, updated {}, removed {}, unchanged {}; content version {}",
        r.added, r.updated, r.removed, r.unchanged, r.version
    );
    if base.is_empty() {
        what
    } else {
        format!("{base}; {what}")
    }
}

/// The detail an audited retire records.
pub(crate) fn retire_detail(base: &str, version: i64) -> String {
    let what = format!("tombstone at content version {version}");
    if base.is_empty() {
        what
    } else {
        format!("{base}; {what}")
    }
}

/// Opens the storage named by a database URL: `sqlite:<path>` or `postgres://...`.
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Storage>> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        let path = path.trim_start_matches("//");
        Ok(std::sync::Arc::new(SqliteStorage::open(path).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(PostgresStorage::connect(url).await?))
    } else {
        Err(crate::error::Error::Config(format!(
            "database URL must start with sqlite: or postgres:// (got {url:?})"
        )))
    }
}

/// Decides, for publish, what happens to each item. Shared by both backends so they
/// cannot disagree on what "changed" means.
pub(crate) fn plan_publish(
    existing: &std::collections::HashMap<(String, String), Option<String>>,
    items: &[ContentItem],
    mode: PublishMode,
) -> Result<PublishPlan> {
    let mut plan = PublishPlan::default();
    let mut seen = std::collections::HashSet::new();
    for item in items {
        let kind = item.kind().as_str().to_owned();
        let key = item.key();
        let data =
            serde_json::to_string(item).map_err(|e| crate::error::Error::Corrupt(e.to_string()))?;
        seen.insert((kind.clone(), key.clone()));
        match existing.get(&(kind.clone(), key.clone())) {
            Some(Some(old)) if *old == data => plan.report.unchanged += 1,
            Some(Some(_)) => {
                plan.report.updated += 1;
                plan.writes.push((kind, key, Some(data)));
            }
            _ => {
                plan.report.added += 1;
                plan.writes.push((kind, key, Some(data)));
            }
        }
    }
    if mode == PublishMode::ReplaceAll {
        let mut gone: Vec<_> = existing
            .iter()
            .filter(|(k, v)| v.is_some() && !seen.contains(*k))
            .map(|(k, _)| k.clone())
            .collect();
        gone.sort();
        for (kind, key) in gone {
            plan.report.removed += 1;
            plan.writes.push((kind, key, None));
        }
    }
    Ok(plan)
}

#[derive(Debug, Default)]
pub(crate) struct PublishPlan {
    /// (kind, key, data or tombstone), each to get the next version in order.
    pub writes: Vec<(String, String, Option<String>)>,
    pub report: PublishReport,
}

/// Where a pull starts: `(from, reset)`. A cursor newer than anything stored (the
/// database was replaced) or older than purged tombstones restarts from scratch.
pub(crate) fn pull_start(since: i64, current: i64, purged_through: i64) -> (i64, bool) {
    let reset = since > current || (since > 0 && since < purged_through);
    (if reset { 0 } else { since }, reset)
}

/// Cuts fetched rows `(version, kind, key, data)` — at most `limit + 1` of them —
/// into a page of at most `limit` items and about `max_bytes`.
pub(crate) fn build_page(
    rows: Vec<(i64, String, String, Option<String>)>,
    limit: usize,
    max_bytes: usize,
    from: i64,
    current: i64,
    reset: bool,
) -> Result<ChangePage> {
    let mut changes = Vec::new();
    let mut bytes = 0usize;
    let mut has_more = false;
    for (version, kind, key, data) in rows {
        let size = data.as_ref().map_or(0, String::len) + 64;
        if changes.len() == limit || (!changes.is_empty() && bytes + size > max_bytes) {
            has_more = true;
            break;
        }
        bytes += size;
        changes.push(StoredChange {
            version,
            kind: parse_kind(&kind)?,
            key,
            data,
        });
    }
    let version = if has_more {
        changes.last().map_or(from, |c| c.version)
    } else {
        current
    };
    Ok(ChangePage {
        changes,
        version,
        has_more,
        reset,
    })
}

pub(crate) fn parse_kind(s: &str) -> Result<ContentKind> {
    ContentKind::parse(s)
        .ok_or_else(|| crate::error::Error::Corrupt(format!("unknown content kind {s:?}")))
}

/// Summary of a jurisdiction from its stored `jurisdiction` item.
pub(crate) fn summary_of(data: &str) -> Result<JurisdictionSummary> {
    match serde_json::from_str::<ContentItem>(data) {
        Ok(ContentItem::Jurisdiction(j)) => Ok(JurisdictionSummary {
            name: j.name.id,
            id: j.id,
            code: j.code,
        }),
        Ok(_) => Err(crate::error::Error::Corrupt(
            "jurisdiction row holds another kind".into(),
        )),
        Err(e) => Err(crate::error::Error::Corrupt(e.to_string())),
    }
}
