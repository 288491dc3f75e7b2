//! The console's complaint pages: the inbox, one complaint with its timeline and
//! the actions the user's role allows (forms posting back here with the session's
//! CSRF token), and the complaint's photos.
//!
//! Everything is server-side: the pages call the storage and the workflow through
//! [`crate::api::admin`]'s functions, never the JSON API from the browser (the
//! session cookie is scoped to `/console`). Access: the koordinator sees every
//! complaint of the jurisdiction; an agency admin only those assigned to its agency,
//! and anything else answers 404 exactly like a complaint that does not exist; a
//! viewer reads and cannot post.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use pati_protocol::{ComplaintStatus, ContentItem, ContentKind, Lang};
use serde::Deserialize;

use super::auth::{Can, HandleComplaints, ReadComplaints, Staff};
use super::ctext::CText;
use super::forms::SelectOption;
use super::pages::{self, format_time, render, ErrorKind, Flash, Layout, Nav};
use crate::accounts;
use crate::api::admin::{self, ActionRequest, AdminComplaint, StaffApi};
use crate::complaints::ComplaintRecord;
use crate::error::{Error, Result};
use crate::storage::{AdminFilter, Role, Session};
use crate::workflow::WorkflowError;
use crate::AppState;

/// Complaints per inbox page.
pub const PAGE: usize = 25;
/// Deepest page offered (the storage caps offsets at 100,000 rows).
const MAX_PAGE: usize = 4000;

// ---------------------------------------------------------------------------
// Names of agencies, categories and areas

/// Display names of the jurisdiction's agencies, complaint categories and
/// kecamatan, in the page's language; ids in order of their names.
pub struct Names {
    pub agencies: Vec<(String, String)>,
    pub categories: Vec<(String, String)>,
    pub kecamatan: Vec<(String, String)>,
}

impl Names {
    pub async fn load(state: &AppState, j: &str, lang: Lang) -> Result<Names> {
        let mut agencies = Vec::new();
        let mut categories = Vec::new();
        let mut kecamatan = Vec::new();
        for (kind, out) in [
            (ContentKind::Agency, &mut agencies),
            (ContentKind::ComplaintCategory, &mut categories),
            (ContentKind::Kecamatan, &mut kecamatan),
        ] {
            for stored in state.storage.content_items(j, kind).await? {
                match stored.item()? {
                    ContentItem::Agency(a) => out.push((a.id, a.short_name)),
                    ContentItem::ComplaintCategory(c) => {
                        out.push((c.id, c.name.get(lang).to_owned()))
                    }
                    ContentItem::Kecamatan(k) => out.push((k.code, k.name)),
                    _ => {}
                }
            }
            out.sort_by_key(|a| a.1.to_lowercase());
        }
        Ok(Names {
            agencies,
            categories,
            kecamatan,
        })
    }

    fn find(list: &[(String, String)], id: &str) -> String {
        list.iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    pub fn agency(&self, id: Option<&str>) -> String {
        id.map(|a| Names::find(&self.agencies, a))
            .unwrap_or_default()
    }

    pub fn category(&self, id: &str) -> String {
        Names::find(&self.categories, id)
    }

    pub fn kecamatan(&self, code: Option<&str>) -> String {
        code.map(|k| Names::find(&self.kecamatan, k))
            .unwrap_or_default()
    }

    /// `(value, label)` pairs as select options, with `selected` marked and an
    /// "all" option first.
    pub fn options(
        list: &[(String, String)],
        selected: Option<&str>,
        all: &str,
    ) -> Vec<SelectOption> {
        std::iter::once(SelectOption {
            value: String::new(),
            label: all.to_owned(),
            selected: selected.is_none(),
        })
        .chain(list.iter().map(|(v, l)| SelectOption {
            value: v.clone(),
            label: l.clone(),
            selected: selected == Some(v.as_str()),
        }))
        .collect()
    }
}

/// Statuses in workflow order.
pub const STATUSES: [ComplaintStatus; 7] = [
    ComplaintStatus::Received,
    ComplaintStatus::Verified,
    ComplaintStatus::Assigned,
    ComplaintStatus::InProgress,
    ComplaintStatus::Resolved,
    ComplaintStatus::Closed,
    ComplaintStatus::Rejected,
];

// ---------------------------------------------------------------------------
// Access

/// Writes the refusal to the audit log and answers 404, as for a complaint that does
/// not exist: an agency admin learns nothing about other agencies' complaints.
async fn hidden(state: &AppState, staff: &Staff, id: &str, why: &str) -> Response {
    tracing::warn!(user = %staff.username(), complaint = %id, "console complaint hidden: {why}");
    let entry = staff.audit(
        accounts::action::ACCESS_DENIED,
        format!("complaint/{}", id.chars().take(64).collect::<String>()),
        why.to_owned(),
    );
    if let Err(e) = state.storage.append_audit(entry).await {
        return e.into_response();
    }
    pages::error_page(
        state,
        &staff.ctx,
        StatusCode::NOT_FOUND,
        ErrorKind::NotFound,
    )
    .await
}

/// The complaint if this user may read it; otherwise the 404 page (audited when the
/// complaint exists but belongs to someone else).
async fn readable(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> std::result::Result<ComplaintRecord, Response> {
    let found = match state.storage.complaint(staff.jurisdiction(), id).await {
        Ok(c) => c,
        Err(e) => return Err(e.into_response()),
    };
    match found {
        Some(c) if admin::may_read(&staff.session, &c) => Ok(c),
        Some(_) => Err(hidden(
            state,
            staff,
            id,
            "the complaint is not assigned to your agency",
        )
        .await),
        None => Err(pages::error_page(
            state,
            &staff.ctx,
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
        )
        .await),
    }
}

/// Whether this role may see a (non-anonymous) reporter's phone: those who handle
/// the complaint, not viewers.
fn sees_phone(session: &Session) -> bool {
    session.user.role != Role::Viewer
}

// ---------------------------------------------------------------------------
// Inbox

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    status: Option<String>,
    category: Option<String>,
    agency: Option<String>,
    kecamatan: Option<String>,
    overdue: Option<String>,
    q: Option<String>,
    page: Option<String>,
    done: Option<String>,
}

fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(100).collect())
}

pub struct InboxRow {
    pub id: String,
    pub tracking_number: String,
    pub title: String,
    pub category: String,
    pub agency: String,
    pub kecamatan: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub filed: String,
    pub filed_iso: String,
    pub due: String,
    pub overdue: bool,
    pub confidential: bool,
    pub anonymous: bool,
}

#[derive(Template)]
#[template(path = "console/complaints.html")]
struct InboxPage {
    l: Layout,
    c: &'static CText,
    intro: &'static str,
    read_only: bool,
    statuses: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    agencies: Vec<SelectOption>,
    show_agency_filter: bool,
    kecamatan: Vec<SelectOption>,
    overdue: bool,
    q: String,
    rows: Vec<InboxRow>,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

pub async fn inbox(
    State(state): State<AppState>,
    Can(staff, _): Can<ReadComplaints>,
    Query(q): Query<InboxQuery>,
) -> Result<Response> {
    let c = CText::get(staff.ctx.lang);
    let j = staff.jurisdiction().to_owned();
    let lang = staff.ctx.lang;
    let names = Names::load(&state, &j, lang).await?;
    let now = chrono::Utc::now().timestamp();
    let status = nonempty(&q.status).and_then(|s| ComplaintStatus::parse(&s));
    let category = nonempty(&q.category).filter(|v| names.categories.iter().any(|(k, _)| k == v));
    let kecamatan = nonempty(&q.kecamatan).filter(|v| names.kecamatan.iter().any(|(k, _)| k == v));
    let overdue = q
        .overdue
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "0");
    let text = nonempty(&q.q);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let own_agency = match admin::actor(&staff.session) {
        crate::workflow::Actor::Agency(a) => Some(a),
        _ => None,
    };
    let agency_filter = match &own_agency {
        Some(a) => Some(a.clone()),
        None => nonempty(&q.agency).filter(|v| names.agencies.iter().any(|(k, _)| k == v)),
    };
    let mut list = state
        .storage
        .admin_complaints(
            &j,
            AdminFilter {
                status,
                agency: agency_filter.clone(),
                category: category.clone(),
                kecamatan: kecamatan.clone(),
                overdue_at: overdue.then_some(now),
                q: text.clone(),
                assigned_only: own_agency.is_some(),
                limit: PAGE + 1,
                offset: (page - 1) * PAGE,
            },
        )
        .await?;
    let has_more = list.len() > PAGE;
    list.truncate(PAGE);
    let place = pages::place(&state, &j, lang).await?;
    let rows = list
        .iter()
        .map(|r| {
            let (filed, filed_iso) = format_time(r.created_at, place.offset);
            InboxRow {
                id: r.id.clone(),
                tracking_number: r.tracking_number.clone(),
                title: r.title.clone(),
                category: names.category(&r.category),
                agency: names.agency(r.state.agency.as_deref()),
                kecamatan: names.kecamatan(r.location.kecamatan.as_deref()),
                status: c.status(r.state.status),
                status_code: r.state.status.as_str(),
                filed: filed.get(..16).unwrap_or(&filed).to_owned(),
                filed_iso,
                // A deadline is the first second after its last day: show that day's end.
                due: r
                    .state
                    .due_at
                    .map(|d| {
                        let s = format_time(d - 1, place.offset).0;
                        s.get(..16).unwrap_or(&s).to_owned()
                    })
                    .unwrap_or_default(),
                overdue: r.state.overdue(now),
                confidential: r.confidential,
                anonymous: r.anonymous,
            }
        })
        .collect();

    // Links to the neighbouring pages keep the filters.
    let page_link = |p: usize| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        let pairs = [
            ("status", status.map(|s| s.as_str().to_owned())),
            ("category", category.clone()),
            (
                "agency",
                if own_agency.is_some() {
                    None
                } else {
                    agency_filter.clone()
                },
            ),
            ("kecamatan", kecamatan.clone()),
            ("overdue", overdue.then(|| "1".to_owned())),
            ("q", text.clone()),
        ];
        for (k, v) in pairs {
            if let Some(v) = v {
                s.append_pair(k, &v);
            }
        }
        s.append_pair("page", &p.to_string());
        format!("/console/complaints?{}", s.finish())
    };
    let mut layout = Layout::new(&state, &staff.ctx, c.inbox_title, Some(Nav::Complaints)).await;
    if let Some(done) = q.done.as_deref() {
        layout.flash = Some(Flash {
            title: c.done_title.to_owned(),
            text: staff
                .ctx
                .t()
                .action(&format!("{}{}", accounts::action::COMPLAINT_PREFIX, done))
                .to_owned(),
        });
    }
    let status_list: Vec<(String, String)> = STATUSES
        .iter()
        .map(|s| (s.as_str().to_owned(), c.status(*s).to_owned()))
        .collect();
    let page_view = InboxPage {
        l: layout,
        c,
        intro: if own_agency.is_some() {
            c.inbox_intro_agency
        } else {
            c.inbox_intro_all
        },
        read_only: !accounts::allows(
            staff.session.user.role,
            accounts::Permission::HandleComplaints,
        ),
        statuses: Names::options(&status_list, status.map(|s| s.as_str()), c.any),
        categories: Names::options(&names.categories, category.as_deref(), c.any),
        agencies: Names::options(&names.agencies, agency_filter.as_deref(), c.any),
        show_agency_filter: own_agency.is_none(),
        kecamatan: Names::options(&names.kecamatan, kecamatan.as_deref(), c.any),
        overdue,
        q: text.clone().unwrap_or_default(),
        rows,
        page_label: c.page_n.replace("{n}", &page.to_string()),
        prev: (page > 1).then(|| page_link(page - 1)),
        next: (has_more && page < MAX_PAGE).then(|| page_link(page + 1)),
    };
    Ok(render(StatusCode::OK, &page_view))
}

// ---------------------------------------------------------------------------
// Detail

/// One SLA rule of the complaint, for the detail page.
pub struct ClockView {
    pub rule: &'static str,
    pub deadline: String,
    pub done: String,
    pub state: &'static str,
    pub code: &'static str,
}

pub struct PhotoView {
    pub href: String,
    pub alt: String,
    pub complete: bool,
}

pub struct EventView {
    pub time: String,
    pub time_iso: String,
    pub kind: String,
    pub kind_code: String,
    pub actor: String,
    pub status: Option<&'static str>,
    pub agency: String,
    pub text: String,
    pub rating: Option<u8>,
    pub internal: bool,
}

/// One action form's choices.
pub struct ActionForms {
    pub verify: bool,
    pub assign: Vec<SelectOption>,
    pub reject: bool,
    pub forward: Vec<SelectOption>,
    pub respond: bool,
    pub statuses: Vec<SelectOption>,
    pub note: bool,
    pub close: bool,
    /// Merge as a duplicate (koordinator, open complaints).
    pub merge: bool,
}

impl ActionForms {
    fn any(&self) -> bool {
        self.verify
            || !self.assign.is_empty()
            || self.reject
            || !self.forward.is_empty()
            || self.respond
            || !self.statuses.is_empty()
            || self.note
            || self.close
            || self.merge
    }
}

#[derive(Template)]
#[template(path = "console/complaint.html")]
struct DetailPage {
    l: Layout,
    c: &'static CText,
    v: AdminComplaint,
    category: String,
    agency: String,
    kecamatan: String,
    desa: String,
    coordinates: Option<(String, String)>,
    status: &'static str,
    filed: String,
    updated: String,
    due: String,
    reopen_until: String,
    phone_line: String,
    /// Where the complaint was filed (app, kiosk, Open311), and the device's word.
    channel: String,
    platform: String,
    /// Contact details of an Open311 request, for roles that see the reporter.
    open311_contact: Option<Vec<(&'static str, String)>>,
    /// The Open311 request's `media_url` (http or https only).
    media_url: Option<String>,
    photos: Vec<PhotoView>,
    events: Vec<EventView>,
    clocks: Vec<ClockView>,
    forms: ActionForms,
    has_forms: bool,
    read_only: bool,
    error: Option<String>,
}

fn actions_for(session: &Session, c: &ComplaintRecord, names: &Names, text: &CText) -> ActionForms {
    use ComplaintStatus as S;
    let mut f = ActionForms {
        verify: false,
        assign: Vec::new(),
        reject: false,
        forward: Vec::new(),
        respond: false,
        statuses: Vec::new(),
        note: false,
        close: false,
        merge: false,
    };
    let status = c.state.status;
    let current = c.state.agency.as_deref();
    let agency_options = |exclude: Option<&str>, preselect: Option<&str>| -> Vec<SelectOption> {
        names
            .agencies
            .iter()
            .filter(|(id, _)| Some(id.as_str()) != exclude)
            .map(|(id, name)| SelectOption {
                value: id.clone(),
                label: name.clone(),
                selected: Some(id.as_str()) == preselect,
            })
            .collect()
    };
    let handles = matches!(status, S::Assigned | S::InProgress);
    let coordinator = match session.user.role {
        Role::Viewer => return f,
        Role::Koordinator => true,
        Role::AgencyAdmin => false,
    };
    if coordinator {
        f.verify = status == S::Received;
        if matches!(status, S::Received | S::Verified) {
            f.assign = agency_options(None, current);
            f.reject = true;
        }
        f.close = status == S::Resolved;
        f.merge = crate::workflow::is_open(status);
    }
    if handles {
        f.forward = agency_options(current, None);
        f.respond = true;
        let next: &[S] = if status == S::Assigned {
            &[S::InProgress, S::Resolved]
        } else {
            &[S::Resolved]
        };
        f.statuses = next
            .iter()
            .map(|s| SelectOption {
                value: s.as_str().to_owned(),
                label: text.status(*s).to_owned(),
                selected: false,
            })
            .collect();
    }
    f.note = true;
    f
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    record: &ComplaintRecord,
    flash: Option<Flash>,
    error: Option<String>,
    http_status: StatusCode,
) -> Result<Response> {
    let c = CText::get(staff.ctx.lang);
    let j = staff.jurisdiction();
    let lang = staff.ctx.lang;
    let names = Names::load(state, j, lang).await?;
    let place = pages::place(state, j, lang).await?;
    let now = chrono::Utc::now().timestamp();
    let v = admin::admin_view(record, now);
    let desa = match &v.location.desa {
        Some(code) => match state
            .storage
            .content_item(j, ContentKind::Desa, code)
            .await?
        {
            Some(item) => match item.item()? {
                ContentItem::Desa(d) => d.name,
                _ => code.clone(),
            },
            None => code.clone(),
        },
        None => String::new(),
    };
    let time = |t: i64| format_time(t, place.offset);
    let short = |t: Option<i64>| {
        t.map(|t| {
            let s = time(t).0;
            s.get(..16).unwrap_or(&s).to_owned()
        })
        .unwrap_or_default()
    };
    let open311 = state.storage.open311_contact(j, &record.id).await?;
    // Same rule as the verified phone: never for an anonymous complaint, never for
    // viewers. (An Open311 request without any contact is filed anonymous.)
    let sees_reporter = !v.anonymous && sees_phone(&staff.session);
    let open311_contact = open311.as_ref().filter(|_| sees_reporter).map(|o| {
        let name = [o.first_name.as_deref(), o.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        [
            (c.open311_name, Some(name).filter(|n| !n.is_empty())),
            (c.open311_email, o.email.clone()),
            (c.open311_phone, o.phone.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect::<Vec<_>>()
    });
    let media_url = open311
        .as_ref()
        .and_then(|o| o.media_url.clone())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let phone_line = if v.anonymous {
        c.reporter_anonymous.to_owned()
    } else if !sees_phone(&staff.session) {
        c.reporter_hidden.to_owned()
    } else if open311.is_some() && v.reporter_phone.is_none() {
        c.open311_reporter.to_owned()
    } else {
        match &v.reporter_phone {
            Some(p) => format!("{}: {p}", c.reporter_phone),
            None => c.reporter_no_phone.to_owned(),
        }
    };
    let photos = v
        .photos
        .iter()
        .enumerate()
        .map(|(i, p)| PhotoView {
            href: format!("/console/complaints/{}/photos/{}", v.id, p.sha256),
            alt: format!("{} {}", c.photo_alt, i + 1),
            complete: p.complete,
        })
        .collect();
    let events = v
        .events
        .iter()
        .map(|e| {
            let (t, iso) = time(e.at);
            EventView {
                time: t,
                time_iso: iso,
                kind: c.event_kind(&e.kind).to_owned(),
                kind_code: e.kind.clone(),
                actor: match &e.actor_name {
                    Some(n) => format!("{} ({n})", c.actor(e.actor)),
                    None => c.actor(e.actor).to_owned(),
                },
                status: e.status.map(|s| c.status(s)),
                agency: names.agency(e.agency.as_deref()),
                text: e.text.clone().unwrap_or_default(),
                rating: e.rating,
                internal: e.internal,
            }
        })
        .collect();
    let cal = state.calendar(j);
    let facts = super::dashboard::facts_of(record);
    let rules = [c.sla_verify, c.sla_follow, c.sla_resolve];
    let clocks = super::dashboard::clocks(&facts, &cal, now)
        .into_iter()
        .zip(rules)
        .map(|(clock, rule)| {
            use super::dashboard::Clock;
            let (deadline, done, state, code) = match clock {
                Clock::NotStarted => (None, None, c.clock_not_started, "not-started"),
                Clock::Running { deadline } => (Some(deadline), None, c.clock_running, "running"),
                Clock::OnTime { deadline, at } => {
                    (Some(deadline), Some(at), c.col_on_time, "on-time")
                }
                Clock::Late { deadline, at } => (Some(deadline), at, c.col_late, "late"),
            };
            ClockView {
                rule,
                deadline: short(deadline.map(|d| d - 1)),
                done: short(done),
                state,
                code,
            }
        })
        .collect();
    let forms = actions_for(&staff.session, record, &names, c);
    let title = format!("{} {}", c.detail_title, v.tracking_number);
    let mut l = Layout::new(state, &staff.ctx, &title, Some(Nav::Complaints)).await;
    l.flash = flash;
    let page = DetailPage {
        c,
        category: names.category(&v.category),
        agency: names.agency(v.agency.as_deref()),
        kecamatan: names.kecamatan(v.location.kecamatan.as_deref()),
        desa,
        coordinates: match (v.location.lat, v.location.lon) {
            (Some(lat), Some(lon)) => Some((format!("{lat:.5}"), format!("{lon:.5}"))),
            _ => None,
        },
        status: c.status(v.status),
        filed: short(Some(v.created_at)),
        updated: short(Some(v.updated_at)),
        // A deadline is the first second after its last day: show that day's end.
        due: short(v.due_at.map(|d| d - 1)),
        reopen_until: short(v.reopen_until),
        phone_line,
        channel: record
            .channel
            .as_deref()
            .map_or(c.none, |p| c.channel(p))
            .to_owned(),
        platform: record.channel.clone().unwrap_or_default(),
        open311_contact,
        media_url,
        photos,
        events,
        clocks,
        has_forms: forms.any(),
        forms,
        read_only: staff.session.user.role == Role::Viewer,
        error,
        v,
        l,
    };
    Ok(render(http_status, &page))
}

#[derive(Debug, Default, Deserialize)]
pub struct DetailQuery {
    done: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    Can(staff, _): Can<ReadComplaints>,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> Result<Response> {
    let record = match readable(&state, &staff, &id).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let flash = q.done.as_deref().map(|d| Flash {
        title: CText::get(staff.ctx.lang).done_title.to_owned(),
        text: staff
            .ctx
            .t()
            .action(&format!("{}{}", accounts::action::COMPLAINT_PREFIX, d))
            .to_owned(),
    });
    detail_page(&state, &staff, &record, flash, None, StatusCode::OK).await
}

/// The action forms' fields (`_csrf` is checked by the console guard).
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    action: String,
    agency: Option<String>,
    status: Option<String>,
    text: Option<String>,
    target: Option<String>,
}

/// The workflow's names of the actions these forms may post.
const FORM_ACTIONS: &[&str] = &[
    "verify",
    "assign",
    "forward",
    "respond",
    "set_status",
    "reject",
    "note",
    "close",
    "merge",
];

pub async fn act(
    State(state): State<AppState>,
    Can(staff, _): Can<HandleComplaints>,
    Path(id): Path<String>,
    Form(f): Form<ActionForm>,
) -> Result<Response> {
    let record = match readable(&state, &staff, &id).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    let c = CText::get(staff.ctx.lang);
    let Some(action) = FORM_ACTIONS.iter().find(|a| **a == f.action).copied() else {
        return detail_page(
            &state,
            &staff,
            &record,
            None,
            Some(c.err_unknown_action.to_owned()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let text = f.text.filter(|t| !t.trim().is_empty());
    let req = ActionRequest {
        action: action.to_owned(),
        agency: f.agency.filter(|a| !a.is_empty()),
        status: f.status.filter(|s| !s.is_empty()),
        // Each action reads its text from its own field name.
        reason: if action == "reject" {
            text.clone()
        } else {
            None
        },
        note: if action == "forward" {
            text.clone()
        } else {
            None
        },
        text,
        target: f.target.filter(|t| !t.trim().is_empty()),
    };
    let api = StaffApi(Arc::clone(&staff.session));
    match admin::act(&state, &api, &id, req).await {
        Ok(_) => {
            tracing::info!(user = %staff.username(), complaint = %record.tracking_number, action, "console complaint action");
            let after = state.storage.complaint(staff.jurisdiction(), &id).await?;
            let still_readable = after
                .as_ref()
                .is_some_and(|r| admin::may_read(&staff.session, r));
            let to = if still_readable {
                format!("/console/complaints/{id}?done={action}")
            } else {
                // Forwarded away from the user's own agency: back to the inbox.
                format!("/console/complaints?done={action}")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let (status, message) = match &e {
                Error::Workflow(WorkflowError::InvalidState { .. }) => {
                    (StatusCode::CONFLICT, c.err_invalid_state)
                }
                Error::Workflow(WorkflowError::Invalid {
                    field: "agency", ..
                }) => (StatusCode::UNPROCESSABLE_ENTITY, c.err_agency),
                Error::Workflow(WorkflowError::Invalid {
                    field: "target",
                    message,
                }) if message.contains("itself") => {
                    (StatusCode::UNPROCESSABLE_ENTITY, c.err_merge_self)
                }
                Error::Workflow(WorkflowError::Invalid {
                    field: "target", ..
                }) => (StatusCode::CONFLICT, c.err_merge_closed),
                Error::BadRequest {
                    code: "unknown_target",
                    ..
                } => (StatusCode::UNPROCESSABLE_ENTITY, c.err_merge_unknown),
                Error::BadRequest { message, .. } if message.starts_with("target") => {
                    (StatusCode::UNPROCESSABLE_ENTITY, c.err_merge_unknown)
                }
                Error::Workflow(WorkflowError::Invalid { .. }) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, c.err_text)
                }
                Error::BadRequest {
                    code: "unknown_agency",
                    ..
                } => (StatusCode::UNPROCESSABLE_ENTITY, c.err_agency),
                Error::BadRequest { message, .. } if message.starts_with("agency") => {
                    (StatusCode::UNPROCESSABLE_ENTITY, c.err_agency)
                }
                Error::BadRequest { .. } => (StatusCode::UNPROCESSABLE_ENTITY, c.err_text),
                _ => return Err(e),
            };
            tracing::info!(user = %staff.username(), complaint = %record.tracking_number, action, error = %e, "console complaint action refused");
            let current = state
                .storage
                .complaint(staff.jurisdiction(), &id)
                .await?
                .unwrap_or(record);
            detail_page(
                &state,
                &staff,
                &current,
                None,
                Some(message.to_owned()),
                status,
            )
            .await
        }
    }
}

/// A complaint's photo, for users who may read the complaint (404 otherwise).
pub async fn photo(
    State(state): State<AppState>,
    Can(staff, _): Can<ReadComplaints>,
    Path((id, sha)): Path<(String, String)>,
) -> Result<Response> {
    let record = match readable(&state, &staff, &id).await {
        Ok(r) => r,
        Err(resp) => return Ok(resp),
    };
    if !record.photos.iter().any(|p| p.sha256 == sha && p.complete) {
        return Ok(pages::error_page(
            &state,
            &staff.ctx,
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
        )
        .await);
    }
    let j = staff.jurisdiction();
    let Some(info) = state.storage.blob(j, &sha).await? else {
        return Ok(pages::error_page(
            &state,
            &staff.ctx,
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
        )
        .await);
    };
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
