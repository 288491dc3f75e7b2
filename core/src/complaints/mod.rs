//! The resident's submitted complaints on the device.
//!
//! Local view = the server's confirmed view (the last pulled `ComplaintView`) with
//! the resident's not-yet-confirmed actions laid on top, marked by their delivery
//! state. Before the server has sent anything, the complaint is shown from the
//! arguments it was submitted with.

pub mod model;

use std::collections::HashSet;

use pati_protocol::{ComplaintCreate, ComplaintView, EventActor, Rejection};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::drafts::photos;
use crate::error::{Error, Result};
pub use model::*;

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("stored complaint: {e}")))
}

/// Records a just-submitted complaint (inside the submit transaction).
pub(crate) fn insert_submitted(
    tx: &Transaction,
    create: &ComplaintCreate,
    seq: i64,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO complaint(id, seq, state, submitted, created_at, updated_at)
         VALUES (?1, ?2, 'queued', ?3, ?4, ?4)",
        params![create.id, seq, to_json(create)?, now],
    )?;
    for (i, sha) in create.photos.iter().enumerate() {
        tx.execute(
            "INSERT OR IGNORE INTO complaint_photo(complaint_id, sha256, position) VALUES (?1, ?2, ?3)",
            params![create.id, sha, i as i64],
        )?;
    }
    Ok(())
}

/// Moves complaints and actions of these outbox entries between `queued` and
/// `sending` (never touches `sent` or `failed`).
pub(crate) fn mark(tx: &Transaction, seqs: &[i64], to: DeliveryState) -> Result<()> {
    let from = match to {
        DeliveryState::Sending => "queued",
        _ => "sending",
    };
    for seq in seqs {
        tx.execute(
            "UPDATE complaint SET state = ?2 WHERE seq = ?1 AND state = ?3",
            params![seq, to.as_str(), from],
        )?;
        tx.execute(
            "UPDATE complaint_action SET state = ?2 WHERE seq = ?1 AND state = ?3",
            params![seq, to.as_str(), from],
        )?;
    }
    Ok(())
}

/// The server processed the entry `seq` (applied now or earlier).
pub(crate) fn confirm(tx: &Transaction, seq: i64, tracking: Option<&str>, now: i64) -> Result<()> {
    tx.execute(
        "UPDATE complaint SET state = 'sent', updated_at = ?3,
             tracking_number = COALESCE(?2, tracking_number)
         WHERE seq = ?1 AND state != 'failed'",
        params![seq, tracking, now],
    )?;
    tx.execute(
        "UPDATE complaint_action SET state = 'sent' WHERE seq = ?1 AND state != 'failed'",
        [seq],
    )?;
    Ok(())
}

/// The server refused entry `rejection.seq` for good: the complaint or action is
/// marked failed with the reason, and the reason is kept.
pub(crate) fn apply_rejection(tx: &Transaction, r: &Rejection, now: i64) -> Result<()> {
    if r.code == "duplicate_id" {
        // The id is a UUIDv7 this device made: the server already has this very
        // complaint or event (sent before under an earlier client id, its answer
        // lost). That is a confirmation, not a failure.
        tracing::info!(seq = r.seq, "duplicate id: already on the server");
        return confirm(tx, r.seq, None, now);
    }
    tx.execute(
        "INSERT OR REPLACE INTO rejection(seq, mutation, entity_id, code, field, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![r.seq, r.mutation, r.entity_id, r.code, r.field, r.message],
    )?;
    // A complaint the server already shows as existing was not rejected as a whole
    // (its tracking number wins over a stray rejection).
    tx.execute(
        "UPDATE complaint SET state = 'failed', rejection_code = ?2, rejection_field = ?3,
             rejection_message = ?4, updated_at = ?5
         WHERE seq = ?1 AND server IS NULL",
        params![r.seq, r.code, r.field, r.message, now],
    )?;
    tx.execute(
        "UPDATE complaint_action SET state = 'failed', rejection_code = ?2,
             rejection_field = ?3, rejection_message = ?4
         WHERE seq = ?1",
        params![r.seq, r.code, r.field, r.message],
    )?;
    Ok(())
}

/// Stores the server's view of one of the resident's complaints.
pub(crate) fn apply_server_view(tx: &Transaction, view: &ComplaintView, now: i64) -> Result<()> {
    let json = to_json(view)?;
    let updated = tx.execute(
        "UPDATE complaint SET server = ?2, tracking_number = ?3, state = 'sent',
             rejection_code = NULL, rejection_field = NULL, rejection_message = NULL,
             updated_at = ?4
         WHERE id = ?1",
        params![view.id, json, view.tracking_number, now],
    )?;
    if updated == 0 {
        // Known to the server but not to this file (e.g. restored from an old backup).
        let submitted = ComplaintCreate {
            id: view.id.clone(),
            category: view.category.clone(),
            title: view.title.clone(),
            description: view.description.clone(),
            location: view.location.clone(),
            photos: view.photos.clone(),
            anonymous: view.anonymous,
            confidential: view.confidential,
        };
        tx.execute(
            "INSERT INTO complaint(id, seq, state, tracking_number, submitted, server, created_at, updated_at)
             VALUES (?1, NULL, 'sent', ?2, ?3, ?4, ?5, ?6)",
            params![view.id, view.tracking_number, to_json(&submitted)?, json, view.created_at, now],
        )?;
    }
    // Actions the server now shows in the timeline are confirmed.
    for e in &view.events {
        tx.execute(
            "UPDATE complaint_action SET state = 'sent' WHERE id = ?1 AND state != 'failed'",
            [&e.id],
        )?;
    }
    Ok(())
}

struct Stored {
    id: String,
    state: DeliveryState,
    tracking_number: Option<String>,
    submitted: String,
    server: Option<String>,
    rejection: Option<RejectionView>,
    created_at: i64,
    updated_at: i64,
}

const COLUMNS: &str = "id, state, tracking_number, submitted, server, rejection_code,
    rejection_field, rejection_message, created_at, updated_at";

fn stored(r: &Row) -> rusqlite::Result<Stored> {
    let code: Option<String> = r.get(5)?;
    Ok(Stored {
        id: r.get(0)?,
        state: DeliveryState::parse(&r.get::<_, String>(1)?),
        tracking_number: r.get(2)?,
        submitted: r.get(3)?,
        server: r.get(4)?,
        rejection: match code {
            Some(code) => Some(RejectionView {
                code,
                field: r.get(6)?,
                message: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
            }),
            None => None,
        },
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
    })
}

fn pending_count(conn: &Connection, complaint_id: &str) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM complaint_action WHERE complaint_id = ?1 AND state IN ('queued', 'sending')",
        [complaint_id],
        |r| r.get(0),
    )?)
}

/// The resident's complaints, newest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<ComplaintSummary>> {
    let rows: Vec<Stored> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM complaint ORDER BY created_at DESC, id DESC"
        ))?
        .query_map([], stored)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|s| {
            let pending_actions = pending_count(conn, &s.id)?;
            Ok(match &s.server {
                Some(json) => {
                    let v: ComplaintView = from_json(json)?;
                    ComplaintSummary {
                        id: s.id,
                        tracking_number: Some(v.tracking_number),
                        category: v.category,
                        title: v.title,
                        state: s.state,
                        status: Some(v.status.into()),
                        overdue: v.overdue,
                        created_at: v.created_at,
                        updated_at: v.updated_at,
                        rejection: s.rejection,
                        pending_actions,
                        following: v.following,
                    }
                }
                None => {
                    let c: ComplaintCreate = from_json(&s.submitted)?;
                    ComplaintSummary {
                        id: s.id,
                        tracking_number: s.tracking_number,
                        category: c.category,
                        title: c.title,
                        state: s.state,
                        status: None,
                        overdue: false,
                        created_at: s.created_at,
                        updated_at: s.updated_at,
                        rejection: s.rejection,
                        pending_actions,
                        following: false,
                    }
                }
            })
        })
        .collect()
}

fn actor(a: EventActor) -> &'static str {
    match a {
        EventActor::Resident => "resident",
        EventActor::Agency => "agency",
        EventActor::Coordinator => "coordinator",
        EventActor::System => "system",
    }
}

/// One complaint with its timeline, or None if this device has no such complaint.
pub(crate) fn detail(conn: &Connection, id: &str) -> Result<Option<ComplaintDetail>> {
    let Some(s) = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM complaint WHERE id = ?1"))?
        .query_row([id], stored)
        .optional()?
    else {
        return Ok(None);
    };
    let photos = photos::of_complaint(conn, id)?;
    let mut detail = match &s.server {
        Some(json) => {
            let v: ComplaintView = from_json(json)?;
            ComplaintDetail {
                id: s.id.clone(),
                tracking_number: Some(v.tracking_number),
                category: v.category,
                agency: v.agency,
                title: v.title,
                description: v.description,
                location: v.location.into(),
                photos,
                photo_hashes: v.photos,
                anonymous: v.anonymous,
                confidential: v.confidential,
                state: s.state,
                status: Some(v.status.into()),
                created_at: v.created_at,
                updated_at: v.updated_at,
                support_count: v.support_count,
                due_at: v.due_at,
                overdue: v.overdue,
                reopen_until: v.reopen_until,
                following: v.following,
                rejection: s.rejection.clone(),
                events: v
                    .events
                    .into_iter()
                    .map(|e| TimelineEvent {
                        id: e.id,
                        at: e.at,
                        kind: e.kind,
                        actor: actor(e.actor).into(),
                        status: e.status.map(Into::into),
                        agency: e.agency,
                        text: e.text,
                        rating: e.rating,
                        state: DeliveryState::Sent,
                        rejection: None,
                    })
                    .collect(),
            }
        }
        None => {
            let c: ComplaintCreate = from_json(&s.submitted)?;
            ComplaintDetail {
                id: s.id.clone(),
                tracking_number: s.tracking_number.clone(),
                category: c.category,
                agency: None,
                title: c.title,
                description: c.description.clone(),
                location: c.location.into(),
                photos,
                photo_hashes: c.photos,
                anonymous: c.anonymous,
                confidential: c.confidential,
                state: s.state,
                status: None,
                created_at: s.created_at,
                updated_at: s.updated_at,
                support_count: 0,
                due_at: None,
                overdue: false,
                reopen_until: None,
                following: false,
                rejection: s.rejection.clone(),
                events: vec![TimelineEvent {
                    id: s.id.clone(),
                    at: s.created_at,
                    kind: "created".into(),
                    actor: "resident".into(),
                    status: None,
                    agency: None,
                    text: None,
                    rating: None,
                    state: s.state,
                    rejection: s.rejection.clone(),
                }],
            }
        }
    };
    let confirmed: HashSet<String> = detail.events.iter().map(|e| e.id.clone()).collect();
    for a in actions(conn, id)? {
        if confirmed.contains(&a.id) || a.kind == "support" {
            continue;
        }
        detail.events.push(TimelineEvent {
            kind: match a.kind.as_str() {
                "rate" => "rating".into(),
                "reopen" => "reopened".into(),
                k => k.into(),
            },
            id: a.id,
            at: a.created_at,
            actor: "resident".into(),
            status: None,
            agency: None,
            text: a.text,
            rating: a.rating,
            state: a.state,
            rejection: a.rejection,
        });
    }
    Ok(Some(detail))
}

/// The resident's actions on one complaint (any complaint: supports are on others').
pub(crate) fn actions(conn: &Connection, complaint_id: &str) -> Result<Vec<ActionView>> {
    let rows = conn
        .prepare_cached(
            "SELECT id, complaint_id, kind, text, rating, state, rejection_code,
                 rejection_field, rejection_message, created_at
             FROM complaint_action WHERE complaint_id = ?1 ORDER BY created_at, seq",
        )?
        .query_map([complaint_id], action_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn action_row(r: &Row) -> rusqlite::Result<ActionView> {
    let code: Option<String> = r.get(6)?;
    Ok(ActionView {
        id: r.get(0)?,
        complaint_id: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        rating: r.get::<_, Option<i64>>(4)?.map(|v| v.clamp(0, 255) as u8),
        state: DeliveryState::parse(&r.get::<_, String>(5)?),
        rejection: match code {
            Some(code) => Some(RejectionView {
                code,
                field: r.get(7)?,
                message: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            }),
            None => None,
        },
        created_at: r.get(9)?,
    })
}
