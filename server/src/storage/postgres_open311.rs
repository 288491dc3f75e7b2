//! PostgreSQL statements for Open311 keys, requests and updates, and the backlog
//! figures of `/metrics`.

use std::collections::HashMap;

use deadpool_postgres::Pool;
use pati_protocol::ComplaintStatus;
use tokio_postgres::Row;

use super::complaints::{parse_status, COMPLAINT_COLUMNS};
use super::open311::*;
use super::postgres_complaints::{event_row, load_details, records};
use crate::error::{Error, Result};

const KEY_COLUMNS: &str = "jurisdiction, id, name, created_at, revoked_at, last_used_at";

fn key_row(r: &Row) -> Result<Open311Key> {
    Ok(Open311Key {
        jurisdiction: r.try_get(0)?,
        id: r.try_get(1)?,
        name: r.try_get(2)?,
        created_at: r.try_get(3)?,
        revoked_at: r.try_get(4)?,
        last_used_at: r.try_get(5)?,
    })
}

pub(super) async fn create_key(pool: &Pool, k: NewOpen311Key) -> Result<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let n = tx
        .execute(
            "INSERT INTO device(jurisdiction, client_id, platform, app_version, refresh_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $3, $4, $5, $5) ON CONFLICT DO NOTHING",
            &[&k.jurisdiction, &k.id, &OPEN311_PLATFORM, &NO_REFRESH_HASH, &k.now],
        )
        .await?;
    if n == 0 {
        return Err(Error::Conflict(format!("client id {}", k.id)));
    }
    tx.execute(
        "INSERT INTO open311_key(jurisdiction, id, name, key_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
        &[&k.jurisdiction, &k.id, &k.name, &k.key_hash, &k.now],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn key(pool: &Pool, key_hash: &str) -> Result<Option<Open311Key>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM open311_key WHERE key_hash = $1"
        ))
        .await?;
    client
        .query_opt(&stmt, &[&key_hash])
        .await?
        .map(|r| key_row(&r))
        .transpose()
}

pub(super) async fn keys(pool: &Pool, j: &str) -> Result<Vec<Open311Key>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM open311_key WHERE jurisdiction = $1 ORDER BY created_at, id"
        ))
        .await?;
    client
        .query(&stmt, &[&j])
        .await?
        .iter()
        .map(key_row)
        .collect()
}

pub(super) async fn revoke_key(pool: &Pool, j: &str, id: &str, now: i64) -> Result<bool> {
    let client = pool.get().await?;
    Ok(client
        .execute(
            "UPDATE open311_key SET revoked_at = $3 WHERE jurisdiction = $1 AND id = $2 AND revoked_at IS NULL",
            &[&j, &id, &now],
        )
        .await?
        > 0)
}

pub(super) async fn contact(pool: &Pool, j: &str, id: &str) -> Result<Option<Open311Contact>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "SELECT jurisdiction, complaint_id, key_id, first_name, last_name, email, phone, media_url, created_at
             FROM open311_request WHERE jurisdiction = $1 AND complaint_id = $2",
        )
        .await?;
    client
        .query_opt(&stmt, &[&j, &id])
        .await?
        .map(|r| {
            Ok(Open311Contact {
                jurisdiction: r.try_get(0)?,
                complaint_id: r.try_get(1)?,
                key_id: r.try_get(2)?,
                first_name: r.try_get(3)?,
                last_name: r.try_get(4)?,
                email: r.try_get(5)?,
                phone: r.try_get(6)?,
                media_url: r.try_get(7)?,
                now: r.try_get(8)?,
            })
        })
        .transpose()
}

pub(super) async fn record_request(pool: &Pool, c: Open311Contact) -> Result<()> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "UPDATE open311_key SET last_used_at = GREATEST(COALESCE(last_used_at, $3), $3)
         WHERE jurisdiction = $1 AND id = $2",
        &[&c.jurisdiction, &c.key_id, &c.now],
    )
    .await?;
    tx
        .execute(
            "INSERT INTO open311_request(jurisdiction, complaint_id, key_id, first_name, last_name, email, phone,
                                         media_url, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
            &[
                &c.jurisdiction,
                &c.complaint_id,
                &c.key_id,
                &c.first_name,
                &c.last_name,
                &c.email,
                &c.phone,
                &c.media_url,
                &c.now,
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn requests(pool: &Pool, q: Open311Query) -> Result<Vec<Open311Request>> {
    let client = pool.get().await?;
    let statuses: Vec<String> = q.statuses.iter().map(|s| s.as_str().to_owned()).collect();
    let stmt = client
        .prepare_cached(&format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaint
             WHERE jurisdiction = $1 AND NOT confidential AND status <> 'rejected'
               AND (cardinality($2::text[]) = 0 OR tracking_number = ANY($2))
               AND (cardinality($3::text[]) = 0 OR id = ANY($3))
               AND (cardinality($4::text[]) = 0 OR category = ANY($4))
               AND (cardinality($5::text[]) = 0 OR status = ANY($5))
               AND created_at >= $6 AND created_at <= $7
             ORDER BY created_at DESC, id DESC LIMIT $8"
        ))
        .await?;
    let mut list = records(
        client
            .query(
                &stmt,
                &[
                    &q.jurisdiction,
                    &q.tracking_numbers,
                    &q.complaint_ids,
                    &q.categories,
                    &statuses,
                    &q.start.unwrap_or(i64::MIN),
                    &q.end.unwrap_or(i64::MAX),
                    &(q.limit as i64),
                ],
            )
            .await?,
    )?;
    load_details(&client, &q.jurisdiction, &mut list, false).await?;
    let ids: Vec<String> = list.iter().map(|r| r.id.clone()).collect();
    let mut media: HashMap<String, String> = HashMap::new();
    if !ids.is_empty() {
        let stmt = client
            .prepare_cached(
                "SELECT complaint_id, media_url FROM open311_request
                 WHERE jurisdiction = $1 AND media_url IS NOT NULL AND complaint_id = ANY($2)",
            )
            .await?;
        for r in client.query(&stmt, &[&q.jurisdiction, &ids]).await? {
            media.insert(r.try_get(0)?, r.try_get(1)?);
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

pub(super) async fn updates(
    pool: &Pool,
    j: &str,
    start: i64,
    end: i64,
    limit: usize,
) -> Result<Vec<Open311Update>> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "SELECT e.complaint_id, e.id, e.at, e.kind, e.actor, e.actor_name, e.status, e.agency,
                    e.text, e.rating, e.internal, c.tracking_number
             FROM complaint_event e
             JOIN complaint c ON c.jurisdiction = e.jurisdiction AND c.id = e.complaint_id
             WHERE e.jurisdiction = $1 AND NOT e.internal AND e.status IS NOT NULL
               AND NOT c.confidential AND c.status <> 'rejected'
               AND e.at >= $2 AND e.at <= $3
             ORDER BY e.at, e.seq LIMIT $4",
        )
        .await?;
    client
        .query(&stmt, &[&j, &start, &end, &(limit as i64)])
        .await?
        .iter()
        .map(|r| {
            Ok(Open311Update {
                event: event_row(r)?,
                tracking_number: r.try_get(11)?,
            })
        })
        .collect()
}

pub(super) async fn backlog(pool: &Pool, j: &str, now: i64) -> Result<Backlog> {
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "SELECT status, COUNT(*) FROM complaint WHERE jurisdiction = $1 GROUP BY status ORDER BY status",
        )
        .await?;
    let by_status = client
        .query(&stmt, &[&j])
        .await?
        .iter()
        .map(|r| Ok((parse_status(r.try_get::<_, &str>(0)?)?, r.try_get(1)?)))
        .collect::<Result<Vec<(ComplaintStatus, i64)>>>()?;
    let stmt = client
        .prepare_cached(
            "SELECT COUNT(*) FROM complaint WHERE jurisdiction = $1 AND due_at <= $2
             AND status NOT IN ('resolved', 'closed', 'rejected')",
        )
        .await?;
    let overdue: i64 = client.query_one(&stmt, &[&j, &now]).await?.try_get(0)?;
    Ok(Backlog { by_status, overdue })
}
