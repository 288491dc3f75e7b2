//! `/metrics` in the Prometheus text exposition format (docs/OPERATIONS.md).
//!
//! Counters and histograms go through the `metrics` facade into one process-wide
//! `metrics-exporter-prometheus` recorder: request latency by route and status
//! (a route layer, so the label is the route template, never a raw path), and the
//! sync figures the handlers count. Backlog gauges (complaints by status, overdue)
//! are read from storage at scrape time: two indexed queries per jurisdiction.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use pati_protocol::ComplaintStatus;
use sha2::{Digest, Sha256};

use crate::AppState;

pub const HTTP_DURATION: &str = "pati_http_request_duration_seconds";
pub const PUSHES: &str = "pati_sync_pushes_total";
pub const MUTATIONS: &str = "pati_sync_mutations_total";
pub const PULLS: &str = "pati_sync_pulls_total";
pub const UPLOAD_BYTES: &str = "pati_sync_upload_bytes_total";
pub const OPEN311_REQUESTS: &str = "pati_open311_requests_total";
pub const COMPLAINTS: &str = "pati_complaints";
pub const OVERDUE: &str = "pati_complaints_overdue";

/// Latency buckets in seconds: 5 ms to 10 s.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0,
];

const ALL_STATUSES: [ComplaintStatus; 7] = [
    ComplaintStatus::Received,
    ComplaintStatus::Verified,
    ComplaintStatus::Assigned,
    ComplaintStatus::InProgress,
    ComplaintStatus::Resolved,
    ComplaintStatus::Closed,
    ComplaintStatus::Rejected,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process-wide recorder, installed on first use. `None` if another recorder
/// was installed first (then `/metrics` answers 503).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let built = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.to_owned()), &BUCKETS)
                .and_then(|b| b.install_recorder());
            match built {
                Ok(h) => {
                    describe();
                    Some(h)
                }
                Err(e) => {
                    tracing::error!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .as_ref()
}

fn describe() {
    ::metrics::describe_histogram!(
        HTTP_DURATION,
        ::metrics::Unit::Seconds,
        "HTTP request latency by method, route template and status"
    );
    ::metrics::describe_counter!(PUSHES, "device pushes answered (sequence gaps excluded)");
    ::metrics::describe_counter!(
        MUTATIONS,
        "pushed mutations by outcome: applied, duplicate (a replay) or rejected"
    );
    ::metrics::describe_counter!(PULLS, "pull pages served, by kind: content or complaints");
    ::metrics::describe_counter!(UPLOAD_BYTES, ::metrics::Unit::Bytes, "photo bytes received");
    ::metrics::describe_counter!(OPEN311_REQUESTS, "complaints filed through Open311");
    ::metrics::describe_gauge!(COMPLAINTS, "complaints by status, read at scrape time");
    ::metrics::describe_gauge!(
        OVERDUE,
        "complaints still owed an answer whose working-day clock ran out"
    );
}

/// Route layer: one latency observation per request, labelled with the route
/// template (`/api/v1/{jurisdiction}/push`), the method and the status.
pub async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    ::metrics::histogram!(HTTP_DURATION, "method" => method, "route" => route, "status" => status)
        .record(start.elapsed().as_secs_f64());
    response
}

fn sha256(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// `GET /metrics`: the text exposition format. With `--metrics-token` set, only
/// for `Authorization: Bearer <token>`.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = state.metrics_token.as_deref() {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // Comparing digests keeps the comparison's time independent of the token.
        if sha256(presented) != sha256(token) {
            let mut r = (StatusCode::UNAUTHORIZED, "metrics token required\n").into_response();
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return r;
        }
    }
    let Some(handle) = handle() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics are not available\n",
        )
            .into_response();
    };
    let now = chrono::Utc::now().timestamp();
    let mut jurisdictions: Vec<&String> = state.jurisdictions.iter().collect();
    jurisdictions.sort();
    for j in jurisdictions {
        match state.storage.backlog(j, now).await {
            Ok(b) => {
                for s in ALL_STATUSES {
                    let n = b
                        .by_status
                        .iter()
                        .find(|(st, _)| *st == s)
                        .map_or(0, |(_, n)| *n);
                    ::metrics::gauge!(COMPLAINTS, "jurisdiction" => j.clone(), "status" => s.as_str())
                        .set(n as f64);
                }
                ::metrics::gauge!(OVERDUE, "jurisdiction" => j.clone()).set(b.overdue as f64);
            }
            // Keep serving the other figures; the gauges keep their last values.
            Err(e) => tracing::warn!(jurisdiction = %j, error = %e, "backlog figures unavailable"),
        }
    }
    let mut r = handle.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    r
}

/// Counts one answered push and its mutations by outcome.
pub fn record_push(jurisdiction: &str, results: &[pati_protocol::MutationResult]) {
    ::metrics::counter!(PUSHES, "jurisdiction" => jurisdiction.to_owned()).increment(1);
    let mut counts = [0u64; 3];
    for r in results {
        let i = match r.outcome {
            pati_protocol::MutationOutcome::Applied => 0,
            pati_protocol::MutationOutcome::Duplicate => 1,
            pati_protocol::MutationOutcome::Rejected => 2,
        };
        counts[i] += 1;
    }
    for (outcome, n) in ["applied", "duplicate", "rejected"].into_iter().zip(counts) {
        ::metrics::counter!(MUTATIONS, "jurisdiction" => jurisdiction.to_owned(), "outcome" => outcome)
            .increment(n);
    }
}

pub fn record_pull(jurisdiction: &str, kind: &'static str) {
    ::metrics::counter!(PULLS, "jurisdiction" => jurisdiction.to_owned(), "kind" => kind)
        .increment(1);
}

pub fn record_upload(jurisdiction: &str, bytes: usize) {
    ::metrics::counter!(UPLOAD_BYTES, "jurisdiction" => jurisdiction.to_owned())
        .increment(bytes as u64);
}

pub fn record_open311_request(jurisdiction: &str) {
    ::metrics::counter!(OPEN311_REQUESTS, "jurisdiction" => jurisdiction.to_owned()).increment(1);
}
