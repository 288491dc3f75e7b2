//! A loopback HTTP proxy between a device core and pati-server that injects the
//! failures real networks produce. Every decision comes from a seeded RNG, so a
//! failing run replays exactly from its seed.
//!
//! It speaks HTTP/1.1 through hyper at the connection level, which lets it do what
//! a well-behaved server never does: close a connection without answering (before
//! or after the server committed), send half a body under a full Content-Length,
//! answer a pull with an older response, or deliver a request twice, the second
//! time late and out of order.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokio::net::TcpListener;

/// One failure the proxy can inject into one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fault {
    /// Wait before forwarding.
    Delay,
    /// Close the connection without forwarding: the server never sees it.
    DropRequest,
    /// Forward, let the server commit, then close without answering.
    DropResponse,
    /// Forward twice at once; answer with one of the two responses.
    Duplicate,
    /// Forward now, and again later after other requests (a reordered duplicate).
    LateReplay,
    /// Answer a pull with an older response to the same pull.
    StalePull,
    /// Forward, then send half the body under the full Content-Length.
    Truncate,
    /// Answer 401 without forwarding (an expired token in the middle of a batch).
    Unauthorized,
    /// Answer 503 with Retry-After without forwarding.
    Unavailable,
    /// Kill the server and start it again, then forward.
    RestartServer,
}

/// How often faults happen. Probabilities are per request.
#[derive(Debug, Clone)]
pub struct FaultRates {
    /// Chance that a request gets any fault at all.
    pub any: f64,
    /// Relative weights of the faults chosen when one happens.
    pub weights: Vec<(Fault, u32)>,
}

impl FaultRates {
    /// No faults: a clean network.
    pub fn none() -> FaultRates {
        FaultRates {
            any: 0.0,
            weights: Vec::new(),
        }
    }

    /// Every fault, the server restart rarely (it costs a process start).
    pub fn all(any: f64, with_restarts: bool) -> FaultRates {
        let mut weights = vec![
            (Fault::Delay, 3),
            (Fault::DropRequest, 3),
            (Fault::DropResponse, 4),
            (Fault::Duplicate, 3),
            (Fault::LateReplay, 3),
            (Fault::StalePull, 3),
            (Fault::Truncate, 3),
            (Fault::Unauthorized, 2),
            (Fault::Unavailable, 2),
        ];
        if with_restarts {
            weights.push((Fault::RestartServer, 6));
        }
        FaultRates { any, weights }
    }
}

/// Restarts the upstream server and returns its new base URL.
pub type RestartHook = Arc<dyn Fn() -> Result<String> + Send + Sync>;

struct Recorded {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct RequestCopy {
    method: hyper::Method,
    path_and_query: String,
    headers: hyper::HeaderMap,
    body: Bytes,
}

struct State {
    upstream: String,
    rng: ChaCha8Rng,
    rates: FaultRates,
    /// Earlier answers to each pull path (without query), oldest first.
    pulls: HashMap<String, Vec<Arc<Recorded>>>,
    /// Requests to deliver again once `n` more requests have passed.
    replays: Vec<(u32, RequestCopy)>,
    injected: BTreeMap<Fault, u64>,
    requests: u64,
}

struct Inner {
    state: Mutex<State>,
    client: reqwest::Client,
    restart: Option<RestartHook>,
    /// Serialises restarts with the requests racing them.
    restarting: tokio::sync::Mutex<()>,
}

/// The running proxy. Dropping it stops accepting connections.
pub struct FaultProxy {
    pub url: String,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on a free loopback port in front of `upstream`.
    pub async fn start(
        upstream: &str,
        seed: u64,
        restart: Option<RestartHook>,
    ) -> Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let inner = Arc::new(Inner {
            state: Mutex::new(State {
                upstream: upstream.trim_end_matches('/').to_owned(),
                rng: ChaCha8Rng::seed_from_u64(seed),
                rates: FaultRates::none(),
                pulls: HashMap::new(),
                replays: Vec::new(),
                injected: BTreeMap::new(),
                requests: 0,
            }),
            // The proxy itself never decompresses: bytes pass through as the
            // server sent them.
            client: reqwest::Client::builder()
                .no_gzip()
                .no_zstd()
                .pool_max_idle_per_host(8)
                .timeout(Duration::from_secs(30))
                .build()?,
            restart,
            restarting: tokio::sync::Mutex::new(()),
        });
        let accept_inner = inner.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let inner = accept_inner.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| handle(inner.clone(), req));
                    // Errors here are the injected closes; nothing to report.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(FaultProxy {
            url: format!("http://{addr}"),
            inner,
            task,
        })
    }

    /// Changes how often faults happen from the next request on.
    pub fn set_rates(&self, rates: FaultRates) {
        lock(&self.inner.state).rates = rates;
    }

    /// Restarts the fault sequence from `seed` and forgets recorded answers and
    /// pending replays, so a scenario replays exactly from its own seed.
    pub fn reseed(&self, seed: u64) {
        let mut st = lock(&self.inner.state);
        st.rng = ChaCha8Rng::seed_from_u64(seed);
        st.pulls.clear();
        st.replays.clear();
    }

    /// Points the proxy at another server (after a restart on a new port).
    pub fn set_upstream(&self, url: &str) {
        lock(&self.inner.state).upstream = url.trim_end_matches('/').to_owned();
    }

    pub fn upstream(&self) -> String {
        lock(&self.inner.state).upstream.clone()
    }

    /// Delivers every pending late replay now (used before the final checks, so
    /// nothing is still in flight when state is compared).
    pub async fn flush_replays(&self) {
        let replays: Vec<RequestCopy> = {
            let mut st = lock(&self.inner.state);
            st.replays.drain(..).map(|(_, r)| r).collect()
        };
        for r in replays {
            let _ = forward(&self.inner, &r).await;
        }
    }

    /// How many faults of each kind were injected so far.
    pub fn injected(&self) -> BTreeMap<Fault, u64> {
        lock(&self.inner.state).injected.clone()
    }

    pub fn requests(&self) -> u64 {
        lock(&self.inner.state).requests
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

type ProxyBody = http_body_util::combinators::BoxBody<Bytes, std::io::Error>;

/// Pulls are GETs whose answer a later, stale delivery could replace.
fn is_pull(method: &hyper::Method, path: &str) -> bool {
    method == hyper::Method::GET
        && (path.ends_with("/content") || path.ends_with("/complaints/mine"))
}

async fn handle(
    inner: Arc<Inner>,
    req: Request<Incoming>,
) -> Result<Response<ProxyBody>, std::io::Error> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .to_bytes();
    let copy = RequestCopy {
        method: parts.method.clone(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into()),
        headers: parts.headers.clone(),
        body,
    };
    let path = parts.uri.path().to_owned();
    let pull = is_pull(&copy.method, &path);
    // Stale answers are this device's own older answers: recorded per path and
    // bearer token (the content pull has none and is the same for everyone).
    let pull_key = format!(
        "{path} {}",
        parts
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    );

    // Decide this request's fate and collect replays that are now due.
    let (fault, due, delay_ms, stale) = {
        let mut st = lock(&inner.state);
        st.requests += 1;
        let mut due = Vec::new();
        st.replays.retain_mut(|(n, r)| {
            if *n == 0 {
                due.push(r.clone());
                false
            } else {
                *n -= 1;
                true
            }
        });
        let fault = draw(&mut st, pull, &pull_key);
        if let Some(f) = fault {
            *st.injected.entry(f).or_default() += 1;
        }
        let delay_ms = st.rng.random_range(5..120u64);
        let stale = if fault == Some(Fault::StalePull) {
            st.pulls.get(&pull_key).and_then(|v| v.first().cloned())
        } else {
            None
        };
        if fault == Some(Fault::LateReplay) {
            let after = st.rng.random_range(1..6u32);
            st.replays.push((after, copy.clone()));
        }
        (fault, due, delay_ms, stale)
    };
    for r in due {
        let _ = forward(&inner, &r).await;
    }

    match fault {
        Some(Fault::DropRequest) => return Err(std::io::Error::other("injected: request dropped")),
        Some(Fault::Unauthorized) => {
            return Ok(synthetic(StatusCode::UNAUTHORIZED, "unauthorized", None));
        }
        Some(Fault::Unavailable) => {
            return Ok(synthetic(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                Some("1"),
            ));
        }
        Some(Fault::StalePull) => {
            if let Some(old) = stale {
                return Ok(respond(&old));
            }
        }
        Some(Fault::Delay) => tokio::time::sleep(Duration::from_millis(delay_ms)).await,
        Some(Fault::RestartServer) => restart(&inner).await,
        _ => {}
    }

    let answer = if fault == Some(Fault::Duplicate) {
        let (a, b) = tokio::join!(forward(&inner, &copy), forward(&inner, &copy));
        // Prefer a real answer; either is a valid one for an idempotent server.
        match (a, b) {
            (Ok(a), _) => Ok(a),
            (Err(_), b) => b,
        }
    } else {
        forward(&inner, &copy).await
    };
    let recorded = match answer {
        Ok(r) => Arc::new(r),
        // The server is down (restarting) or refused: the device sees a dropped
        // connection, as it would in the field.
        Err(e) => return Err(std::io::Error::other(format!("upstream: {e}"))),
    };
    if pull && recorded.status == StatusCode::OK {
        let mut st = lock(&inner.state);
        let list = st.pulls.entry(pull_key).or_default();
        list.push(recorded.clone());
        if list.len() > 8 {
            list.remove(1); // keep the oldest: the stalest answer is the hardest
        }
    }
    match fault {
        Some(Fault::DropResponse) => Err(std::io::Error::other("injected: response dropped")),
        Some(Fault::Truncate) if recorded.body.len() > 1 => Ok(truncated(&recorded)),
        _ => Ok(respond(&recorded)),
    }
}

fn draw(st: &mut State, pull: bool, pull_key: &str) -> Option<Fault> {
    if st.rates.any <= 0.0 || !st.rng.random_bool(st.rates.any.min(1.0)) {
        return None;
    }
    let eligible: Vec<(Fault, u32)> = st
        .rates
        .weights
        .iter()
        .copied()
        .filter(|(f, _)| match f {
            Fault::StalePull => pull && st.pulls.get(pull_key).is_some_and(|v| !v.is_empty()),
            // Registration has no token to expire.
            Fault::Unauthorized => !pull_key
                .split(' ')
                .next()
                .unwrap_or("")
                .ends_with("/devices"),
            _ => true,
        })
        .collect();
    let total: u32 = eligible.iter().map(|(_, w)| w).sum();
    if total == 0 {
        return None;
    }
    let mut pick = st.rng.random_range(0..total);
    for (f, w) in eligible {
        if pick < w {
            return Some(f);
        }
        pick -= w;
    }
    None
}

async fn restart(inner: &Inner) {
    let Some(hook) = inner.restart.clone() else {
        return;
    };
    let _guard = inner.restarting.lock().await;
    match tokio::task::spawn_blocking(move || hook()).await {
        Ok(Ok(url)) => lock(&inner.state).upstream = url.trim_end_matches('/').to_owned(),
        Ok(Err(e)) => tracing::error!("server restart failed: {e:#}"),
        Err(e) => tracing::error!("server restart panicked: {e}"),
    }
}

async fn forward(inner: &Inner, r: &RequestCopy) -> Result<Recorded> {
    // A request racing a restart waits for the new server.
    drop(inner.restarting.lock().await);
    let upstream = lock(&inner.state).upstream.clone();
    let url = format!("{upstream}{}", r.path_and_query);
    let method = reqwest::Method::from_bytes(r.method.as_str().as_bytes())?;
    let mut req = inner.client.request(method, &url).body(r.body.clone());
    for (name, value) in &r.headers {
        if is_hop_by_hop(name.as_str()) {
            continue;
        }
        req = req.header(name.as_str(), value.as_bytes());
    }
    let resp = req
        .send()
        .await
        .with_context(|| format!("forward to {url}"))?;
    let status = StatusCode::from_u16(resp.status().as_u16())?;
    let mut headers = hyper::HeaderMap::new();
    for (name, value) in resp.headers() {
        if is_hop_by_hop(name.as_str()) {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(name.as_str().as_bytes()),
            hyper::header::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.append(n, v);
        }
    }
    let body = resp.bytes().await?;
    Ok(Recorded {
        status,
        headers,
        body,
    })
}

fn is_hop_by_hop(name: &str) -> bool {
    matches!(
        name,
        "connection" | "keep-alive" | "transfer-encoding" | "content-length" | "host" | "upgrade"
    )
}

fn respond(r: &Recorded) -> Response<ProxyBody> {
    let mut resp = Response::new(
        Full::new(r.body.clone())
            .map_err(|never: Infallible| match never {})
            .boxed(),
    );
    *resp.status_mut() = r.status;
    *resp.headers_mut() = r.headers.clone();
    resp
}

/// Half the body under the full Content-Length, then the connection drops.
fn truncated(r: &Recorded) -> Response<ProxyBody> {
    let half = r.body.slice(..r.body.len() / 2);
    let frames: Vec<Result<Frame<Bytes>, std::io::Error>> = vec![
        Ok(Frame::data(half)),
        Err(std::io::Error::other("injected: body truncated")),
    ];
    let mut resp = Response::new(StreamBody::new(futures_util::stream::iter(frames)).boxed());
    *resp.status_mut() = r.status;
    *resp.headers_mut() = r.headers.clone();
    resp.headers_mut().insert(
        hyper::header::CONTENT_LENGTH,
        hyper::header::HeaderValue::from(r.body.len()),
    );
    resp
}

fn synthetic(
    status: StatusCode,
    code: &str,
    retry_after: Option<&'static str>,
) -> Response<ProxyBody> {
    let body =
        serde_json::json!({"error": code, "message": "injected by the fault proxy"}).to_string();
    let mut resp = Response::new(
        Full::new(Bytes::from(body))
            .map_err(|never: Infallible| match never {})
            .boxed(),
    );
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    resp.headers_mut().insert(
        pati_protocol::PROTOCOL_HEADER,
        hyper::header::HeaderValue::from(pati_protocol::PROTOCOL_VERSION),
    );
    if let Some(s) = retry_after {
        resp.headers_mut().insert(
            hyper::header::RETRY_AFTER,
            hyper::header::HeaderValue::from_static(s),
        );
    }
    resp
}
