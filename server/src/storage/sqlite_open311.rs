//! SQLite statements for Open311 keys, requests and updates, and the backlog
//! figures of `/metrics`.

use std::collections::HashMap;

use pati_protocol::ComplaintStatus;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::complaints::{parse_status, COMPLAINT_COLUMNS};
use super::open311::*;
use super::sqlite_complaints::{event_row, load_details, query_complaints};
use crate::error::{Error, Result};

fn json_list(items: &[String]) -> Result<String> {
    serde_json::to_string(items).map_err(|e| Error::Corrupt(format!("list: {e}")))
}

fn key_row(r: &rusqlite::Row) -> rusqlite::Result<Open311Key> {
    Ok(Open311Key {
        jurisdiction: r.get(0)?,
        id: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
        last_used_at: r.get(5)?,
    })
}

const KEY_COLUMNS: &str = "jurisdiction, id, name, created_at, revoked_at, last_used_at";

pub(super) fn create_key(conn: &mut Connection, k: NewOpen311Key) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let n = tx.execute(
        "INSERT INTO device(jurisdiction, client_id, platform, app_version, refresh_hash, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?5) ON CONFLICT DO NOTHING",
        params![k.jurisdiction, k.id, OPEN311_PLATFORM, NO_REFRESH_HASH, k.now],
    )?;
    if n == 0 {
        return Err(Error::Conflict(format!("client id {}", k.id)));
    }
    tx.execute(
        "INSERT INTO open311_key(jurisdiction, id, name, key_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![k.jurisdiction, k.id, k.name, k.key_hash, k.now],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn key(conn: &mut Connection, key_hash: &str) -> Result<Option<Open311Key>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM open311_key WHERE key_hash = ?1"
        ))?
        .query_row(params![key_hash], key_row)
        .optional()?)
}

pub(super) fn keys(conn: &mut Connection, j: &str) -> Result<Vec<Open311Key>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM open311_key WHERE jurisdiction = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt
        .query_map(params![j], key_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(super) fn revoke_key(conn: &mut Connection, j: &str, id: &str, now: i64) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE open311_key SET revoked_at = ?3 WHERE jurisdiction = ?1 AND id = ?2 AND revoked_at IS NULL",
        params![j, id, now],
    )? > 0)
}

pub(super) fn record_request(conn: &mut Connection, c: Open311Contact) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "UPDATE open311_key SET last_used_at = MAX(COALESCE(last_used_at, ?3), ?3)
         WHERE jurisdiction = ?1 AND id = ?2",
        params![c.jurisdiction, c.key_id, c.now],
    )?;
    tx.execute(
        "INSERT INTO open311_request(jurisdiction, complaint_id, key_id, first_name, last_name, email, phone,
                                     media_url, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
        params![
            c.jurisdiction,
            c.complaint_id,
            c.key_id,
            c.first_name,
            c.last_name,
            c.email,
            c.phone,
            c.media_url,
            c.now
        ],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn contact(conn: &mut Connection, j: &str, id: &str) -> Result<Option<Open311Contact>> {
    Ok(conn
        .prepare_cached(
            "SELECT jurisdiction, complaint_id, key_id, first_name, last_name, email, phone, media_url, created_at
             FROM open311_request WHERE jurisdiction = ?1 AND complaint_id = ?2",
        )?
        .query_row(params![j, id], |r| {
            Ok(Open311Contact {
                jurisdiction: r.get(0)?,
                complaint_id: r.get(1)?,
                key_id: r.get(2)?,
                first_name: r.get(3)?,
                last_name: r.get(4)?,
                email: r.get(5)?,
                phone: r.get(6)?,
                media_url: r.get(7)?,
                now: r.get(8)?,
            })
        })
        .optional()?)
}

pub(super) fn requests(conn: &mut Connection, q: Open311Query) -> Result<Vec<Open311Request>> {
    let statuses: Vec<String> = q.statuses.iter().map(|s| s.as_str().to_owned()).collect();
    let mut list = query_complaints(
        conn,
        &format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = ?1 AND confidential = 0 AND status <> 'rejected'
               AND (?2 = '[]' OR tracking_number IN (SELECT value FROM json_each(?2)))
               AND (?3 = '[]' OR id IN (SELECT value FROM json_each(?3)))
               AND (?4 = '[]' OR category IN (SELECT value FROM json_each(?4)))
               AND (?5 = '[]' OR status IN (SELECT value FROM json_each(?5)))
               AND created_at >= ?6 AND created_at <= ?7
             ORDER BY created_at DESC, id DESC LIMIT ?8"
        ),
        params![
            q.jurisdiction,
            json_list(&q.tracking_numbers)?,
            json_list(&q.complaint_ids)?,
            json_list(&q.categories)?,
            json_list(&statuses)?,
            q.start.unwrap_or(i64::MIN),
            q.end.unwrap_or(i64::MAX),
            q.limit as i64
        ],
    )?;
    load_details(conn, &q.jurisdiction, &mut list, false)?;
    let ids: Vec<String> = list.iter().map(|r| r.id.clone()).collect();
    let mut media: HashMap<String, String> = HashMap::new();
    if !ids.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT complaint_id, media_url FROM open311_request
             WHERE jurisdiction = ?1 AND media_url IS NOT NULL
               AND complaint_id IN (SELECT value FROM json_each(?2))",
        )?;
        for row in stmt.query_map(params![q.jurisdiction, json_list(&ids)?], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })? {
            let (id, url) = row?;
            media.insert(id, url);
        }
    }
    Ok(list
        .into_iter()
        .map(|record| Open311Request {
            media_url: media.remove(&record.id),
            record,
        })
        .collect())
}

pub(super) fn updates(
    conn: &mut Connection,
    j: &str,
    start: i64,
    end: i64,
    limit: usize,
) -> Result<Vec<Open311Update>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.complaint_id, e.id, e.at, e.kind, e.actor, e.actor_name, e.status, e.agency,
                e.text, e.rating, e.internal, c.tracking_number
         FROM complaint_event e
         JOIN complaint c ON c.jurisdiction = e.jurisdiction AND c.id = e.complaint_id
         WHERE e.jurisdiction = ?1 AND e.internal = 0 AND e.status IS NOT NULL
           AND c.confidential = 0 AND c.status <> 'rejected'
           AND e.at >= ?2 AND e.at <= ?3
         ORDER BY e.at, e.rowid LIMIT ?4",
    )?;
    let rows = stmt
        .query_map(params![j, start, end, limit as i64], |r| {
            Ok((event_row(r)?, r.get::<_, String>(11)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(e, tracking_number)| {
            Ok(Open311Update {
                event: e.into_record()?,
                tracking_number,
            })
        })
        .collect()
}

pub(super) fn backlog(conn: &mut Connection, j: &str, now: i64) -> Result<Backlog> {
    let mut stmt = conn.prepare_cached(
        "SELECT status, COUNT(*) FROM complaint WHERE jurisdiction = ?1 GROUP BY status ORDER BY status",
    )?;
    let rows = stmt
        .query_map(params![j], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let by_status = rows
        .into_iter()
        .map(|(s, n)| Ok((parse_status(&s)?, n)))
        .collect::<Result<Vec<(ComplaintStatus, i64)>>>()?;
    let overdue = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM complaint WHERE jurisdiction = ?1 AND due_at <= ?2
             AND status NOT IN ('resolved', 'closed', 'rejected')",
        )?
        .query_row(params![j, now], |r| r.get(0))?;
    Ok(Backlog { by_status, overdue })
}
