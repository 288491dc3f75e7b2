//! The embedded default: one SQLite file, zero setup. Blocking rusqlite calls run on
//! tokio's blocking pool behind one writer connection; WAL lets readers proceed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pati_protocol::{ContentItem, ContentKind, Holiday, JurisdictionSummary};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::sqlite_complaints as sc;
use super::sqlite_open311 as so;
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
    include_str!("migrations/sqlite/001_content.sql"),
    include_str!("migrations/sqlite/002_accounts.sql"),
    include_str!("migrations/sqlite/003_complaints.sql"),
    include_str!("migrations/sqlite/004_open311.sql"),
    include_str!("migrations/sqlite/005_console.sql"),
    include_str!("migrations/sqlite/006_users.sql"),
    include_str!("migrations/sqlite/007_dashboard_facts.sql"),
    include_str!("migrations/sqlite/008_followers.sql"),
    include_str!("migrations/sqlite/009_open311_key_use.sql"),
    include_str!("migrations/sqlite/010_complaint_channel.sql"),
];
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    pub async fn open(path: &str) -> Result<SqliteStorage> {
        let path = path.to_owned();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection> {
            if let Some(dir) = std::path::Path::new(&path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::Config(format!("{}: {e}", dir.display())))?;
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

pub(super) fn insert_audit(conn: &Connection, e: &NewAuditEntry, now: i64) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO audit_log(jurisdiction, at, actor, action, target, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![e.jurisdiction, now, e.actor, e.action, e.target, e.detail],
        |r| r.get(0),
    )?)
}

const USER_COLUMNS: &str = "id, jurisdiction, username, display_name, role, agency, created_at";

/// Reads [`USER_COLUMNS`] starting at column `at`.
fn user_from_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<(User, String)> {
    let role: String = r.get(at + 4)?;
    Ok((
        User {
            id: r.get(at)?,
            jurisdiction: r.get(at + 1)?,
            username: r.get(at + 2)?,
            display_name: r.get(at + 3)?,
            role: Role::Viewer,
            agency: r.get(at + 5)?,
            created_at: r.get(at + 6)?,
        },
        role,
    ))
}

fn with_role((mut user, role): (User, String)) -> Result<User> {
    user.role =
        Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("unknown role {role:?}")))?;
    Ok(user)
}

fn stored_item(kind: ContentKind, (key, version, data): (String, i64, String)) -> StoredItem {
    StoredItem {
        kind,
        key,
        version,
        data,
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn publish_audited(
        &self,
        jurisdiction: &str,
        items: Vec<ContentItem>,
        mode: PublishMode,
        audit: Option<NewAuditEntry>,
    ) -> Result<PublishReport> {
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
            if let Some(mut entry) = audit {
                entry.detail = publish_detail(&entry.detail, &plan.report);
                insert_audit(&tx, &entry, now)?;
            }
            tx.commit()?;
            Ok(plan.report)
        })
        .await
    }

    async fn retire_audited(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
        audit: Option<NewAuditEntry>,
    ) -> Result<bool> {
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
            let now = now_unix();
            tx.execute(
                "UPDATE content_item SET data = NULL, version = ?4, changed_at = ?5
                 WHERE jurisdiction = ?1 AND kind = ?2 AND key = ?3",
                params![j, kind.as_str(), key, v, now],
            )?;
            if let Some(mut entry) = audit {
                entry.detail = retire_detail(&entry.detail, v);
                insert_audit(&tx, &entry, now)?;
            }
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn content_changes(
        &self,
        jurisdiction: &str,
        since: i64,
        limit: usize,
        max_bytes: usize,
    ) -> Result<ChangePage> {
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

    async fn content_items(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
    ) -> Result<Vec<StoredItem>> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT key, version, data FROM content_item
                 WHERE jurisdiction = ?1 AND kind = ?2 AND data IS NOT NULL ORDER BY key",
            )?;
            let rows = stmt
                .query_map(params![j, kind.as_str()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows.into_iter().map(|row| stored_item(kind, row)).collect())
        })
        .await
    }

    async fn content_item(
        &self,
        jurisdiction: &str,
        kind: ContentKind,
        key: &str,
    ) -> Result<Option<StoredItem>> {
        let (j, key) = (jurisdiction.to_owned(), key.to_owned());
        self.with(move |conn| {
            let row = conn
                .query_row(
                    "SELECT key, version, data FROM content_item
                     WHERE jurisdiction = ?1 AND kind = ?2 AND key = ?3 AND data IS NOT NULL",
                    params![j, kind.as_str(), key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            Ok(row.map(|row| stored_item(kind, row)))
        })
        .await
    }

    async fn content_summary(&self, jurisdiction: &str) -> Result<ContentSummary> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let version: i64 = tx
                .query_row("SELECT version FROM content_counter WHERE jurisdiction = ?1", [&j], |r| r.get(0))
                .optional()?
                .unwrap_or(0);
            let mut stmt = tx.prepare_cached(
                "SELECT kind, COUNT(*) FROM content_item WHERE jurisdiction = ?1 AND data IS NOT NULL GROUP BY kind",
            )?;
            let rows = stmt
                .query_map([&j], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            let mut summary = ContentSummary {
                version,
                ..Default::default()
            };
            for (kind, n) in rows {
                summary.counts.insert(parse_kind(&kind)?, n as u64);
            }
            Ok(summary)
        })
        .await
    }

    async fn create_user(&self, user: NewUser) -> Result<User> {
        self.with(move |conn| {
            let id = uuid::Uuid::now_v7().to_string();
            let now = now_unix();
            let n = conn.execute(
                "INSERT INTO console_user(jurisdiction, id, username, display_name, role, agency, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                params![
                    user.jurisdiction,
                    id,
                    user.username,
                    user.display_name,
                    user.role.as_str(),
                    user.agency,
                    user.password_hash,
                    now
                ],
            )?;
            if n == 0 {
                return Err(Error::Conflict(format!("user {} in {}", user.username, user.jurisdiction)));
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
        })
        .await
    }

    async fn user_credentials(
        &self,
        jurisdiction: &str,
        username: &str,
    ) -> Result<Option<UserCredentials>> {
        let (j, u) = (jurisdiction.to_owned(), username.to_owned());
        self.with(move |conn| {
            let row = conn
                .query_row(
                    &format!(
                        "SELECT {USER_COLUMNS}, password_hash, failed_attempts, locked_until, disabled_at
                         FROM console_user WHERE jurisdiction = ?1 AND username = ?2"
                    ),
                    params![j, u],
                    |r| {
                        Ok((
                            user_from_row(r, 0)?,
                            r.get(7)?,
                            r.get(8)?,
                            r.get(9)?,
                            r.get::<_, Option<i64>>(10)?,
                        ))
                    },
                )
                .optional()?;
            row.map(|(user, password_hash, failed_attempts, locked_until, disabled_at)| {
                Ok(UserCredentials {
                    user: with_role(user)?,
                    password_hash,
                    failed_attempts,
                    locked_until,
                    disabled: disabled_at.is_some(),
                })
            })
            .transpose()
        })
        .await
    }

    async fn users(&self, jurisdiction: &str) -> Result<Vec<User>> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {USER_COLUMNS} FROM console_user WHERE jurisdiction = ?1 ORDER BY username"
            ))?;
            let rows = stmt
                .query_map([&j], |r| user_from_row(r, 0))?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(with_role).collect()
        })
        .await
    }

    async fn user_statuses(&self, jurisdiction: &str) -> Result<Vec<UserStatus>> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {USER_COLUMNS}, disabled_at, locked_until, last_login_at
                 FROM console_user WHERE jurisdiction = ?1 ORDER BY username"
            ))?;
            let rows = stmt
                .query_map([&j], |r| {
                    Ok((user_from_row(r, 0)?, r.get(7)?, r.get(8)?, r.get(9)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter()
                .map(|(user, disabled_at, locked_until, last_login_at)| {
                    Ok(UserStatus {
                        user: with_role(user)?,
                        disabled_at,
                        locked_until,
                        last_login_at,
                    })
                })
                .collect()
        })
        .await
    }

    async fn set_user_disabled(
        &self,
        jurisdiction: &str,
        user_id: &str,
        disabled_at: Option<i64>,
        audit: NewAuditEntry,
    ) -> Result<bool> {
        let (j, id) = (jurisdiction.to_owned(), user_id.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE console_user SET disabled_at = ?3 WHERE jurisdiction = ?1 AND id = ?2",
                params![j, id, disabled_at],
            )?;
            if n == 0 {
                return Ok(false);
            }
            if disabled_at.is_some() {
                tx.execute(
                    "DELETE FROM console_session WHERE jurisdiction = ?1 AND user_id = ?2",
                    params![j, id],
                )?;
            }
            insert_audit(&tx, &audit, now_unix())?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn set_user_password(
        &self,
        jurisdiction: &str,
        user_id: &str,
        password_hash: &str,
        audit: NewAuditEntry,
    ) -> Result<bool> {
        let (j, id, h) = (
            jurisdiction.to_owned(),
            user_id.to_owned(),
            password_hash.to_owned(),
        );
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE console_user SET password_hash = ?3, failed_attempts = 0, locked_until = NULL
                 WHERE jurisdiction = ?1 AND id = ?2",
                params![j, id, h],
            )?;
            if n == 0 {
                return Ok(false);
            }
            tx.execute(
                "DELETE FROM console_session WHERE jurisdiction = ?1 AND user_id = ?2",
                params![j, id],
            )?;
            insert_audit(&tx, &audit, now_unix())?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn record_login_failure(
        &self,
        jurisdiction: &str,
        user_id: &str,
        now: i64,
        policy: LockoutPolicy,
    ) -> Result<FailedLogin> {
        let (j, id) = (jurisdiction.to_owned(), user_id.to_owned());
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let attempts: i64 = tx
                .query_row(
                    "UPDATE console_user SET failed_attempts = failed_attempts + 1
                     WHERE jurisdiction = ?1 AND id = ?2 RETURNING failed_attempts",
                    params![j, id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound(format!("user {id}")))?;
            let outcome = if attempts >= policy.max_attempts {
                let until = now + policy.lock_seconds;
                tx.execute(
                    "UPDATE console_user SET failed_attempts = 0, locked_until = ?3 WHERE jurisdiction = ?1 AND id = ?2",
                    params![j, id, until],
                )?;
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
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn record_login_success(&self, jurisdiction: &str, user_id: &str) -> Result<()> {
        let (j, id) = (jurisdiction.to_owned(), user_id.to_owned());
        self.with(move |conn| {
            conn.execute(
                "UPDATE console_user SET failed_attempts = 0, locked_until = NULL WHERE jurisdiction = ?1 AND id = ?2",
                params![j, id],
            )?;
            Ok(())
        })
        .await
    }

    async fn create_session(&self, s: NewSession) -> Result<()> {
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO console_session(jurisdiction, token_hash, user_id, csrf_token, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![s.jurisdiction, s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at],
            )?;
            tx.execute(
                "UPDATE console_user SET last_login_at = ?3 WHERE jurisdiction = ?1 AND id = ?2",
                params![s.jurisdiction, s.user_id, s.created_at],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn session(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Session>> {
        let (j, h) = (jurisdiction.to_owned(), token_hash.to_owned());
        self.with(move |conn| {
            let row = conn
                .query_row(
                    "SELECT s.token_hash, s.csrf_token, s.created_at, s.expires_at,
                            u.id, u.jurisdiction, u.username, u.display_name, u.role, u.agency, u.created_at
                     FROM console_session s
                     JOIN console_user u ON u.jurisdiction = s.jurisdiction AND u.id = s.user_id
                     WHERE s.jurisdiction = ?1 AND s.token_hash = ?2 AND s.expires_at > ?3
                       AND u.disabled_at IS NULL",
                    params![j, h, now],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                            user_from_row(r, 4)?,
                        ))
                    },
                )
                .optional()?;
            row.map(|(token_hash, csrf_token, created_at, expires_at, user)| {
                Ok(Session {
                    jurisdiction: j.clone(),
                    token_hash,
                    csrf_token,
                    created_at,
                    expires_at,
                    user: with_role(user)?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn delete_session(&self, jurisdiction: &str, token_hash: &str) -> Result<bool> {
        let (j, h) = (jurisdiction.to_owned(), token_hash.to_owned());
        self.with(move |conn| {
            Ok(conn.execute(
                "DELETE FROM console_session WHERE jurisdiction = ?1 AND token_hash = ?2",
                params![j, h],
            )? > 0)
        })
        .await
    }

    async fn purge_sessions(&self, now: i64) -> Result<u64> {
        self.with(move |conn| {
            Ok(conn.execute("DELETE FROM console_session WHERE expires_at <= ?1", [now])? as u64)
        })
        .await
    }

    async fn append_audit(&self, entry: NewAuditEntry) -> Result<i64> {
        self.with(move |conn| insert_audit(conn, &entry, now_unix()))
            .await
    }

    async fn audit_log(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>> {
        let j = jurisdiction.to_owned();
        self.with(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, at, jurisdiction, actor, action, target, detail FROM audit_log
                 WHERE jurisdiction = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![j, before.unwrap_or(i64::MAX), limit as i64], |r| {
                    Ok(AuditEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        jurisdiction: r.get(2)?,
                        actor: r.get(3)?,
                        action: r.get(4)?,
                        target: r.get(5)?,
                        detail: r.get(6)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn set_holidays(&self, jurisdiction: &str, holidays: Vec<Holiday>) -> Result<()> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::set_holidays(c, &j, holidays)).await
    }

    async fn holidays(&self, jurisdiction: &str) -> Result<Vec<Holiday>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::holidays(c, &j)).await
    }

    async fn register_device(&self, device: NewDevice) -> Result<bool> {
        self.with(move |c| sc::register_device(c, device)).await
    }

    async fn refresh_device(&self, refresh: DeviceRefresh) -> Result<bool> {
        self.with(move |c| sc::refresh_device(c, refresh)).await
    }

    async fn access_token(
        &self,
        jurisdiction: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<TokenLookup> {
        let (j, h) = (jurisdiction.to_owned(), token_hash.to_owned());
        self.with(move |c| sc::access_token(c, &j, &h, now)).await
    }

    async fn purge_access_tokens(&self, before: i64) -> Result<u64> {
        self.with(move |c| sc::purge_access_tokens(c, before)).await
    }

    async fn start_phone_challenge(&self, challenge: NewPhoneChallenge) -> Result<()> {
        self.with(move |c| sc::start_phone_challenge(c, challenge))
            .await
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
        let (j, id, p, code) = (
            jurisdiction.to_owned(),
            client_id.to_owned(),
            phone.to_owned(),
            code.to_owned(),
        );
        self.with(move |c| sc::verify_phone(c, &j, &id, &p, &code, now, max_attempts))
            .await
    }

    async fn device(&self, jurisdiction: &str, client_id: &str) -> Result<Option<DeviceInfo>> {
        let (j, id) = (jurisdiction.to_owned(), client_id.to_owned());
        self.with(move |c| sc::device(c, &j, &id)).await
    }

    async fn push(&self, push: PushInput) -> Result<PushOutcome> {
        self.with(move |c| sc::push(c, push)).await
    }

    async fn my_complaints(
        &self,
        jurisdiction: &str,
        client_id: &str,
        phone: Option<&str>,
        since: i64,
        limit: usize,
    ) -> Result<MinePage> {
        let (j, id, p) = (
            jurisdiction.to_owned(),
            client_id.to_owned(),
            phone.map(str::to_owned),
        );
        self.with(move |c| sc::my_complaints(c, &j, &id, p.as_deref(), since, limit))
            .await
    }

    async fn complaint(&self, jurisdiction: &str, id: &str) -> Result<Option<ComplaintRecord>> {
        let (j, id) = (jurisdiction.to_owned(), id.to_owned());
        self.with(move |c| sc::complaint(c, &j, &id)).await
    }

    async fn public_complaints(
        &self,
        jurisdiction: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<ComplaintRecord>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::public_complaints(c, &j, before, limit))
            .await
    }

    async fn similar_candidates(&self, query: SimilarQuery) -> Result<Vec<ComplaintRecord>> {
        self.with(move |c| sc::similar_candidates(c, query)).await
    }

    async fn admin_complaints(
        &self,
        jurisdiction: &str,
        filter: AdminFilter,
    ) -> Result<Vec<ComplaintRecord>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::admin_complaints(c, &j, filter))
            .await
    }

    async fn complaint_facts(
        &self,
        jurisdiction: &str,
        query: FactsQuery,
    ) -> Result<Vec<ComplaintFacts>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::complaint_facts(c, &j, query)).await
    }

    async fn complaint_action(&self, action: StaffAction) -> Result<ActionResult> {
        self.with(move |c| sc::complaint_action(c, action)).await
    }

    async fn auto_close(
        &self,
        jurisdiction: &str,
        now: i64,
        calendar: Arc<Calendar>,
    ) -> Result<Vec<String>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| sc::auto_close(c, &j, now, &calendar))
            .await
    }

    async fn upload_state(&self, jurisdiction: &str, sha256: &str) -> Result<UploadState> {
        let (j, s) = (jurisdiction.to_owned(), sha256.to_owned());
        self.with(move |c| sc::upload_state(c, &j, &s)).await
    }

    async fn upload_create(
        &self,
        jurisdiction: &str,
        sha256: &str,
        length: i64,
        client_id: &str,
        now: i64,
    ) -> Result<UploadState> {
        let (j, s, id) = (
            jurisdiction.to_owned(),
            sha256.to_owned(),
            client_id.to_owned(),
        );
        self.with(move |c| sc::upload_create(c, &j, &s, length, &id, now))
            .await
    }

    async fn upload_append(
        &self,
        jurisdiction: &str,
        sha256: &str,
        offset: i64,
        data: Vec<u8>,
        now: i64,
    ) -> Result<UploadState> {
        let (j, s) = (jurisdiction.to_owned(), sha256.to_owned());
        self.with(move |c| sc::upload_append(c, &j, &s, offset, data, now))
            .await
    }

    async fn upload_bytes(&self, jurisdiction: &str, sha256: &str) -> Result<Vec<u8>> {
        let (j, s) = (jurisdiction.to_owned(), sha256.to_owned());
        self.with(move |c| sc::upload_bytes(c, &j, &s)).await
    }

    async fn upload_discard(&self, jurisdiction: &str, sha256: &str) -> Result<()> {
        let (j, s) = (jurisdiction.to_owned(), sha256.to_owned());
        self.with(move |c| sc::upload_discard(c, &j, &s)).await
    }

    async fn blob_complete(&self, blob: BlobInfo) -> Result<()> {
        self.with(move |c| sc::blob_complete(c, blob)).await
    }

    async fn blob(&self, jurisdiction: &str, sha256: &str) -> Result<Option<BlobInfo>> {
        let (j, s) = (jurisdiction.to_owned(), sha256.to_owned());
        self.with(move |c| sc::blob(c, &j, &s)).await
    }

    async fn purge_uploads(&self, before: i64) -> Result<u64> {
        self.with(move |c| sc::purge_uploads(c, before)).await
    }

    async fn create_open311_key(&self, key: NewOpen311Key) -> Result<()> {
        self.with(move |c| so::create_key(c, key)).await
    }

    async fn open311_key(&self, key_hash: &str) -> Result<Option<Open311Key>> {
        let h = key_hash.to_owned();
        self.with(move |c| so::key(c, &h)).await
    }

    async fn open311_keys(&self, jurisdiction: &str) -> Result<Vec<Open311Key>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| so::keys(c, &j)).await
    }

    async fn revoke_open311_key(&self, jurisdiction: &str, id: &str, now: i64) -> Result<bool> {
        let (j, id) = (jurisdiction.to_owned(), id.to_owned());
        self.with(move |c| so::revoke_key(c, &j, &id, now)).await
    }

    async fn record_open311_request(&self, contact: Open311Contact) -> Result<()> {
        self.with(move |c| so::record_request(c, contact)).await
    }

    async fn open311_requests(&self, query: Open311Query) -> Result<Vec<Open311Request>> {
        self.with(move |c| so::requests(c, query)).await
    }

    async fn open311_contact(
        &self,
        jurisdiction: &str,
        complaint_id: &str,
    ) -> Result<Option<Open311Contact>> {
        let (j, id) = (jurisdiction.to_owned(), complaint_id.to_owned());
        self.with(move |c| so::contact(c, &j, &id)).await
    }

    async fn open311_updates(
        &self,
        jurisdiction: &str,
        start: i64,
        end: i64,
        limit: usize,
    ) -> Result<Vec<Open311Update>> {
        let j = jurisdiction.to_owned();
        self.with(move |c| so::updates(c, &j, start, end, limit))
            .await
    }

    async fn backlog(&self, jurisdiction: &str, now: i64) -> Result<Backlog> {
        let j = jurisdiction.to_owned();
        self.with(move |c| so::backlog(c, &j, now)).await
    }
}
