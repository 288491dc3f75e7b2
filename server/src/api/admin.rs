//! The agencies' complaint API (JSON) under `/api/v1/{j}/admin/complaints`,
//! authenticated by the console's session cookie and, for every POST, its CSRF
//! token in `x-csrf-token`. The functions [`list`], [`detail`] and [`act`] hold the
//! logic without HTTP, so the console's pages can call them directly.
//!
//! Roles: the koordinator (Diskominfo) sees and does everything; an agency admin
//! sees and acts on complaints assigned to its agency only; a viewer reads. The
//! reporter's device id never appears here, and an anonymous reporter's phone is
//! never stored in the first place.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use pati_protocol::{ComplaintStatus, ContentKind, EventActor, Location};
use serde::{Deserialize, Serialize};

use super::auth::{parse_json, read_body};
use crate::accounts::{self, Permission};
use crate::complaints::{ComplaintRecord, EventRecord};
use crate::console::auth::{cookie, cookies, SESSION_COOKIE};
use crate::error::{Error, Result};
use crate::storage::{AdminFilter, NewAuditEntry, Role, Session, StaffAction};
use crate::workflow::{Action, Actor};
use crate::AppState;

pub const CSRF_HEADER: &str = "x-csrf-token";
const MAX_ACTION_BODY: usize = 16 * 1024;
const LIST_DEFAULT: usize = 50;
const LIST_MAX: usize = 200;

pub fn router() -> Router<AppState> {
    let base = "/api/v1/{jurisdiction}/admin/complaints";
    Router::new()
        .route(base, get(list_handler))
        .route(&format!("{base}/{{id}}"), get(detail_handler))
        .route(&format!("{base}/{{id}}/actions"), post(act_handler))
        .route(
            &format!("{base}/{{id}}/photos/{{sha256}}"),
            get(photo_handler),
        )
}

/// A console user calling the JSON API: a live session of the path's jurisdiction,
/// and on POST the session's CSRF token in [`CSRF_HEADER`].
pub struct StaffApi(pub Arc<Session>);

impl StaffApi {
    fn audit(&self, action: &str, target: String, detail: String) -> NewAuditEntry {
        NewAuditEntry {
            jurisdiction: self.0.jurisdiction.clone(),
            actor: self.0.user.username.clone(),
            action: action.to_owned(),
            target,
            detail,
        }
    }
}

impl FromRequestParts<AppState> for StaffApi {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let path_j = parts
            .uri
            .path()
            .trim_start_matches("/api/v1/")
            .split('/')
            .next()
            .unwrap_or("")
            .to_owned();
        let jar = cookies(&parts.headers);
        let (j, token) = cookie(&jar, SESSION_COOKIE)
            .and_then(|v| v.split_once('.'))
            .ok_or_else(|| Error::unauthorized("sign in to the console first"))?;
        if j != path_j || !state.jurisdictions.contains(j) {
            return Err(Error::unauthorized("no session for this jurisdiction"));
        }
        let now = chrono::Utc::now().timestamp();
        let session = state
            .storage
            .session(j, &accounts::token_hash(token), now)
            .await?
            .ok_or_else(|| Error::unauthorized("the session has ended: sign in again"))?;
        if parts.method == Method::POST {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !sent.is_some_and(|s| accounts::constant_time_eq(s, &session.csrf_token)) {
                state
                    .storage
                    .append_audit(NewAuditEntry {
                        jurisdiction: session.jurisdiction.clone(),
                        actor: session.user.username.clone(),
                        action: accounts::action::CSRF_REFUSED.into(),
                        target: format!("POST {}", parts.uri.path()),
                        detail: if sent.is_some() {
                            "token mismatch".into()
                        } else {
                            "no token".into()
                        },
                    })
                    .await?;
                return Err(Error::forbidden(
                    "csrf",
                    format!("the {CSRF_HEADER} header must carry the session's CSRF token"),
                ));
            }
        }
        Ok(StaffApi(Arc::new(session)))
    }
}

/// A photo as the console sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPhoto {
    pub sha256: String,
    /// False while the resident's device is still uploading it.
    pub complete: bool,
}

/// A timeline entry as the console sees it: internal notes and staff names included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminEvent {
    pub id: String,
    pub at: i64,
    pub kind: String,
    pub actor: EventActor,
    pub actor_name: Option<String>,
    pub status: Option<ComplaintStatus>,
    pub agency: Option<String>,
    pub text: Option<String>,
    pub rating: Option<u8>,
    pub internal: bool,
}

/// A complaint as the console sees it. No device id; the reporter's phone only when
/// the reporter chose not to be anonymous and had verified one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminComplaint {
    pub id: String,
    pub tracking_number: String,
    pub category: String,
    pub agency: Option<String>,
    pub title: String,
    pub description: String,
    pub location: Location,
    pub photos: Vec<AdminPhoto>,
    pub anonymous: bool,
    pub confidential: bool,
    pub status: ComplaintStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub support_count: i64,
    pub due_at: Option<i64>,
    pub overdue: bool,
    pub reopen_until: Option<i64>,
    pub reporter_phone: Option<String>,
    /// Empty in lists.
    pub events: Vec<AdminEvent>,
}

fn admin_event(e: &EventRecord) -> AdminEvent {
    AdminEvent {
        id: e.id.clone(),
        at: e.at,
        kind: e.kind.clone(),
        actor: e.actor,
        actor_name: e.actor_name.clone(),
        status: e.status,
        agency: e.agency.clone(),
        text: e.text.clone(),
        rating: e.rating,
        internal: e.internal,
    }
}

pub fn admin_view(c: &ComplaintRecord, now: i64) -> AdminComplaint {
    AdminComplaint {
        id: c.id.clone(),
        tracking_number: c.tracking_number.clone(),
        category: c.category.clone(),
        agency: c.state.agency.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
        location: c.location.clone(),
        photos: c
            .photos
            .iter()
            .map(|p| AdminPhoto {
                sha256: p.sha256.clone(),
                complete: p.complete,
            })
            .collect(),
        anonymous: c.anonymous,
        confidential: c.confidential,
        status: c.state.status,
        created_at: c.created_at,
        updated_at: c.updated_at,
        support_count: c.support_count,
        due_at: c.state.due_at,
        overdue: c.state.overdue(now),
        reopen_until: c.state.reopen_until,
        reporter_phone: if c.anonymous {
            None
        } else {
            c.reporter_phone.clone()
        },
        events: c.events.iter().map(admin_event).collect(),
    }
}

/// Query of the list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    pub agency: Option<String>,
    pub overdue: Option<bool>,
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminList {
    pub complaints: Vec<AdminComplaint>,
}

pub fn actor(session: &Session) -> Actor {
    match (session.user.role, &session.user.agency) {
        (Role::Koordinator, _) => Actor::Coordinator,
        (Role::AgencyAdmin, Some(a)) => Actor::Agency(a.clone()),
        _ => Actor::Viewer,
    }
}

/// Whether the user may read this complaint.
pub fn may_read(session: &Session, c: &ComplaintRecord) -> bool {
    match actor(session) {
        Actor::Agency(a) => {
            c.state.agency.as_deref() == Some(a.as_str())
                && matches!(
                    c.state.status,
                    ComplaintStatus::Assigned
                        | ComplaintStatus::InProgress
                        | ComplaintStatus::Resolved
                        | ComplaintStatus::Closed
                )
        }
        _ => true,
    }
}

/// The list, filtered; an agency admin's list is always its own agency's.
pub async fn list(state: &AppState, session: &Session, q: ListQuery) -> Result<AdminList> {
    let now = chrono::Utc::now().timestamp();
    let status =
        match q.status.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(ComplaintStatus::parse(s).ok_or_else(|| {
                Error::bad_request("invalid_query", format!("unknown status {s:?}"))
            })?),
            None => None,
        };
    let (agency, assigned_only) = match actor(session) {
        Actor::Agency(a) => (Some(a), true),
        _ => (q.agency.filter(|a| !a.is_empty()), false),
    };
    let list = state
        .storage
        .admin_complaints(
            &session.jurisdiction,
            AdminFilter {
                status,
                agency,
                category: None,
                kecamatan: None,
                overdue_at: q.overdue.unwrap_or(false).then_some(now),
                q: q.q
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| s.chars().take(100).collect()),
                assigned_only,
                limit: q.limit.unwrap_or(LIST_DEFAULT).clamp(1, LIST_MAX),
                offset: q.offset.unwrap_or(0).min(100_000),
            },
        )
        .await?;
    Ok(AdminList {
        complaints: list.iter().map(|c| admin_view(c, now)).collect(),
    })
}

async fn refuse(state: &AppState, staff: &StaffApi, target: String, why: String) -> Error {
    tracing::warn!(user = %staff.0.user.username, %target, "complaint access refused");
    if let Err(e) = state
        .storage
        .append_audit(staff.audit(accounts::action::ACCESS_DENIED, target, why.clone()))
        .await
    {
        return e;
    }
    Error::forbidden("forbidden", why)
}

async fn readable(state: &AppState, staff: &StaffApi, id: &str) -> Result<ComplaintRecord> {
    let c = state
        .storage
        .complaint(&staff.0.jurisdiction, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("complaint {id}")))?;
    if !may_read(&staff.0, &c) {
        return Err(refuse(
            state,
            staff,
            format!("complaint/{}", c.tracking_number),
            "the complaint is not assigned to your agency".into(),
        )
        .await);
    }
    Ok(c)
}

/// One complaint with photos and the whole timeline (internal notes included).
pub async fn detail(state: &AppState, staff: &StaffApi, id: &str) -> Result<AdminComplaint> {
    let c = readable(state, staff, id).await?;
    Ok(admin_view(&c, chrono::Utc::now().timestamp()))
}

/// Body of `POST .../actions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ActionRequest {
    /// `verify`, `assign`, `forward`, `respond`, `set_status`, `reject`, `note`, `close`,
    /// `merge`.
    pub action: String,
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    /// `merge`: the tracking number of the complaint this one duplicates.
    #[serde(default)]
    pub target: Option<String>,
}

fn field<'a>(v: &'a Option<String>, name: &str) -> Result<&'a str> {
    v.as_deref()
        .ok_or_else(|| Error::bad_request("invalid_field", format!("{name} is required")))
}

async fn known_agency(state: &AppState, j: &str, agency: &str) -> Result<String> {
    if agency.len() <= 64
        && state
            .storage
            .content_item(j, ContentKind::Agency, agency)
            .await?
            .is_some()
    {
        Ok(agency.to_owned())
    } else {
        Err(Error::bad_request(
            "unknown_agency",
            format!("no agency {agency:?} in this jurisdiction"),
        ))
    }
}

/// The id and tracking number of the jurisdiction's complaint with this tracking
/// number (a complaint of another jurisdiction is not found).
pub async fn by_tracking_number(
    state: &AppState,
    j: &str,
    tracking: &str,
) -> Result<(String, String)> {
    let wanted = tracking.trim().to_uppercase();
    let not_found = || {
        Error::bad_request(
            "unknown_target",
            "target: no complaint with this tracking number in this jurisdiction",
        )
    };
    if wanted.is_empty() || wanted.len() > 64 {
        return Err(not_found());
    }
    let found = state
        .storage
        .admin_complaints(
            j,
            AdminFilter {
                q: Some(wanted.clone()),
                limit: 20,
                ..Default::default()
            },
        )
        .await?;
    found
        .into_iter()
        .find(|c| c.tracking_number.eq_ignore_ascii_case(&wanted))
        .map(|c| (c.id, c.tracking_number))
        .ok_or_else(not_found)
}

fn text_of(r: &ActionRequest) -> Option<String> {
    r.text.clone().or_else(|| r.note.clone())
}

/// Applies one action (the workflow decides what is allowed) and audits it in the
/// same transaction. Returns the complaint as it is now.
pub async fn act(
    state: &AppState,
    staff: &StaffApi,
    id: &str,
    req: ActionRequest,
) -> Result<AdminComplaint> {
    let s = &staff.0;
    let j = s.jurisdiction.as_str();
    let current = readable(state, staff, id).await?;
    let target = format!("complaint/{}", current.tracking_number);
    if !accounts::allows(s.user.role, Permission::HandleComplaints) {
        return Err(refuse(
            state,
            staff,
            target,
            format!("role {} is read-only", s.user.role.as_str()),
        )
        .await);
    }
    let action = match req.action.as_str() {
        "verify" => Action::Verify,
        "assign" => Action::Assign {
            agency: known_agency(state, j, field(&req.agency, "agency")?).await?,
        },
        "forward" => Action::Forward {
            agency: known_agency(state, j, field(&req.agency, "agency")?).await?,
            note: field(&text_of(&req), "note")?.to_owned(),
        },
        "respond" => Action::Respond {
            text: field(&text_of(&req), "text")?.to_owned(),
        },
        "set_status" => Action::SetStatus {
            status: ComplaintStatus::parse(field(&req.status, "status")?)
                .ok_or_else(|| Error::bad_request("invalid_field", "status: unknown status"))?,
            text: text_of(&req),
        },
        "reject" => Action::Reject {
            reason: field(&req.reason.clone().or_else(|| text_of(&req)), "reason")?.to_owned(),
        },
        "note" => Action::Note {
            text: field(&text_of(&req), "text")?.to_owned(),
        },
        "close" => Action::Close {
            text: text_of(&req),
        },
        "merge" => {
            // Decided before the lookup, so a refused role learns nothing about
            // which tracking numbers exist.
            if s.user.role != Role::Koordinator {
                return Err(refuse(
                    state,
                    staff,
                    target,
                    "only the coordinator may merge".into(),
                )
                .await);
            }
            let (target_id, target_tracking) =
                by_tracking_number(state, j, field(&req.target, "target")?).await?;
            Action::MergeInto {
                target_id,
                target_tracking,
            }
        }
        other => {
            return Err(Error::bad_request(
                "unknown_action",
                format!(
                    "unknown action {:?}",
                    other.chars().take(32).collect::<String>()
                ),
            ))
        }
    };
    let detail = match &action {
        Action::Assign { agency } | Action::Forward { agency, .. } => format!("agency {agency}"),
        Action::SetStatus { status, .. } => format!("status {}", status.as_str()),
        Action::MergeInto {
            target_tracking, ..
        } => format!("merged into complaint/{target_tracking}"),
        _ => String::new(),
    };
    let name = action.name();
    let result = state
        .storage
        .complaint_action(StaffAction {
            jurisdiction: j.to_owned(),
            complaint_id: id.to_owned(),
            actor: actor(s),
            actor_name: s.user.username.clone(),
            action,
            now: chrono::Utc::now().timestamp(),
            calendar: state.calendar(j),
            audit: staff.audit(
                &format!("{}{name}", accounts::action::COMPLAINT_PREFIX),
                target.clone(),
                detail,
            ),
        })
        .await;
    match result {
        Ok(_) => detail_after(state, staff, id).await,
        Err(Error::Workflow(crate::workflow::WorkflowError::Forbidden(why))) => {
            Err(refuse(state, staff, target, why).await)
        }
        Err(e) => Err(e),
    }
}

/// After forwarding away, an agency admin may no longer read the complaint: answer
/// with what it may see (the record without re-checking access would leak nothing
/// new, but keep one rule).
async fn detail_after(state: &AppState, staff: &StaffApi, id: &str) -> Result<AdminComplaint> {
    let c = state
        .storage
        .complaint(&staff.0.jurisdiction, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("complaint {id}")))?;
    let mut view = admin_view(&c, chrono::Utc::now().timestamp());
    if !may_read(&staff.0, &c) {
        view.events.clear();
        view.reporter_phone = None;
    }
    Ok(view)
}

async fn list_handler(
    State(state): State<AppState>,
    staff: StaffApi,
    Query(q): Query<ListQuery>,
) -> Result<Json<AdminList>> {
    Ok(Json(list(&state, &staff.0, q).await?))
}

async fn detail_handler(
    State(state): State<AppState>,
    staff: StaffApi,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<AdminComplaint>> {
    Ok(Json(detail(&state, &staff, &id).await?))
}

async fn act_handler(
    State(state): State<AppState>,
    staff: StaffApi,
    Path((_, id)): Path<(String, String)>,
    body: Body,
) -> Result<Json<AdminComplaint>> {
    let req: ActionRequest = parse_json(&read_body(body, MAX_ACTION_BODY).await?)?;
    Ok(Json(act(&state, &staff, &id, req).await?))
}

async fn photo_handler(
    State(state): State<AppState>,
    staff: StaffApi,
    Path((_, id, sha)): Path<(String, String, String)>,
) -> Result<Response> {
    let c = readable(&state, &staff, &id).await?;
    if !c.photos.iter().any(|p| p.sha256 == sha && p.complete) {
        return Err(Error::NotFound("photo".into()));
    }
    let j = &staff.0.jurisdiction;
    let info = state
        .storage
        .blob(j, &sha)
        .await?
        .ok_or_else(|| Error::NotFound("photo".into()))?;
    let data = state.blobs.get(j, &sha).await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, info.content_type),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        data,
    )
        .into_response())
}
