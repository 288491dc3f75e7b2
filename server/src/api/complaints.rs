//! Complaint reads for devices: the reporter's own complaints (a versioned pull),
//! the public feed, near-duplicate hints, and photos.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use pati_protocol::{is_sha256_hex, MyComplaintsPage, PublicComplaints, PROTOCOL_VERSION};
use serde::Deserialize;

use super::auth::{hosted, Device, MaybeDevice};
use crate::complaints::similar;
use crate::error::{Error, Result};
use crate::storage::SimilarQuery;
use crate::AppState;

/// Complaints plus rejections per page of the device's pull.
pub const MINE_PAGE_ITEMS: usize = 100;
/// Default and largest page of the public feed.
const PUBLIC_DEFAULT: usize = 20;
const PUBLIC_MAX: usize = 100;
const SIMILAR_RESULTS: usize = 10;
const SIMILAR_CANDIDATES: usize = 200;

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Cursors are opaque to devices; today `m1.<version>`.
pub fn encode_cursor(version: i64) -> String {
    format!("m1.{version}")
}

pub fn decode_cursor(c: &str) -> Result<i64> {
    c.strip_prefix("m1.")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .ok_or_else(|| {
            Error::bad_request("invalid_cursor", "the cursor is not one this server issued")
        })
}

#[derive(Deserialize)]
pub struct MineQuery {
    cursor: Option<String>,
}

/// `GET /api/v1/{j}/complaints/mine[?cursor=]`
pub async fn mine(
    State(state): State<AppState>,
    device: Device,
    Query(q): Query<MineQuery>,
) -> Result<Response> {
    let since = match q.cursor.as_deref() {
        None | Some("") => 0,
        Some(c) => decode_cursor(c)?,
    };
    let page = state
        .storage
        .my_complaints(
            &device.jurisdiction,
            &device.client_id,
            device.phone.as_deref(),
            since,
            MINE_PAGE_ITEMS,
        )
        .await?;
    crate::metrics::record_pull(&device.jurisdiction, "complaints");
    let now = chrono::Utc::now().timestamp();
    let body = MyComplaintsPage {
        protocol: PROTOCOL_VERSION,
        complaints: page
            .complaints
            .iter()
            .map(|c| {
                // Its own complaints, or ones it follows since a merge (migration 008).
                if c.reported_by(&device.client_id, device.phone.as_deref()) {
                    c.resident_view(now)
                } else {
                    c.follower_view(now)
                }
            })
            .collect(),
        rejections: page.rejections,
        cursor: encode_cursor(page.version),
        version: page.version,
        has_more: page.has_more,
    };
    Ok(no_store(Json(body).into_response()))
}

#[derive(Deserialize)]
pub struct PublicQuery {
    before: Option<i64>,
    limit: Option<usize>,
}

/// `GET /api/v1/{j}/complaints/public[?before=<unix>&limit=]`
pub async fn public(
    State(state): State<AppState>,
    Path(j): Path<String>,
    Query(q): Query<PublicQuery>,
) -> Result<Json<PublicComplaints>> {
    hosted(&state, &j)?;
    let limit = q.limit.unwrap_or(PUBLIC_DEFAULT).clamp(1, PUBLIC_MAX);
    let list = state.storage.public_complaints(&j, q.before, limit).await?;
    Ok(Json(PublicComplaints {
        complaints: list.iter().map(|c| c.public()).collect(),
    }))
}

#[derive(Deserialize)]
pub struct SimilarParams {
    category: Option<String>,
    desa: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    text: Option<String>,
}

/// `GET /api/v1/{j}/complaints/similar?category=&desa=&lat=&lon=&text=`
pub async fn similar(
    State(state): State<AppState>,
    Path(j): Path<String>,
    Query(q): Query<SimilarParams>,
) -> Result<Json<PublicComplaints>> {
    hosted(&state, &j)?;
    let bad = |m: &str| Error::bad_request("invalid_query", m.to_owned());
    let category = q
        .category
        .filter(|c| !c.is_empty() && c.len() <= 64)
        .ok_or_else(|| bad("category is required"))?;
    let point = match (q.lat, q.lon) {
        (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => Some((lat, lon)),
        (None, None) => None,
        _ => return Err(bad("lat and lon go together and must be numbers")),
    };
    let desa = q.desa.filter(|d| !d.is_empty() && d.len() <= 64);
    if point.is_none() && desa.is_none() {
        return Err(bad("give lat and lon, or desa"));
    }
    let d = similar::NEAR_DEGREES;
    let candidates = state
        .storage
        .similar_candidates(SimilarQuery {
            jurisdiction: j,
            category,
            desa: desa.clone(),
            bbox: point.map(|(lat, lon)| (lat - d, lat + d, lon - d, lon + d)),
            limit: SIMILAR_CANDIDATES,
        })
        .await?;
    let text: String = q.text.unwrap_or_default().chars().take(5000).collect();
    let ranked = similar::rank(
        &similar::Query {
            desa,
            lat: point.map(|p| p.0),
            lon: point.map(|p| p.1),
            text,
        },
        candidates,
        SIMILAR_RESULTS,
    );
    Ok(Json(PublicComplaints {
        complaints: ranked.iter().map(|c| c.public()).collect(),
    }))
}

/// `GET /api/v1/{j}/complaints/{id}/photos/{sha256}`: the reporter's device (or
/// verified phone), or anyone for a public complaint. Everything else is a 404, so
/// a confidential complaint's photos cannot even be probed for.
pub async fn photo(
    State(state): State<AppState>,
    Path((j, id, sha)): Path<(String, String, String)>,
    MaybeDevice(device): MaybeDevice,
) -> Result<Response> {
    hosted(&state, &j)?;
    let not_found = || Error::NotFound("photo".into());
    if !is_sha256_hex(&sha) || id.len() > 64 {
        return Err(not_found());
    }
    let c = state
        .storage
        .complaint(&j, &id)
        .await?
        .ok_or_else(not_found)?;
    let reporter = device
        .as_ref()
        .is_some_and(|d| c.reported_by(&d.client_id, d.phone.as_deref()));
    if !(reporter || c.is_public()) || !c.photos.iter().any(|p| p.sha256 == sha && p.complete) {
        return Err(not_found());
    }
    let info = state.storage.blob(&j, &sha).await?.ok_or_else(not_found)?;
    let data = state.blobs.get(&j, &sha).await?;
    let cache = if c.is_public() {
        "public, max-age=86400, immutable"
    } else {
        "private, max-age=86400"
    };
    Ok((
        [
            (header::CONTENT_TYPE, info.content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        data,
    )
        .into_response())
}
