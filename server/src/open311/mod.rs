//! Open311 GeoReport v2 under `/open311/v2/` (docs/OPEN311.md), with the
//! `servicerequestupdates` extension.
//!
//! Services are the jurisdiction's complaint categories. A `POST requests` becomes
//! a real complaint through the same push (validation, routing to the category's
//! agency, tracking number, working-day clock) as a resident's, made by the API
//! key's own device row. Reads serve public complaints only: confidential (Rahasia)
//! and rejected complaints never appear, no reporter identity, phone or email is
//! ever returned, and anonymous complaints lose their coordinates.

pub mod keys;
pub mod wire;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, FixedOffset};
use pati_protocol::limits::{MAX_TITLE_CHARS, MIN_TITLE_CHARS};
use pati_protocol::{
    mutation, rejection_code as rc, Agency, ComplaintCategory, ComplaintCreate, ComplaintStatus,
    ContentItem, ContentKind, Desa, Location, Mutation, MutationOutcome,
};

use crate::storage::{Open311Contact, Open311Query, Open311Request, PushInput, PushOutcome};
use crate::workflow;
use crate::AppState;
use wire::{Format, Open311Error};

/// The GeoReport specification these endpoints implement.
pub const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When this API last changed (discovery's `changeset`).
const CHANGESET: &str = "2026-11-23T00:00:00+07:00";
/// Most requests or updates one answer holds (the spec's limit).
pub const MAX_RESULTS: usize = 1000;
/// The default window of `GET requests` and `servicerequestupdates`.
pub const DEFAULT_DAYS: i64 = 90;
/// Requests one API key may file per 24 hours (the push's per-device limit for
/// reporters without a verified phone, raised for an integration).
pub const REQUESTS_PER_KEY_PER_DAY: i64 = 1000;
const MAX_CONTACT_CHARS: usize = 200;
const MAX_MEDIA_URL_CHARS: usize = 2000;
/// Times are written in Pati's zone (WIB, UTC+7).
const WIB_SECONDS: i32 = 7 * 3600;

type Result<T, E = Open311Error> = std::result::Result<T, E>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{resource}",
            get(get_resource).post(post_resource),
        )
        .route("/open311/v2/services/{code}", get(service_definition))
        .route("/open311/v2/requests/{id}", get(one_request))
        .route("/open311/v2/tokens/{token}", get(token))
}

/// The answer to a path without `.json` or `.xml`: in XML, the spec's required format.
fn bad_format() -> Response {
    wire::error_response(
        Format::Xml,
        &Open311Error::bad_request(
            "the format must be given as the extension .json or .xml, e.g. services.xml",
        ),
    )
}

fn answer(format: Format, r: Result<Response>) -> Response {
    r.unwrap_or_else(|e| wire::error_response(format, &e))
}

/// Query or form parameters; a parameter given several times is joined with commas
/// (the spec allows both spellings for lists).
fn params(raw: &[u8]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for (k, v) in form_urlencoded::parse(raw) {
        out.entry(k.into_owned())
            .and_modify(|e| {
                e.push(',');
                e.push_str(&v);
            })
            .or_insert_with(|| v.into_owned());
    }
    out
}

fn param<'a>(p: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// `jurisdiction_id` is required when the server hosts more than one jurisdiction.
fn jurisdiction(state: &AppState, p: &HashMap<String, String>) -> Result<String> {
    match param(p, "jurisdiction_id") {
        Some(j) if state.jurisdictions.contains(j) => Ok(j.to_owned()),
        Some(j) => Err(Open311Error::not_found(format!(
            "jurisdiction_id {j} was not found"
        ))),
        None if state.jurisdictions.len() == 1 => Ok(state
            .jurisdictions
            .iter()
            .next()
            .cloned()
            .unwrap_or_default()),
        None => {
            let mut ids: Vec<&str> = state.jurisdictions.iter().map(String::as_str).collect();
            ids.sort_unstable();
            Err(Open311Error::bad_request(format!(
                "jurisdiction_id was not provided; this server hosts: {}",
                ids.join(", ")
            )))
        }
    }
}

// ------------------------------------------------------------------ content

/// The jurisdiction's complaint categories and agencies.
struct Catalog {
    categories: Vec<ComplaintCategory>,
    agencies: HashMap<String, Agency>,
}

impl Catalog {
    async fn load(state: &AppState, j: &str) -> Result<Catalog> {
        let mut categories = Vec::new();
        for item in state
            .storage
            .content_items(j, ContentKind::ComplaintCategory)
            .await?
        {
            if let ContentItem::ComplaintCategory(c) = item.item()? {
                categories.push(c);
            }
        }
        categories.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        let mut agencies = HashMap::new();
        for item in state.storage.content_items(j, ContentKind::Agency).await? {
            if let ContentItem::Agency(a) = item.item()? {
                agencies.insert(a.id.clone(), a);
            }
        }
        Ok(Catalog {
            categories,
            agencies,
        })
    }

    fn category(&self, code: &str) -> Option<&ComplaintCategory> {
        self.categories.iter().find(|c| c.id == code)
    }

    fn agency_name(&self, id: Option<&str>) -> String {
        id.map(|id| {
            self.agencies
                .get(id)
                .map_or_else(|| id.to_owned(), |a| a.name.id.clone())
        })
        .unwrap_or_default()
    }

    fn service(&self, c: &ComplaintCategory) -> wire::Service {
        let agency = self.agencies.get(&c.agency);
        let group = agency.map_or_else(|| c.agency.clone(), |a| a.short_name.clone());
        let mut keywords = vec![c.id.clone(), c.agency.clone()];
        if let Some(a) = agency {
            keywords.push(a.short_name.clone());
        }
        keywords.dedup();
        wire::Service {
            service_code: c.id.clone(),
            service_name: c.name.id.clone(),
            description: c.description.id.clone(),
            metadata: false,
            kind: "realtime",
            keywords: keywords.join(","),
            group,
        }
    }
}

/// Kecamatan names and desa of the jurisdiction, for addresses.
struct Areas {
    kecamatan: HashMap<String, String>,
    desa: Vec<Desa>,
}

impl Areas {
    async fn load(state: &AppState, j: &str) -> Result<Areas> {
        let mut kecamatan = HashMap::new();
        for item in state
            .storage
            .content_items(j, ContentKind::Kecamatan)
            .await?
        {
            if let ContentItem::Kecamatan(k) = item.item()? {
                kecamatan.insert(k.code, k.name);
            }
        }
        let mut desa = Vec::new();
        for item in state.storage.content_items(j, ContentKind::Desa).await? {
            if let ContentItem::Desa(d) = item.item()? {
                desa.push(d);
            }
        }
        Ok(Areas { kecamatan, desa })
    }

    fn desa(&self, code: &str) -> Option<&Desa> {
        self.desa.iter().find(|d| d.code == code)
    }

    /// "Desa Sukolilo, Kecamatan Sukolilo": the public address of a complaint.
    fn address(&self, loc: &Location) -> String {
        let kec = loc
            .kecamatan
            .as_deref()
            .and_then(|k| self.kecamatan.get(k))
            .map(|k| format!("Kecamatan {k}"));
        let desa = loc.desa.as_deref().and_then(|d| self.desa(d)).map(|d| {
            let kind = if d.kind == "kelurahan" {
                "Kelurahan"
            } else {
                "Desa"
            };
            format!("{kind} {}", d.name)
        });
        [desa, kec]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The one desa whose name (and, if several share it, whose kecamatan's name)
    /// appears as whole words in a free-text address.
    fn find_in(&self, address: &str) -> Option<String> {
        let text = words(address);
        let has = |name: &str| {
            let n = words(name);
            !n.trim().is_empty() && text.contains(&n)
        };
        let named: Vec<&Desa> = self.desa.iter().filter(|d| has(&d.name)).collect();
        let pick = |list: Vec<&Desa>| (list.len() == 1).then(|| list[0].code.clone());
        if named.len() <= 1 {
            return pick(named);
        }
        let in_kecamatan: Vec<&Desa> = named
            .into_iter()
            .filter(|d| self.kecamatan.get(&d.kecamatan).is_some_and(|k| has(k)))
            .collect();
        pick(in_kecamatan)
    }
}

/// Lowercase words separated by single spaces, with a space at both ends.
fn words(s: &str) -> String {
    let mut out = String::from(" ");
    for w in s
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

// ------------------------------------------------------------------ values

fn w3c(unix: i64) -> String {
    let Some(wib) = FixedOffset::east_opt(WIB_SECONDS) else {
        return String::new();
    };
    DateTime::from_timestamp(unix, 0)
        .map(|t| {
            t.with_timezone(&wib)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        })
        .unwrap_or_default()
}

fn parse_date(p: &HashMap<String, String>, name: &str) -> Result<Option<i64>> {
    param(p, name)
        .map(|v| {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.timestamp())
                .map_err(|_| {
                    Open311Error::bad_request(format!(
                        "{name} must be a w3c date-time with a time zone, e.g. 2026-11-01T00:00:00+07:00"
                    ))
                })
        })
        .transpose()
}

/// `start_date`/`end_date`, defaulting to the last [`DEFAULT_DAYS`] days.
fn window(p: &HashMap<String, String>, now: i64) -> Result<(i64, i64)> {
    let start = parse_date(p, "start_date")?;
    let end = parse_date(p, "end_date")?;
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end - DEFAULT_DAYS * 86_400);
    if start > end {
        return Err(Open311Error::bad_request(
            "start_date must not be after end_date",
        ));
    }
    Ok((start, end))
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn open_or_closed(s: ComplaintStatus) -> &'static str {
    if workflow::is_open(s) {
        "open"
    } else {
        "closed"
    }
}

fn status_notes(s: ComplaintStatus) -> String {
    let label = match s {
        ComplaintStatus::Received => "Diterima",
        ComplaintStatus::Verified => "Diverifikasi",
        ComplaintStatus::Assigned => "Diteruskan ke perangkat daerah",
        ComplaintStatus::InProgress => "Sedang ditangani",
        ComplaintStatus::Resolved => "Selesai ditangani",
        ComplaintStatus::Closed => "Ditutup",
        ComplaintStatus::Rejected => "Ditolak",
    };
    format!("{label} ({})", s.as_str())
}

/// About 110 m: a public map pin without pointing at one house.
fn round_coordinate(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn service_request(
    r: &Open311Request,
    catalog: &Catalog,
    areas: &Areas,
    now: i64,
) -> wire::ServiceRequest {
    let c = &r.record;
    let service_name = catalog
        .category(&c.category)
        .map_or_else(|| c.category.clone(), |cat| cat.name.id.clone());
    // Anonymous reporters' coordinates could point at their home: not served.
    let (lat, long) = match (c.anonymous, c.location.lat, c.location.lon) {
        (false, Some(lat), Some(lon)) => (Some(round_coordinate(lat)), Some(round_coordinate(lon))),
        _ => (None, None),
    };
    let notice = if c.state.overdue(now) {
        "Melewati batas waktu layanan (5 hari kerja)".to_owned()
    } else {
        String::new()
    };
    wire::ServiceRequest {
        service_request_id: c.tracking_number.clone(),
        status: open_or_closed(c.state.status),
        status_notes: status_notes(c.state.status),
        service_name,
        service_code: c.category.clone(),
        description: c.description.clone(),
        agency_responsible: catalog.agency_name(c.state.agency.as_deref()),
        service_notice: notice,
        requested_datetime: w3c(c.created_at),
        updated_datetime: w3c(c.updated_at),
        expected_datetime: c
            .state
            .due_at
            .filter(|_| workflow::is_open(c.state.status))
            .map(w3c),
        address: areas.address(&c.location),
        address_id: c.location.desa.clone().unwrap_or_default(),
        zipcode: String::new(),
        lat,
        long,
        media_url: r.media_url.clone().unwrap_or_default(),
    }
}

fn requests_document(format: Format, list: &[wire::ServiceRequest]) -> Response {
    wire::document(
        format,
        StatusCode::OK,
        &list,
        "service_requests",
        &wire::XmlRequests { request: list },
    )
}

// ------------------------------------------------------------------ GET

async fn get_resource(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some((name, format)) = Format::split(&resource) else {
        return bad_format();
    };
    let p = params(query.as_deref().unwrap_or("").as_bytes());
    let r = match name {
        "discovery" => Ok(discovery(format, &headers)),
        "services" => services(&state, format, &p).await,
        "requests" => requests(&state, format, &p).await,
        "servicerequestupdates" => updates(&state, format, &p).await,
        other => Err(Open311Error::not_found(format!(
            "there is no resource {other}"
        ))),
    };
    answer(format, r)
}

fn discovery(format: Format, headers: &HeaderMap) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let scheme = header("x-forwarded-proto").unwrap_or_else(|| "http".into());
    let host = header("host").unwrap_or_else(|| "localhost".into());
    let d = wire::Discovery {
        changeset: CHANGESET.into(),
        contact: "Diskominfo, the operator of Pati Maju, for each jurisdiction on this server"
            .into(),
        key_service: "API keys for POST requests are issued by Diskominfo on request".into(),
        endpoints: vec![wire::Endpoint {
            specification: SPECIFICATION.into(),
            url: format!("{scheme}://{host}/open311/v2"),
            changeset: CHANGESET.into(),
            kind: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    };
    wire::document(format, StatusCode::OK, &d, "discovery", &d.xml())
}

async fn services(
    state: &AppState,
    format: Format,
    p: &HashMap<String, String>,
) -> Result<Response> {
    let j = jurisdiction(state, p)?;
    let catalog = Catalog::load(state, &j).await?;
    let list: Vec<wire::Service> = catalog
        .categories
        .iter()
        .map(|c| catalog.service(c))
        .collect();
    Ok(wire::document(
        format,
        StatusCode::OK,
        &list,
        "services",
        &wire::XmlServices { service: &list },
    ))
}

async fn service_definition(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((code, format)) = Format::split(&segment) else {
        return bad_format();
    };
    let p = params(query.as_deref().unwrap_or("").as_bytes());
    let r = async {
        let j = jurisdiction(&state, &p)?;
        let catalog = Catalog::load(&state, &j).await?;
        match catalog.category(code) {
            None => Err(Open311Error::not_found(format!(
                "service_code {code} was not found"
            ))),
            // No category asks for extra fields yet: every service says
            // `metadata: false`, and such a service has no definition.
            Some(_) => Err(Open311Error::not_found(format!(
                "service_code {code} has no service definition (its metadata is false)"
            ))),
        }
    }
    .await;
    answer(format, r)
}

async fn requests(
    state: &AppState,
    format: Format,
    p: &HashMap<String, String>,
) -> Result<Response> {
    let j = jurisdiction(state, p)?;
    let now = chrono::Utc::now().timestamp();
    let mut q = Open311Query {
        jurisdiction: j.clone(),
        limit: MAX_RESULTS,
        ..Default::default()
    };
    if let Some(ids) = param(p, "service_request_id") {
        // The spec: with ids, every other filter is ignored.
        q.tracking_numbers = list(ids);
        if q.tracking_numbers.len() > MAX_RESULTS {
            return Err(Open311Error::bad_request(format!(
                "at most {MAX_RESULTS} service_request_id values"
            )));
        }
    } else {
        let (start, end) = window(p, now)?;
        q.start = Some(start);
        q.end = Some(end);
        if let Some(codes) = param(p, "service_code") {
            q.categories = list(codes);
        }
        if let Some(statuses) = param(p, "status") {
            for s in list(statuses) {
                let group: &[ComplaintStatus] = match s.as_str() {
                    "open" => &[
                        ComplaintStatus::Received,
                        ComplaintStatus::Verified,
                        ComplaintStatus::Assigned,
                        ComplaintStatus::InProgress,
                    ],
                    "closed" => &[ComplaintStatus::Resolved, ComplaintStatus::Closed],
                    other => {
                        return Err(Open311Error::bad_request(format!(
                            "status must be open or closed, not {other}"
                        )))
                    }
                };
                q.statuses.extend_from_slice(group);
            }
        }
    }
    let found = state.storage.open311_requests(q).await?;
    let catalog = Catalog::load(state, &j).await?;
    let areas = Areas::load(state, &j).await?;
    let out: Vec<wire::ServiceRequest> = found
        .iter()
        .map(|r| service_request(r, &catalog, &areas, now))
        .collect();
    Ok(requests_document(format, &out))
}

async fn one_request(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((id, format)) = Format::split(&segment) else {
        return bad_format();
    };
    let p = params(query.as_deref().unwrap_or("").as_bytes());
    let r = async {
        let j = jurisdiction(&state, &p)?;
        let found = state
            .storage
            .open311_requests(Open311Query {
                jurisdiction: j.clone(),
                tracking_numbers: vec![id.to_owned()],
                limit: 1,
                ..Default::default()
            })
            .await?;
        if found.is_empty() {
            return Err(Open311Error::not_found(format!(
                "service_request_id {id} was not found"
            )));
        }
        let catalog = Catalog::load(&state, &j).await?;
        let areas = Areas::load(&state, &j).await?;
        let now = chrono::Utc::now().timestamp();
        let out: Vec<wire::ServiceRequest> = found
            .iter()
            .map(|r| service_request(r, &catalog, &areas, now))
            .collect();
        Ok(requests_document(format, &out))
    }
    .await;
    answer(format, r)
}

async fn token(
    State(state): State<AppState>,
    Path(segment): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some((token, format)) = Format::split(&segment) else {
        return bad_format();
    };
    let p = params(query.as_deref().unwrap_or("").as_bytes());
    let r = async {
        let j = jurisdiction(&state, &p)?;
        let found = state
            .storage
            .open311_requests(Open311Query {
                jurisdiction: j,
                complaint_ids: vec![token.to_owned()],
                limit: 1,
                ..Default::default()
            })
            .await?;
        let out: Vec<wire::TokenAnswer> = found
            .iter()
            .map(|r| wire::TokenAnswer {
                service_request_id: r.record.tracking_number.clone(),
                token: r.record.id.clone(),
            })
            .collect();
        if out.is_empty() {
            return Err(Open311Error::not_found(format!(
                "token {token} was not found"
            )));
        }
        Ok(wire::document(
            format,
            StatusCode::OK,
            &out,
            "service_requests",
            &wire::XmlRequests { request: &out },
        ))
    }
    .await;
    answer(format, r)
}

/// The `servicerequestupdates` extension: status changes and agency answers of
/// public complaints. Internal notes and the resident's own words are never sent.
async fn updates(
    state: &AppState,
    format: Format,
    p: &HashMap<String, String>,
) -> Result<Response> {
    let j = jurisdiction(state, p)?;
    let now = chrono::Utc::now().timestamp();
    let (start, end) = window(p, now)?;
    let found = state
        .storage
        .open311_updates(&j, start, end, MAX_RESULTS)
        .await?;
    let out: Vec<wire::RequestUpdate> = found
        .iter()
        .filter(|u| !u.event.internal)
        .map(|u| {
            let e = &u.event;
            let from_staff = !matches!(e.actor, pati_protocol::EventActor::Resident);
            wire::RequestUpdate {
                update_id: e.id.clone(),
                service_request_id: u.tracking_number.clone(),
                status: e.status.map_or("open", open_or_closed),
                updated_datetime: w3c(e.at),
                description: if from_staff {
                    e.text.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                media_url: String::new(),
            }
        })
        .collect();
    Ok(wire::document(
        format,
        StatusCode::OK,
        &out,
        "service_requests_updates",
        &wire::XmlUpdates {
            request_update: &out,
        },
    ))
}

// ------------------------------------------------------------------ POST

async fn post_resource(
    State(state): State<AppState>,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let Some((name, format)) = Format::split(&resource) else {
        return bad_format();
    };
    if name != "requests" {
        return wire::error_response(
            format,
            &Open311Error::not_found(format!("{name} cannot be posted to; use requests")),
        );
    }
    // Form fields win; the query string may carry api_key or jurisdiction_id.
    let mut p = params(query.as_deref().unwrap_or("").as_bytes());
    p.extend(params(&body));
    answer(format, create(&state, format, &p).await)
}

fn optional_text(p: &HashMap<String, String>, name: &str, max: usize) -> Result<Option<String>> {
    match param(p, name) {
        None => Ok(None),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => Err(
            Open311Error::bad_request(format!("{name} must be at most {max} printable characters")),
        ),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

fn coordinate(p: &HashMap<String, String>, name: &str) -> Result<Option<f64>> {
    param(p, name)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    Open311Error::bad_request(format!("{name} must be a number (WGS84)"))
                })
        })
        .transpose()
}

/// A title for the complaint: the description's first line, shortened.
fn title_from(description: &str, service_name: &str) -> String {
    let first = description.trim().lines().next().unwrap_or("").trim();
    let max = MAX_TITLE_CHARS.min(100);
    let title = if first.chars().count() <= max {
        first.to_owned()
    } else {
        let cut: String = first.chars().take(max - 1).collect();
        let cut = match cut.rfind(char::is_whitespace) {
            Some(i) if i > max / 2 => cut[..i].to_owned(),
            _ => cut,
        };
        format!("{}…", cut.trim_end())
    };
    if title.chars().count() < MIN_TITLE_CHARS {
        format!("Pengaduan {service_name}")
    } else {
        title
    }
}

async fn create(state: &AppState, format: Format, p: &HashMap<String, String>) -> Result<Response> {
    let j = jurisdiction(state, p)?;
    let Some(api_key) = param(p, "api_key") else {
        return Err(Open311Error::bad_request("api_key was not provided"));
    };
    let key = state
        .storage
        .open311_key(&keys::key_hash(api_key))
        .await?
        .filter(|k| k.jurisdiction == j && k.revoked_at.is_none())
        .ok_or_else(|| {
            Open311Error::forbidden(format!(
                "api_key is invalid or revoked for jurisdiction_id {j}"
            ))
        })?;
    let Some(code) = param(p, "service_code") else {
        return Err(Open311Error::bad_request("service_code was not provided"));
    };
    let catalog = Catalog::load(state, &j).await?;
    let category = catalog
        .category(code)
        .ok_or_else(|| Open311Error::not_found(format!("service_code {code} was not found")))?;
    let Some(description) = param(p, "description") else {
        return Err(Open311Error::bad_request(
            "description was not provided (it is required here: 10 to 5000 characters)",
        ));
    };

    // Where: lat/long, a desa code as address_id, or a desa named in address_string.
    let lat = coordinate(p, "lat")?;
    let lon = coordinate(p, "long")?;
    let address = optional_text(
        p,
        "address_string",
        pati_protocol::limits::MAX_ADDRESS_CHARS,
    )?;
    let address_id = param(p, "address_id");
    if lat.is_some() != lon.is_some() {
        return Err(Open311Error::bad_request(
            "lat and long must be given together",
        ));
    }
    if lat.is_none() && address.is_none() && address_id.is_none() {
        return Err(Open311Error::bad_request(
            "a location was not provided: give lat and long, address_string or address_id",
        ));
    }
    let areas = Areas::load(state, &j).await?;
    let desa = match address_id {
        Some(id) => Some(areas.desa(id).map(|d| d.code.clone()).ok_or_else(|| {
            Open311Error::bad_request(format!(
                "address_id {id} is not a desa or kelurahan code of {j} (e.g. 33.18.01.2001)"
            ))
        })?),
        None if lat.is_none() => Some(
            address
                .as_deref()
                .and_then(|a| areas.find_in(a))
                .ok_or_else(|| {
                    Open311Error::bad_request(
                        "address_string does not name exactly one desa or kelurahan; \
                         give lat and long or address_id as well",
                    )
                })?,
        ),
        None => None,
    };
    let contact = Open311Contact {
        jurisdiction: j.clone(),
        complaint_id: uuid::Uuid::now_v7().to_string(),
        key_id: key.id.clone(),
        first_name: optional_text(p, "first_name", MAX_CONTACT_CHARS)?,
        last_name: optional_text(p, "last_name", MAX_CONTACT_CHARS)?,
        email: optional_text(p, "email", MAX_CONTACT_CHARS)?,
        phone: optional_text(p, "phone", MAX_CONTACT_CHARS)?,
        media_url: optional_text(p, "media_url", MAX_MEDIA_URL_CHARS)?,
        now: chrono::Utc::now().timestamp(),
    };
    if let Some(url) = &contact.media_url {
        let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
        if !scheme_ok || url.chars().any(char::is_whitespace) {
            return Err(Open311Error::bad_request(
                "media_url must be an http or https URL",
            ));
        }
    }
    let anonymous = contact.first_name.is_none()
        && contact.last_name.is_none()
        && contact.email.is_none()
        && contact.phone.is_none();
    let args = ComplaintCreate {
        id: contact.complaint_id.clone(),
        category: category.id.clone(),
        title: title_from(description, &category.name.id),
        description: description.to_owned(),
        location: Location {
            lat,
            lon,
            kecamatan: None,
            desa,
            address,
        },
        photos: Vec::new(),
        anonymous,
        confidential: false,
    };
    let args = serde_json::to_value(&args)
        .map_err(|e| Open311Error::from(crate::error::Error::Corrupt(e.to_string())))?;
    let tracking = push_create(state, &j, &key.id, args).await?;
    if let Err(e) = state.storage.record_open311_request(contact.clone()).await {
        // The complaint exists; only the contact details and media URL are lost.
        tracing::error!(error = %e, complaint = %contact.complaint_id, "open311 contact not stored");
    }
    tracing::info!(jurisdiction = %j, key = %key.id, tracking = %tracking, "open311 request filed");
    crate::metrics::record_open311_request(&j);
    let out = [wire::Created {
        service_request_id: tracking,
        token: contact.complaint_id,
        service_notice: "Pengaduan diterima dan diteruskan ke perangkat daerah terkait".into(),
        account_id: String::new(),
    }];
    Ok(wire::document(
        format,
        StatusCode::OK,
        &out,
        "service_requests",
        &wire::XmlRequests { request: &out },
    ))
}

/// Files the complaint as the key's next mutation. Another request of the same key
/// may take that number first (the storage then answers `duplicate`): read the
/// number again and retry.
async fn push_create(
    state: &AppState,
    j: &str,
    client_id: &str,
    args: serde_json::Value,
) -> Result<String> {
    for _ in 0..8 {
        let last_seq = state
            .storage
            .device(j, client_id)
            .await?
            .map(|d| d.last_seq)
            .ok_or_else(|| Open311Error::forbidden("api_key has no device record"))?;
        let seq = last_seq + 1;
        let outcome = state
            .storage
            .push(PushInput {
                jurisdiction: j.to_owned(),
                client_id: client_id.to_owned(),
                mutations: vec![Mutation {
                    seq,
                    name: mutation::COMPLAINT_CREATE_V1.into(),
                    args: args.clone(),
                    client_time: None,
                }],
                now: chrono::Utc::now().timestamp(),
                anonymous_per_day: REQUESTS_PER_KEY_PER_DAY,
                calendar: state.calendar(j),
            })
            .await?;
        let PushOutcome::Done { results, .. } = outcome else {
            continue;
        };
        let Some(r) = results.into_iter().find(|r| r.seq == seq) else {
            continue;
        };
        match r.outcome {
            MutationOutcome::Applied => {
                return r.tracking_number.ok_or_else(|| {
                    Open311Error::from(crate::error::Error::Corrupt(
                        "an applied create without a tracking number".into(),
                    ))
                })
            }
            MutationOutcome::Duplicate => continue,
            MutationOutcome::Rejected => {
                let Some(rej) = r.rejection else {
                    return Err(Open311Error::bad_request("the request was refused"));
                };
                let text = match rej.field.as_deref() {
                    Some(f) => format!("{}: {}", open311_field(f), rej.message),
                    None => rej.message,
                };
                return Err(if rej.code == rc::RATE_LIMITED {
                    Open311Error::too_many(format!(
                        "at most {REQUESTS_PER_KEY_PER_DAY} requests per api_key per day"
                    ))
                } else {
                    Open311Error::bad_request(text)
                });
            }
        }
    }
    Err(Open311Error {
        status: StatusCode::SERVICE_UNAVAILABLE,
        description: "too many concurrent requests with this api_key; try again".into(),
    })
}

/// The Open311 name of a complaint field in a rejection.
fn open311_field(field: &str) -> &str {
    match field {
        "location.lat" => "lat",
        "location.lon" => "long",
        "location.address" => "address_string",
        "location.desa" | "location.kecamatan" => "address_id",
        "category" => "service_code",
        "title" | "description" => "description",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_first_line() {
        assert_eq!(
            title_from("Jalan berlubang dalam\ndi depan pasar", "Jalan rusak"),
            "Jalan berlubang dalam"
        );
        assert_eq!(title_from("ok", "Jalan rusak"), "Pengaduan Jalan rusak");
        let long = "kata ".repeat(60);
        let t = title_from(&long, "x");
        assert!(t.chars().count() <= 100 && t.ends_with('…'), "{t}");
    }

    #[test]
    fn times_are_written_in_wib() {
        assert_eq!(w3c(0), "1970-01-01T07:00:00+07:00");
    }

    #[test]
    fn desa_are_found_by_whole_words() {
        let d = |code: &str, kec: &str, name: &str| Desa {
            code: code.into(),
            kecamatan: kec.into(),
            name: name.into(),
            kind: "desa".into(),
        };
        let areas = Areas {
            kecamatan: HashMap::from([
                ("1".to_owned(), "Margorejo".to_owned()),
                ("2".to_owned(), "Juwana".to_owned()),
            ]),
            desa: vec![
                d("1.1", "1", "Sukoharjo"),
                d("2.1", "2", "Sukoharjo"),
                d("2.2", "2", "Bakaran Wetan"),
            ],
        };
        assert_eq!(
            areas.find_in("Jl. Raya, Bakaran Wetan").as_deref(),
            Some("2.2")
        );
        assert_eq!(areas.find_in("Sukoharjo").as_deref(), None);
        assert_eq!(
            areas.find_in("Sukoharjo, Margorejo").as_deref(),
            Some("1.1")
        );
        assert_eq!(areas.find_in("Bakaranwetan"), None);
    }
}
