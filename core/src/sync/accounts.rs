//! This installation's identity on the server: the client id (made once, kept in
//! the store), the device tokens, and the verified phone number.
//!
//! Auth failures never cost the resident anything: on 401 the engine refreshes the
//! tokens; if the refresh token is refused it registers again; if the server will
//! not give this client id new tokens (`client_exists`), the device takes a new
//! client id and renumbers its outbox from 1 — every entry is kept.

use pati_protocol::DeviceTokens;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result};

/// What the store holds about this installation.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub client_id: String,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub phone: Option<String>,
}

/// The account row, created (with a fresh client id) the first time it is needed.
pub(crate) fn ensure(conn: &Connection) -> Result<Account> {
    conn.execute(
        "INSERT OR IGNORE INTO device_account(id, client_id) VALUES (1, ?1)",
        [uuid::Uuid::now_v7().to_string()],
    )?;
    load(conn)?.ok_or_else(|| Error::Corrupt("device account missing".into()))
}

pub(crate) fn load(conn: &Connection) -> Result<Option<Account>> {
    Ok(conn
        .query_row(
            "SELECT client_id, access_token, refresh_token, phone FROM device_account WHERE id = 1",
            [],
            |r| {
                Ok(Account {
                    client_id: r.get(0)?,
                    access_token: r.get(1)?,
                    refresh_token: r.get(2)?,
                    phone: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Takes the next outbox sequence number (1, 2, 3...).
pub(crate) fn take_seq(tx: &Transaction) -> Result<i64> {
    ensure(tx)?;
    let seq: i64 = tx.query_row(
        "SELECT next_seq FROM device_account WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE device_account SET next_seq = next_seq + 1 WHERE id = 1",
        [],
    )?;
    Ok(seq)
}

/// Stores tokens, but only for the client id they were issued to.
pub(crate) fn store_tokens(tx: &Transaction, tokens: &DeviceTokens) -> Result<()> {
    let n = tx.execute(
        "UPDATE device_account SET access_token = ?2, access_expires_at = ?3, refresh_token = ?4
         WHERE id = 1 AND client_id = ?1",
        params![
            tokens.client_id,
            tokens.access_token,
            tokens.access_expires_at,
            tokens.refresh_token
        ],
    )?;
    if n == 0 {
        return Err(Error::InvalidResponse(
            "tokens issued to another client id".into(),
        ));
    }
    Ok(())
}

/// Forgets the access token (refused); the refresh token is tried next.
pub(crate) fn drop_access(tx: &Transaction) -> Result<()> {
    tx.execute(
        "UPDATE device_account SET access_token = NULL WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// Forgets both tokens (the refresh token was refused): register again.
pub(crate) fn drop_tokens(tx: &Transaction) -> Result<()> {
    tx.execute(
        "UPDATE device_account SET access_token = NULL, refresh_token = NULL,
             access_expires_at = NULL WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// The server will not give this client id new tokens: take a new one. The outbox
/// keeps every entry, renumbered 1, 2, 3... in the same order (a new client starts
/// at 1 on the server), together with the numbers complaints and actions refer to.
/// The pull cursor of the old client means nothing to the new one.
pub(crate) fn new_client_id(tx: &Transaction) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let seqs: Vec<i64> = tx
        .prepare("SELECT seq FROM outbox ORDER BY seq")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Numbers of entries already processed mean nothing under the new id.
    for table in ["complaint", "complaint_action"] {
        tx.execute(
            &format!("UPDATE {table} SET seq = NULL WHERE seq NOT IN (SELECT seq FROM outbox)"),
            [],
        )?;
    }
    // Move out of the way first (negative), then to 1..n, so no number collides.
    for (i, old) in seqs.iter().enumerate() {
        let tmp = -(i as i64) - 1;
        tx.execute(
            "UPDATE outbox SET seq = ?2 WHERE seq = ?1",
            params![old, tmp],
        )?;
        tx.execute(
            "UPDATE complaint SET seq = ?2 WHERE seq = ?1",
            params![old, tmp],
        )?;
        tx.execute(
            "UPDATE complaint_action SET seq = ?2 WHERE seq = ?1",
            params![old, tmp],
        )?;
    }
    tx.execute("UPDATE outbox SET seq = -seq", [])?;
    tx.execute("UPDATE complaint SET seq = -seq WHERE seq < 0", [])?;
    tx.execute("UPDATE complaint_action SET seq = -seq WHERE seq < 0", [])?;
    tx.execute(
        "UPDATE device_account SET client_id = ?1, next_seq = ?2, access_token = NULL,
             refresh_token = NULL, access_expires_at = NULL WHERE id = 1",
        params![id, seqs.len() as i64 + 1],
    )?;
    tx.execute("DELETE FROM rejection", [])?;
    tx.execute(
        "DELETE FROM meta WHERE key IN (?1, ?2)",
        [
            super::complaints::CURSOR_KEY,
            super::complaints::VERSION_KEY,
        ],
    )?;
    tracing::warn!(
        entries = seqs.len(),
        "took a new client id; outbox renumbered"
    );
    Ok(id)
}

pub(crate) fn set_phone(tx: &Transaction, phone: &str) -> Result<()> {
    tx.execute("UPDATE device_account SET phone = ?1 WHERE id = 1", [phone])?;
    Ok(())
}

/// Platform word sent at registration.
pub(crate) fn platform(kiosk: bool) -> &'static str {
    if kiosk {
        "kiosk"
    } else if cfg!(target_os = "android") {
        "android"
    } else {
        "desktop"
    }
}
