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
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::http::Http;
use crate::content;
use crate::content::model::ContentSyncReport;
use crate::content::Received;
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
        .partition(|r| r.change.kind == ContentKind::Service);
    let mut renamed_agencies = Vec::new();
    let mut renamed_categories = Vec::new();
    let mut to_index = Vec::new();
    for received in others.into_iter().chain(services.iter().copied()) {
        let change = &received.change;
        match change.kind {
            ContentKind::Agency => renamed_agencies.push(change.key.as_str()),
            ContentKind::ServiceCategory => renamed_categories.push(change.key.as_str()),
            _ => {}
        }
        if content::apply(&tx, received, &mut to_index)? {
            report.removed += 1;
        } else {
            report.applied += 1;
        }
    }
    crate::search::index_pending(&tx, &to_index)?;
    let renamed = !renamed_agencies.is_empty() || !renamed_categories.is_empty();
    if renamed && !page.reset {
        let in_page: std::collections::HashSet<&str> =
            services.iter().map(|r| r.change.key.as_str()).collect();
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
/// only gain things, and old apps keep working. Items stay borrowed JSON text until
/// they are bounded and parsed ([`parse_page`]).
#[derive(Deserialize)]
struct RawPage<'a> {
    protocol: u32,
    jurisdiction: String,
    #[serde(borrow)]
    changes: Vec<RawChange<'a>>,
    cursor: String,
    version: i64,
    has_more: bool,
    #[serde(default)]
    reset: bool,
}

#[derive(Deserialize)]
struct RawChange<'a> {
    version: i64,
    kind: String,
    key: String,
    #[serde(default, borrow)]
    item: Option<&'a RawValue>,
}

/// `{"kind": ..., "data": {...}}`: the part of an item that is stored.
#[derive(Deserialize)]
struct RawItem<'a> {
    #[serde(borrow)]
    data: &'a RawValue,
}

struct Page<'a> {
    jurisdiction: String,
    changes: Vec<Received<'a>>,
    cursor: String,
    version: i64,
    has_more: bool,
    reset: bool,
}

fn parse_page(body: &[u8]) -> Result<Page<'_>> {
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
        let what = || format!("{} {:?}", truncate(&c.kind), truncate(&c.key));
        let (item, data) = match c.item {
            Some(raw) => {
                let bad = |e: serde_json::Error| Error::InvalidResponse(format!("{}: {e}", what()));
                let data = serde_json::from_str::<RawItem>(raw.get())
                    .map_err(bad)?
                    .data;
                if !within_limits(data.get()) {
                    return Err(Error::InvalidResponse(format!(
                        "oversized field in {}",
                        what()
                    )));
                }
                let item = serde_json::from_str::<ContentItem>(raw.get()).map_err(bad)?;
                (Some(item), Some(data.get()))
            }
            None => (None, None),
        };
        changes.push(Received {
            change: ContentChange {
                version: c.version,
                kind,
                key: c.key,
                item,
            },
            data,
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
fn check_page(page: &Page<'_>, jurisdiction: &str) -> Result<()> {
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
    for change in page.changes.iter().map(|r| &r.change) {
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

/// Bounds every string and list of an item's JSON text, so a hostile server cannot
/// bloat the cache. Scans the text without building anything.
fn within_limits(json: &str) -> bool {
    Bounded
        .deserialize(&mut serde_json::Deserializer::from_str(json))
        .is_ok()
}

/// A visitor that accepts any JSON value whose strings have at most
/// [`MAX_TEXT_CHARS`] characters and whose lists at most [`MAX_LIST_ITEMS`] entries
/// (serde_json's own recursion limit bounds the depth).
struct Bounded;

const MAX_LIST_ITEMS: usize = 1000;

impl<'de> DeserializeSeed<'de> for Bounded {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value within the content limits")
    }

    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<(), E> {
        if s.len() <= MAX_TEXT_CHARS || s.chars().count() <= MAX_TEXT_CHARS {
            Ok(())
        } else {
            Err(E::custom("text too long"))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut n = 0;
        while seq.next_element_seed(Bounded)?.is_some() {
            n += 1;
            if n > MAX_LIST_ITEMS {
                return Err(de::Error::custom("list too long"));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value_seed(Bounded)?;
        }
        Ok(())
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
