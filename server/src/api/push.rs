//! `POST /api/v1/{j}/push`: the outbox, applied exactly once (docs/PROTOCOL.md).

use axum::body::Body;
use axum::extract::State;
use axum::Json;
use pati_protocol::limits::{MAX_PUSH_BODY_BYTES, MAX_PUSH_MUTATIONS};
use pati_protocol::{PushRequest, PushResponse, PROTOCOL_VERSION};

use super::auth::{parse_json, read_body, Device};
use crate::error::{Error, Result};
use crate::storage::{PushInput, PushOutcome};
use crate::AppState;

pub async fn push(
    State(state): State<AppState>,
    device: Device,
    body: Body,
) -> Result<Json<PushResponse>> {
    let req: PushRequest = parse_json(&read_body(body, MAX_PUSH_BODY_BYTES).await?)?;
    if req.client_id != device.client_id {
        return Err(Error::forbidden(
            "not_your_client",
            "the push names another client than the access token's",
        ));
    }
    if req.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(Error::bad_request(
            "too_many_mutations",
            format!("at most {MAX_PUSH_MUTATIONS} mutations per push"),
        ));
    }
    if let Some(first) = req.mutations.first() {
        let consecutive = req
            .mutations
            .windows(2)
            .all(|w| w[1].seq == w[0].seq.saturating_add(1));
        if first.seq < 1 || !consecutive {
            return Err(Error::bad_request(
                "invalid_sequence",
                "sequence numbers start at 1 and must be consecutive and ascending within a push",
            ));
        }
    }
    let n = req.mutations.len();
    let outcome = state
        .storage
        .push(PushInput {
            jurisdiction: device.jurisdiction.clone(),
            client_id: device.client_id.clone(),
            mutations: req.mutations,
            now: chrono::Utc::now().timestamp(),
            anonymous_per_day: state.limits.anonymous_complaints_per_day,
            calendar: state.calendar(&device.jurisdiction),
        })
        .await?;
    match outcome {
        PushOutcome::Gap { last_seq } => Err(Error::SequenceGap { last_seq }),
        PushOutcome::Done { last_seq, results } => {
            tracing::debug!(client_id = %device.client_id, mutations = n, last_seq, "push applied");
            crate::metrics::record_push(&device.jurisdiction, &results);
            Ok(Json(PushResponse {
                protocol: PROTOCOL_VERSION,
                last_seq,
                results,
            }))
        }
    }
}
