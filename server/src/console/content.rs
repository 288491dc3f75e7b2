//! Content pages (koordinator only): list and search services and news, create,
//! edit and retire them. Every change goes through `Storage::publish_audited`
//! (upsert) or `retire_audited`, so devices get it at their next pull and the audit
//! log records it in the same transaction.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use pati_protocol::{ContentItem, ContentKind, Lang, NewsItem, Service};
use serde::Deserialize;

use super::auth::{encode, Can, EditContent, Staff};
use super::forms::{self, Block, Errors, FieldError, FormData, FormView};
use super::pages::{place, render, Flash, Layout, Nav};
use crate::accounts::action;
use crate::error::{Error, Result};
use crate::pack::{check_news, check_service, ServiceRefs};
use crate::storage::PublishMode;
use crate::AppState;

/// The kinds of content the console edits, as they appear in its URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Service,
    News,
}

impl Kind {
    fn parse(s: &str) -> Result<Kind> {
        match s {
            "service" => Ok(Kind::Service),
            "news" => Ok(Kind::News),
            _ => Err(Error::NotFound(format!("content kind {s}"))),
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::News => "news",
        }
    }

    fn content_kind(self) -> ContentKind {
        match self {
            Kind::Service => ContentKind::Service,
            Kind::News => ContentKind::News,
        }
    }
}

async fn services(state: &AppState, j: &str) -> Result<Vec<(Service, i64)>> {
    let mut out = Vec::new();
    for stored in state.storage.content_items(j, ContentKind::Service).await? {
        if let ContentItem::Service(s) = stored.item()? {
            out.push((s, stored.version));
        }
    }
    Ok(out)
}

async fn news(state: &AppState, j: &str) -> Result<Vec<(NewsItem, i64)>> {
    let mut out = Vec::new();
    for stored in state.storage.content_items(j, ContentKind::News).await? {
        if let ContentItem::News(n) = stored.item()? {
            out.push((n, stored.version));
        }
    }
    Ok(out)
}

/// What a service form needs: the select options, and the references to validate.
struct ServiceChoices {
    categories: Vec<(String, String)>,
    agencies: Vec<(String, String)>,
    items: Vec<ContentItem>,
}

impl ServiceChoices {
    async fn load(state: &AppState, j: &str, lang: Lang) -> Result<ServiceChoices> {
        let mut items = Vec::new();
        for kind in [
            ContentKind::Agency,
            ContentKind::ServiceCategory,
            ContentKind::Service,
        ] {
            for stored in state.storage.content_items(j, kind).await? {
                items.push(stored.item()?);
            }
        }
        let mut categories: Vec<(i64, String, String)> = Vec::new();
        let mut agencies: Vec<(String, String)> = Vec::new();
        for item in &items {
            match item {
                ContentItem::ServiceCategory(c) => {
                    categories.push((c.order, c.id.clone(), c.name.get(lang).to_owned()))
                }
                ContentItem::Agency(a) => agencies.push((
                    a.id.clone(),
                    format!("{} \u{2014} {}", a.short_name, a.name.get(lang)),
                )),
                _ => {}
            }
        }
        categories.sort();
        agencies.sort_by_key(|a| a.1.to_lowercase());
        Ok(ServiceChoices {
            categories: categories
                .into_iter()
                .map(|(_, id, name)| (id, name))
                .collect(),
            agencies,
            items,
        })
    }

    fn refs(&self, except: Option<&str>) -> ServiceRefs {
        ServiceRefs::from_items(&self.items, except)
    }

    fn agency_short(&self, id: &str) -> String {
        self.items
            .iter()
            .find_map(|i| match i {
                ContentItem::Agency(a) if a.id == id => Some(a.short_name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| id.to_owned())
    }

    fn category_name(&self, id: &str) -> String {
        self.categories
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| id.to_owned())
    }
}

// ---------------------------------------------------------------------------
// List

pub struct Tab {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

pub struct ListRow {
    pub title: String,
    pub id: String,
    pub cells: Vec<String>,
    pub version: i64,
    pub edit_href: String,
    pub retire_href: String,
    pub featured: bool,
}

#[derive(Template)]
#[template(path = "console/content_list.html")]
struct ListPage {
    l: Layout,
    tabs: Vec<Tab>,
    kind: &'static str,
    q: String,
    search_hint: &'static str,
    add_href: String,
    add_label: &'static str,
    caption: String,
    headers: Vec<&'static str>,
    rows: Vec<ListRow>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
    q: Option<String>,
    done: Option<String>,
    item: Option<String>,
}

fn matches(q: &str, texts: &[&str]) -> bool {
    q.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(q))
}

pub async fn list(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let t = staff.ctx.t();
    let lang = staff.ctx.lang;
    let j = staff.jurisdiction();
    let kind = Kind::parse(q.kind.as_deref().unwrap_or("service"))?;
    let query = q.q.as_deref().unwrap_or("").trim().to_owned();
    let needle = query.to_lowercase();
    let (rows, caption, headers) = match kind {
        Kind::Service => {
            let choices = ServiceChoices::load(&state, j, lang).await?;
            let mut rows: Vec<ListRow> = services(&state, j)
                .await?
                .into_iter()
                .filter(|(s, _)| {
                    matches(
                        &needle,
                        &[
                            &s.id,
                            &s.name.id,
                            s.name.en.as_deref().unwrap_or(""),
                            &s.agency,
                            &choices.agency_short(&s.agency),
                        ],
                    )
                })
                .map(|(s, version)| ListRow {
                    title: s.name.get(lang).to_owned(),
                    cells: vec![
                        choices.agency_short(&s.agency),
                        choices.category_name(&s.category),
                    ],
                    edit_href: format!("/console/content/service/{}", s.id),
                    retire_href: format!("/console/content/service/{}/retire", s.id),
                    featured: s.featured,
                    id: s.id,
                    version,
                })
                .collect();
            rows.sort_by_key(|a| a.title.to_lowercase());
            let caption = t.count(t.n_services, rows.len());
            (
                rows,
                caption,
                vec![
                    t.col_name,
                    t.col_id,
                    t.col_agency,
                    t.col_category,
                    t.col_version,
                    t.col_actions,
                ],
            )
        }
        Kind::News => {
            let p = place(&state, j, lang).await?;
            let mut items: Vec<(NewsItem, i64)> = news(&state, j)
                .await?
                .into_iter()
                .filter(|(n, _)| {
                    matches(
                        &needle,
                        &[&n.id, &n.title.id, n.title.en.as_deref().unwrap_or("")],
                    )
                })
                .collect();
            items.sort_by(|a, b| b.0.published_at.cmp(&a.0.published_at));
            let rows: Vec<ListRow> = items
                .into_iter()
                .map(|(n, version)| {
                    let published = chrono::DateTime::parse_from_rfc3339(&n.published_at)
                        .map(|d| {
                            d.with_timezone(&p.offset)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_else(|_| n.published_at.clone());
                    ListRow {
                        title: n.title.get(lang).to_owned(),
                        cells: vec![t.news_category(&n.category).to_owned(), published],
                        edit_href: format!("/console/content/news/{}", n.id),
                        retire_href: format!("/console/content/news/{}/retire", n.id),
                        featured: false,
                        id: n.id,
                        version,
                    }
                })
                .collect();
            let caption = t.count(t.n_news, rows.len());
            (
                rows,
                caption,
                vec![
                    t.col_title,
                    t.col_id,
                    t.col_category,
                    t.col_published,
                    t.col_version,
                    t.col_actions,
                ],
            )
        }
    };
    let mut l = Layout::new(&state, &staff.ctx, t.content_title, Some(Nav::Content)).await;
    l.flash = flash(t, q.done.as_deref(), q.item.as_deref());
    let page = ListPage {
        l,
        tabs: vec![
            Tab {
                href: "/console/content?kind=service".into(),
                label: t.tab_services,
                current: kind == Kind::Service,
            },
            Tab {
                href: "/console/content?kind=news".into(),
                label: t.tab_news,
                current: kind == Kind::News,
            },
        ],
        kind: kind.slug(),
        q: query,
        search_hint: match kind {
            Kind::Service => t.search_services_hint,
            Kind::News => t.search_news_hint,
        },
        add_href: format!("/console/content/{}/new", kind.slug()),
        add_label: match kind {
            Kind::Service => t.add_service,
            Kind::News => t.add_news,
        },
        caption,
        headers,
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The message after a change (post/redirect/get).
fn flash(t: &super::i18n::Text, done: Option<&str>, item: Option<&str>) -> Option<Flash> {
    let title = match done? {
        "created" => t.done_created,
        "updated" => t.done_updated,
        "unchanged" => t.done_unchanged,
        "retired" => t.done_retired,
        _ => return None,
    };
    let item = item.unwrap_or("");
    Some(Flash {
        title: format!("{title}: {item}"),
        text: if done == Some("unchanged") {
            String::new()
        } else {
            t.done_sync_hint.to_owned()
        },
    })
}

fn done(kind: Kind, what: &str, id: &str) -> Response {
    Redirect::to(&format!(
        "/console/content?kind={}&done={what}&item={}",
        kind.slug(),
        encode(id)
    ))
    .into_response()
}

// ---------------------------------------------------------------------------
// Forms

#[derive(Template)]
#[template(path = "console/content_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    blocks: Vec<Block>,
    summary: Vec<(String, String)>,
    cancel_href: String,
    retire_href: Option<String>,
}

/// Renders the form of `kind` with `data` and `errors`; `id` when editing.
async fn form_page(
    state: &AppState,
    staff: &Staff,
    kind: Kind,
    id: Option<&str>,
    data: &FormData,
    errors: &Errors,
    status: StatusCode,
) -> Result<Response> {
    let t = staff.ctx.t();
    let view = FormView { t, data, errors };
    let blocks = match kind {
        Kind::Service => {
            let choices = ServiceChoices::load(state, staff.jurisdiction(), staff.ctx.lang).await?;
            forms::service_blocks(&view, id.is_some(), &choices.categories, &choices.agencies)
        }
        Kind::News => forms::news_blocks(&view, id.is_some()),
    };
    let heading = match (kind, id) {
        (Kind::Service, None) => t.new_service_title.to_owned(),
        (Kind::News, None) => t.new_news_title.to_owned(),
        (Kind::Service, Some(id)) => format!("{}: {id}", t.edit_service_title),
        (Kind::News, Some(id)) => format!("{}: {id}", t.edit_news_title),
    };
    let action = match id {
        None => format!("/console/content/{}/new", kind.slug()),
        Some(id) => format!("/console/content/{}/{id}", kind.slug()),
    };
    let summary = forms::error_summary(&blocks, errors, t);
    let page = FormPage {
        l: Layout::new(state, &staff.ctx, &heading, Some(Nav::Content)).await,
        heading,
        action,
        blocks,
        summary,
        cancel_href: format!("/console/content?kind={}", kind.slug()),
        retire_href: id.map(|id| format!("/console/content/{}/{id}/retire", kind.slug())),
    };
    Ok(render(status, &page))
}

pub async fn new_form(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path(kind): Path<String>,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let data = match kind {
        Kind::Service => FormData::default(),
        Kind::News => {
            let p = place(&state, staff.jurisdiction(), staff.ctx.lang).await?;
            forms::blank_news_form(chrono::Utc::now().with_timezone(&p.offset))
        }
    };
    form_page(
        &state,
        &staff,
        kind,
        None,
        &data,
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn edit_form(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let j = staff.jurisdiction();
    let stored = state
        .storage
        .content_item(j, kind.content_kind(), &id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("{} {id}", kind.slug())))?;
    let data = match stored.item()? {
        ContentItem::Service(s) => forms::service_form(&s),
        ContentItem::News(n) => {
            forms::news_form(&n, place(&state, j, staff.ctx.lang).await?.offset)
        }
        _ => return Err(Error::NotFound(id)),
    };
    form_page(
        &state,
        &staff,
        kind,
        Some(&id),
        &data,
        &Errors::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path(kind): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    save(
        &state,
        &staff,
        Kind::parse(&kind)?,
        None,
        FormData::from_pairs(pairs),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path((kind, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    save(
        &state,
        &staff,
        Kind::parse(&kind)?,
        Some(&id),
        FormData::from_pairs(pairs),
    )
    .await
}

/// Validates a submitted form and publishes it, or shows it again with its errors.
async fn save(
    state: &AppState,
    staff: &Staff,
    kind: Kind,
    id: Option<&str>,
    data: FormData,
) -> Result<Response> {
    let j = staff.jurisdiction();
    let existing = match id {
        Some(id) => Some(
            state
                .storage
                .content_item(j, kind.content_kind(), id)
                .await?
                .ok_or_else(|| Error::NotFound(format!("{} {id}", kind.slug())))?
                .item()?,
        ),
        None => None,
    };
    let (item, mut errors) = match kind {
        Kind::Service => {
            let old = match &existing {
                Some(ContentItem::Service(s)) => Some(s),
                _ => None,
            };
            let (s, mut errors, origins) = forms::parse_service(&data, id, old);
            let choices = ServiceChoices::load(state, j, staff.ctx.lang).await?;
            origins.add(&mut errors, check_service(&s, &choices.refs(id)));
            (ContentItem::Service(s), errors)
        }
        Kind::News => {
            let old = match &existing {
                Some(ContentItem::News(n)) => Some(n),
                _ => None,
            };
            let offset = place(state, j, staff.ctx.lang).await?.offset;
            let (n, mut errors, origins) = forms::parse_news(&data, id, old, offset);
            origins.add(&mut errors, check_news(&n));
            (ContentItem::News(n), errors)
        }
    };
    let key = item.key();
    if id.is_none()
        && errors.get("id").is_none()
        && state
            .storage
            .content_item(j, kind.content_kind(), &key)
            .await?
            .is_some()
    {
        errors.add("id", FieldError::IdTaken, None);
    }
    if !errors.is_empty() {
        tracing::info!(kind = kind.slug(), fields = ?errors.fields().collect::<Vec<_>>(), "console form refused");
        return form_page(
            state,
            staff,
            kind,
            id,
            &data,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let audit = staff.audit(
        action::CONTENT_PUBLISH,
        format!("{}/{key}", kind.slug()),
        if id.is_some() {
            "edited in the console"
        } else {
            "created in the console"
        }
        .into(),
    );
    let report = state
        .storage
        .publish_audited(j, vec![item], PublishMode::Upsert, Some(audit))
        .await?;
    tracing::info!(jurisdiction = %j, user = %staff.username(), kind = kind.slug(), key = %key, version = report.version, "content published from the console");
    let what = if report.added > 0 {
        "created"
    } else if report.updated > 0 {
        "updated"
    } else {
        "unchanged"
    };
    Ok(done(kind, what, &key))
}

// ---------------------------------------------------------------------------
// Retire

#[derive(Template)]
#[template(path = "console/retire.html")]
struct RetirePage {
    l: Layout,
    heading: &'static str,
    name: String,
    id: String,
    action: String,
    cancel_href: String,
}

pub async fn retire_form(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response> {
    let t = staff.ctx.t();
    let kind = Kind::parse(&kind)?;
    let stored = state
        .storage
        .content_item(staff.jurisdiction(), kind.content_kind(), &id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("{} {id}", kind.slug())))?;
    let name = match stored.item()? {
        ContentItem::Service(s) => s.name.get(staff.ctx.lang).to_owned(),
        ContentItem::News(n) => n.title.get(staff.ctx.lang).to_owned(),
        _ => id.clone(),
    };
    let heading = match kind {
        Kind::Service => t.retire_service_title,
        Kind::News => t.retire_news_title,
    };
    let page = RetirePage {
        l: Layout::new(&state, &staff.ctx, heading, Some(Nav::Content)).await,
        heading,
        name,
        action: format!("/console/content/{}/{id}/retire", kind.slug()),
        cancel_href: format!("/console/content/{}/{id}", kind.slug()),
        id,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn retire(
    State(state): State<AppState>,
    Can(staff, _): Can<EditContent>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response> {
    let kind = Kind::parse(&kind)?;
    let audit = staff.audit(
        action::CONTENT_RETIRE,
        format!("{}/{id}", kind.slug()),
        "retired in the console".into(),
    );
    let retired = state
        .storage
        .retire_audited(staff.jurisdiction(), kind.content_kind(), &id, Some(audit))
        .await?;
    if !retired {
        return Err(Error::NotFound(format!("{} {id}", kind.slug())));
    }
    tracing::info!(jurisdiction = %staff.jurisdiction(), user = %staff.username(), kind = kind.slug(), key = %id, "content retired from the console");
    Ok(done(kind, "retired", &id))
}
