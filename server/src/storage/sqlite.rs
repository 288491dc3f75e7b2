//! The embedded default: one SQLite file, zero setup. Blocking rusqlite calls run on
//! tokio's blocking pool behind one writer connection; WAL lets readers proceed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pati_protocol::{ContentItem, ContentKind, JurisdictionSummary};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::{build_page, plan_publish, pull_start, summary_of, ChangePage, PublishMode, PublishReport, Storage};
use crate::error::{Error, Result};

const STEPS: &[&str] = &[include_str!("migrations/sqlite/001_content.sql")];
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    pub async fn open(path: &str) -> Result<SqliteStorage> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection> {
            if let Some(dir) = std::path::Path::new(&path).parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::Config(format!("{}: {e}", dir.display())))?;
            }
            let mut conn = Connection::open(&path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            migrate(&mut conn)?;
            Ok(conn)
        })
        .await??;
        Ok(SqliteStorage {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn with<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside a closure rolls its transaction back; the connection stays usable.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await?
    }
}

/// Numbered steps in one IMMEDIATE transaction, tracked by `PRAGMA user_version`.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (i, sql) in STEPS.iter().enumerate().skip(found as usize) {
        tracing::info!(step = i + 1, "applying sqlite migration");
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Takes the next version inside `tx` (the counter row is the writers' lock).
fn next_version(tx: &rusqlite::Transaction, jurisdiction: &str) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO content_counter(jurisdiction, version) VALUES (?1, 1)
         ON CONFLICT(jurisdiction) DO UPDATE SET version = version + 1
         RETURNING version",
        [jurisdiction],
        |r| r.get(0),
    )?)
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn publish(&self, jurisdiction: &str, items: Vec<ContentItem>, mode: PublishMode) -> Result<PublishReport> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing: HashMap<(String, String), Option<String>> = {
                let mut stmt = tx.prepare("SELECT kind, key, data FROM content_item WHERE jurisdiction = ?1")?;
                let rows = stmt.query_map([&j], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let mut plan = plan_publish(&existing, &items, mode)?;
            let now = now_unix();
            for (kind, key, data) in &plan.writes {
                let v = next_version(&tx, &j)?;
                tx.execute(
                    "INSERT INTO content_item(jurisdiction, kind, key, version, data, changed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT(jurisdiction, kind, key)
                     DO UPDATE SET version = excluded.version, data = excluded.data, changed_at = excluded.changed_at",
                    params![j, kind, key, v, data, now],
                )?;
            }
            plan.report.version = tx
                .query_row("SELECT version FROM content_counter WHERE jurisdiction = ?1", [&j], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            tx.commit()?;
            Ok(plan.report)
        })
        .await
    }

    async fn retire(&self, jurisdiction: &str, kind: ContentKind, key: &str) -> Result<bool> {
        let (j, key) = (jurisdiction.to_owned(), key.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let live: bool = tx
                .query_row(
                    "SELECT data IS NOT NULL FROM content_item WHERE jurisdiction = ?1 AND kind = ?2 AND key = ?3",
                    params![j, kind.as_str(), key],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false);
            if !live {
                return Ok(false);
            }
            let v = next_version(&tx, &j)?;
            tx.execute(
                "UPDATE content_item SET data = NULL, version = ?4, changed_at = ?5
                 WHERE jurisdiction = ?1 AND kind = ?2 AND key = ?3",
                params![j, kind.as_str(), key, v, now_unix()],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn content_changes(&self, jurisdiction: &str, since: i64, limit: usize, max_bytes: usize) -> Result<ChangePage> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            // One read transaction: the counter and the rows come from one snapshot.
            let tx = conn.transaction()?;
            let (current, purged): (i64, i64) = tx
                .query_row(
                    "SELECT version, purged_through FROM content_counter WHERE jurisdiction = ?1",
                    [&j],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .unwrap_or((0, 0));
            let (from, reset) = pull_start(since, current, purged);
            let sql = if reset {
                "SELECT version, kind, key, data FROM content_item
                 WHERE jurisdiction = ?1 AND version > ?2 AND data IS NOT NULL ORDER BY version LIMIT ?3"
            } else {
                "SELECT version, kind, key, data FROM content_item
                 WHERE jurisdiction = ?1 AND version > ?2 ORDER BY version LIMIT ?3"
            };
            let mut stmt = tx.prepare_cached(sql)?;
            let rows = stmt
                .query_map(params![j, from, (limit + 1) as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            build_page(rows, limit, max_bytes, from, current, reset)
        })
        .await
    }

    async fn purge_tombstones(&self, jurisdiction: &str, older_than_unix: i64) -> Result<u64> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let newest: Option<i64> = tx.query_row(
                "SELECT MAX(version) FROM content_item WHERE jurisdiction = ?1 AND data IS NULL AND changed_at < ?2",
                params![j, older_than_unix],
                |r| r.get(0),
            )?;
            let Some(newest) = newest else { return Ok(0) };
            let n = tx.execute(
                "DELETE FROM content_item WHERE jurisdiction = ?1 AND data IS NULL AND version <= ?2",
                params![j, newest],
            )?;
            tx.execute(
                "UPDATE content_counter SET purged_through = MAX(purged_through, ?2) WHERE jurisdiction = ?1",
                params![j, newest],
            )?;
            tx.commit()?;
            Ok(n as u64)
        })
        .await
    }

    async fn jurisdictions(&self) -> Result<Vec<JurisdictionSummary>> {
        self.with(|conn| {
            let mut stmt = conn.prepare(
                "SELECT data FROM content_item WHERE kind = 'jurisdiction' AND data IS NOT NULL ORDER BY jurisdiction",
            )?;
            let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            rows.iter().map(|d| summary_of(d)).collect()
        })
        .await
    }
}
