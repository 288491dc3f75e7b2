//! Numbered schema migrations, tracked by `PRAGMA user_version`.
//!
//! Each step is one SQL file in `migrations/`, applied in order inside a single
//! IMMEDIATE transaction, so a crash mid-upgrade leaves the old schema intact.
//! A file written by a newer app is refused rather than guessed at.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Step N upgrades a database from version N to N + 1.
const STEPS: &[&str] = &[
    include_str!("migrations/001_content.sql"),
    include_str!("migrations/002_search.sql"),
    include_str!("migrations/003_complaints.sql"),
    include_str!("migrations/004_search_contentless.sql"),
    include_str!("migrations/005_photo_location.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (i, sql) in STEPS.iter().enumerate().skip(found as usize) {
        tracing::info!(from = i, to = i + 1, "migrating device database");
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Applies only the first `version` steps (tests of upgrades from older versions).
#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, version: i64) -> Result<()> {
    let tx = conn.transaction()?;
    for sql in STEPS.iter().take(version as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(conn: &Connection) -> Vec<(String, String)> {
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn every_older_version_upgrades_to_the_fresh_schema() {
        let mut fresh = Connection::open_in_memory().unwrap();
        migrate(&mut fresh).unwrap();
        for start in 0..SCHEMA_VERSION {
            let mut old = Connection::open_in_memory().unwrap();
            migrate_to(&mut old, start).unwrap();
            migrate(&mut old).unwrap();
            assert_eq!(schema(&old), schema(&fresh), "upgrade from {start}");
            let v: i64 = old
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION);
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, Error::SchemaTooNew { .. }), "{err}");
    }
}
