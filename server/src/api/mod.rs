//! The device-facing JSON API under `/api/v1`, plus `/health`: content pull here,
//! accounts in [`devices`], the outbox in [`push`], photos in [`uploads`],
//! complaint reads in [`complaints`], and the agencies' complaint actions in [`admin`].

pub mod admin;
pub mod auth;
pub mod complaints;
pub mod devices;
pub mod push;
pub mod uploads;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pati_protocol::limits::MAX_PULL_PAGE_ITEMS;
use pati_protocol::{
    ContentChange, ContentItem, ContentPage, Health, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::AppState;

/// Most bytes of item data in one pull page (the protocol's 1 MiB budget).
const MAX_PULL_PAGE_BYTES: usize = 1024 * 1024;

pub fn router() -> Router<AppState> {
    let j = "/api/v1/{jurisdiction}";
    let device_api = Router::new()
        .route(&format!("{j}/devices"), post(devices::register))
        .route(&format!("{j}/devices/refresh"), post(devices::refresh))
        .route(&format!("{j}/phone/start"), post(devices::phone_start))
        .route(&format!("{j}/phone/verify"), post(devices::phone_verify))
        .route(&format!("{j}/push"), post(push::push))
        .route(
            &format!("{j}/blobs/{{sha256}}"),
            post(uploads::create)
                .head(uploads::head)
                .patch(uploads::patch),
        )
        .route(&format!("{j}/complaints/mine"), get(complaints::mine))
        .route(&format!("{j}/complaints/public"), get(complaints::public))
        .route(&format!("{j}/complaints/similar"), get(complaints::similar))
        .route(
            &format!("{j}/complaints/{{id}}/photos/{{sha256}}"),
            get(complaints::photo),
        )
        .layer(axum::middleware::from_fn(auth::protocol_guard));
    Router::new()
        .route("/health", get(health))
        .route("/api/v1/jurisdictions", get(jurisdictions))
        .route("/api/v1/{jurisdiction}/content", get(content))
        .merge(device_api)
        .merge(admin::router())
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        storage: state.storage.backend().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

async fn jurisdictions(State(state): State<AppState>) -> Result<Response> {
    Ok(Json(state.storage.jurisdictions().await?).into_response())
}

/// Refuses clients that speak a newer protocol than this server.
fn check_client_protocol(headers: &HeaderMap) -> Result<()> {
    let Some(v) = headers.get(PROTOCOL_HEADER) else {
        return Ok(());
    };
    let client: u32 = v
        .to_str()
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            Error::bad_request("bad_protocol_header", "x-pati-protocol must be a number")
        })?;
    if client > PROTOCOL_VERSION {
        return Err(Error::ProtocolTooNew {
            client,
            server: PROTOCOL_VERSION,
        });
    }
    Ok(())
}

#[derive(Deserialize)]
struct ContentQuery {
    cursor: Option<String>,
}

/// Cursors are opaque to devices; today they carry the content version.
pub(crate) fn encode_cursor(version: i64) -> String {
    format!("c1.{version}")
}

pub(crate) fn decode_cursor(cursor: &str) -> Result<i64> {
    cursor
        .strip_prefix("c1.")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .ok_or_else(|| {
            Error::bad_request("invalid_cursor", "the cursor is not one this server issued")
        })
}

async fn content(
    State(state): State<AppState>,
    Path(jurisdiction): Path<String>,
    Query(q): Query<ContentQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    check_client_protocol(&headers)?;
    if !state.jurisdictions.contains(&jurisdiction) {
        return Err(Error::NotFound(format!("jurisdiction {jurisdiction}")));
    }
    let since = match q.cursor.as_deref() {
        None | Some("") => 0,
        Some(c) => decode_cursor(c)?,
    };
    let page = state
        .storage
        .content_changes(
            &jurisdiction,
            since,
            MAX_PULL_PAGE_ITEMS,
            MAX_PULL_PAGE_BYTES,
        )
        .await?;
    let changes = page
        .changes
        .into_iter()
        .map(|c| {
            let item = c
                .data
                .map(|d| serde_json::from_str::<ContentItem>(&d))
                .transpose()
                .map_err(|e| Error::Corrupt(format!("{} {}: {e}", c.kind.as_str(), c.key)))?;
            Ok(ContentChange {
                version: c.version,
                kind: c.kind,
                key: c.key,
                item,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    crate::metrics::record_pull(&jurisdiction, "content");
    let body = ContentPage {
        protocol: PROTOCOL_VERSION,
        jurisdiction,
        changes,
        cursor: encode_cursor(page.version),
        version: page.version,
        has_more: page.has_more,
        reset: page.reset,
    };
    let mut resp = Json(body).into_response();
    resp.headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_cursor(&encode_cursor(42)).unwrap(), 42);
        for bad in [
            "",
            "42",
            "c1.",
            "c1.-3",
            "c2.5",
            "c1.9999999999999999999999",
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad:?}");
        }
    }
}
