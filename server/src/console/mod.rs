//! The agencies' web console: server-rendered pages (askama templates, a little
//! vanilla JavaScript, no build step) under `/console/`.
//!
//! One middleware ([`guard`]) runs before every console route: it reads the language
//! and the session, refuses any POST whose CSRF token does not match, and adds the
//! security headers (a strict CSP: scripts and styles only from `/console/static/`).
//! Handlers then ask for [`auth::Staff`] or [`auth::Can`], which is where access is
//! decided.

pub mod auth;
pub mod complaints;
mod content;
pub mod ctext;
pub mod dashboard;
pub mod forms;
pub mod i18n;
pub mod keys;
mod pages;
pub mod users;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use axum::Router;
use pati_protocol::Lang;

use crate::accounts;
use crate::AppState;
use auth::{Ctx, CSRF_FIELD, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE};

/// Console settings from the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (the console is served over https, e.g. behind a proxy).
    pub cookie_secure: bool,
}

/// Largest console form body (a news item with long texts in three languages).
const MAX_FORM_BYTES: usize = 1024 * 1024;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(pages::home))
        .route("/console/login", get(pages::login_form).post(pages::login))
        .route("/console/logout", post(pages::logout))
        .route("/console/audit", get(pages::audit))
        .route("/console/content", get(content::list))
        .route(
            "/console/content/{kind}/new",
            get(content::new_form).post(content::create),
        )
        .route(
            "/console/content/{kind}/{id}",
            get(content::edit_form).post(content::update),
        )
        .route(
            "/console/content/{kind}/{id}/retire",
            get(content::retire_form).post(content::retire),
        )
        .route("/console/complaints", get(complaints::inbox))
        .route("/console/complaints/{id}", get(complaints::detail))
        .route("/console/complaints/{id}/actions", post(complaints::act))
        .route(
            "/console/complaints/{id}/photos/{sha256}",
            get(complaints::photo),
        )
        .route("/console/users", get(users::list).post(users::create))
        .route("/console/users/{id}/disable", post(users::disable))
        .route("/console/users/{id}/enable", post(users::enable))
        .route("/console/users/{id}/password", post(users::password))
        .route("/console/open311-keys", get(keys::list).post(keys::create))
        .route("/console/open311-keys/{id}/revoke", post(keys::revoke))
        .route("/console/dashboard", get(dashboard::page))
        .route("/console/dashboard.csv", get(dashboard::csv))
        .route("/console/static/{file}", get(static_file))
        .route("/console/{*rest}", any(pages::not_found))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard))
}

/// The embedded static files: (name, content type, body).
const STATIC: &[(&str, &str, &str)] = &[
    (
        "console.css",
        "text/css; charset=utf-8",
        include_str!("../../static/console/console.css"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/console/console.js"),
    ),
];

/// `/console/static/<name>?v=<hash of the content>`: cacheable, busted on change.
pub fn static_href(name: &str) -> String {
    static HREFS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    let hrefs = HREFS.get_or_init(|| {
        STATIC
            .iter()
            .map(|(n, _, body)| {
                let v = &accounts::token_hash(body)[..12];
                ((*n).to_owned(), format!("/console/static/{n}?v={v}"))
            })
            .collect()
    });
    hrefs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, h)| h.clone())
        .unwrap_or_default()
}

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match STATIC.iter().find(|(n, _, _)| *n == file) {
        Some((_, ctype, body)) => (
            [
                (header::CONTENT_TYPE, *ctype),
                (header::CACHE_CONTROL, "public, max-age=604800, immutable"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Runs before every console route; see the module documentation.
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cookies = auth::cookies(req.headers());
    let query_lang = query_param(req.uri().query(), "lang").and_then(|l| Lang::parse(&l));
    let lang = query_lang
        .or_else(|| auth::cookie(&cookies, LANG_COOKIE).and_then(Lang::parse))
        .unwrap_or(Lang::Id);
    let now = chrono::Utc::now().timestamp();

    let mut session = None;
    if let Some((j, token)) = auth::cookie(&cookies, SESSION_COOKIE).and_then(|v| v.split_once('.'))
    {
        if state.jurisdictions.contains(j) {
            match state
                .storage
                .session(j, &accounts::token_hash(token), now)
                .await
            {
                Ok(s) => session = s.map(Arc::new),
                Err(e) => return e.into_response(),
            }
        }
    }
    let path = req.uri().path().to_owned();
    let ctx = Ctx {
        lang,
        session,
        login_csrf: auth::cookie(&cookies, LOGIN_CSRF_COOKIE).map(str::to_owned),
        path_and_query: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| path.clone()),
        path: path.clone(),
    };

    let mut req = req;
    if req.method() == Method::POST {
        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
            Ok(b) => b,
            Err(_) => {
                return pages::error_page(
                    &state,
                    &ctx,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    pages::ErrorKind::TooLarge,
                )
                .await
            }
        };
        let sent = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        // The login form is checked against its own cookie; everything else against
        // the session's token.
        let expected = if path == "/console/login" {
            ctx.login_csrf.clone()
        } else {
            ctx.session.as_ref().map(|s| s.csrf_token.clone())
        };
        let ok =
            matches!((&sent, &expected), (Some(s), Some(e)) if accounts::constant_time_eq(s, e));
        if !ok {
            if let Some(s) = &ctx.session {
                let entry = crate::storage::NewAuditEntry {
                    jurisdiction: s.jurisdiction.clone(),
                    actor: s.user.username.clone(),
                    action: accounts::action::CSRF_REFUSED.into(),
                    target: format!("POST {path}"),
                    detail: if sent.is_some() {
                        "token mismatch".into()
                    } else {
                        "no token".into()
                    },
                };
                if let Err(e) = state.storage.append_audit(entry).await {
                    return e.into_response();
                }
            }
            tracing::warn!(path = %path, "console POST refused: CSRF token");
            let mut resp =
                pages::error_page(&state, &ctx, StatusCode::FORBIDDEN, pages::ErrorKind::Csrf)
                    .await;
            secure_headers(&mut resp);
            return resp;
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }

    req.extensions_mut().insert(ctx.clone());
    let mut resp = next.run(req).await;

    // Errors raised with `?` come back as the API's JSON: show them as a page.
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json && (resp.status().is_client_error() || resp.status().is_server_error()) {
        let kind = match resp.status() {
            StatusCode::NOT_FOUND => pages::ErrorKind::NotFound,
            StatusCode::FORBIDDEN => pages::ErrorKind::Forbidden,
            _ => pages::ErrorKind::Unavailable,
        };
        resp = pages::error_page(&state, &ctx, resp.status(), kind).await;
    }
    if let Some(l) = query_lang {
        resp.headers_mut().append(
            header::SET_COOKIE,
            auth::set_cookie(
                LANG_COOKIE,
                l.code(),
                Some(365 * 24 * 3600),
                state.console.cookie_secure,
            ),
        );
    }
    if !path.starts_with("/console/static/") {
        secure_headers(&mut resp);
    }
    resp
}

fn secure_headers(resp: &mut Response) {
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    };
    set(h, "content-security-policy", CSP);
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "cache-control", "no-store");
}
