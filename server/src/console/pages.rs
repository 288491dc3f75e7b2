//! The page frame (layout), login and logout, the dashboard, the audit log and the
//! error pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use pati_protocol::{ContentItem, ContentKind, Lang};
use serde::Deserialize;

use super::auth::{
    self, Can, Ctx, ReadAudit, Staff, ViewDashboard, LOGIN_CSRF_COOKIE, SESSION_COOKIE,
};
use super::forms::SelectOption;
use super::i18n::Text;
use crate::accounts::{self, LoginOutcome, Permission};
use crate::error::Result;
use crate::AppState;

/// The main menu: one entry per page family, shown to roles with its [`Permission`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Complaints,
    Dashboard,
    Content,
    Users,
    ApiKeys,
    Audit,
}

const MENU: &[(Nav, &str, Permission)] = &[
    (Nav::Home, "/console/", Permission::ViewDashboard),
    (
        Nav::Complaints,
        "/console/complaints",
        Permission::ReadComplaints,
    ),
    (
        Nav::Dashboard,
        "/console/dashboard",
        Permission::ViewDashboard,
    ),
    (Nav::Content, "/console/content", Permission::EditContent),
    (Nav::Users, "/console/users", Permission::ManageUsers),
    (
        Nav::ApiKeys,
        "/console/open311-keys",
        Permission::ManageApiKeys,
    ),
    (Nav::Audit, "/console/audit", Permission::ReadAudit),
];

pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

pub struct LangLink {
    pub href: String,
    pub code: &'static str,
    pub label: &'static str,
    pub current: bool,
}

pub struct UserBar {
    pub display_name: String,
    pub role: &'static str,
    pub jurisdiction_name: String,
}

pub struct Flash {
    pub title: String,
    pub text: String,
}

/// What every page's frame shows.
pub struct Layout {
    pub t: &'static Text,
    pub title: String,
    pub nav: Vec<NavLink>,
    pub user: Option<UserBar>,
    /// The session's CSRF token, for the logout form and the page's own forms.
    pub csrf: String,
    pub lang_links: Vec<LangLink>,
    pub flash: Option<Flash>,
    pub css: String,
    pub js: String,
}

/// A jurisdiction's display name and UTC offset.
pub struct Place {
    pub name: String,
    pub offset: FixedOffset,
}

/// Indonesia's three time zones have no daylight saving: a fixed offset is exact.
pub fn offset_of(timezone: &str) -> FixedOffset {
    let hours = match timezone {
        "Asia/Makassar" => 8,
        "Asia/Jayapura" => 9,
        _ => 7, // Asia/Jakarta, Asia/Pontianak
    };
    FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| Utc.fix())
}

pub async fn place(state: &AppState, jurisdiction: &str, lang: Lang) -> Result<Place> {
    let item = state
        .storage
        .content_item(jurisdiction, ContentKind::Jurisdiction, jurisdiction)
        .await?;
    Ok(match item.map(|i| i.item()).transpose()? {
        Some(ContentItem::Jurisdiction(j)) => Place {
            name: j.name.get(lang).to_owned(),
            offset: offset_of(&j.timezone),
        },
        _ => Place {
            name: jurisdiction.to_owned(),
            offset: offset_of(""),
        },
    })
}

impl Layout {
    pub async fn new(state: &AppState, ctx: &Ctx, title: &str, current: Option<Nav>) -> Layout {
        let t = ctx.t();
        let (user, nav, csrf) = match &ctx.session {
            Some(s) => {
                let jurisdiction_name = match place(state, &s.jurisdiction, ctx.lang).await {
                    Ok(p) => p.name,
                    Err(_) => s.jurisdiction.clone(),
                };
                let nav = MENU
                    .iter()
                    .filter(|(_, _, p)| accounts::allows(s.user.role, *p))
                    .map(|(n, href, _)| NavLink {
                        href,
                        label: match n {
                            Nav::Home => t.nav_home,
                            Nav::Complaints => super::ctext::CText::get(ctx.lang).nav_complaints,
                            Nav::Dashboard => super::ctext::CText::get(ctx.lang).nav_dashboard,
                            Nav::Content => t.nav_content,
                            Nav::Users => super::users::UText::get(ctx.lang).nav_users,
                            Nav::ApiKeys => super::keys::KText::get(ctx.lang).nav_keys,
                            Nav::Audit => t.nav_audit,
                        },
                        current: Some(*n) == current,
                    })
                    .collect();
                (
                    Some(UserBar {
                        display_name: s.user.display_name.clone(),
                        role: t.role(s.user.role),
                        jurisdiction_name,
                    }),
                    nav,
                    s.csrf_token.clone(),
                )
            }
            None => (None, Vec::new(), String::new()),
        };
        Layout {
            t,
            title: title.to_owned(),
            nav,
            user,
            csrf,
            lang_links: lang_links(ctx),
            flash: None,
            css: super::static_href("console.css"),
            js: super::static_href("console.js"),
        }
    }
}

/// Links to this same page in each console language.
fn lang_links(ctx: &Ctx) -> Vec<LangLink> {
    let (path, query) = ctx
        .path_and_query
        .split_once('?')
        .unwrap_or((ctx.path_and_query.as_str(), ""));
    let kept: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    [Lang::Id, Lang::En]
        .into_iter()
        .map(|lang| {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &kept {
                q.append_pair(k, v);
            }
            q.append_pair("lang", lang.code());
            LangLink {
                href: format!("{path}?{}", q.finish()),
                code: lang.code(),
                label: Text::get(lang).lang_name,
                current: lang == ctx.lang,
            }
        })
        .collect()
}

/// Renders a template as an HTML response.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub fn format_time(unix: i64, offset: FixedOffset) -> (String, String) {
    let t: DateTime<FixedOffset> = Utc
        .timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&offset);
    (t.format("%Y-%m-%d %H:%M:%S").to_string(), t.to_rfc3339())
}

// ---------------------------------------------------------------------------
// Errors

#[derive(Debug, Clone, Copy)]
pub enum ErrorKind {
    Forbidden,
    Csrf,
    NotFound,
    Unavailable,
    TooLarge,
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage {
    l: Layout,
    text: &'static str,
}

pub async fn error_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    kind: ErrorKind,
) -> Response {
    let t = ctx.t();
    let (title, text) = match kind {
        ErrorKind::Forbidden => (t.forbidden_title, t.forbidden_text),
        ErrorKind::Csrf => (t.csrf_title, t.csrf_text),
        ErrorKind::NotFound => (t.not_found_title, t.not_found_text),
        ErrorKind::Unavailable => (t.unavailable_title, t.unavailable_text),
        ErrorKind::TooLarge => (t.too_large_title, t.too_large_text),
    };
    let l = Layout::new(state, ctx, title, None).await;
    let mut resp = render(status, &ErrorPage { l, text });
    if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut().insert(
            header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("5"),
        );
    }
    resp
}

pub async fn not_found(State(state): State<AppState>, ctx: Ctx) -> Response {
    error_page(&state, &ctx, StatusCode::NOT_FOUND, ErrorKind::NotFound).await
}

// ---------------------------------------------------------------------------
// Login and logout

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    l: Layout,
    jurisdictions: Vec<SelectOption>,
    username: String,
    next: String,
    login_csrf: String,
    refused: bool,
    bye: bool,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    bye: Option<String>,
    j: Option<String>,
}

/// Only console paths of this site: no open redirect.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/console/") && !n.contains("//") && !n.contains('\\') => {
            n.to_owned()
        }
        _ => "/console/".to_owned(),
    }
}

/// What the login form shows besides the jurisdictions.
struct LoginView<'a> {
    status: StatusCode,
    jurisdiction: Option<&'a str>,
    username: &'a str,
    next: &'a str,
    refused: bool,
    bye: bool,
}

async fn login_page(state: &AppState, ctx: &Ctx, v: LoginView<'_>) -> Result<Response> {
    let t = ctx.t();
    let (login_csrf, new_cookie) = match &ctx.login_csrf {
        Some(c) if !c.is_empty() => (c.clone(), false),
        _ => (accounts::random_token(32), true),
    };
    let hosted = state.storage.jurisdictions().await?;
    let jurisdictions = hosted
        .into_iter()
        .filter(|j| state.jurisdictions.contains(&j.id))
        .enumerate()
        .map(|(i, j)| SelectOption {
            selected: v.jurisdiction.map_or(i == 0, |sel| sel == j.id),
            value: j.id,
            label: j.name,
        })
        .collect();
    let page = LoginPage {
        l: Layout::new(state, ctx, t.login_title, None).await,
        jurisdictions,
        username: v.username.to_owned(),
        next: v.next.to_owned(),
        login_csrf: login_csrf.clone(),
        refused: v.refused,
        bye: v.bye,
    };
    let mut resp = render(v.status, &page);
    if new_cookie {
        resp.headers_mut().append(
            header::SET_COOKIE,
            auth::set_cookie(
                LOGIN_CSRF_COOKIE,
                &login_csrf,
                None,
                state.console.cookie_secure,
            ),
        );
    }
    Ok(resp)
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
) -> Result<Response> {
    let next = safe_next(q.next.as_deref());
    if ctx.session.is_some() {
        return Ok(Redirect::to(&next).into_response());
    }
    let view = LoginView {
        status: StatusCode::OK,
        jurisdiction: q.j.as_deref(),
        username: "",
        next: &next,
        refused: false,
        bye: q.bye.is_some(),
    };
    login_page(&state, &ctx, view).await
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    jurisdiction: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> Result<Response> {
    let next = safe_next(f.next.as_deref());
    let now = Utc::now().timestamp();
    let outcome = if state.jurisdictions.contains(&f.jurisdiction) {
        accounts::login(
            state.storage.as_ref(),
            &f.jurisdiction,
            &f.username,
            &f.password,
            now,
        )
        .await?
    } else {
        LoginOutcome::Refused
    };
    match outcome {
        LoginOutcome::Success { token, session } => {
            tracing::info!(jurisdiction = %session.jurisdiction, user = %session.user.username, "console login");
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut().append(
                header::SET_COOKIE,
                auth::set_cookie(
                    SESSION_COOKIE,
                    &format!("{}.{token}", session.jurisdiction),
                    Some(accounts::SESSION_SECONDS),
                    state.console.cookie_secure,
                ),
            );
            Ok(resp)
        }
        LoginOutcome::Refused => {
            tracing::info!(jurisdiction = %f.jurisdiction, "console login refused");
            let view = LoginView {
                status: StatusCode::UNAUTHORIZED,
                jurisdiction: Some(&f.jurisdiction),
                username: f.username.trim(),
                next: &next,
                refused: true,
                bye: false,
            };
            login_page(&state, &ctx, view).await
        }
    }
}

pub async fn logout(State(state): State<AppState>, staff: Staff) -> Result<Response> {
    accounts::logout(state.storage.as_ref(), &staff.session).await?;
    let mut resp =
        Redirect::to(&format!("/console/login?bye=1&j={}", staff.jurisdiction())).into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", Some(0), state.console.cookie_secure),
    );
    Ok(resp)
}

// ---------------------------------------------------------------------------
// Dashboard

pub struct Stat {
    pub label: &'static str,
    pub value: u64,
    pub id: &'static str,
}

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    l: Layout,
    display_name: String,
    role: &'static str,
    agency: String,
    stats: Vec<Stat>,
    version: i64,
    session_until: String,
    can_edit: bool,
}

pub async fn home(
    State(state): State<AppState>,
    Can(staff, _): Can<ViewDashboard>,
) -> Result<Response> {
    let t = staff.ctx.t();
    let j = staff.jurisdiction();
    let user = &staff.session.user;
    let summary = state.storage.content_summary(j).await?;
    let agency = match &user.agency {
        Some(a) => match state
            .storage
            .content_item(j, ContentKind::Agency, a)
            .await?
        {
            Some(item) => match item.item()? {
                ContentItem::Agency(found) => {
                    format!("{} ({})", found.name.get(staff.ctx.lang), found.short_name)
                }
                _ => a.clone(),
            },
            None => a.clone(),
        },
        None => t.no_agency.to_owned(),
    };
    let p = place(&state, j, staff.ctx.lang).await?;
    let stats = [
        (t.count_services, ContentKind::Service, "stat-services"),
        (t.count_news, ContentKind::News, "stat-news"),
        (t.count_agencies, ContentKind::Agency, "stat-agencies"),
        (
            t.count_service_categories,
            ContentKind::ServiceCategory,
            "stat-categories",
        ),
        (
            t.count_complaint_categories,
            ContentKind::ComplaintCategory,
            "stat-complaint-categories",
        ),
        (t.count_kecamatan, ContentKind::Kecamatan, "stat-kecamatan"),
        (t.count_desa, ContentKind::Desa, "stat-desa"),
    ]
    .into_iter()
    .map(|(label, kind, id)| Stat {
        label,
        value: summary.count(kind),
        id,
    })
    .collect();
    let until = format_time(staff.session.expires_at, p.offset).0;
    let page = HomePage {
        l: Layout::new(&state, &staff.ctx, t.home_title, Some(Nav::Home)).await,
        display_name: user.display_name.clone(),
        role: t.role(user.role),
        agency,
        stats,
        version: summary.version,
        session_until: until.get(11..16).unwrap_or(&until).to_owned(),
        can_edit: accounts::allows(user.role, Permission::EditContent),
    };
    Ok(render(StatusCode::OK, &page))
}

// ---------------------------------------------------------------------------
// Audit log

pub struct AuditRow {
    pub time: String,
    pub time_iso: String,
    pub actor: String,
    pub action: String,
    pub code: String,
    pub target: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<AuditRow>,
    older: Option<String>,
    paged: bool,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

const AUDIT_PAGE: usize = 50;

pub async fn audit(
    State(state): State<AppState>,
    Can(staff, _): Can<ReadAudit>,
    Query(q): Query<AuditQuery>,
) -> Result<Response> {
    let t = staff.ctx.t();
    let j = staff.jurisdiction();
    let p = place(&state, j, staff.ctx.lang).await?;
    let entries = state.storage.audit_log(j, q.before, AUDIT_PAGE).await?;
    let older = (entries.len() == AUDIT_PAGE)
        .then(|| {
            entries
                .last()
                .map(|e| format!("/console/audit?before={}", e.id))
        })
        .flatten();
    let rows = entries
        .into_iter()
        .map(|e| {
            let (time, time_iso) = format_time(e.at, p.offset);
            AuditRow {
                time,
                time_iso,
                action: t.action(&e.action).to_owned(),
                code: e.action,
                actor: e.actor,
                target: e.target,
                detail: e.detail,
            }
        })
        .collect();
    let page = AuditPage {
        l: Layout::new(&state, &staff.ctx, t.audit_title, Some(Nav::Audit)).await,
        rows,
        older,
        paged: q.before.is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}
