//! The server-owned content cache: applying pulled changes and answering queries.
//!
//! Write helpers take a `&Transaction` so a whole pull page lands atomically with its
//! cursor; read helpers take a `&Connection`.

pub mod model;
pub(crate) mod queries;

use pati_protocol::{ContentChange, ContentItem, ContentKind};
use rusqlite::{params, Transaction};

use crate::error::{Error, Result};
use crate::search::Pending;

pub use queries::*;

/// Tables holding each kind of content, and their key column.
fn table_of(kind: ContentKind) -> (&'static str, &'static str) {
    match kind {
        ContentKind::Jurisdiction => ("jurisdiction", "id"),
        ContentKind::Agency => ("agency", "id"),
        ContentKind::ServiceCategory => ("service_category", "id"),
        ContentKind::Service => ("service", "id"),
        ContentKind::ComplaintCategory => ("complaint_category", "id"),
        ContentKind::News => ("news", "id"),
        ContentKind::Kecamatan => ("kecamatan", "code"),
        ContentKind::Desa => ("desa", "code"),
        ContentKind::SynonymGroup => ("synonym_group", "key"),
    }
}

/// Empties every content table (before a reset page is applied).
pub(crate) fn clear(tx: &Transaction) -> Result<()> {
    for kind in ContentKind::ALL {
        let (table, _) = table_of(kind);
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    crate::search::clear(tx)?;
    Ok(())
}

/// A change as received: `data` is its item's JSON exactly as the server sent it
/// (`None` for a removal), already bounded and parsed into `change.item`. It is
/// stored as it is: re-serialising the typed item cost ~5 % of an apply.
pub(crate) struct Received<'a> {
    pub change: ContentChange,
    pub data: Option<&'a str>,
}

/// Applies one change; returns whether it removed an item. Services written are
/// added to `to_index` for [`crate::search::index_pending`] once the page's other
/// writes are done.
pub(crate) fn apply<'a>(
    tx: &Transaction,
    received: &'a Received<'_>,
    to_index: &mut Vec<Pending<'a>>,
) -> Result<bool> {
    let change = &received.change;
    let (Some(item), Some(data)) = (&change.item, received.data) else {
        if change.kind == ContentKind::Service {
            // The index row is keyed by the service's rowid: remove it first, and
            // forget an earlier version of this page still waiting to be indexed.
            crate::search::unindex_service(tx, &change.key)?;
            to_index.retain(|p| p.service.id != change.key);
        }
        let (table, key_col) = table_of(change.kind);
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE {key_col} = ?1"))?
            .execute([&change.key])?;
        return Ok(true);
    };
    let v = change.version;
    match item {
        ContentItem::Jurisdiction(j) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO jurisdiction(id, version, data) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![j.id, v, data])?;
        }
        ContentItem::Agency(a) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO agency(id, version, data) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![a.id, v, data])?;
        }
        ContentItem::ServiceCategory(c) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO service_category(id, sort_order, version, data)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![c.id, c.order, v, data])?;
        }
        ContentItem::Service(s) => {
            // An upsert, not INSERT OR REPLACE: the row keeps its rowid, which keys
            // its search index row.
            let existed = tx
                .prepare_cached("SELECT 1 FROM service WHERE id = ?1")?
                .exists([&s.id])?;
            let rowid: i64 = tx
                .prepare_cached(
                    "INSERT INTO service(id, category, agency, featured_order, name, version, data)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET category = excluded.category,
                   agency = excluded.agency, featured_order = excluded.featured_order,
                   name = excluded.name, version = excluded.version, data = excluded.data
                 RETURNING rowid",
                )?
                .query_row(
                    params![
                        s.id,
                        s.category,
                        s.agency,
                        if s.featured {
                            s.featured_order.or(Some(i64::MAX))
                        } else {
                            None
                        },
                        s.name.id,
                        v,
                        data
                    ],
                    |r| r.get(0),
                )?;
            to_index.push(Pending {
                service: s,
                rowid,
                replace: existed,
            });
        }
        ContentItem::ComplaintCategory(c) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO complaint_category(id, agency, sort_order, version, data)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![c.id, c.agency, c.order, v, data])?;
        }
        ContentItem::News(n) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO news(id, published_at, version, data) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![n.id, n.published_at, v, data])?;
        }
        ContentItem::Kecamatan(k) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO kecamatan(code, name, version) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![k.code, k.name, v])?;
        }
        ContentItem::Desa(d) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO desa(code, kecamatan, name, kind, version)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![d.code, d.kecamatan, d.name, d.kind, v])?;
        }
        ContentItem::SynonymGroup(_) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO synonym_group(key, version, data) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![change.key, v, data])?;
        }
    }
    Ok(false)
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(data: &str) -> Result<T> {
    serde_json::from_str(data).map_err(|e| Error::Corrupt(format!("cached content: {e}")))
}
