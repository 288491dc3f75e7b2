//! Pulling server-owned content into the local cache.
//!
//! Each page is checked completely before anything is written, then applied together
//! with its cursor in one transaction: a hostile or broken response leaves the cache
//! exactly as it was, and the cursor never runs ahead of what was applied.

use std::sync::Mutex;

use pati_protocol::limits::{
    MAX_ID_CHARS, MAX_PULL_PAGE_ITEMS, MAX_PULL_RESPONSE_BYTES, MAX_TEXT_CHARS,
};
use pati_protocol::{ContentChange, ContentItem, ContentKind, PROTOCOL_VERSION};
use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;

use super::http::Http;
use crate::content;
use crate::content::model::ContentSyncReport;
use crate::error::{Error, Result};
use crate::store::{meta_get, meta_set};

const CURSOR_KEY: &str = "content.cursor";
pub(crate) const VERSION_KEY: &str = "content.version";
pub(crate) const LAST_SYNC_KEY: &str = "content.last_sync_at";

/// Most pages one sync follows before yielding (a server bug must not loop us forever).
const MAX_PAGES: u32 = 10_000;

pub async fn pull_content(
    http: &Http,
    db: &Mutex<Connection>,
    jurisdiction: &str,
    now_unix: i64,
) -> Result<ContentSyncReport> {
    let mut report = ContentSyncReport {
        applied: 0,
        removed: 0,
        pages: 0,
        reset: false,
    };
    loop {
        let cursor = {
            let conn = crate::lock(db)?;
            meta_get(&conn, CURSOR_KEY)?
        };
        let path = match &cursor {
            Some(c) => format!("/api/v1/{jurisdiction}/content?cursor={}", urlencode(c)),
            None => format!("/api/v1/{jurisdiction}/content"),
        };
        let body = http.get(&path, MAX_PULL_RESPONSE_BYTES).await?;
        let has_more = apply_page(db, &body, jurisdiction, now_unix, &mut report)?;
        if !has_more {
            return Ok(report);
        }
        if report.pages >= MAX_PAGES {
            return Err(Error::InvalidResponse(
                "server never finished paging".into(),
            ));
        }
    }
}

/// Checks one page body completely, then applies it with its cursor in one
/// transaction. Returns whether the server has more pages.
pub(crate) fn apply_page(
    db: &Mutex<Connection>,
    body: &[u8],
    jurisdiction: &str,
    now_unix: i64,
    report: &mut ContentSyncReport,
) -> Result<bool> {
    if body.len() > MAX_PULL_RESPONSE_BYTES {
        return Err(Error::InvalidResponse("content page too large".into()));
    }
    let page = parse_page(body)?;
    check_page(&page, jurisdiction)?;
    report.pages += 1;

    let mut conn = crate::lock(db)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let have: i64 = meta_get(&tx, VERSION_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if !page.reset && page.version < have {
        // A late response to an older request: everything in it is already here.
        tracing::warn!(page = page.version, have, "ignoring stale content page");
        return Err(Error::InvalidResponse(format!(
            "stale content page (version {} < {have})",
            page.version
        )));
    }
    if page.reset {
        content::clear(&tx)?;
        report.reset = true;
    }
    // Service rows embed agency and category names in the search index, so the
    // page's other changes land first (one transaction: order inside it is free)
    // and services are indexed against them. Services outside this page that name
    // a changed agency or category are reindexed afterwards.
    let (services, others): (Vec<_>, Vec<_>) = page
        .changes
        .iter()
        .partition(|c| c.kind == ContentKind::Service);
    let mut renamed_agencies = Vec::new();
    let mut renamed_categories = Vec::new();
    let mut to_index = Vec::new();
    for change in others.into_iter().chain(services.iter().copied()) {
        match change.kind {
            ContentKind::Agency => renamed_agencies.push(change.key.as_str()),
            ContentKind::ServiceCategory => renamed_categories.push(change.key.as_str()),
            _ => {}
        }
        if content::apply(&tx, change, &mut to_index)? {
            report.removed += 1;
        } else {
            report.applied += 1;
        }
    }
    crate::search::index_pending(&tx, &to_index)?;
    let renamed = !renamed_agencies.is_empty() || !renamed_categories.is_empty();
    if renamed && !page.reset {
        let in_page: std::collections::HashSet<&str> =
            services.iter().map(|c| c.key.as_str()).collect();
        crate::search::reindex_services_of(&tx, &renamed_agencies, &renamed_categories, &in_page)?;
    }
    meta_set(&tx, CURSOR_KEY, &page.cursor)?;
    meta_set(&tx, VERSION_KEY, &page.version.to_string())?;
    if !page.has_more {
        meta_set(&tx, LAST_SYNC_KEY, &now_unix.to_string())?;
    }
    tx.commit()?;
    tracing::debug!(
        changes = page.changes.len(),
        version = page.version,
        "applied content page"
    );
    Ok(page.has_more)
}

/// A content page as received. Changes of a kind this app does not know (added by
/// a newer server within the same protocol version) are skipped, not fatal: payloads
/// only gain things, and old apps keep working.
#[derive(Deserialize)]
struct RawPage {
    protocol: u32,
    jurisdiction: String,
    changes: Vec<RawChange>,
    cursor: String,
    version: i64,
    has_more: bool,
    #[serde(default)]
    reset: bool,
}

#[derive(Deserialize)]
struct RawChange {
    version: i64,
    kind: String,
    key: String,
    #[serde(default)]
    item: Option<serde_json::Value>,
}

struct Page {
    jurisdiction: String,
    changes: Vec<ContentChange>,
    cursor: String,
    version: i64,
    has_more: bool,
    reset: bool,
}

fn parse_page(body: &[u8]) -> Result<Page> {
    let raw: RawPage = serde_json::from_slice(body)
        .map_err(|e| Error::InvalidResponse(format!("content page: {e}")))?;
    if raw.protocol > PROTOCOL_VERSION {
        return Err(Error::ProtocolTooNew {
            server: raw.protocol,
            ours: PROTOCOL_VERSION,
        });
    }
    let mut changes = Vec::with_capacity(raw.changes.len());
    let mut last = i64::MIN;
    for c in raw.changes {
        // Order is checked on every change, known or not.
        if c.version <= last {
            return Err(Error::InvalidResponse(format!(
                "change versions out of order at {}",
                c.version
            )));
        }
        last = c.version;
        let Some(kind) = ContentKind::parse(&c.kind) else {
            tracing::debug!(kind = %truncate(&c.kind), "skipping unknown content kind");
            continue;
        };
        if let Some(raw) = &c.item {
            if !within_limits(raw) {
                return Err(Error::InvalidResponse(format!(
                    "oversized field in {} {:?}",
                    truncate(&c.kind),
                    truncate(&c.key)
                )));
            }
        }
        let item = c
            .item
            .map(serde_json::from_value::<ContentItem>)
            .transpose()
            .map_err(|e| {
                Error::InvalidResponse(format!("{} {:?}: {e}", c.kind, truncate(&c.key)))
            })?;
        changes.push(ContentChange {
            version: c.version,
            kind,
            key: c.key,
            item,
        });
    }
    Ok(Page {
        jurisdiction: raw.jurisdiction,
        changes,
        cursor: raw.cursor,
        version: raw.version,
        has_more: raw.has_more,
        reset: raw.reset,
    })
}

/// Everything the server says is checked before it may touch the store.
fn check_page(page: &Page, jurisdiction: &str) -> Result<()> {
    let bad = |m: String| Err(Error::InvalidResponse(m));
    if page.jurisdiction != jurisdiction {
        return bad(format!("page for jurisdiction {:?}", page.jurisdiction));
    }
    if page.changes.len() > MAX_PULL_PAGE_ITEMS {
        return bad(format!("{} changes in one page", page.changes.len()));
    }
    if page.cursor.is_empty() || page.cursor.len() > 256 {
        return bad("cursor missing or too long".into());
    }
    for change in &page.changes {
        if change.version > page.version {
            return bad(format!("change {} is newer than its page", change.version));
        }
        if change.key.is_empty() || change.key.chars().count() > MAX_ID_CHARS {
            return bad(format!("bad key {:?}", truncate(&change.key)));
        }
        if let Some(item) = &change.item {
            if item.kind() != change.kind || item.key() != change.key {
                return bad(format!(
                    "item does not match its key {:?}",
                    truncate(&change.key)
                ));
            }
        }
    }
    Ok(())
}

/// Bounds every string and list of an item as received, so a hostile server
/// cannot bloat the cache.
fn within_limits(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => {
            s.len() <= MAX_TEXT_CHARS || s.chars().count() <= MAX_TEXT_CHARS
        }
        serde_json::Value::Array(a) => a.len() <= 1000 && a.iter().all(within_limits),
        serde_json::Value::Object(o) => o.values().all(within_limits),
        _ => true,
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
