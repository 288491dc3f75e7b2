//! Complaint drafts: written offline, without an account, and saved on every edit.
//!
//! Each edit is its own SQLite transaction, committed with `synchronous=FULL`
//! before the call returns, so a draft survives the app being killed at any moment
//! (tests/draft_crash.rs proves it with SIGKILL). A draft is the resident's until
//! [`crate::sync::outbox::submit_draft`] turns it into a queued complaint.

pub mod photos;
mod validate;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::error::{Error, Result};

pub use validate::validate;
pub use validate::FieldError;
pub(crate) use validate::{check_reply, check_text, too_many_photos};

/// Longest text a draft field stores at all (far above the submit limits, so a
/// resident can paste and then trim, but a runaway paste cannot fill the disk).
const MAX_STORED_CHARS: usize = 100_000;

/// Where the problem is: GPS coordinates and/or a desa (area codes from the content).
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ComplaintLocation {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Kecamatan area code, e.g. `33.18.01`.
    pub kecamatan: Option<String>,
    /// Desa/kelurahan area code, e.g. `33.18.01.2001`.
    pub desa: Option<String>,
    pub address: Option<String>,
}

impl From<pati_protocol::Location> for ComplaintLocation {
    fn from(l: pati_protocol::Location) -> Self {
        ComplaintLocation {
            lat: l.lat,
            lon: l.lon,
            kecamatan: l.kecamatan,
            desa: l.desa,
            address: l.address,
        }
    }
}

/// An edit: fields left `None` keep their value. `location` replaces the whole
/// location; an empty `category` clears it.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DraftPatch {
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<ComplaintLocation>,
    pub anonymous: Option<bool>,
    pub confidential: Option<bool>,
}

/// A photo attached to a draft or complaint (bytes via `Core::photo`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PhotoInfo {
    /// SHA-256 of the processed JPEG, lowercase hex.
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub size_bytes: u64,
    /// Where the original was taken, when its GPS tags said so: the form offers it
    /// as the complaint's coordinates. Known on this device only (the processed
    /// JPEG carries no metadata).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A draft as the form shows it, with what still keeps it from being submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Draft {
    /// UUIDv7; becomes the complaint's id when submitted.
    pub id: String,
    pub category: Option<String>,
    pub title: String,
    pub description: String,
    pub location: ComplaintLocation,
    /// Identity hidden from the agency too.
    pub anonymous: bool,
    /// Never shown in any public view.
    pub confidential: bool,
    pub photos: Vec<PhotoInfo>,
    /// Unix seconds, device clock.
    pub created_at: i64,
    pub updated_at: i64,
    /// Field errors that block submission (empty: ready to submit).
    pub problems: Vec<FieldError>,
}

pub(crate) fn create(conn: &mut Connection, now: i64) -> Result<Draft> {
    let id = uuid::Uuid::now_v7().to_string();
    conn.execute(
        "INSERT INTO draft(id, created_at, updated_at) VALUES (?1, ?2, ?2)",
        params![id, now],
    )?;
    get(conn, &id)?.ok_or_else(|| Error::NotFound(format!("draft {id}")))
}

pub(crate) fn update(
    conn: &mut Connection,
    id: &str,
    patch: &DraftPatch,
    now: i64,
) -> Result<Draft> {
    for (field, text) in [
        ("title", &patch.title),
        ("description", &patch.description),
        ("category", &patch.category),
    ] {
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_STORED_CHARS)
        {
            return Err(Error::Validation(vec![FieldError::new(
                field,
                "too_long",
                "Teks terlalu panjang.".into(),
                "Text too long.".into(),
            )]));
        }
    }
    if let Some(l) = &patch.location {
        // SQLite stores NaN as NULL: refuse it rather than silently lose it.
        for (field, v) in [("location.lat", l.lat), ("location.lon", l.lon)] {
            if v.is_some_and(|v| !v.is_finite()) {
                return Err(Error::Validation(vec![FieldError::new(
                    field,
                    "out_of_range",
                    "Koordinat tidak valid.".into(),
                    "Invalid coordinate.".into(),
                )]));
            }
        }
    }
    if let Some(address) = patch.location.as_ref().and_then(|l| l.address.as_ref()) {
        if address.chars().count() > MAX_STORED_CHARS {
            return Err(Error::InvalidInput("address too long".into()));
        }
    }
    let tx = conn.transaction()?;
    if !exists(&tx, id)? {
        return Err(Error::NotFound(format!("draft {id}")));
    }
    if let Some(category) = &patch.category {
        let category = Some(category.trim()).filter(|c| !c.is_empty());
        tx.execute(
            "UPDATE draft SET category = ?2 WHERE id = ?1",
            params![id, category],
        )?;
    }
    if let Some(title) = &patch.title {
        tx.execute(
            "UPDATE draft SET title = ?2 WHERE id = ?1",
            params![id, title],
        )?;
    }
    if let Some(description) = &patch.description {
        tx.execute(
            "UPDATE draft SET description = ?2 WHERE id = ?1",
            params![id, description],
        )?;
    }
    if let Some(l) = &patch.location {
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        tx.execute(
            "UPDATE draft SET lat = ?2, lon = ?3, kecamatan = ?4, desa = ?5, address = ?6
             WHERE id = ?1",
            params![
                id,
                l.lat,
                l.lon,
                blank(&l.kecamatan),
                blank(&l.desa),
                blank(&l.address)
            ],
        )?;
    }
    if let Some(anonymous) = patch.anonymous {
        tx.execute(
            "UPDATE draft SET anonymous = ?2 WHERE id = ?1",
            params![id, anonymous],
        )?;
    }
    if let Some(confidential) = patch.confidential {
        tx.execute(
            "UPDATE draft SET confidential = ?2 WHERE id = ?1",
            params![id, confidential],
        )?;
    }
    tx.execute(
        "UPDATE draft SET updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    tx.commit()?;
    get(conn, id)?.ok_or_else(|| Error::NotFound(format!("draft {id}")))
}

pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM draft WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

const COLUMNS: &str = "id, category, title, description, lat, lon, kecamatan, desa, address,
     anonymous, confidential, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Draft> {
    Ok(Draft {
        id: r.get(0)?,
        category: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        location: ComplaintLocation {
            lat: r.get(4)?,
            lon: r.get(5)?,
            kecamatan: r.get(6)?,
            desa: r.get(7)?,
            address: r.get(8)?,
        },
        anonymous: r.get(9)?,
        confidential: r.get(10)?,
        photos: Vec::new(),
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        problems: Vec::new(),
    })
}

/// The draft with its photos and current problems.
pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<Draft>> {
    let draft = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM draft WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    draft.map(|d| complete(conn, d)).transpose()
}

/// Every draft, most recently edited first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Draft>> {
    let drafts: Vec<Draft> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM draft ORDER BY updated_at DESC, id DESC"
        ))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    drafts.into_iter().map(|d| complete(conn, d)).collect()
}

fn complete(conn: &Connection, mut draft: Draft) -> Result<Draft> {
    draft.photos = photos::of_draft(conn, &draft.id)?;
    draft.problems = validate(conn, &draft)?;
    Ok(draft)
}

pub(crate) fn delete(conn: &mut Connection, id: &str) -> Result<()> {
    let tx = conn.transaction()?;
    let n = tx.execute("DELETE FROM draft WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("draft {id}")));
    }
    photos::collect_garbage(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Removes a submitted draft inside the submit transaction (photos stay: the
/// complaint and the upload queue hold them now).
pub(crate) fn remove_submitted(tx: &Transaction, id: &str) -> Result<()> {
    tx.execute("DELETE FROM draft WHERE id = ?1", [id])?;
    Ok(())
}

#[cfg(test)]
mod tests;
