//! Pushing the outbox: oldest entries first, in batches within the protocol's
//! limits, one push in flight. An entry leaves the outbox only when the server's
//! `last_seq` covers it; applied and duplicate entries are confirmed (with the
//! tracking number), rejected ones marked failed with the reason, never retried.

use pati_protocol::limits::MAX_PUSH_BODY_BYTES;
use pati_protocol::{MutationOutcome, PushRequest, PushResponse, Rejection, PROTOCOL_VERSION};
use reqwest::Method;

use super::engine::Ctx;
use super::http::Request;
use super::outbox;
use super::state::SyncReport;
use crate::complaints::{self, DeliveryState};
use crate::error::{Error, Result};

/// Most batches one pass pushes (a server that never advances must not spin us).
const MAX_BATCHES: usize = 1000;

pub(crate) async fn push(ctx: &Ctx<'_>, report: &mut SyncReport) -> Result<()> {
    for _ in 0..MAX_BATCHES {
        let pending: Vec<i64> =
            ctx.read(|c| Ok(outbox::next_batch(c)?.iter().map(|m| m.seq).collect()))?;
        if pending.is_empty() {
            return Ok(());
        }
        ctx.write(|tx| {
            complaints::mark(tx, &pending, DeliveryState::Sending)?;
            outbox::count_attempt(tx, &pending)
        })?;
        ctx.notify();
        let result = async {
            // Built inside `call`: a re-registration may renumber the outbox.
            let (reply, seqs) = ctx
                .call(|account| {
                    let batch = ctx.read(outbox::next_batch)?;
                    let seqs: Vec<i64> = batch.iter().map(|m| m.seq).collect();
                    let req = Request::new(Method::POST, ctx.api("push"))
                        .max_bytes(MAX_PUSH_BODY_BYTES)
                        .json(&PushRequest {
                            client_id: account.client_id.clone(),
                            mutations: batch,
                        })?;
                    Ok((req, seqs))
                })
                .await?;
            if seqs.is_empty() {
                return Ok(true);
            }
            handle(ctx, &reply, &seqs, report)
        }
        .await;
        // Whatever the server did not process waits in the queue again.
        let _ = ctx.write(|tx| complaints::mark(tx, &pending, DeliveryState::Queued));
        ctx.notify();
        if !result? {
            // The server said OK but processed nothing of a non-empty batch.
            return Err(Error::InvalidResponse(
                "push answered without processing anything".into(),
            ));
        }
    }
    Ok(())
}

/// Applies one push answer; returns whether any entry left the outbox.
fn handle(
    ctx: &Ctx<'_>,
    reply: &super::http::Reply,
    seqs: &[i64],
    report: &mut SyncReport,
) -> Result<bool> {
    if reply.status == 409 && reply.error_code().as_deref() == Some("sequence_gap") {
        // The server has processed up to `last_seq` and the device's oldest entry is
        // further on: the entries in between are gone from this device. Guessing
        // would lose or duplicate complaints, so the entries stay and the resident
        // (and support) see a clear error.
        let server_last = serde_json::from_slice::<pati_protocol::SequenceGapBody>(&reply.body)
            .map(|b| b.last_seq.to_string())
            .unwrap_or_else(|_| "?".into());
        let message = format!(
            "server has processed up to seq {server_last}, the device's oldest entry is {}",
            seqs.first().copied().unwrap_or_default()
        );
        tracing::error!(first = seqs.first(), "server reports a sequence gap");
        return Err(Error::SequenceGap(message));
    }
    if !reply.is_success() {
        return Err(reply.error());
    }
    let resp: PushResponse = reply.parse("push response")?;
    check(&resp, seqs)?;
    let now = crate::unix_now();
    let first = seqs[0];
    let removed = ctx.write(|tx| {
        for r in &resp.results {
            match r.outcome {
                MutationOutcome::Applied | MutationOutcome::Duplicate => {
                    complaints::confirm(tx, r.seq, r.tracking_number.as_deref(), now)?;
                    report.confirmed += 1;
                }
                MutationOutcome::Rejected => {
                    let rejection = r.rejection.clone().unwrap_or_else(|| Rejection {
                        seq: r.seq,
                        mutation: String::new(),
                        entity_id: None,
                        code: "rejected".into(),
                        field: None,
                        message: "rejected without a reason".into(),
                    });
                    complaints::apply_rejection(
                        tx,
                        &Rejection {
                            seq: r.seq,
                            ..rejection
                        },
                        now,
                    )?;
                    report.rejected += 1;
                }
            }
        }
        // Entries the server processed earlier (their answer was lost) but left out
        // of `results`: confirmed; their tracking number or rejection comes in the pull.
        for seq in seqs.iter().filter(|s| **s <= resp.last_seq) {
            if !resp.results.iter().any(|r| r.seq == *seq) {
                complaints::confirm(tx, *seq, None, now)?;
                report.confirmed += 1;
            }
        }
        outbox::remove_through(tx, resp.last_seq)
    })?;
    tracing::info!(first, last_seq = resp.last_seq, removed, "pushed");
    Ok(removed > 0)
}

/// The answer must talk about this batch only, in order, and never claim more
/// than was sent.
fn check(resp: &PushResponse, seqs: &[i64]) -> Result<()> {
    let bad = |m: String| Err(Error::InvalidResponse(m));
    if resp.protocol > PROTOCOL_VERSION {
        return Err(Error::ProtocolTooNew {
            server: resp.protocol,
            ours: PROTOCOL_VERSION,
        });
    }
    let (Some(&first), Some(&last)) = (seqs.first(), seqs.last()) else {
        return bad("empty batch".into());
    };
    if resp.last_seq > last {
        return bad(format!(
            "last_seq {} beyond the batch end {last}",
            resp.last_seq
        ));
    }
    if resp.results.len() > seqs.len() {
        return bad("more results than mutations".into());
    }
    let mut prev = first - 1;
    for r in &resp.results {
        if r.seq <= prev || !seqs.contains(&r.seq) || r.seq > resp.last_seq {
            return bad(format!("result for seq {} out of place", r.seq));
        }
        prev = r.seq;
        if let Some(t) = &r.tracking_number {
            if t.is_empty() || t.chars().count() > 64 || t.chars().any(char::is_control) {
                return bad("bad tracking number".into());
            }
        }
        if r.outcome == MutationOutcome::Rejected {
            if let Some(rej) = &r.rejection {
                super::complaints::check_rejection(rej)?;
            }
        }
    }
    Ok(())
}
