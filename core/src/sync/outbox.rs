//! The persistent outbox: every change the resident makes to a submitted complaint
//! is a numbered mutation (1, 2, 3... per client) that waits here until the server
//! reports its number as processed. Writing the entry and its local effect happen
//! in one transaction, so the outbox and what the resident sees never disagree.

use pati_protocol::limits::{
    MAX_ID_CHARS, MAX_PUSH_BODY_BYTES, MAX_PUSH_MUTATIONS, MAX_REPLY_CHARS,
};
use pati_protocol::{
    mutation, ComplaintCreate, ComplaintRate, ComplaintReopen, ComplaintReply, ComplaintSupport,
    Location, Mutation,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::accounts;
use crate::complaints::{self, ActionView, DeliveryState};
use crate::drafts::{self, check_reply, check_text, FieldError};
use crate::error::{Error, Result};

/// Appends a mutation with the next sequence number; returns the number.
fn append(
    tx: &Transaction,
    name: &str,
    args: &serde_json::Value,
    entity: &str,
    now_ms: i64,
) -> Result<i64> {
    let seq = accounts::take_seq(tx)?;
    let args = serde_json::to_string(args).map_err(|e| Error::Corrupt(e.to_string()))?;
    tx.execute(
        "INSERT INTO outbox(seq, name, args, entity_id, client_time) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![seq, name, args, entity, now_ms],
    )?;
    Ok(seq)
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Validates the draft, then in ONE transaction: the draft becomes a queued
/// complaint, `complaint.create.v1` joins the outbox, its photos join the upload
/// queue. Returns the complaint id (the draft's id).
pub(crate) fn submit_draft(
    conn: &mut Connection,
    id: &str,
    now: i64,
    now_ms: i64,
) -> Result<String> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let draft = drafts::get(&tx, id)?.ok_or_else(|| Error::NotFound(format!("draft {id}")))?;
    if !draft.problems.is_empty() {
        return Err(Error::Validation(draft.problems));
    }
    let mut location = Location {
        lat: draft.location.lat,
        lon: draft.location.lon,
        kecamatan: draft.location.kecamatan.clone(),
        desa: draft.location.desa.clone(),
        address: draft
            .location
            .address
            .as_deref()
            .map(|a| a.trim().to_owned()),
    };
    if location.kecamatan.is_none() {
        if let Some(desa) = &location.desa {
            // The picker may give only the desa; its kecamatan is in the content.
            location.kecamatan = tx
                .query_row("SELECT kecamatan FROM desa WHERE code = ?1", [desa], |r| {
                    r.get(0)
                })
                .optional()?;
        }
    }
    let create = ComplaintCreate {
        id: draft.id.clone(),
        category: draft.category.clone().unwrap_or_default(),
        title: draft.title.trim().to_owned(),
        description: draft.description.trim().to_owned(),
        location,
        photos: draft.photos.iter().map(|p| p.sha256.clone()).collect(),
        anonymous: draft.anonymous,
        confidential: draft.confidential,
    };
    let seq = append(
        &tx,
        mutation::COMPLAINT_CREATE_V1,
        &to_value(&create)?,
        &create.id,
        now_ms,
    )?;
    complaints::insert_submitted(&tx, &create, seq, now)?;
    for p in &draft.photos {
        tx.execute(
            "INSERT OR IGNORE INTO upload(sha256, size) VALUES (?1, ?2)",
            params![p.sha256, p.size_bytes as i64],
        )?;
    }
    drafts::remove_submitted(&tx, id)?;
    tx.commit()?;
    tracing::info!(seq, "complaint queued");
    Ok(create.id)
}

/// A resident action on a complaint, queued in the outbox.
pub(crate) enum Action {
    Reply { text: String },
    Support,
    Rate { rating: u8, comment: String },
    Reopen { reason: String },
}

pub(crate) fn enqueue(
    conn: &mut Connection,
    complaint_id: &str,
    action: Action,
    now: i64,
    now_ms: i64,
) -> Result<ActionView> {
    if complaint_id.is_empty() || complaint_id.chars().count() > MAX_ID_CHARS {
        return Err(Error::InvalidInput("complaint id".into()));
    }
    let mut errors: Vec<FieldError> = match &action {
        Action::Reply { text } => check_reply("text", ("Balasan", "The reply"), text),
        Action::Reopen { reason } => check_reply("reason", ("Alasan", "The reason"), reason),
        Action::Support => Vec::new(),
        Action::Rate { rating, comment } => {
            let mut e = Vec::new();
            if !(1..=5).contains(rating) {
                e.push(FieldError::new(
                    "rating",
                    "out_of_range",
                    "Nilai harus 1 sampai 5.".into(),
                    "The rating must be 1 to 5.".into(),
                ));
            }
            check_text(
                &mut e,
                "comment",
                ("Komentar", "The comment"),
                comment,
                0,
                MAX_REPLY_CHARS,
            );
            e
        }
    };
    if !errors.is_empty() {
        return Err(Error::Validation(std::mem::take(&mut errors)));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if !matches!(action, Action::Support) {
        // Replies, ratings and reopenings are for the reporter's own complaints.
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT state, server FROM complaint WHERE id = ?1",
                [complaint_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((state, server)) = row else {
            return Err(Error::NotFound(format!("complaint {complaint_id}")));
        };
        if state == "failed" {
            return Err(Error::InvalidInput(
                "the server refused this complaint; it takes no further actions".into(),
            ));
        }
        let following = server
            .and_then(|json| serde_json::from_str::<pati_protocol::ComplaintView>(&json).ok())
            .is_some_and(|v| v.following);
        if following {
            return Err(Error::InvalidInput(
                "a followed complaint (yours was merged into it) takes no reply, rating or reopening"
                    .into(),
            ));
        }
    }
    let event_id = uuid::Uuid::now_v7().to_string();
    let (kind, name, args, text, rating) = match action {
        Action::Reply { text } => {
            let text = text.trim().to_owned();
            let args = to_value(&ComplaintReply {
                complaint_id: complaint_id.into(),
                event_id: event_id.clone(),
                text: text.clone(),
            })?;
            (
                "reply",
                mutation::COMPLAINT_REPLY_V1,
                args,
                Some(text),
                None,
            )
        }
        Action::Support => {
            let args = to_value(&ComplaintSupport {
                complaint_id: complaint_id.into(),
            })?;
            ("support", mutation::COMPLAINT_SUPPORT_V1, args, None, None)
        }
        Action::Rate { rating, comment } => {
            let comment = comment.trim().to_owned();
            let args = to_value(&ComplaintRate {
                complaint_id: complaint_id.into(),
                event_id: event_id.clone(),
                rating,
                comment: comment.clone(),
            })?;
            let text = Some(comment).filter(|c| !c.is_empty());
            (
                "rate",
                mutation::COMPLAINT_RATE_V1,
                args,
                text,
                Some(rating),
            )
        }
        Action::Reopen { reason } => {
            let reason = reason.trim().to_owned();
            let args = to_value(&ComplaintReopen {
                complaint_id: complaint_id.into(),
                event_id: event_id.clone(),
                reason: reason.clone(),
            })?;
            (
                "reopen",
                mutation::COMPLAINT_REOPEN_V1,
                args,
                Some(reason),
                None,
            )
        }
    };
    let seq = append(&tx, name, &args, complaint_id, now_ms)?;
    tx.execute(
        "INSERT INTO complaint_action(id, complaint_id, kind, seq, text, rating, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'queued', ?7)",
        params![event_id, complaint_id, kind, seq, text, rating, now],
    )?;
    tx.commit()?;
    tracing::info!(seq, kind, "action queued");
    Ok(ActionView {
        id: event_id,
        complaint_id: complaint_id.into(),
        kind: kind.into(),
        text,
        rating,
        state: DeliveryState::Queued,
        rejection: None,
        created_at: now,
    })
}

/// The next batch to push: the oldest entries, in order, within both the count
/// and the body-size limits (with room for the envelope).
pub(crate) fn next_batch(conn: &Connection) -> Result<Vec<Mutation>> {
    let mut stmt = conn
        .prepare_cached("SELECT seq, name, args, client_time FROM outbox ORDER BY seq LIMIT ?1")?;
    let rows = stmt.query_map([MAX_PUSH_MUTATIONS as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut batch = Vec::new();
    let mut size = 256; // envelope: client id, brackets
    for row in rows {
        let (seq, name, args, client_time) = row?;
        let args: serde_json::Value = serde_json::from_str(&args)
            .map_err(|e| Error::Corrupt(format!("outbox {seq}: {e}")))?;
        let m = Mutation {
            seq,
            name,
            args,
            client_time: Some(client_time),
        };
        let len = serde_json::to_vec(&m)
            .map(|v| v.len())
            .unwrap_or(usize::MAX);
        if size + len + 1 > MAX_PUSH_BODY_BYTES && !batch.is_empty() {
            break;
        }
        size += len + 1;
        batch.push(m);
    }
    Ok(batch)
}

/// Removes every entry the server reports as processed (seq ≤ `last_seq`).
pub(crate) fn remove_through(tx: &Transaction, last_seq: i64) -> Result<usize> {
    Ok(tx.execute("DELETE FROM outbox WHERE seq <= ?1", [last_seq])?)
}

pub(crate) fn pending(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?)
}

pub(crate) fn count_attempt(tx: &Transaction, seqs: &[i64]) -> Result<()> {
    for seq in seqs {
        tx.execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?1",
            [seq],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{DeliveryState, DraftPatch, ErrorKind};

    fn outbox(core: &crate::Core) -> Vec<(i64, String, serde_json::Value)> {
        let conn = core.conn().unwrap();
        let mut stmt = conn
            .prepare("SELECT seq, name, args FROM outbox ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                serde_json::from_str(&r.get::<_, String>(2)?).unwrap(),
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    #[test]
    fn submitting_turns_the_draft_into_a_queued_complaint_and_one_outbox_entry() {
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let d = ready_draft(&core, "  Jalan berlubang di Baleadi  ");
        let photo = core.add_draft_photo(&d.id, &jpeg(80, 60)).unwrap();
        let c = core.submit_draft(&d.id).unwrap();
        assert_eq!(c.id, d.id);
        assert_eq!(c.state, DeliveryState::Queued);
        assert_eq!(c.title, "Jalan berlubang di Baleadi", "trimmed");
        assert_eq!(c.tracking_number, None);
        assert_eq!(c.photo_hashes, vec![photo.sha256.clone()]);
        assert_eq!(c.photos.len(), 1, "photo bytes kept for the complaint");
        assert_eq!(
            c.location.kecamatan.as_deref(),
            Some(KECAMATAN),
            "filled from the desa"
        );
        assert!(core.draft(&d.id).unwrap().is_none());
        let entries = outbox(&core);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, 1);
        assert_eq!(entries[0].1, "complaint.create.v1");
        assert_eq!(entries[0].2["id"], d.id.as_str());
        assert_eq!(entries[0].2["photos"][0], photo.sha256.as_str());
        let state = core.sync_state().unwrap();
        assert_eq!(state.pending_mutations, 1);
        assert_eq!(state.pending_photos, 1);
        assert_eq!(state.photo_bytes_total, photo.size_bytes);
        assert_eq!(state.photo_bytes_sent, 0);
        assert!(!state.registered);
        assert_eq!(core.next_sync_delay().unwrap(), Some(0));
        let list = core.my_complaints().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].state, DeliveryState::Queued);
    }

    #[test]
    fn an_invalid_draft_is_not_submitted_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let d = core.create_draft().unwrap();
        core.update_draft(
            &d.id,
            DraftPatch {
                title: Some("abc".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let err = core.submit_draft(&d.id).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err
            .field_errors()
            .iter()
            .any(|e| e.field == "title" && e.code == "too_short"));
        assert!(core.draft(&d.id).unwrap().is_some());
        assert!(outbox(&core).is_empty());
        assert!(core.my_complaints().unwrap().is_empty());
        assert_eq!(core.next_sync_delay().unwrap(), None);
        assert_eq!(
            core.submit_draft("missing").unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn actions_take_the_next_numbers_and_show_as_pending_in_the_timeline() {
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let a = core
            .submit_draft(&ready_draft(&core, "Pengaduan pertama").id)
            .unwrap();
        let b = core
            .submit_draft(&ready_draft(&core, "Pengaduan kedua").id)
            .unwrap();
        let reply = core.reply(&a.id, "  Mohon segera ditangani  ").unwrap();
        assert_eq!(reply.state, DeliveryState::Queued);
        assert_eq!(reply.text.as_deref(), Some("Mohon segera ditangani"));
        core.support("0190a1b2-0000-7000-8000-000000000001")
            .unwrap();
        core.rate(&b.id, 4, "").unwrap();
        core.reopen(&b.id, "Belum diperbaiki").unwrap();
        let entries = outbox(&core);
        let seqs: Vec<i64> = entries.iter().map(|e| e.0).collect();
        assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
        let names: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(
            names,
            [
                "complaint.create.v1",
                "complaint.create.v1",
                "complaint.reply.v1",
                "complaint.support.v1",
                "complaint.rate.v1",
                "complaint.reopen.v1"
            ]
        );
        assert_eq!(entries[2].2["event_id"], reply.id.as_str());
        assert!(uuid::Uuid::parse_str(&reply.id).unwrap().get_version_num() == 7);
        let detail = core.complaint(&a.id).unwrap().unwrap();
        let pending: Vec<_> = detail.events.iter().filter(|e| e.kind == "reply").collect();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].state, DeliveryState::Queued);
        assert_eq!(
            core.my_complaints()
                .unwrap()
                .iter()
                .find(|c| c.id == a.id)
                .unwrap()
                .pending_actions,
            1
        );
        let kinds: Vec<String> = core
            .complaint(&b.id)
            .unwrap()
            .unwrap()
            .events
            .iter()
            .map(|e| e.kind.clone())
            .collect();
        assert_eq!(kinds, ["created", "rating", "reopened"]);
    }

    #[test]
    fn actions_are_validated_offline() {
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let a = core
            .submit_draft(&ready_draft(&core, "Pengaduan pertama").id)
            .unwrap();
        let field = |e: crate::Error| {
            e.field_errors()
                .iter()
                .map(|f| (f.field.clone(), f.code.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            field(core.rate(&a.id, 6, "").unwrap_err()),
            [("rating".to_string(), "out_of_range".to_string())]
        );
        assert_eq!(
            field(core.rate(&a.id, 0, "").unwrap_err())[0].1,
            "out_of_range"
        );
        assert_eq!(
            field(core.reply(&a.id, "   ").unwrap_err()),
            [("text".to_string(), "required".to_string())]
        );
        assert_eq!(
            field(core.reply(&a.id, &"x".repeat(2001)).unwrap_err())[0].1,
            "too_long"
        );
        assert_eq!(field(core.reopen(&a.id, "").unwrap_err())[0].0, "reason");
        assert_eq!(
            core.reply("not-mine", "Halo").unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(outbox(&core).len(), 1);
    }

    #[test]
    fn batches_respect_the_push_limits_and_numbers_are_never_reused() {
        use pati_protocol::limits::*;
        let dir = tempfile::tempdir().unwrap();
        let core = core(dir.path());
        let a = core
            .submit_draft(&ready_draft(&core, "Pengaduan pertama").id)
            .unwrap();
        let long = "y".repeat(MAX_REPLY_CHARS);
        for _ in 0..(MAX_PUSH_MUTATIONS + 20) {
            core.reply(&a.id, &long).unwrap();
        }
        let conn = core.conn().unwrap();
        let batch = super::next_batch(&conn).unwrap();
        assert_eq!(batch.len(), MAX_PUSH_MUTATIONS);
        assert_eq!(batch[0].seq, 1);
        assert!(batch.windows(2).all(|w| w[1].seq == w[0].seq + 1));
        let body = serde_json::to_vec(&pati_protocol::PushRequest {
            client_id: uuid::Uuid::now_v7().to_string(),
            mutations: batch,
        })
        .unwrap();
        assert!(body.len() <= MAX_PUSH_BODY_BYTES);
        drop(conn);
        // Oversized entries: the byte limit cuts the batch before the count does.
        {
            let conn = core.conn().unwrap();
            conn.execute(
                "UPDATE outbox SET args = json_object('pad', ?1)",
                ["z".repeat(100_000)],
            )
            .unwrap();
            let batch = super::next_batch(&conn).unwrap();
            assert!(batch.len() < 11 && !batch.is_empty(), "{}", batch.len());
            let mut tx_conn = conn;
            let tx = tx_conn.transaction().unwrap();
            super::remove_through(&tx, 200).unwrap();
            tx.commit().unwrap();
        }
        let r = core.reply(&a.id, "Setelah semuanya terkirim").unwrap();
        let conn = core.conn().unwrap();
        let seq: i64 = conn
            .query_row("SELECT seq FROM outbox", [], |r| r.get(0))
            .unwrap();
        assert_eq!(seq, MAX_PUSH_MUTATIONS as i64 + 22, "{}", r.id);
    }
}
