//! Resumable, content-addressed photo uploads (tus-like, docs/PROTOCOL.md):
//! HEAD to learn how much the server has, POST to create, PATCH chunks from there.
//!
//! Each photo is independent: one that fails waits (its own backoff) while the
//! others and the outbox go on. A photo already complete on the server (the same
//! picture in two complaints, or an upload whose last answer was lost) costs one
//! HEAD.

use pati_protocol::limits::{MAX_PHOTO_BYTES, UPLOAD_CHUNK_BYTES};
use pati_protocol::{UPLOAD_LENGTH_HEADER, UPLOAD_OFFSET_HEADER};
use reqwest::Method;
use rusqlite::{params, Connection};

use super::backoff;
use super::engine::Ctx;
use super::http::{Reply, Request};
use super::state::SyncReport;
use crate::drafts::photos;
use crate::error::{Error, Result};

/// Most requests spent on one photo in one pass (a server that keeps answering 409
/// with a moving offset must not spin us).
const MAX_REQUESTS_PER_PHOTO: usize = 64;

pub(crate) fn pending(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT COUNT(*) FROM upload", [], |r| r.get(0))?)
}

pub(crate) async fn upload_all(ctx: &Ctx<'_>, report: &mut SyncReport) -> Result<()> {
    let now = crate::unix_now();
    let due: Vec<String> = ctx.read(|c| {
        Ok(
            // Due, or parked further ahead than any backoff: the clock went back.
            c.prepare(
                "SELECT sha256 FROM upload WHERE next_attempt_at <= ?1 OR next_attempt_at > ?1 + ?2
                 ORDER BY rowid",
            )?
            .query_map(params![now, backoff::MAX_DELAY_SECS as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        )
    })?;
    let mut first_error = None;
    for sha in due {
        match upload_one(ctx, &sha).await {
            Ok(()) => {
                ctx.write(|tx| {
                    tx.execute("DELETE FROM upload WHERE sha256 = ?1", [&sha])?;
                    photos::collect_garbage(tx)
                })?;
                report.photos_uploaded += 1;
                tracing::info!("photo uploaded");
                ctx.notify();
            }
            Err(e) => {
                tracing::warn!(error = %e, "photo upload failed");
                if matches!(e, Error::Network(_) | Error::Interrupted) {
                    // The link is down: the others would only wait for the same
                    // timeout. The whole pass backs off.
                    first_error.get_or_insert(e);
                    break;
                }
                // A refusal of this very photo waits on its own backoff; anything
                // else (a 5xx, a cut-off answer) is retried with the next pass. Either
                // way the other photos go on.
                if is_this_photos_fault(&e) {
                    let failed = ctx.write(|tx| {
                        let attempts: u32 = tx.query_row(
                            "UPDATE upload SET attempts = attempts + 1 WHERE sha256 = ?1 RETURNING attempts",
                            [&sha],
                            |r| r.get(0),
                        )?;
                        let delay = backoff::delay_secs(attempts, None, &mut rand::rng());
                        tx.execute(
                            "UPDATE upload SET next_attempt_at = ?2, last_error = ?3 WHERE sha256 = ?1",
                            params![sha, crate::unix_now() + delay as i64, e.to_string()],
                        )?;
                        Ok(())
                    });
                    if let Err(w) = failed {
                        tracing::warn!(error = %w, "cannot record the upload failure");
                    }
                }
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Only a refusal about this very photo (a 4xx other than auth, a vanished upload,
/// timeout or rate limit) earns it its own backoff. A cut-off answer, an upload the
/// server no longer has (the next pass starts it again), or an overloaded or
/// restarting server is retried with the next pass, so no photo waits behind a
/// per-photo timer once the server heals.
fn is_this_photos_fault(e: &Error) -> bool {
    match e {
        Error::Server { status, .. } => {
            (400..500).contains(status) && !matches!(status, 401 | 404 | 408 | 429)
        }
        Error::Network(_)
        | Error::Interrupted
        | Error::InvalidResponse(_)
        | Error::Unauthorized(_) => false,
        _ => true,
    }
}

fn offset_of(reply: &Reply, length: usize) -> Result<usize> {
    reply
        .upload_offset
        .as_deref()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|o| *o <= length)
        .ok_or_else(|| Error::InvalidResponse("missing or impossible Upload-Offset".into()))
}

async fn upload_one(ctx: &Ctx<'_>, sha: &str) -> Result<()> {
    let bytes = ctx
        .read(|c| photos::bytes(c, sha))?
        .ok_or_else(|| Error::Corrupt(format!("photo {sha} queued but missing")))?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(Error::Corrupt(format!(
            "photo {sha} larger than the protocol allows"
        )));
    }
    let length = bytes.len();
    let path = ctx.api(&format!("blobs/{sha}"));

    // Where does the server stand?
    let (reply, ()) = ctx
        .call(|_| Ok((Request::new(Method::HEAD, path.clone()), ())))
        .await?;
    let mut offset = match reply.status {
        200 | 204 => {
            if let Some(l) = reply.upload_length.as_deref() {
                if l.trim().parse::<usize>().ok() != Some(length) {
                    return Err(Error::InvalidResponse(
                        "Upload-Length differs from the photo".into(),
                    ));
                }
            }
            offset_of(&reply, length)?
        }
        404 => {
            let (reply, ()) = ctx
                .call(|_| {
                    let req = Request::new(Method::POST, path.clone())
                        .header(UPLOAD_LENGTH_HEADER, length.to_string());
                    Ok((req, ()))
                })
                .await?;
            if !reply.is_success() {
                return Err(reply.error());
            }
            match reply.upload_offset {
                Some(_) => offset_of(&reply, length)?,
                None => 0,
            }
        }
        _ => return Err(reply.error()),
    };
    set_sent(ctx, sha, offset)?;

    for _ in 0..MAX_REQUESTS_PER_PHOTO {
        if offset == length {
            return Ok(());
        }
        let end = (offset + UPLOAD_CHUNK_BYTES).min(length);
        let chunk = bytes[offset..end].to_vec();
        let at = offset;
        let (reply, ()) = ctx
            .call(|_| {
                let mut req = Request::new(Method::PATCH, path.clone())
                    .header(UPLOAD_OFFSET_HEADER, at.to_string());
                req.body = Some(("application/offset+octet-stream", chunk.clone()));
                Ok((req, ()))
            })
            .await?;
        match reply.status {
            200 | 201 | 204 => {
                let next = match reply.upload_offset {
                    Some(_) => offset_of(&reply, length)?,
                    None => end,
                };
                if next <= offset {
                    return Err(Error::InvalidResponse(
                        "upload offset did not advance".into(),
                    ));
                }
                offset = next;
            }
            // The server has a different offset (an earlier chunk's answer was lost):
            // continue from the server's.
            409 => offset = offset_of(&reply, length)?,
            _ => return Err(reply.error()),
        }
        set_sent(ctx, sha, offset)?;
    }
    if offset == length {
        Ok(())
    } else {
        Err(Error::InvalidResponse("upload did not finish".into()))
    }
}

fn set_sent(ctx: &Ctx<'_>, sha: &str, offset: usize) -> Result<()> {
    ctx.write(|tx| {
        tx.execute(
            "UPDATE upload SET sent = ?2 WHERE sha256 = ?1",
            params![sha, offset as i64],
        )?;
        Ok(())
    })?;
    ctx.notify();
    Ok(())
}
