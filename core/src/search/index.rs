//! Writing the FTS5 index inside the content transaction.
//!
//! The FTS5 table serves the second pass (requirements and steps) and the typo
//! vocabulary; names, keywords and summaries are also scored from memory
//! ([`super::head`]), built from the same [`head_columns`] so the two never disagree.

use std::collections::HashSet;

use pati_protocol::{Agency, Localized, Service, ServiceCategory};
use rusqlite::{params, OptionalExtension, Transaction};

use super::text::index_text;
use super::{ANALYZER_KEY, ANALYZER_VERSION};
use crate::content::decode;
use crate::error::Result;

fn localized_all(l: &Localized) -> String {
    l.all().collect::<Vec<_>>().join(" ")
}

/// The analysed name, keywords (with the agency's short name residents use) and
/// summary of a service: the first-pass columns.
pub(crate) fn head_columns(
    name: &Localized,
    keywords: &[String],
    agency_short_name: Option<&str>,
    summary: &Localized,
) -> [String; 3] {
    let mut kw = keywords.join(" ");
    if let Some(short) = agency_short_name {
        kw.push(' ');
        kw.push_str(short);
    }
    [
        index_text(&localized_all(name)),
        index_text(&kw),
        index_text(&localized_all(summary)),
    ]
}

/// A service written in this transaction whose index row is still to come.
pub(crate) struct Pending<'a> {
    pub service: &'a Service,
    pub rowid: i64,
    /// An older index row may exist.
    pub replace: bool,
}

/// Indexes the services a page wrote, after all its other writes.
///
/// FTS5 flushes its pending terms to a new on-disk segment at every statement
/// savepoint, and each upsert of a service row opens one. Interleaving the two made
/// a segment per service and 40 % of a 10k-service sync went into flushing and
/// merging them (perf); batched, the terms are flushed once per page.
pub(crate) fn index_pending(tx: &Transaction, pending: &[Pending<'_>]) -> Result<()> {
    for p in pending {
        index_service(tx, p.service, p.rowid, p.replace)?;
    }
    Ok(())
}

/// (Re)indexes one service inside the content transaction. The index row shares
/// the service row's `rowid`; `replace` says an older index row may exist.
pub(crate) fn index_service(
    tx: &Transaction,
    s: &Service,
    rowid: i64,
    replace: bool,
) -> Result<()> {
    let agency: Option<Agency> = tx
        .prepare_cached("SELECT data FROM agency WHERE id = ?1")?
        .query_row([&s.agency], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| decode(&d))
        .transpose()?;
    let category: Option<ServiceCategory> = tx
        .prepare_cached("SELECT data FROM service_category WHERE id = ?1")?
        .query_row([&s.category], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| decode(&d))
        .transpose()?;
    let [name, keywords, summary] = head_columns(
        &s.name,
        &s.keywords,
        agency.as_ref().map(|a| a.short_name.as_str()),
        &s.summary,
    );
    let mut body: Vec<String> = Vec::new();
    body.extend(s.requirements.iter().map(localized_all));
    body.extend(s.steps.iter().map(localized_all));
    if let Some(a) = &agency {
        body.push(localized_all(&a.name));
    }
    if let Some(c) = &category {
        body.push(localized_all(&c.name));
    }
    // Keyed by rowid: FTS5 finds rows by rowid directly, while a lookup by an
    // UNINDEXED id column scans the whole table (which made applying 10k services
    // quadratic). A new service has nothing to delete.
    if replace {
        tx.prepare_cached("DELETE FROM service_fts WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    tx.prepare_cached(
        "INSERT INTO service_fts(rowid, name, keywords, summary, body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        rowid,
        name,
        keywords,
        summary,
        index_text(&body.join(" ")),
    ])?;
    Ok(())
}

/// Removes a service's index row; call before the service row itself goes.
pub(crate) fn unindex_service(tx: &Transaction, id: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM service_fts WHERE rowid = (SELECT rowid FROM service WHERE id = ?1)",
    )?
    .execute([id])?;
    Ok(())
}

/// Reindexes the services of changed agencies or categories, except those in
/// `skip` (already indexed in this transaction).
pub(crate) fn reindex_services_of(
    tx: &Transaction,
    agencies: &[&str],
    categories: &[&str],
    skip: &HashSet<&str>,
) -> Result<()> {
    let mut by_agency =
        tx.prepare_cached("SELECT id, rowid, data FROM service WHERE agency = ?1")?;
    let mut by_category =
        tx.prepare_cached("SELECT id, rowid, data FROM service WHERE category = ?1")?;
    let mut rows: Vec<(String, i64, String)> = Vec::new();
    let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
    for a in agencies {
        for r in by_agency.query_map([a], row)? {
            rows.push(r?);
        }
    }
    for c in categories {
        for r in by_category.query_map([c], row)? {
            rows.push(r?);
        }
    }
    let mut done: HashSet<String> = HashSet::new();
    for (id, rowid, data) in rows {
        if skip.contains(id.as_str()) || !done.insert(id) {
            continue;
        }
        index_service(tx, &decode(&data)?, rowid, true)?;
    }
    Ok(())
}

/// Empties the index.
pub(crate) fn clear(tx: &Transaction) -> Result<()> {
    tx.execute(
        "INSERT INTO service_fts(service_fts) VALUES ('delete-all')",
        [],
    )?;
    Ok(())
}

/// Rebuilds the whole index (a new analyzer).
pub(crate) fn reindex_all(tx: &Transaction) -> Result<()> {
    clear(tx)?;
    let rows: Vec<(i64, String)> = tx
        .prepare("SELECT rowid, data FROM service")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (rowid, data) in rows {
        index_service(tx, &decode(&data)?, rowid, false)?;
    }
    crate::store::meta_set(tx, ANALYZER_KEY, ANALYZER_VERSION)?;
    Ok(())
}
