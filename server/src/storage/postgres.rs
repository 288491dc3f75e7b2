//! PostgreSQL storage for production, through a deadpool of tokio-postgres clients.
//! Same semantics as the SQLite backend; the conformance suite proves it.

use std::collections::HashMap;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use pati_protocol::{ContentItem, ContentKind, JurisdictionSummary};
use tokio_postgres::{IsolationLevel, NoTls};

use super::{build_page, plan_publish, pull_start, summary_of, ChangePage, PublishMode, PublishReport, Storage};
use crate::error::{Error, Result};

const STEPS: &[&str] = &[include_str!("migrations/postgres/001_content.sql")];
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Arbitrary constant naming the advisory lock that serializes migrations when
/// several server replicas start at once.
const MIGRATION_LOCK: i64 = 0x5041_5449_4d41_4a55; // "PATIMAJU"

pub struct PostgresStorage {
    pool: Pool,
}

impl PostgresStorage {
    pub async fn connect(url: &str) -> Result<PostgresStorage> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| Error::Config(format!("bad PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        let storage = PostgresStorage { pool };
        storage.migrate().await?;
        Ok(storage)
    }

    async fn migrate(&self) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS pati_schema (version BIGINT NOT NULL)")
            .await?;
        let found: i64 = match tx.query_opt("SELECT version FROM pati_schema", &[]).await? {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO pati_schema(version) VALUES (0)", &[]).await?;
                0
            }
        };
        if found > SCHEMA_VERSION {
            return Err(Error::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for (i, sql) in STEPS.iter().enumerate().skip(found as usize) {
            tracing::info!(step = i + 1, "applying postgres migration");
            tx.batch_execute(sql).await?;
        }
        tx.execute("UPDATE pati_schema SET version = $1", &[&SCHEMA_VERSION])
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn now_unix() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Takes the next version inside `tx`; the row lock serializes writers until commit.
async fn next_version(tx: &deadpool_postgres::Transaction<'_>, jurisdiction: &str) -> Result<i64> {
    let row = tx
        .query_one(
            "INSERT INTO content_counter(jurisdiction, version) VALUES ($1, 1)
             ON CONFLICT(jurisdiction) DO UPDATE SET version = content_counter.version + 1
             RETURNING version",
            &[&jurisdiction],
        )
        .await?;
    Ok(row.get(0))
}

#[async_trait]
impl Storage for PostgresStorage {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn publish(&self, jurisdiction: &str, items: Vec<ContentItem>, mode: PublishMode) -> Result<PublishReport> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // Lock the counter first so concurrent publishes of one jurisdiction queue up
        // before reading what exists.
        tx.execute(
            "INSERT INTO content_counter(jurisdiction, version) VALUES ($1, 0) ON CONFLICT DO NOTHING",
            &[&jurisdiction],
        )
        .await?;
        tx.execute(
            "SELECT version FROM content_counter WHERE jurisdiction = $1 FOR UPDATE",
            &[&jurisdiction],
        )
        .await?;
        let existing: HashMap<(String, String), Option<String>> = tx
            .query(
                "SELECT kind, key, data FROM content_item WHERE jurisdiction = $1",
                &[&jurisdiction],
            )
            .await?
            .into_iter()
            .map(|r| ((r.get(0), r.get(1)), r.get(2)))
            .collect();
        let mut plan = plan_publish(&existing, &items, mode)?;
        let now = now_unix();
        let upsert = tx
            .prepare(
                "INSERT INTO content_item(jurisdiction, kind, key, version, data, changed_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT(jurisdiction, kind, key)
                 DO UPDATE SET version = excluded.version, data = excluded.data, changed_at = excluded.changed_at",
            )
            .await?;
        for (kind, key, data) in &plan.writes {
            let v = next_version(&tx, jurisdiction).await?;
            tx.execute(&upsert, &[&jurisdiction, kind, key, &v, data, &now]).await?;
        }
        plan.report.version = tx
            .query_one(
                "SELECT version FROM content_counter WHERE jurisdiction = $1",
                &[&jurisdiction],
            )
            .await?
            .get(0);
        tx.commit().await?;
        Ok(plan.report)
    }

    async fn retire(&self, jurisdiction: &str, kind: ContentKind, key: &str) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let live = tx
            .query_opt(
                "SELECT data IS NOT NULL FROM content_item
                 WHERE jurisdiction = $1 AND kind = $2 AND key = $3 FOR UPDATE",
                &[&jurisdiction, &kind.as_str(), &key],
            )
            .await?
            .map(|r| r.get::<_, bool>(0))
            .unwrap_or(false);
        if !live {
            return Ok(false);
        }
        let v = next_version(&tx, jurisdiction).await?;
        tx.execute(
            "UPDATE content_item SET data = NULL, version = $4, changed_at = $5
             WHERE jurisdiction = $1 AND kind = $2 AND key = $3",
            &[&jurisdiction, &kind.as_str(), &key, &v, &now_unix()],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn content_changes(&self, jurisdiction: &str, since: i64, limit: usize, max_bytes: usize) -> Result<ChangePage> {
        let mut client = self.pool.get().await?;
        // One snapshot for the counter and the rows.
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let (current, purged): (i64, i64) = tx
            .query_opt(
                "SELECT version, purged_through FROM content_counter WHERE jurisdiction = $1",
                &[&jurisdiction],
            )
            .await?
            .map(|r| (r.get(0), r.get(1)))
            .unwrap_or((0, 0));
        let (from, reset) = pull_start(since, current, purged);
        let sql = if reset {
            "SELECT version, kind, key, data FROM content_item
             WHERE jurisdiction = $1 AND version > $2 AND data IS NOT NULL ORDER BY version LIMIT $3"
        } else {
            "SELECT version, kind, key, data FROM content_item
             WHERE jurisdiction = $1 AND version > $2 ORDER BY version LIMIT $3"
        };
        let rows = tx
            .query(sql, &[&jurisdiction, &from, &((limit + 1) as i64)])
            .await?
            .into_iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        tx.commit().await?;
        build_page(rows, limit, max_bytes, from, current, reset)
    }

    async fn purge_tombstones(&self, jurisdiction: &str, older_than_unix: i64) -> Result<u64> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let newest: Option<i64> = tx
            .query_one(
                "SELECT MAX(version) FROM content_item WHERE jurisdiction = $1 AND data IS NULL AND changed_at < $2",
                &[&jurisdiction, &older_than_unix],
            )
            .await?
            .get(0);
        let Some(newest) = newest else { return Ok(0) };
        let n = tx
            .execute(
                "DELETE FROM content_item WHERE jurisdiction = $1 AND data IS NULL AND version <= $2",
                &[&jurisdiction, &newest],
            )
            .await?;
        tx.execute(
            "UPDATE content_counter SET purged_through = GREATEST(purged_through, $2) WHERE jurisdiction = $1",
            &[&jurisdiction, &newest],
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn jurisdictions(&self) -> Result<Vec<JurisdictionSummary>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT data FROM content_item WHERE kind = 'jurisdiction' AND data IS NOT NULL ORDER BY jurisdiction",
                &[],
            )
            .await?;
        rows.iter().map(|r| summary_of(r.get(0))).collect()
    }
}
