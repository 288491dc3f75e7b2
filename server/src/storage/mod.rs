//! Server storage: one trait, two implementations (embedded SQLite, PostgreSQL),
//! both held to the same conformance suite (`tests/storage_conformance.rs`).
//!
//! Content versions come from a per-jurisdiction counter row updated *inside* each
//! writing transaction. The row lock serializes writers, so versions become visible
//! in commit order and a pull can never skip a change that commits late.

mod postgres;
mod sqlite;

use async_trait::async_trait;
use pati_protocol::{ContentItem, ContentKind, JurisdictionSummary};

use crate::error::Result;

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
    ) -> Result<PublishReport>;

    /// Removes one item, leaving a tombstone for devices.
    async fn retire(&self, jurisdiction: &str, kind: ContentKind, key: &str) -> Result<bool>;

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
    ContentKind::parse(s).ok_or_else(|| crate::error::Error::Corrupt(format!("unknown content kind {s:?}")))
}

/// Summary of a jurisdiction from its stored `jurisdiction` item.
pub(crate) fn summary_of(data: &str) -> Result<JurisdictionSummary> {
    match serde_json::from_str::<ContentItem>(data) {
        Ok(ContentItem::Jurisdiction(j)) => Ok(JurisdictionSummary {
            name: j.name.id,
            id: j.id,
            code: j.code,
        }),
        Ok(_) => Err(crate::error::Error::Corrupt("jurisdiction row holds another kind".into())),
        Err(e) => Err(crate::error::Error::Corrupt(e.to_string())),
    }
}
