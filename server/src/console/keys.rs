//! The koordinator's Open311 API keys page (`/console/open311-keys`): the
//! jurisdiction's keys with their creation, last use and state, a form to create
//! one — whose secret is shown once, in the answer to that form, and never again —
//! and a revoke button per live key. The same `open311::keys` functions as the CLI
//! (`pati-server open311-key`), so both are audited alike (`open311.key.create`,
//! `open311.key.revoke`, with the console username). Other roles get the console's
//! 403 page through [`Can`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use pati_protocol::Lang;
use serde::Deserialize;

use super::auth::{Can, ManageApiKeys, Staff};
use super::pages::{self, format_time, render, ErrorKind, Flash, Layout, Nav};
use crate::error::{Error, Result};
use crate::open311::keys::{self, IssuedKey};
use crate::AppState;

/// The keys page's texts.
pub struct KText {
    pub nav_keys: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub none_yet: &'static str,
    pub col_name: &'static str,
    pub col_id: &'static str,
    pub col_created: &'static str,
    pub col_last_used: &'static str,
    pub col_state: &'static str,
    pub col_actions: &'static str,
    pub st_active: &'static str,
    pub st_revoked: &'static str,
    pub never: &'static str,
    pub revoke_button: &'static str,
    pub add_title: &'static str,
    pub f_name: &'static str,
    pub f_name_hint: &'static str,
    pub add_button: &'static str,
    pub new_title: &'static str,
    pub new_hint: &'static str,
    pub done_title: &'static str,
    pub err_title: &'static str,
    pub err_name: &'static str,
}

const ID: KText = KText {
    nav_keys: "Kunci Open311",
    title: "Kunci API Open311",
    intro: "Kunci untuk aplikasi pihak ketiga yang mengirim pengaduan lewat Open311 GeoReport v2. Hanya hash kunci yang disimpan.",
    none_yet: "Belum ada kunci.",
    col_name: "Pemegang",
    col_id: "ID",
    col_created: "Dibuat",
    col_last_used: "Terakhir dipakai",
    col_state: "Status",
    col_actions: "Tindakan",
    st_active: "Aktif",
    st_revoked: "Dicabut",
    never: "Belum pernah",
    revoke_button: "Cabut",
    add_title: "Buat kunci",
    f_name: "Nama pemegang",
    f_name_hint: "Siapa yang memakai kunci ini, mis. \"FixMyStreet Pati\" (1–100 karakter).",
    add_button: "Buat kunci",
    new_title: "Kunci baru — salin sekarang",
    new_hint: "Kunci ini hanya ditampilkan sekali. Serahkan kepada pengelola aplikasi lewat jalur yang aman.",
    done_title: "Selesai",
    err_title: "Kunci tidak dibuat",
    err_name: "Nama pemegang harus 1 sampai 100 karakter.",
};

const EN: KText = KText {
    nav_keys: "Open311 keys",
    title: "Open311 API keys",
    intro: "Keys of third-party apps that file complaints through Open311 GeoReport v2. Only a key's hash is stored.",
    none_yet: "No keys yet.",
    col_name: "Holder",
    col_id: "ID",
    col_created: "Created",
    col_last_used: "Last used",
    col_state: "State",
    col_actions: "Actions",
    st_active: "Active",
    st_revoked: "Revoked",
    never: "Never",
    revoke_button: "Revoke",
    add_title: "Create a key",
    f_name: "Holder's name",
    f_name_hint: "Who uses this key, e.g. \"FixMyStreet Pati\" (1–100 characters).",
    add_button: "Create key",
    new_title: "New key — copy it now",
    new_hint: "This key is shown only once. Hand it to the app's operator through a safe channel.",
    done_title: "Done",
    err_title: "The key was not created",
    err_name: "The holder's name must have 1 to 100 characters.",
};

impl KText {
    pub fn get(lang: Lang) -> &'static KText {
        match lang {
            Lang::En => &EN,
            _ => &ID,
        }
    }
}

pub struct KeyRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub created_iso: String,
    pub last_used: String,
    pub last_used_iso: String,
    pub state: &'static str,
    pub revoked: bool,
}

#[derive(Template)]
#[template(path = "console/open311_keys.html")]
struct KeysPage {
    l: Layout,
    k: &'static KText,
    rows: Vec<KeyRow>,
    /// The key just created: its holder and secret, shown this once.
    issued: Option<(String, String)>,
    name: String,
    error: Option<&'static str>,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    issued: Option<IssuedKey>,
    name: &str,
    flash: Option<Flash>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response> {
    let k = KText::get(staff.ctx.lang);
    let j = staff.jurisdiction();
    let place = pages::place(state, j, staff.ctx.lang).await?;
    let time = |t: Option<i64>| match t {
        Some(t) => format_time(t, place.offset),
        None => (k.never.to_owned(), String::new()),
    };
    let rows = state
        .storage
        .open311_keys(j)
        .await?
        .into_iter()
        .rev()
        .map(|key| {
            let (created, created_iso) = time(Some(key.created_at));
            let (last_used, last_used_iso) = time(key.last_used_at);
            KeyRow {
                id: key.id,
                name: key.name,
                created,
                created_iso,
                last_used,
                last_used_iso,
                state: match key.revoked_at {
                    Some(_) => k.st_revoked,
                    None => k.st_active,
                },
                revoked: key.revoked_at.is_some(),
            }
        })
        .collect();
    let mut l = Layout::new(state, &staff.ctx, k.title, Some(Nav::ApiKeys)).await;
    l.flash = flash;
    Ok(render(
        status,
        &KeysPage {
            l,
            k,
            rows,
            issued: issued.map(|i| (i.key.name, i.api_key)),
            name: name.to_owned(),
            error,
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageApiKeys>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let flash = q.done.as_deref().map(|d| Flash {
        title: KText::get(staff.ctx.lang).done_title.to_owned(),
        text: staff.ctx.t().action(&format!("open311.key.{d}")).to_owned(),
    });
    page(&state, &staff, None, "", flash, None, StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
}

/// Creates a key and answers with the page showing its secret (no redirect: the
/// secret exists only in this response, which the console marks `no-store`).
pub async fn create(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageApiKeys>,
    Form(f): Form<AddForm>,
) -> Result<Response> {
    let k = KText::get(staff.ctx.lang);
    match keys::issue(
        state.storage.as_ref(),
        staff.jurisdiction(),
        &f.name,
        staff.username(),
    )
    .await
    {
        Ok(issued) => {
            tracing::info!(user = %staff.username(), key = %issued.key.id, "open311 key created");
            let flash = Flash {
                title: k.done_title.to_owned(),
                text: staff.ctx.t().action("open311.key.create").to_owned(),
            };
            page(
                &state,
                &staff,
                Some(issued),
                "",
                Some(flash),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(Error::BadRequest { .. }) => {
            page(
                &state,
                &staff,
                None,
                &f.name,
                None,
                Some(k.err_name),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageApiKeys>,
    Path(id): Path<String>,
) -> Result<Response> {
    if keys::revoke(
        state.storage.as_ref(),
        staff.jurisdiction(),
        &id,
        staff.username(),
    )
    .await?
    {
        tracing::info!(user = %staff.username(), key = %id, "open311 key revoked");
        Ok(Redirect::to("/console/open311-keys?done=revoke").into_response())
    } else {
        Ok(pages::error_page(
            &state,
            &staff.ctx,
            StatusCode::NOT_FOUND,
            ErrorKind::NotFound,
        )
        .await)
    }
}
