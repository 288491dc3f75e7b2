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

/// The client's address for per-address rate limits: the peer's, or behind one of
/// the configured reverse proxies the one `X-Forwarded-For` names ([`client_ip`]).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(ClientIp(client_ip(
            peer,
            forwarded,
            &state.limits.trusted_proxies,
        )))
    }
}

/// Walks `X-Forwarded-For` from the right while the address is a trusted proxy and
/// returns the first one that is not: every proxy appends the address it saw, so
/// only entries right of an untrusted one are facts, and whatever a client writes
/// further left is ignored. A peer that is not a trusted proxy is the client, and
/// an entry that is not an address stops the walk at the last trusted hop.
pub fn client_ip<'a>(
    peer: IpAddr,
    forwarded: impl IntoIterator<Item = &'a str>,
    trusted: &[ipnet::IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let hops: Vec<&str> = forwarded
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        let Some(ip) = parse_hop(hop) else { break };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, or either with a port (`[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(
            client_ip(ip("198.51.100.9"), ["10.0.0.1"], &[]),
            ip("198.51.100.9")
        );
        let proxies = nets(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("198.51.100.9"), ["203.0.113.7"], &proxies),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client() {
        let proxies = nets(&["10.0.0.0/8", "2001:db8:1::/48"]);
        // A client's own claim (left) is ignored; the proxies' entries are not.
        let chain = ["1.1.1.1, 203.0.113.7", "10.0.0.5"];
        assert_eq!(
            client_ip(ip("10.0.0.2"), chain, &proxies),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("2001:db8:1::2"), ["[2001:db8::7]:443"], &proxies),
            ip("2001:db8::7")
        );
        // IPv4 seen through an IPv6 socket.
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.2"), ["203.0.113.8"], &proxies),
            ip("203.0.113.8")
        );
    }

    #[test]
    fn a_missing_or_broken_header_leaves_the_last_trusted_hop() {
        let proxies = nets(&["10.0.0.0/8"]);
        assert_eq!(client_ip(ip("10.0.0.2"), [], &proxies), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), ["203.0.113.7, unknown, 10.0.0.3"], &proxies),
            ip("10.0.0.3")
        );
    }
}
