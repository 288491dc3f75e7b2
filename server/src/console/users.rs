//! The koordinator's users page: the jurisdiction's console accounts with their
//! state, a form to add one, and per account: disable / enable and a password
//! reset. Other roles get the console's 403 page (the [`Can`] extractor, like every
//! page they may not use), and every change is audited in the same transaction as
//! the change itself (account creation: right after it, like the CLI).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use pati_protocol::Lang;
use serde::Deserialize;

use super::auth::{Can, ManageUsers, Staff};
use super::complaints::Names;
use super::forms::SelectOption;
use super::pages::{self, format_time, render, ErrorKind, Flash, Layout, Nav};
use crate::accounts::{self, NewAccount};
use crate::error::{Error, Result};
use crate::storage::{Role, User};
use crate::AppState;

/// The users page's texts.
pub struct UText {
    pub nav_users: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub col_username: &'static str,
    pub col_name: &'static str,
    pub col_role: &'static str,
    pub col_agency: &'static str,
    pub col_state: &'static str,
    pub col_last_login: &'static str,
    pub col_actions: &'static str,
    pub st_active: &'static str,
    pub st_disabled: &'static str,
    pub st_locked: &'static str,
    pub never: &'static str,
    pub you: &'static str,
    pub add_title: &'static str,
    pub f_username: &'static str,
    pub f_username_hint: &'static str,
    pub f_name: &'static str,
    pub f_role: &'static str,
    pub f_agency: &'static str,
    pub f_agency_hint: &'static str,
    pub f_agency_none: &'static str,
    pub f_password: &'static str,
    pub f_password_hint: &'static str,
    pub add_button: &'static str,
    pub disable_button: &'static str,
    pub enable_button: &'static str,
    pub reset_label: &'static str,
    pub reset_button: &'static str,
    pub done_title: &'static str,
    pub err_title: &'static str,
    pub err_username: &'static str,
    pub err_taken: &'static str,
    pub err_role: &'static str,
    pub err_agency: &'static str,
    pub err_password: &'static str,
    pub err_self: &'static str,
}

const ID: UText = UText {
    nav_users: "Pengguna",
    title: "Pengguna konsol",
    intro: "Akun konsol wilayah ini. Akun yang dinonaktifkan tidak dapat masuk dan sesinya diakhiri.",
    col_username: "Nama pengguna",
    col_name: "Nama",
    col_role: "Peran",
    col_agency: "Instansi",
    col_state: "Keadaan",
    col_last_login: "Terakhir masuk",
    col_actions: "Tindakan",
    st_active: "Aktif",
    st_disabled: "Nonaktif",
    st_locked: "Terkunci sementara",
    never: "Belum pernah",
    you: "(Anda)",
    add_title: "Tambah pengguna",
    f_username: "Nama pengguna",
    f_username_hint: "2–32 karakter: huruf kecil a-z, angka, titik, garis bawah, tanda hubung.",
    f_name: "Nama tampilan (opsional)",
    f_role: "Peran",
    f_agency: "Instansi",
    f_agency_hint: "Wajib untuk admin instansi; diabaikan untuk peran lain.",
    f_agency_none: "(tanpa instansi)",
    f_password: "Kata sandi awal",
    f_password_hint: "Minimal 12 karakter. Sampaikan kepada pengguna lewat jalur yang aman.",
    add_button: "Tambah pengguna",
    disable_button: "Nonaktifkan",
    enable_button: "Aktifkan",
    reset_label: "Kata sandi baru untuk",
    reset_button: "Atur ulang kata sandi",
    done_title: "Tersimpan",
    err_title: "Perubahan tidak disimpan",
    err_username: "Nama pengguna tidak sah: 2–32 karakter a-z, 0-9, '.', '_' atau '-', diawali huruf atau angka.",
    err_taken: "Nama pengguna itu sudah dipakai.",
    err_role: "Pilih peran yang tersedia.",
    err_agency: "Admin instansi memerlukan instansi yang terdaftar di wilayah ini.",
    err_password: "Kata sandi harus 12 sampai 256 karakter.",
    err_self: "Anda tidak dapat menonaktifkan akun Anda sendiri.",
};

const EN: UText = UText {
    nav_users: "Users",
    title: "Console users",
    intro: "This jurisdiction's console accounts. A disabled account cannot sign in and its sessions end.",
    col_username: "Username",
    col_name: "Name",
    col_role: "Role",
    col_agency: "Agency",
    col_state: "State",
    col_last_login: "Last login",
    col_actions: "Actions",
    st_active: "Active",
    st_disabled: "Disabled",
    st_locked: "Temporarily locked",
    never: "Never",
    you: "(you)",
    add_title: "Add a user",
    f_username: "Username",
    f_username_hint: "2–32 characters: lowercase a-z, digits, dot, underscore, hyphen.",
    f_name: "Display name (optional)",
    f_role: "Role",
    f_agency: "Agency",
    f_agency_hint: "Required for an agency admin; ignored for the other roles.",
    f_agency_none: "(no agency)",
    f_password: "Initial password",
    f_password_hint: "At least 12 characters. Hand it over through a safe channel.",
    add_button: "Add user",
    disable_button: "Disable",
    enable_button: "Enable",
    reset_label: "New password for",
    reset_button: "Reset password",
    done_title: "Saved",
    err_title: "The change was not saved",
    err_username: "Invalid username: 2–32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.",
    err_taken: "That username is taken.",
    err_role: "Choose one of the listed roles.",
    err_agency: "An agency admin needs an agency listed in this jurisdiction.",
    err_password: "The password must have 12 to 256 characters.",
    err_self: "You cannot disable your own account.",
};

impl UText {
    pub fn get(lang: Lang) -> &'static UText {
        match lang {
            Lang::En => &EN,
            _ => &ID,
        }
    }
}

pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub agency: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub last_login: String,
    pub last_login_iso: String,
    pub is_self: bool,
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct UsersPage {
    l: Layout,
    u: &'static UText,
    rows: Vec<UserRow>,
    roles: Vec<SelectOption>,
    agencies: Vec<SelectOption>,
    username: String,
    display_name: String,
    error: Option<String>,
    /// `accounts::MIN_PASSWORD_CHARS`, for the password fields' `minlength`.
    min_password: usize,
}

/// The add form's values, kept when it is shown again with an error.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    password: String,
}

async fn page(
    state: &AppState,
    staff: &Staff,
    form: &AddForm,
    flash: Option<Flash>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response> {
    let u = UText::get(staff.ctx.lang);
    let t = staff.ctx.t();
    let j = staff.jurisdiction();
    let place = pages::place(state, j, staff.ctx.lang).await?;
    let names = Names::load(state, j, staff.ctx.lang).await?;
    let now = chrono::Utc::now().timestamp();
    let rows = state
        .storage
        .user_statuses(j)
        .await?
        .into_iter()
        .map(|s| {
            let (last_login, last_login_iso) = match s.last_login_at {
                Some(at) => format_time(at, place.offset),
                None => (u.never.to_owned(), String::new()),
            };
            let (state, state_code) = if s.disabled_at.is_some() {
                (u.st_disabled, "disabled")
            } else if s.locked_until.is_some_and(|l| l > now) {
                (u.st_locked, "locked")
            } else {
                (u.st_active, "active")
            };
            UserRow {
                is_self: s.user.username == staff.username(),
                disabled: s.disabled_at.is_some(),
                agency: names.agency(s.user.agency.as_deref()),
                role: t.role(s.user.role),
                id: s.user.id,
                username: s.user.username,
                display_name: s.user.display_name,
                state,
                state_code,
                last_login,
                last_login_iso,
            }
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| SelectOption {
            value: r.as_str().to_owned(),
            label: t.role(*r).to_owned(),
            selected: form.role == r.as_str(),
        })
        .collect();
    let agencies = std::iter::once(SelectOption {
        value: String::new(),
        label: u.f_agency_none.to_owned(),
        selected: form.agency.is_empty(),
    })
    .chain(names.agencies.iter().map(|(id, name)| SelectOption {
        value: id.clone(),
        label: name.clone(),
        selected: form.agency == *id,
    }))
    .collect();
    let mut l = Layout::new(state, &staff.ctx, u.title, Some(Nav::Users)).await;
    l.flash = flash;
    Ok(render(
        status,
        &UsersPage {
            l,
            u,
            rows,
            roles,
            agencies,
            username: form.username.clone(),
            display_name: form.display_name.clone(),
            error: error.map(str::to_owned),
            min_password: accounts::MIN_PASSWORD_CHARS,
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageUsers>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let flash = q.done.as_deref().map(|d| Flash {
        title: UText::get(staff.ctx.lang).done_title.to_owned(),
        text: staff.ctx.t().action(&format!("user.{d}")).to_owned(),
    });
    page(
        &state,
        &staff,
        &AddForm::default(),
        flash,
        None,
        StatusCode::OK,
    )
    .await
}

fn done(what: &str) -> Response {
    Redirect::to(&format!("/console/users?done={what}")).into_response()
}

pub async fn create(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageUsers>,
    Form(mut f): Form<AddForm>,
) -> Result<Response> {
    let u = UText::get(staff.ctx.lang);
    let password = std::mem::take(&mut f.password);
    let refuse = |msg, status| page(&state, &staff, &f, None, Some(msg), status);
    let Some(role) = Role::parse(&f.role) else {
        return refuse(u.err_role, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if !accounts::password_ok(&password) {
        return refuse(u.err_password, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let agency = match role {
        Role::AgencyAdmin if f.agency.is_empty() => {
            return refuse(u.err_agency, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Role::AgencyAdmin => Some(f.agency.clone()),
        _ => None,
    };
    let account = NewAccount {
        jurisdiction: staff.jurisdiction().to_owned(),
        username: f.username.clone(),
        display_name: Some(f.display_name.clone()),
        role,
        agency,
        password,
    };
    match accounts::create_account(state.storage.as_ref(), account, staff.username()).await {
        Ok(user) => {
            tracing::info!(user = %staff.username(), created = %user.username, "console user created");
            Ok(done("create"))
        }
        Err(Error::Conflict(_)) => refuse(u.err_taken, StatusCode::CONFLICT).await,
        Err(Error::BadRequest { message, .. }) => {
            let msg = if message.starts_with("username") {
                u.err_username
            } else if message.contains("agency") {
                u.err_agency
            } else if message.contains("password") {
                u.err_password
            } else {
                u.err_username
            };
            refuse(msg, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// The account with this id in the staff's jurisdiction.
async fn find(state: &AppState, staff: &Staff, id: &str) -> Result<Option<User>> {
    Ok(state
        .storage
        .user_statuses(staff.jurisdiction())
        .await?
        .into_iter()
        .map(|s| s.user)
        .find(|u| u.id == id))
}

async fn not_found(state: &AppState, staff: &Staff) -> Response {
    pages::error_page(
        state,
        &staff.ctx,
        StatusCode::NOT_FOUND,
        ErrorKind::NotFound,
    )
    .await
}

async fn switch(state: AppState, staff: Staff, id: String, disable: bool) -> Result<Response> {
    let Some(user) = find(&state, &staff, &id).await? else {
        return Ok(not_found(&state, &staff).await);
    };
    let now = chrono::Utc::now().timestamp();
    let j = staff.jurisdiction();
    match accounts::set_disabled(
        state.storage.as_ref(),
        j,
        &user,
        disable,
        staff.username(),
        now,
    )
    .await
    {
        Ok(true) => Ok(done(if disable { "disable" } else { "enable" })),
        Ok(false) => Ok(not_found(&state, &staff).await),
        Err(Error::BadRequest {
            code: "self_disable",
            ..
        }) => {
            let u = UText::get(staff.ctx.lang);
            page(
                &state,
                &staff,
                &AddForm::default(),
                None,
                Some(u.err_self),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn disable(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageUsers>,
    Path(id): Path<String>,
) -> Result<Response> {
    switch(state, staff, id, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageUsers>,
    Path(id): Path<String>,
) -> Result<Response> {
    switch(state, staff, id, false).await
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

pub async fn password(
    State(state): State<AppState>,
    Can(staff, _): Can<ManageUsers>,
    Path(id): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Result<Response> {
    let Some(user) = find(&state, &staff, &id).await? else {
        return Ok(not_found(&state, &staff).await);
    };
    let u = UText::get(staff.ctx.lang);
    if !accounts::password_ok(&f.password) {
        return page(
            &state,
            &staff,
            &AddForm::default(),
            None,
            Some(u.err_password),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    match accounts::reset_password(
        state.storage.as_ref(),
        staff.jurisdiction(),
        &user,
        &f.password,
        staff.username(),
    )
    .await?
    {
        true => Ok(done("password_reset")),
        false => Ok(not_found(&state, &staff).await),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

    /// The form's hint and error state the minimum the server applies.
    #[test]
    fn password_texts_state_the_minimum() {
        let min = MIN_PASSWORD_CHARS.to_string();
        let range = format!("{MIN_PASSWORD_CHARS} ");
        for t in [&ID, &EN] {
            assert!(t.f_password_hint.contains(&min), "{}", t.f_password_hint);
            assert!(t.err_password.contains(&range), "{}", t.err_password);
            assert!(t.err_password.contains(&MAX_PASSWORD_CHARS.to_string()));
        }
    }
}
