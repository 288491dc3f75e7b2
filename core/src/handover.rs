//! Kiosk handover: complaints a visitor submitted that the server has not yet
//! confirmed survive the end of the session, without the next visitor seeing them.
//!
//! A kiosk that is offline when a visitor presses "Kirim" cannot deliver at once,
//! and the wipe at "Selesai" or at the idle timeout must not lose the complaint.
//! Before the wipe, the store is copied (`VACUUM INTO`) to
//! `<db file>.sealed/<uuid>.db` and the copy is cut down to what still has to reach
//! the server: the outbox, the photo uploads, the rows they belong to, and the
//! device account (client id and tokens, so the server's exactly-once rules hold
//! across the handover) without the visitor's phone. Drafts, delivered complaints,
//! rejections and the phone go with the wipe. The main store then starts over as a
//! new installation, so the next visitor gets a fresh registration.
//!
//! [`deliver`] opens each sealed copy as a core of its own, runs its sync pass and
//! deletes the file once nothing is left to send. A copy made twice (a crash
//! between sealing and wiping, then the wipe at start seals again) sends the same
//! client id and sequence numbers, which the server applies once.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::Result;
use crate::{Core, CoreConfig};

/// Folder of sealed copies for the store at `db_path` (`None` for an in-memory store).
pub(crate) fn dir(db_path: &str) -> Option<PathBuf> {
    if crate::store::in_memory(db_path) {
        return None;
    }
    let path = Path::new(db_path);
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(path.with_file_name(format!("{name}.sealed")))
}

/// Whether anything in the store still has to reach the server.
fn undelivered(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM outbox) OR EXISTS(SELECT 1 FROM upload)",
        [],
        |r| r.get(0),
    )?)
}

/// Copies what is undelivered into a new sealed file (before a wipe). Returns the
/// file, or `None` when everything was delivered (or the store is in memory).
pub(crate) fn seal(conn: &Connection, db_path: &str) -> Result<Option<PathBuf>> {
    if !undelivered(conn)? {
        return Ok(None);
    }
    let Some(dir) = dir(db_path) else {
        tracing::warn!("in-memory store: undelivered complaints cannot be handed over");
        return Ok(None);
    };
    std::fs::create_dir_all(&dir)?;
    let name = uuid::Uuid::now_v7().to_string();
    let part = dir.join(format!("{name}.part"));
    let done = dir.join(format!("{name}.db"));
    conn.execute("VACUUM INTO ?1", [part.to_string_lossy()])?;
    let cut = crate::store::open(&part).and_then(|mut copy| cut_down(&mut copy));
    if let Err(e) = cut {
        remove_db_files(&part);
        return Err(e);
    }
    std::fs::rename(&part, &done)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        // The rename must be durable before the wipe deletes the originals.
        d.sync_all()?;
    }
    tracing::info!(file = %done.display(), "undelivered complaints sealed for delivery");
    Ok(Some(done))
}

/// Leaves in a sealed copy only what still has to reach the server.
fn cut_down(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "DELETE FROM draft_photo;
         DELETE FROM draft;
         DELETE FROM rejection;
         DELETE FROM complaint WHERE seq IS NULL OR seq NOT IN (SELECT seq FROM outbox);
         DELETE FROM complaint_action WHERE seq IS NULL OR seq NOT IN (SELECT seq FROM outbox);
         DELETE FROM photo WHERE sha256 NOT IN (SELECT sha256 FROM upload)
                             AND sha256 NOT IN (SELECT sha256 FROM complaint_photo);
         UPDATE photo SET lat = NULL, lon = NULL;
         UPDATE device_account SET phone = NULL;",
    )?;
    // The sealed copy never shows a list: it needs no pull cursor.
    for key in [
        crate::sync::complaints::CURSOR_KEY,
        crate::sync::complaints::VERSION_KEY,
    ] {
        tx.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    }
    tx.commit()?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => tracing::warn!(error = %e, "cannot remove a sealed file"),
        }
    }
}

/// Sealed copies waiting next to the store at `db_path`, oldest first. Leftover
/// `.part` files (a crash while sealing: the originals were not wiped, and are
/// sealed again) are removed.
fn waiting(db_path: &str) -> Vec<PathBuf> {
    let Some(dir) = dir(db_path) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("db") => files.push(path),
            Some("part") => remove_db_files(&path),
            _ => {}
        }
    }
    // UUIDv7 names sort by creation time.
    files.sort();
    files
}

/// One sync pass for each sealed copy; a copy with nothing left to send is deleted.
/// Returns how many still wait. Failures are logged: the next pass tries again.
pub(crate) async fn deliver(config: &CoreConfig) -> u32 {
    let mut left = 0;
    for path in waiting(&config.db_path) {
        match deliver_one(config, &path).await {
            Ok(true) => {
                remove_db_files(&path);
                tracing::info!(file = %path.display(), "handed-over complaints delivered");
            }
            Ok(false) => left += 1,
            Err(e) => {
                left += 1;
                tracing::info!(error = %e, file = %path.display(), "handed-over complaints not delivered yet");
            }
        }
    }
    left
}

async fn deliver_one(config: &CoreConfig, path: &Path) -> Result<bool> {
    let sealed = Core::open(CoreConfig {
        db_path: path.to_string_lossy().into_owned(),
        ..config.clone()
    })?;
    // The engine's pass itself, not `Core::sync`, which would look for sealed copies
    // of this copy.
    let pass = crate::sync::engine::run(
        &sealed.http,
        &sealed.db,
        &sealed.config.jurisdiction,
        &sealed.engine,
    )
    .await;
    let state = sealed.sync_state()?;
    pass?;
    Ok(state.pending_mutations == 0 && state.pending_photos == 0)
}
