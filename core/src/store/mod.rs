//! The device's SQLite file: opening, pragmas and schema migrations.
//!
//! One connection behind a mutex: the device has one writer, and reads are small and
//! fast enough that a separate reader pool would only add complexity.

mod migrations;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::Result;

pub use migrations::SCHEMA_VERSION;

/// Opens (creating if needed) and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// Opens a second, read-only connection to the store at `db_path`, for long reads
/// that must not hold the core's own connection; `None` for an in-memory store,
/// which no other connection can see.
pub fn open_reader(db_path: &str) -> Result<Option<Connection>> {
    if in_memory(db_path) {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // It reads each page once: a small cache of its own and no second mapping of
    // the file, whose touched pages would count twice in the app's memory (the
    // memory bench's peak went from 30 to 45 MiB with the core's settings here).
    conn.pragma_update(None, "cache_size", -1024)?;
    conn.pragma_update(None, "mmap_size", 0)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(Some(conn))
}

/// Whether `db_path` names no file (SQLite's private in-memory store).
pub(crate) fn in_memory(db_path: &str) -> bool {
    db_path.is_empty() || db_path == ":memory:"
}

/// Opens a private in-memory database (tests, benchmarks, kiosk scratch space).
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL keeps readers and the writer apart and survives a killed process;
    // synchronous=FULL makes a committed draft durable before we report success.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Overwrite deleted content so a wiped kiosk session leaves no readable trace.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Search reads many index pages per keystroke: keep them in SQLite's own cache
    // (up to 16 MiB; the Pati catalogue is ~3 MiB) and map the file instead of
    // copying pages through read(2).
    conn.pragma_update(None, "cache_size", -16_384)?;
    conn.pragma_update(None, "mmap_size", 64 * 1024 * 1024)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

/// Small key/value settings table (cursor, last sync time...).
pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
