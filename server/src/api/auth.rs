//! Who calls the device API: the bearer access token ([`Device`]), the caller's
//! address for rate limits ([`ClientIp`]), and request-body reading with the API's
//! own error codes (never axum's plain-text rejections).

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::accounts::token_hash;
use crate::error::{Error, Result};
use crate::storage::TokenLookup;
use crate::AppState;

/// The `{jurisdiction}` of an `/api/v1/{jurisdiction}/...` path.
fn path_jurisdiction(parts: &Parts) -> Option<String> {
    let mut it = parts.uri.path().trim_start_matches('/').split('/');
    match (it.next(), it.next(), it.next()) {
        (Some("api"), Some("v1"), Some(j)) if !j.is_empty() => Some(j.to_owned()),
        _ => None,
    }
}

/// A hosted jurisdiction named by the path, else 404.
pub fn hosted(state: &AppState, jurisdiction: &str) -> Result<()> {
    if state.jurisdictions.contains(jurisdiction) {
        Ok(())
    } else {
        Err(Error::NotFound(format!("jurisdiction {jurisdiction}")))
    }
}

/// A registered device holding a live access token of the path's jurisdiction.
/// Otherwise 401 `unauthorized`, or 401 `token_expired` (refresh and retry).
#[derive(Debug, Clone)]
pub struct Device {
    pub jurisdiction: String,
    pub client_id: String,
    /// Verified phone, if any.
    pub phone: Option<String>,
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 256)
}

impl FromRequestParts<AppState> for Device {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let j = path_jurisdiction(parts).ok_or_else(|| Error::NotFound("path".into()))?;
        hosted(state, &j)?;
        let token = bearer(parts).ok_or_else(|| {
            Error::unauthorized("an Authorization: Bearer access token is required")
        })?;
        let now = chrono::Utc::now().timestamp();
        match state
            .storage
            .access_token(&j, &token_hash(token), now)
            .await?
        {
            TokenLookup::Valid(d) => Ok(Device {
                jurisdiction: d.jurisdiction,
                client_id: d.client_id,
                phone: d.phone,
            }),
            TokenLookup::Expired => Err(Error::api(
                StatusCode::UNAUTHORIZED,
                "token_expired",
                "the access token has expired: refresh it and retry",
            )),
            TokenLookup::Unknown => Err(Error::unauthorized("unknown access token")),
        }
    }
}

/// Like [`Device`], but a request without an Authorization header is anonymous.
/// A header with a bad or expired token is still refused.
pub struct MaybeDevice(pub Option<Device>);

impl FromRequestParts<AppState> for MaybeDevice {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            Ok(MaybeDevice(Some(
                Device::from_request_parts(parts, state).await?,
            )))
        } else {
            Ok(MaybeDevice(None))
        }
    }
}

/// The peer's address (the proxy's, behind a reverse proxy: rate limits then count
/// per proxy, which is safe but coarse; see docs/ARCHITECTURE.md).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::from([0, 0, 0, 0])),
        ))
    }
}

/// Reads at most `limit` bytes of body (413 `too_large` beyond).
pub async fn read_body(body: Body, limit: usize) -> Result<bytes::Bytes> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        Error::api(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("the request body is larger than {limit} bytes"),
        )
    })
}

/// Parses JSON, naming the field at fault (400 `invalid_request`).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de)
        .map_err(|e| Error::bad_request("invalid_request", format!("{}: {}", e.path(), e.inner())))
}

/// Refuses clients newer than this server on every device-API route.
pub async fn protocol_guard(req: Request, next: Next) -> Response {
    match super::check_client_protocol(req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}
