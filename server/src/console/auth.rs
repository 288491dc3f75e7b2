//! Who is asking: cookies, the session behind `pati_session`, the language, and the
//! extractors handlers use — [`Staff`] (signed in) and [`Can`] (signed in *and*
//! allowed). Access is decided only here, through [`crate::accounts::allows`].

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use pati_protocol::Lang;

use crate::accounts::{self, Permission};
use crate::storage::{NewAuditEntry, Session};
use crate::AppState;

use super::pages;

pub const SESSION_COOKIE: &str = "pati_session";
/// Double-submit token of the login form (there is no session yet to hold one).
pub const LOGIN_CSRF_COOKIE: &str = "pati_login_csrf";
pub const LANG_COOKIE: &str = "pati_lang";
/// The form field every console POST carries.
pub const CSRF_FIELD: &str = "_csrf";

/// The `name=value` pairs of the request's Cookie headers.
pub fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

pub fn cookie<'a>(cookies: &'a [(String, String)], name: &str) -> Option<&'a str> {
    cookies
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A `Set-Cookie` value: always `Path=/console` and `SameSite=Strict`; `HttpOnly`
/// unless the page's script must read it (none does today); `Secure` when the
/// console is served over https.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/console; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    // Names and values are ours (slugs and base64url): always a valid header.
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// What the console guard learnt about the request, for handlers and extractors.
#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub session: Option<Arc<Session>>,
    pub login_csrf: Option<String>,
    /// Path and query, for the language links and the login's `next`.
    pub path_and_query: String,
    pub path: String,
}

impl Ctx {
    pub fn t(&self) -> &'static super::i18n::Text {
        super::i18n::Text::get(self.lang)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .unwrap_or_else(|| Ctx {
                lang: Lang::Id,
                session: None,
                login_csrf: None,
                path_and_query: parts.uri.to_string(),
                path: parts.uri.path().to_owned(),
            }))
    }
}

/// A signed-in console user. Without a session: a redirect to the login page.
pub struct Staff {
    pub session: Arc<Session>,
    pub ctx: Ctx,
}

impl Staff {
    pub fn jurisdiction(&self) -> &str {
        &self.session.jurisdiction
    }

    pub fn username(&self) -> &str {
        &self.session.user.username
    }

    /// An audit record by this user.
    pub fn audit(&self, action: &str, target: String, detail: String) -> NewAuditEntry {
        NewAuditEntry {
            jurisdiction: self.session.jurisdiction.clone(),
            actor: self.session.user.username.clone(),
            action: action.to_owned(),
            target,
            detail,
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(ctx) = Ctx::from_request_parts(parts, state).await;
        match ctx.session.clone() {
            Some(session) => Ok(Staff { session, ctx }),
            None => {
                let next = if parts.method == axum::http::Method::GET {
                    format!("?next={}", encode(&ctx.path_and_query))
                } else {
                    String::new()
                };
                Err(Redirect::to(&format!("/console/login{next}")).into_response())
            }
        }
    }
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A permission as a type, for [`Can`].
pub trait Perm: Send + Sync {
    const PERMISSION: Permission;
}

pub struct ViewDashboard;
impl Perm for ViewDashboard {
    const PERMISSION: Permission = Permission::ViewDashboard;
}

pub struct EditContent;
impl Perm for EditContent {
    const PERMISSION: Permission = Permission::EditContent;
}

pub struct ReadComplaints;
impl Perm for ReadComplaints {
    const PERMISSION: Permission = Permission::ReadComplaints;
}

pub struct HandleComplaints;
impl Perm for HandleComplaints {
    const PERMISSION: Permission = Permission::HandleComplaints;
}

pub struct ManageUsers;
impl Perm for ManageUsers {
    const PERMISSION: Permission = Permission::ManageUsers;
}

pub struct ManageApiKeys;
impl Perm for ManageApiKeys {
    const PERMISSION: Permission = Permission::ManageApiKeys;
}

pub struct ReadAudit;
impl Perm for ReadAudit {
    const PERMISSION: Permission = Permission::ReadAudit;
}

/// A signed-in user allowed `P`. Otherwise: 403, and the refusal is audited.
pub struct Can<P: Perm>(pub Staff, pub PhantomData<P>);

impl<P: Perm> FromRequestParts<AppState> for Can<P> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if accounts::allows(staff.session.user.role, P::PERMISSION) {
            return Ok(Can(staff, PhantomData));
        }
        let entry = staff.audit(
            accounts::action::ACCESS_DENIED,
            format!("{} {}", parts.method, staff.ctx.path),
            format!(
                "role {} lacks {:?}",
                staff.session.user.role.as_str(),
                P::PERMISSION
            ),
        );
        tracing::warn!(user = %staff.username(), path = %staff.ctx.path, "console access refused");
        if let Err(e) = state.storage.append_audit(entry).await {
            tracing::error!(error = %e, "cannot write audit log");
            return Err(e.into_response());
        }
        Err(pages::error_page(
            state,
            &staff.ctx,
            StatusCode::FORBIDDEN,
            pages::ErrorKind::Forbidden,
        )
        .await)
    }
}
