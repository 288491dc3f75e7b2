//! PostgreSQL storage for production, through a deadpool of tokio-postgres clients.
//! Same semantics as the SQLite backend; the conformance suite proves it.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use pati_protocol::{ContentItem, ContentKind, Holiday, JurisdictionSummary};
use tokio_postgres::{IsolationLevel, NoTls};

use super::postgres_complaints as pc;
use super::postgres_open311 as po;
use super::{
    build_page, parse_kind, plan_publish, publish_detail, pull_start, retire_detail, summary_of,
    AuditEntry, ChangePage, ContentSummary, FailedLogin, LockoutPolicy, NewAuditEntry, NewSession,
    NewUser, PublishMode, PublishReport, Role, Session, Storage, StoredItem, User, UserCredentials,
    UserStatus,
};
use super::{
    ActionResult, AdminFilter, Backlog, BlobInfo, Calendar, ComplaintFacts, ComplaintRecord,
    DeviceInfo, DeviceRefresh, FactsQuery, MinePage, NewDevice, NewOpen311Key, NewPhoneChallenge,
    Open311Contact, Open311Key, Open311Query, Open311Request, Open311Update, PhoneCheck, PushInput,
    PushOutcome, SimilarQuery, StaffAction, TokenLookup, UploadState,
};
use crate::error::{Error, Result};

const STEPS: &[&str] = &[
    include_str!("migrations/postgres/001_content.sql"),
    include_str!("migrations/postgres/002_accounts.sql"),
    include_str!("migrations/postgres/003_complaints.sql"),
    include_str!("migrations/postgres/004_open311.sql"),
    include_str!("migrations/postgres/005_console.sql"),
    include_str!("migrations/postgres/006_users.sql"),
    include_str!("migrations/postgres/007_dashboard_facts.sql"),
    include_str!("migrations/postgres/008_followers.sql"),
    include_str!("migrations/postgres/009_open311_key_use.sql"),
    include_str!("migrations/postgres/010_complaint_channel.sql"),
];
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Arbitrary constant naming the advisory lock that serializes migrations when
/// several server replicas start at once.
const MIGRATION_LOCK: i64 = 0x5041_5449_4d41_4a55; // "PATIMAJU"

pub struct PostgresStorage {
    pool: Pool,
}

impl PostgresStorage {
    pub async fn connect(url: &str) -> Result<PostgresStorage> {
        let config: tokio_postgres::Config = url.parse().map_err(|e: tokio_postgres::Error| {
            Error::Config(format!("bad PostgreSQL URL: {e}"))
        })?;
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
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS pati_schema (version BIGINT NOT NULL)")
            .await?;
        let found: i64 = match tx.query_opt("SELECT version FROM pati_schema", &[]).await? {
            Some(row) => row.get(0),
            None => {
                tx.execute("INSERT INTO pati_schema(version) VALUES (0)", &[])
                    .await?;
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

pub(super) async fn insert_audit<C: deadpool_postgres::GenericClient>(
    c: &C,
    e: &NewAuditEntry,
    now: i64,
) -> Result<i64> {
    let row = c
        .query_one(
            "INSERT INTO audit_log(jurisdiction, at, actor, action, target, detail)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &e.jurisdiction,
                &now,
                &e.actor,
                &e.action,
                &e.target,
                &e.detail,
            ],
        )
        .await?;
    Ok(row.get(0))
}

const USER_COLUMNS: &str =
    "u.id, u.jurisdiction, u.username, u.display_name, u.role, u.agency, u.created_at";

/// Reads [`USER_COLUMNS`] starting at column `at`.
fn user_from_row(r: &tokio_postgres::Row, at: usize) -> Result<User> {
    let role: String = r.try_get(at + 4)?;
    Ok(User {
        id: r.try_get(at)?,
        jurisdiction: r.try_get(at + 1)?,
        username: r.try_get(at + 2)?,
        display_name: r.try_get(at + 3)?,
        role: Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("unknown role {role:?}")))?,
        agency: r.try_get(at + 5)?,
        created_at: r.try_get(at + 6)?,
    })
}

fn stored_item(kind: ContentKind, r: &tokio_postgres::Row) -> Result<StoredItem> {
    Ok(StoredItem {
        kind,
        key: r.try_get(0)?,
        version: r.try_get(1)?,
        data: r.try_get(2)?,
    })
}

#[async_trait]
impl Storage for PostgresStorage {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn publish_audited(
        &self,
        jurisdiction: &str,
        items: Vec<ContentItem>,
        mode: PublishMode,
        audit: Option<NewAuditEntry>,
    ) -> Result<PublishReport> {
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
            tx.execute(&upsert, &[&jurisdiction, kind, key, &v, data, &now])
                .await?;
        }
        plan.report.version = tx
            .query_one(
                "SELECT version FROM content_counter WHERE jurisdiction = $1",
                &[&jurisdiction],
            )
            .await?
            .get(0);
        if let Some(mut entry) = audit {
            entry.detail = publish_detail(&entry.detail, &plan.report);
            insert_audit(&tx, &entry, now).await?;
        }
        tx.commit().await?;
        Ok(plan.report)
    }

    async fn retire_audited(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
        audit: Option<NewAuditEntry>,
    ) -> Result<bool> {
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
        let now = now_unix();
        tx.execute(
            "UPDATE content_item SET data = NULL, version = $4, changed_at = $5
             WHERE jurisdiction = $1 AND kind = $2 AND key = $3",
            &[&jurisdiction, &kind.as_str(), &key, &v, &now],
        )
        .await?;
        if let Some(mut entry) = audit {
            entry.detail = retire_detail(&entry.detail, v);
            insert_audit(&tx, &entry, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn content_changes(
        &self,
        jurisdiction: &str,
        since: i64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<ChangePage> {
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

    async fn content_items(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
    ) -> Result<Vec<StoredItem>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT key, version, data FROM content_item
                 WHERE jurisdiction = $1 AND kind = $2 AND data IS NOT NULL ORDER BY key",
                &[&jurisdiction, &kind.as_str()],
            )
            .await?;
        rows.iter().map(|r| stored_item(kind, r)).collect()
    }

    async fn content_item(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
    ) -> Result<Option<StoredItem>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                "SELECT key, version, data FROM content_item
                 WHERE jurisdiction = $1 AND kind = $2 AND key = $3 AND data IS NOT NULL",
                &[&jurisdiction, &kind.as_str(), &key],
            )
            .await?;
        row.map(|r| stored_item(kind, &r)).transpose()
    }

    async fn content_summary(&self, jurisdiction: &str) -> Result<ContentSummary> {
        let mut client = self.pool.get().await?;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let version: i64 = tx
            .query_opt(
                "SELECT version FROM content_counter WHERE jurisdiction = $1",
                &[&jurisdiction],
            )
            .await?
            .map(|r| r.get(0))
            .unwrap_or(0);
        let rows = tx
            .query(
                "SELECT kind, COUNT(*) FROM content_item WHERE jurisdiction = $1 AND data IS NOT NULL GROUP BY kind",
                &[&jurisdiction],
            )
            .await?;
        tx.commit().await?;
        let mut summary = ContentSummary {
            version,
            ..Default::default()
        };
        for r in rows {
            let kind: String = r.try_get(0)?;
            let n: i64 = r.try_get(1)?;
            summary.counts.insert(parse_kind(&kind)?, n as u64);
        }
        Ok(summary)
    }

    async fn create_user(&self, user: NewUser) -> Result<User> {
        let client = self.pool.get().await?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = now_unix();
        let n = client
            .execute(
                "INSERT INTO console_user(jurisdiction, id, username, display_name, role, agency, password_hash, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                &[
                    &user.jurisdiction,
                    &id,
                    &user.username,
                    &user.display_name,
                    &user.role.as_str(),
                    &user.agency,
                    &user.password_hash,
                    &now,
                ],
            )
            .await?;
        if n == 0 {
            return Err(Error::Conflict(format!(
                "user {} in {}",
                user.username, user.jurisdiction
            )));
        }
        Ok(User {
            id,
            jurisdiction: user.jurisdiction,
            username: user.username,
            display_name: user.display_name,
            role: user.role,
            agency: user.agency,
            created_at: now,
        })
    }

    async fn user_credentials(
        &self,
        jurisdiction: &str,
        username: &str,
    ) -> Result<Option<UserCredentials>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                &format!(
                    "SELECT {USER_COLUMNS}, u.password_hash, u.failed_attempts, u.locked_until, u.disabled_at
                     FROM console_user u WHERE u.jurisdiction = $1 AND u.username = $2"
                ),
                &[&jurisdiction, &username],
            )
            .await?;
        row.map(|r| {
            Ok(UserCredentials {
                user: user_from_row(&r, 0)?,
                password_hash: r.try_get(7)?,
                failed_attempts: r.try_get(8)?,
                locked_until: r.try_get(9)?,
                disabled: r.try_get::<_, Option<i64>>(10)?.is_some(),
            })
        })
        .transpose()
    }

    async fn users(&self, jurisdiction: &str) -> Result<Vec<User>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!("SELECT {USER_COLUMNS} FROM console_user u WHERE u.jurisdiction = $1 ORDER BY u.username"),
                &[&jurisdiction],
            )
            .await?;
        rows.iter().map(|r| user_from_row(r, 0)).collect()
    }

    async fn user_statuses(&self, jurisdiction: &str) -> Result<Vec<UserStatus>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                &format!(
                    "SELECT {USER_COLUMNS}, u.disabled_at, u.locked_until, u.last_login_at
                     FROM console_user u WHERE u.jurisdiction = $1 ORDER BY u.username"
                ),
                &[&jurisdiction],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(UserStatus {
                    user: user_from_row(r, 0)?,
                    disabled_at: r.try_get(7)?,
                    locked_until: r.try_get(8)?,
                    last_login_at: r.try_get(9)?,
                })
            })
            .collect()
    }

    async fn set_user_disabled(
        &self,
        jurisdiction: &str,
        user_id: &str,
        disabled_at: Option<i64>,
        audit: NewAuditEntry,
    ) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let n = tx
            .execute(
                "UPDATE console_user SET disabled_at = $3 WHERE jurisdiction = $1 AND id = $2",
                &[&jurisdiction, &user_id, &disabled_at],
            )
            .await?;
        if n == 0 {
            return Ok(false);
        }
        if disabled_at.is_some() {
            tx.execute(
                "DELETE FROM console_session WHERE jurisdiction = $1 AND user_id = $2",
                &[&jurisdiction, &user_id],
            )
            .await?;
        }
        insert_audit(&tx, &audit, now_unix()).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_user_password(
        &self,
        jurisdiction: &str,
        user_id: &str,
        password_hash: &str,
        audit: NewAuditEntry,
    ) -> Result<bool> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let n = tx
            .execute(
                "UPDATE console_user SET password_hash = $3, failed_attempts = 0, locked_until = NULL
                 WHERE jurisdiction = $1 AND id = $2",
                &[&jurisdiction, &user_id, &password_hash],
            )
            .await?;
        if n == 0 {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM console_session WHERE jurisdiction = $1 AND user_id = $2",
            &[&jurisdiction, &user_id],
        )
        .await?;
        insert_audit(&tx, &audit, now_unix()).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn record_login_failure(
        &self,
        jurisdiction: &str,
        user_id: &str,
        now: i64,
        policy: LockoutPolicy,
    ) -> Result<FailedLogin> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        // The UPDATE locks the row until commit, so concurrent failures count one by one.
        let attempts: i64 = tx
            .query_opt(
                "UPDATE console_user SET failed_attempts = failed_attempts + 1
                 WHERE jurisdiction = $1 AND id = $2 RETURNING failed_attempts",
                &[&jurisdiction, &user_id],
            )
            .await?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::NotFound(format!("user {user_id}")))?;
        let outcome = if attempts >= policy.max_attempts {
            let until = now + policy.lock_seconds;
            tx.execute(
                "UPDATE console_user SET failed_attempts = 0, locked_until = $3 WHERE jurisdiction = $1 AND id = $2",
                &[&jurisdiction, &user_id, &until],
            )
            .await?;
            FailedLogin {
                failed_attempts: 0,
                locked_until: Some(until),
            }
        } else {
            FailedLogin {
                failed_attempts: attempts,
                locked_until: None,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn record_login_success(&self, jurisdiction: &str, user_id: &str) -> Result<()> {
        let client = self.pool.get().await?;
        client
            .execute(
                "UPDATE console_user SET failed_attempts = 0, locked_until = NULL WHERE jurisdiction = $1 AND id = $2",
                &[&jurisdiction, &user_id],
            )
            .await?;
        Ok(())
    }

    async fn create_session(&self, s: NewSession) -> Result<()> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute(
            "INSERT INTO console_session(jurisdiction, token_hash, user_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&s.jurisdiction, &s.token_hash, &s.user_id, &s.csrf_token, &s.created_at, &s.expires_at],
        )
        .await?;
        tx.execute(
            "UPDATE console_user SET last_login_at = $3 WHERE jurisdiction = $1 AND id = $2",
            &[&s.jurisdiction, &s.user_id, &s.created_at],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Session>> {
        let client = self.pool.get().await?;
        let row = client
            .query_opt(
                &format!(
                    "SELECT s.token_hash, s.csrf_token, s.created_at, s.expires_at, {USER_COLUMNS}
                     FROM console_session s
                     JOIN console_user u ON u.jurisdiction = s.jurisdiction AND u.id = s.user_id
                     WHERE s.jurisdiction = $1 AND s.token_hash = $2 AND s.expires_at > $3
                       AND u.disabled_at IS NULL"
                ),
                &[&jurisdiction, &token_hash, &now],
            )
            .await?;
        row.map(|r| {
            Ok(Session {
                jurisdiction: jurisdiction.to_owned(),
                token_hash: r.try_get(0)?,
                csrf_token: r.try_get(1)?,
                created_at: r.try_get(2)?,
                expires_at: r.try_get(3)?,
                user: user_from_row(&r, 4)?,
            })
        })
        .transpose()
    }

    async fn delete_session(&self, jurisdiction: &str, token_hash: &str) -> Result<bool> {
        let client = self.pool.get().await?;
        let n = client
            .execute(
                "DELETE FROM console_session WHERE jurisdiction = $1 AND token_hash = $2",
                &[&jurisdiction, &token_hash],
            )
            .await?;
        Ok(n > 0)
    }

    async fn purge_sessions(&self, now: i64) -> Result<u64> {
        let client = self.pool.get().await?;
        Ok(client
            .execute(
                "DELETE FROM console_session WHERE expires_at <= $1",
                &[&now],
            )
            .await?)
    }

    async fn append_audit(&self, entry: NewAuditEntry) -> Result<i64> {
        let client = self.pool.get().await?;
        insert_audit(&client, &entry, now_unix()).await
    }

    async fn audit_log(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let client = self.pool.get().await?;
        let rows = client
            .query(
                "SELECT id, at, jurisdiction, actor, action, target, detail FROM audit_log
                 WHERE jurisdiction = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
                &[&jurisdiction, &before.unwrap_or(i64::MAX), &(limit as i64)],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    jurisdiction: r.try_get(2)?,
                    actor: r.try_get(3)?,
                    action: r.try_get(4)?,
                    target: r.try_get(5)?,
                    detail: r.try_get(6)?,
                })
            })
            .collect()
    }

    async fn set_holidays(&self, jurisdiction: &str, holidays: Vec<Holiday>) -> Result<()> {
        pc::set_holidays(&self.pool, jurisdiction, holidays).await
    }

    async fn holidays(&self, jurisdiction: &str) -> Result<Vec<Holiday>> {
        pc::holidays(&self.pool, jurisdiction).await
    }

    async fn register_device(&self, device: NewDevice) -> Result<bool> {
        pc::register_device(&self.pool, device).await
    }

    async fn refresh_device(&self, refresh: DeviceRefresh) -> Result<bool> {
        pc::refresh_device(&self.pool, refresh).await
    }

    async fn access_token(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<TokenLookup> {
        pc::access_token(&self.pool, jurisdiction, token_hash, now).await
    }

    async fn purge_access_tokens(&self, before: i64) -> Result<u64> {
        pc::purge_access_tokens(&self.pool, before).await
    }

    async fn start_phone_challenge(&self, challenge: NewPhoneChallenge) -> Result<()> {
        pc::start_phone_challenge(&self.pool, challenge).await
    }

    async fn verify_phone(
        &self,
        jurisdiction: &str,
        client_id: &str,
        phone: &str,
        code: &str,
        now: i64,
        max_attempts: i64,
    ) -> Result<PhoneCheck> {
        pc::verify_phone(
            &self.pool,
            jurisdiction,
            client_id,
            phone,
            code,
            now,
            max_attempts,
        )
        .await
    }

    async fn device(&self, jurisdiction: &str, client_id: &str) -> Result<Option<DeviceInfo>> {
        pc::device(&self.pool, jurisdiction, client_id).await
    }

    async fn push(&self, push: PushInput) -> Result<PushOutcome> {
        pc::push(&self.pool, push).await
    }

    async fn my_complaints(
        &self,
        jurisdiction: &str,
        client_id: &str,
        phone: Option<&str>,
        since: i64,
        limit: usize,
    ) -> Result<MinePage> {
        pc::my_complaints(&self.pool, jurisdiction, client_id, phone, since, limit).await
    }

    async fn complaint(&self, jurisdiction: &str, id: &str) -> Result<Option<ComplaintRecord>> {
        pc::complaint(&self.pool, jurisdiction, id).await
    }

    async fn public_complaints(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<ComplaintRecord>> {
        pc::public_complaints(&self.pool, jurisdiction, before, limit).await
    }

    async fn similar_candidates(&self, query: SimilarQuery) -> Result<Vec<ComplaintRecord>> {
        pc::similar_candidates(&self.pool, query).await
    }

    async fn admin_complaints(
        &self,
        jurisdiction: &str,
        filter: AdminFilter,
    ) -> Result<Vec<ComplaintRecord>> {
        pc::admin_complaints(&self.pool, jurisdiction, filter).await
    }

    async fn complaint_facts(
        &self,
        jurisdiction: &str,
        query: FactsQuery,
    ) -> Result<Vec<ComplaintFacts>> {
        pc::complaint_facts(&self.pool, jurisdiction, query).await
    }

    async fn complaint_action(&self, action: StaffAction) -> Result<ActionResult> {
        pc::complaint_action(&self.pool, action).await
    }

    async fn auto_close(
        &self,
        jurisdiction: &str,
        now: i64,
        calendar: Arc<Calendar>,
    ) -> Result<Vec<String>> {
        pc::auto_close(&self.pool, jurisdiction, now, &calendar).await
    }

    async fn upload_state(&self, jurisdiction: &str, sha256: &str) -> Result<UploadState> {
        pc::upload_state(&self.pool, jurisdiction, sha256).await
    }

    async fn upload_create(
        &self,
        jurisdiction: &str,
        sha256: &str,
        length: i64,
        client_id: &str,
        now: i64,
    ) -> Result<UploadState> {
        pc::upload_create(&self.pool, jurisdiction, sha256, length, client_id, now).await
    }

    async fn upload_append(
        &self,
        jurisdiction: &str,
        sha256: &str,
        offset: i64,
        data: Vec<u8>,
        now: i64,
    ) -> Result<UploadState> {
        pc::upload_append(&self.pool, jurisdiction, sha256, offset, data, now).await
    }

    async fn upload_bytes(&self, jurisdiction: &str, sha256: &str) -> Result<Vec<u8>> {
        pc::upload_bytes(&self.pool, jurisdiction, sha256).await
    }

    async fn upload_discard(&self, jurisdiction: &str, sha256: &str) -> Result<()> {
        pc::upload_discard(&self.pool, jurisdiction, sha256).await
    }

    async fn blob_complete(&self, blob: BlobInfo) -> Result<()> {
        pc::blob_complete(&self.pool, blob).await
    }

    async fn blob(&self, jurisdiction: &str, sha256: &str) -> Result<Option<BlobInfo>> {
        pc::blob(&self.pool, jurisdiction, sha256).await
    }

    async fn purge_uploads(&self, before: i64) -> Result<u64> {
        pc::purge_uploads(&self.pool, before).await
    }

    async fn create_open311_key(&self, key: NewOpen311Key) -> Result<()> {
        po::create_key(&self.pool, key).await
    }

    async fn open311_key(&self, key_hash: &str) -> Result<Option<Open311Key>> {
        po::key(&self.pool, key_hash).await
    }

    async fn open311_keys(&self, jurisdiction: &str) -> Result<Vec<Open311Key>> {
        po::keys(&self.pool, jurisdiction).await
    }

    async fn revoke_open311_key(&self, jurisdiction: &str, id: &str, now: i64) -> Result<bool> {
        po::revoke_key(&self.pool, jurisdiction, id, now).await
    }

    async fn record_open311_request(&self, contact: Open311Contact) -> Result<()> {
        po::record_request(&self.pool, contact).await
    }

    async fn open311_requests(&self, query: Open311Query) -> Result<Vec<Open311Request>> {
        po::requests(&self.pool, query).await
    }

    async fn open311_contact(
        &self,
        jurisdiction: &str,
        complaint_id: &str,
    ) -> Result<Option<Open311Contact>> {
        po::contact(&self.pool, jurisdiction, complaint_id).await
    }

    async fn open311_updates(
        &self,
        jurisdiction: &str,
        start: i64,
        end: i64,
        limit: usize,
    ) -> Result<Vec<Open311Update>> {
        po::updates(&self.pool, jurisdiction, start, end, limit).await
    }

    async fn backlog(&self, jurisdiction: &str, now: i64) -> Result<Backlog> {
        po::backlog(&self.pool, jurisdiction, now).await
    }
}
