//! A small in-process stand-in for pati-server's complaint endpoints, with knobs to
//! make it misbehave (lost answers, 401, 503 + Retry-After, sequence gaps, failing
//! blobs, stale or hostile pages). It exists to test the device's sync engine in
//! isolation; the real server is exercised in tests/e2e/tests/complaints.rs.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{head, post};
use axum::{Json, Router};
use pati_core::{Core, CoreConfig};
use pati_protocol::*;
use sha2::Digest;

#[derive(Default)]
struct Client {
    refresh: Option<String>,
    last_seq: i64,
    rejections: Vec<Rejection>,
}

pub struct Stored {
    pub view: ComplaintView,
    pub client: String,
    pub version: i64,
}

#[derive(Default)]
pub struct FakeState {
    clients: HashMap<String, Client>,
    access: HashMap<String, String>,
    pub complaints: Vec<Stored>,
    pub blobs: HashMap<String, Vec<u8>>,
    pub blob_len: HashMap<String, usize>,
    pub version: i64,
    token_n: u32,
    /// Apply the next N pushes, then answer 503 as if the answer was lost.
    pub lose_push_responses: u32,
    /// Answer the next pushes with these statuses (and Retry-After) before applying.
    pub fail_pushes: Vec<(u16, Option<u64>)>,
    pub force_gap: bool,
    /// Refuse every refresh token.
    pub refuse_refresh: bool,
    /// Answer 500 to every request about this blob.
    pub fail_blob: Option<String>,
    /// The next pull page claims version 1.
    pub stale_pull: bool,
    /// The next pull returns this body.
    pub hostile_pull: Option<serde_json::Value>,
    /// Refuse the next pull that carries a cursor with `400 invalid_cursor`.
    pub refuse_cursor: bool,
    /// Complaint ids the server already has (creates for them: `duplicate_id`).
    pub known_ids: Vec<String>,
    /// Hold every push answer this long (to act while a pass is in flight).
    pub push_delay: Option<std::time::Duration>,
    /// Requests per endpoint.
    pub count: HashMap<&'static str, u32>,
    /// Mutations applied (not duplicates).
    pub applied: u32,
}

impl FakeState {
    /// Forgets every access token (as if they expired).
    pub fn expire_access(&mut self) {
        self.access.clear();
    }

    /// The agency answers a complaint.
    pub fn agency_answers(&mut self, complaint_id: &str, text: &str) {
        self.version += 1;
        let v = self.version;
        let c = self
            .complaints
            .iter_mut()
            .find(|c| c.view.id == complaint_id)
            .unwrap();
        c.view.status = ComplaintStatus::InProgress;
        c.view.agency = Some("dpupr".into());
        c.view.events.push(ComplaintEvent {
            id: uuid::Uuid::now_v7().to_string(),
            at: 1_800_000_100,
            kind: "response".into(),
            actor: EventActor::Agency,
            status: Some(ComplaintStatus::InProgress),
            agency: Some("dpupr".into()),
            text: Some(text.into()),
            rating: None,
        });
        c.version = v;
    }

    pub fn hits(&self, endpoint: &str) -> u32 {
        self.count.get(endpoint).copied().unwrap_or(0)
    }

    fn tokens(&mut self, client_id: &str) -> DeviceTokens {
        self.token_n += 1;
        let n = self.token_n;
        let access = format!("access-{n}");
        let refresh = format!("refresh-{n}");
        self.access.retain(|_, c| c != client_id);
        self.access.insert(access.clone(), client_id.into());
        self.clients.entry(client_id.into()).or_default().refresh = Some(refresh.clone());
        DeviceTokens {
            client_id: client_id.into(),
            access_token: access,
            access_expires_at: 2_000_000_000,
            refresh_token: refresh,
        }
    }
}

pub type Fake = Arc<Mutex<FakeState>>;

fn error(status: u16, code: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        Json(serde_json::json!({"error": code, "message": code})),
    )
        .into_response()
}

fn authed(fake: &FakeState, headers: &HeaderMap) -> Option<String> {
    let token = headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?;
    fake.access.get(token).cloned()
}

async fn register(State(fake): State<Fake>, Json(req): Json<RegisterDevice>) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("register").or_default() += 1;
    if s.clients
        .get(&req.client_id)
        .is_some_and(|c| c.refresh.is_some())
    {
        return error(409, "client_exists");
    }
    let t = s.tokens(&req.client_id);
    (StatusCode::CREATED, Json(t)).into_response()
}

async fn refresh(State(fake): State<Fake>, Json(req): Json<RefreshTokens>) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("refresh").or_default() += 1;
    let known = s
        .clients
        .get(&req.client_id)
        .and_then(|c| c.refresh.clone());
    if s.refuse_refresh || known.as_deref() != Some(req.refresh_token.as_str()) {
        return error(401, "refresh_refused");
    }
    let t = s.tokens(&req.client_id);
    Json(t).into_response()
}

fn apply(s: &mut FakeState, client: &str, m: &Mutation) -> MutationResult {
    let reject = |code: &str, field: Option<&str>| MutationResult {
        seq: m.seq,
        outcome: MutationOutcome::Rejected,
        tracking_number: None,
        rejection: Some(Rejection {
            seq: m.seq,
            mutation: m.name.clone(),
            entity_id: m
                .args
                .get("id")
                .or(m.args.get("complaint_id"))
                .and_then(|v| v.as_str())
                .map(Into::into),
            code: code.into(),
            field: field.map(Into::into),
            message: format!("{code} (fake)"),
        }),
    };
    s.version += 1;
    let v = s.version;
    let event =
        |s: &mut FakeState, id: &str, kind: &str, text: Option<String>, rating: Option<u8>| match s
            .complaints
            .iter_mut()
            .find(|c| c.view.id == id)
        {
            Some(c) => {
                if kind == "support" {
                    c.view.support_count += 1;
                } else {
                    c.view.events.push(ComplaintEvent {
                        id: m.args["event_id"].as_str().unwrap_or_default().into(),
                        at: 1_800_000_000 + m.seq,
                        kind: kind.into(),
                        actor: EventActor::Resident,
                        status: None,
                        agency: None,
                        text,
                        rating,
                    });
                }
                c.version = v;
                true
            }
            None => false,
        };
    let ok = MutationResult {
        seq: m.seq,
        outcome: MutationOutcome::Applied,
        tracking_number: None,
        rejection: None,
    };
    match m.name.as_str() {
        mutation::COMPLAINT_CREATE_V1 => {
            let c: ComplaintCreate = serde_json::from_value(m.args.clone()).unwrap();
            if c.category == "ditolak" {
                return reject("unknown_category", Some("category"));
            }
            if s.known_ids.contains(&c.id) {
                return reject("duplicate_id", Some("id"));
            }
            let tracking = format!("PTI-{:05}", s.complaints.len() + 1);
            s.complaints.push(Stored {
                client: client.into(),
                version: v,
                view: ComplaintView {
                    id: c.id.clone(),
                    tracking_number: tracking.clone(),
                    category: c.category,
                    agency: None,
                    title: c.title,
                    description: c.description,
                    location: c.location,
                    photos: c.photos,
                    anonymous: c.anonymous,
                    confidential: c.confidential,
                    status: ComplaintStatus::Received,
                    created_at: 1_800_000_000,
                    updated_at: 1_800_000_000,
                    support_count: 0,
                    due_at: None,
                    overdue: false,
                    reopen_until: None,
                    following: false,
                    events: vec![ComplaintEvent {
                        id: c.id,
                        at: 1_800_000_000,
                        kind: "created".into(),
                        actor: EventActor::Resident,
                        status: Some(ComplaintStatus::Received),
                        agency: None,
                        text: None,
                        rating: None,
                    }],
                },
            });
            MutationResult {
                tracking_number: Some(tracking),
                ..ok
            }
        }
        mutation::COMPLAINT_REPLY_V1
        | mutation::COMPLAINT_REOPEN_V1
        | mutation::COMPLAINT_RATE_V1
        | mutation::COMPLAINT_SUPPORT_V1 => {
            let id = m.args["complaint_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let (kind, text, rating) = match m.name.as_str() {
                mutation::COMPLAINT_REPLY_V1 => {
                    ("reply", m.args["text"].as_str().map(Into::into), None)
                }
                mutation::COMPLAINT_REOPEN_V1 => {
                    ("reopened", m.args["reason"].as_str().map(Into::into), None)
                }
                mutation::COMPLAINT_RATE_V1 => {
                    ("rating", None, m.args["rating"].as_u64().map(|r| r as u8))
                }
                _ => ("support", None, None),
            };
            if event(s, &id, kind, text, rating) {
                ok
            } else {
                reject("unknown_complaint", None)
            }
        }
        _ => reject("unknown_mutation", None),
    }
}

async fn push(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Json(req): Json<PushRequest>,
) -> Response {
    let delay = {
        let mut s = fake.lock().unwrap();
        *s.count.entry("push_started").or_default() += 1;
        s.push_delay
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let mut s = fake.lock().unwrap();
    *s.count.entry("push").or_default() += 1;
    let Some(client) = authed(&s, &headers) else {
        return error(401, "unauthorized");
    };
    assert_eq!(client, req.client_id, "push for another client");
    assert!(req.mutations.len() <= limits::MAX_PUSH_MUTATIONS);
    if !s.fail_pushes.is_empty() {
        let (status, retry) = s.fail_pushes.remove(0);
        let mut resp = error(status, "unavailable");
        if let Some(r) = retry {
            resp.headers_mut()
                .insert("retry-after", r.to_string().parse().unwrap());
        }
        return resp;
    }
    if s.force_gap {
        return error(409, "sequence_gap");
    }
    let mut results = Vec::new();
    for m in &req.mutations {
        let last = s.clients.get(&client).map(|c| c.last_seq).unwrap_or(0);
        if m.seq <= last {
            let tracking = m.args.get("id").and_then(|id| {
                s.complaints
                    .iter()
                    .find(|c| Some(c.view.id.as_str()) == id.as_str())
                    .map(|c| c.view.tracking_number.clone())
            });
            let rejected = s.clients[&client].rejections.iter().any(|r| r.seq == m.seq);
            results.push(MutationResult {
                seq: m.seq,
                outcome: if rejected {
                    MutationOutcome::Rejected
                } else {
                    MutationOutcome::Duplicate
                },
                tracking_number: tracking,
                rejection: s.clients[&client]
                    .rejections
                    .iter()
                    .find(|r| r.seq == m.seq)
                    .cloned(),
            });
            continue;
        }
        if m.seq != last + 1 {
            if results.is_empty() {
                return error(409, "sequence_gap");
            }
            break;
        }
        let r = apply(&mut s, &client, m);
        if r.outcome == MutationOutcome::Applied {
            s.applied += 1;
        }
        let c = s.clients.get_mut(&client).unwrap();
        c.last_seq = m.seq;
        if let Some(rej) = &r.rejection {
            c.rejections.push(rej.clone());
        }
        results.push(r);
    }
    if s.lose_push_responses > 0 {
        s.lose_push_responses -= 1;
        return error(503, "unavailable");
    }
    let last_seq = s.clients[&client].last_seq;
    Json(PushResponse {
        protocol: PROTOCOL_VERSION,
        last_seq,
        results,
    })
    .into_response()
}

async fn mine(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("mine").or_default() += 1;
    let Some(client) = authed(&s, &headers) else {
        return error(401, "unauthorized");
    };
    if q.contains_key("cursor") && std::mem::take(&mut s.refuse_cursor) {
        return error(400, "invalid_cursor");
    }
    if let Some(body) = s.hostile_pull.take() {
        return Json(body).into_response();
    }
    let since: i64 = q
        .get("cursor")
        .and_then(|c| c.strip_prefix('v'))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let complaints: Vec<ComplaintView> = s
        .complaints
        .iter()
        .filter(|c| c.client == client && c.version > since)
        .map(|c| c.view.clone())
        .collect();
    let version = if std::mem::take(&mut s.stale_pull) {
        1
    } else {
        s.version
    };
    Json(MyComplaintsPage {
        protocol: PROTOCOL_VERSION,
        complaints,
        rejections: s
            .clients
            .get(&client)
            .map(|c| c.rejections.clone())
            .unwrap_or_default(),
        cursor: format!("v{version}"),
        version,
        has_more: false,
    })
    .into_response()
}

fn offset_headers(resp: &mut Response, offset: usize, length: usize) {
    resp.headers_mut()
        .insert(UPLOAD_OFFSET_HEADER, offset.to_string().parse().unwrap());
    resp.headers_mut()
        .insert(UPLOAD_LENGTH_HEADER, length.to_string().parse().unwrap());
}

async fn blob_head(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Path((_, sha)): Path<(String, String)>,
) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("blob_head").or_default() += 1;
    if authed(&s, &headers).is_none() {
        return error(401, "unauthorized");
    }
    if s.fail_blob.as_deref() == Some(sha.as_str()) {
        return error(500, "internal");
    }
    match s.blob_len.get(&sha) {
        Some(len) => {
            let mut resp = StatusCode::OK.into_response();
            offset_headers(&mut resp, s.blobs[&sha].len(), *len);
            resp
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn blob_post(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Path((_, sha)): Path<(String, String)>,
) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("blob_post").or_default() += 1;
    if authed(&s, &headers).is_none() {
        return error(401, "unauthorized");
    }
    let len: usize = headers[UPLOAD_LENGTH_HEADER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    s.blob_len.entry(sha.clone()).or_insert(len);
    s.blobs.entry(sha.clone()).or_default();
    let mut resp = StatusCode::CREATED.into_response();
    offset_headers(&mut resp, s.blobs[&sha].len(), len);
    resp
}

async fn blob_patch(
    State(fake): State<Fake>,
    headers: HeaderMap,
    Path((_, sha)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let mut s = fake.lock().unwrap();
    *s.count.entry("blob_patch").or_default() += 1;
    if authed(&s, &headers).is_none() {
        return error(401, "unauthorized");
    }
    assert!(body.len() <= limits::UPLOAD_CHUNK_BYTES);
    let offset: usize = headers[UPLOAD_OFFSET_HEADER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let len = s.blob_len[&sha];
    let have = s.blobs[&sha].len();
    if offset != have {
        let mut resp = error(409, "offset_mismatch");
        offset_headers(&mut resp, have, len);
        return resp;
    }
    s.blobs.get_mut(&sha).unwrap().extend_from_slice(&body);
    let have = s.blobs[&sha].len();
    if have == len {
        let digest = sha2::Sha256::digest(&s.blobs[&sha]);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        if hex != sha {
            s.blobs.remove(&sha);
            s.blob_len.remove(&sha);
            return error(422, "hash_mismatch");
        }
    }
    let mut resp = StatusCode::NO_CONTENT.into_response();
    offset_headers(&mut resp, have, len);
    resp
}

/// Starts the fake on a loopback port; returns its URL and state.
pub async fn start() -> (String, Fake) {
    let fake: Fake = Arc::default();
    let app = Router::new()
        .route("/api/v1/{j}/devices", post(register))
        .route("/api/v1/{j}/devices/refresh", post(refresh))
        .route("/api/v1/{j}/push", post(push))
        .route("/api/v1/{j}/complaints/mine", axum::routing::get(mine))
        .route(
            "/api/v1/{j}/content",
            axum::routing::get(|| async {
                ([("content-type", "application/json")], content_page())
            }),
        )
        .route(
            "/api/v1/{j}/blobs/{sha}",
            head(blob_head).post(blob_post).patch(blob_patch),
        )
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (url, fake)
}

/// A content page with two complaint categories (`ditolak` the fake rejects) and
/// one kecamatan with one desa.
pub fn content_page() -> Vec<u8> {
    let loc = |s: &str| Localized {
        id: s.into(),
        en: None,
        jv: None,
    };
    let cat = |id: &str| {
        ContentItem::ComplaintCategory(ComplaintCategory {
            id: id.into(),
            name: loc(id),
            description: loc(id),
            agency: "dpupr".into(),
            icon: "road".into(),
            order: 1,
        })
    };
    let items = vec![
        cat("jalan-rusak"),
        cat("ditolak"),
        ContentItem::Kecamatan(Kecamatan {
            code: "33.18.01".into(),
            name: "Sukolilo".into(),
        }),
        ContentItem::Desa(Desa {
            code: "33.18.01.2001".into(),
            kecamatan: "33.18.01".into(),
            name: "Baleadi".into(),
            kind: "desa".into(),
        }),
    ];
    let changes: Vec<ContentChange> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| ContentChange {
            version: i as i64 + 1,
            kind: item.kind(),
            key: item.key(),
            item: Some(item),
        })
        .collect();
    serde_json::to_vec(&ContentPage {
        protocol: PROTOCOL_VERSION,
        jurisdiction: "pati".into(),
        version: changes.len() as i64,
        cursor: format!("c1.{}", changes.len()),
        changes,
        has_more: false,
        reset: false,
    })
    .unwrap()
}

pub fn device(dir: &std::path::Path, url: &str) -> Core {
    let core = Core::open(CoreConfig {
        db_path: dir.join("device.db").display().to_string(),
        server_url: url.into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .unwrap();
    core.import_content(&content_page()).unwrap();
    core
}

/// Submits a valid complaint with `photos` photos; returns its id.
pub fn submit(core: &Core, category: &str, title: &str, photos: u32) -> String {
    let d = core.create_draft().unwrap();
    core.update_draft(
        &d.id,
        pati_core::DraftPatch {
            category: Some(category.into()),
            title: Some(title.into()),
            description: Some("Jalan berlubang besar di depan balai desa.".into()),
            location: Some(pati_core::ComplaintLocation {
                desa: Some("33.18.01.2001".into()),
                ..Default::default()
            }),
            ..Default::default()
        },
    )
    .unwrap();
    for i in 0..photos {
        core.add_draft_photo(&d.id, &photo(200 + i * 10, 150))
            .unwrap();
    }
    core.submit_draft(&d.id).unwrap().id
}

/// A small, unique JPEG.
pub fn photo(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 5 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}
