//! Offline reads of the content cache, resolved into the resident's language.

use pati_protocol::{
    Agency, ComplaintCategory, Jurisdiction, Lang, Link, NewsItem, Service, ServiceCategory,
};
use rusqlite::{params, Connection, OptionalExtension};

use super::decode;
use super::model::*;
use crate::error::Result;

fn links(links: &[Link], lang: Lang) -> Vec<LinkView> {
    links
        .iter()
        .map(|l| LinkView {
            kind: l.kind.clone(),
            label: l.label.get(lang).to_owned(),
            url: l.url.clone(),
        })
        .collect()
}

pub fn jurisdiction(conn: &Connection, lang: Lang) -> Result<Option<JurisdictionView>> {
    let data: Option<String> = conn
        .query_row("SELECT data FROM jurisdiction LIMIT 1", [], |r| r.get(0))
        .optional()?;
    let Some(data) = data else { return Ok(None) };
    let j: Jurisdiction = decode(&data)?;
    Ok(Some(JurisdictionView {
        id: j.id,
        code: j.code,
        name: j.name.get(lang).to_owned(),
        short_name: j.short_name,
        tagline: j.tagline.map(|t| t.get(lang).to_owned()),
        primary_color: j.primary_color,
        website: j.website,
        social: links(&j.social, lang),
    }))
}

fn agency_view(a: Agency, lang: Lang) -> AgencyView {
    AgencyView {
        name: a.name.get(lang).to_owned(),
        description: a.description.map(|d| d.get(lang).to_owned()),
        id: a.id,
        short_name: a.short_name,
        kind: a.kind,
        address: a.address,
        phone: a.phone,
        email: a.email,
        website: a.website,
    }
}

pub fn agencies(conn: &Connection, lang: Lang) -> Result<Vec<AgencyView>> {
    let mut stmt = conn.prepare_cached("SELECT data FROM agency")?;
    let mut out = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|d| Ok(agency_view(decode(&d?)?, lang)))
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub fn agency(conn: &Connection, id: &str, lang: Lang) -> Result<Option<AgencyView>> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM agency WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    data.map(|d| Ok(agency_view(decode(&d)?, lang))).transpose()
}

pub fn service_categories(conn: &Connection, lang: Lang) -> Result<Vec<CategoryView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.data, (SELECT COUNT(*) FROM service s WHERE s.category = c.id)
         FROM service_category c ORDER BY c.sort_order, c.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    rows.map(|row| {
        let (data, count) = row?;
        let c: ServiceCategory = decode(&data)?;
        Ok(CategoryView {
            name: c.name.get(lang).to_owned(),
            id: c.id,
            icon: c.icon,
            service_count: count,
        })
    })
    .collect()
}

/// Agency names for list rows, looked up once per query rather than per row.
pub(crate) fn agency_names(
    conn: &Connection,
    lang: Lang,
) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, data FROM agency")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (id, data) = row?;
        let a: Agency = decode(&data)?;
        Ok((id, display_name(&a, lang)))
    })
    .collect()
}

/// Lists show the short name residents know ("Disdukcapil"), else the full name.
fn display_name(a: &Agency, lang: Lang) -> String {
    if a.short_name.is_empty() {
        a.name.get(lang).to_owned()
    } else {
        a.short_name.clone()
    }
}

pub(crate) fn summary(
    s: Service,
    names: &std::collections::HashMap<String, String>,
    lang: Lang,
) -> ServiceSummary {
    ServiceSummary {
        name: s.name.get(lang).to_owned(),
        summary: s.summary.get(lang).to_owned(),
        agency_name: names.get(&s.agency).cloned().unwrap_or_default(),
        featured: s.featured,
        id: s.id,
        category_id: s.category,
        agency_id: s.agency,
    }
}

fn service_list(
    conn: &Connection,
    sql: &str,
    arg: Option<&str>,
    lang: Lang,
) -> Result<Vec<ServiceSummary>> {
    let names = agency_names(conn, lang)?;
    let mut stmt = conn.prepare_cached(sql)?;
    let rows: Vec<String> = match arg {
        Some(a) => stmt
            .query_map([a], |r| r.get(0))?
            .collect::<Result<_, _>>()?,
        None => stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?,
    };
    let mut out = rows
        .iter()
        .map(|d| Ok(summary(decode(d)?, &names, lang)))
        .collect::<Result<Vec<_>>>()?;
    if arg.is_some() {
        out.sort_by_cached_key(|s| s.name.to_lowercase());
    }
    Ok(out)
}

pub fn services_in_category(
    conn: &Connection,
    category: &str,
    lang: Lang,
) -> Result<Vec<ServiceSummary>> {
    service_list(
        conn,
        "SELECT data FROM service WHERE category = ?1",
        Some(category),
        lang,
    )
}

pub fn services_of_agency(
    conn: &Connection,
    agency: &str,
    lang: Lang,
) -> Result<Vec<ServiceSummary>> {
    service_list(
        conn,
        "SELECT data FROM service WHERE agency = ?1",
        Some(agency),
        lang,
    )
}

/// The "one tap" tiles of the home screen, in the order Diskominfo chose.
pub fn featured_services(conn: &Connection, lang: Lang) -> Result<Vec<ServiceSummary>> {
    service_list(
        conn,
        "SELECT data FROM service WHERE featured_order IS NOT NULL ORDER BY featured_order, id",
        None,
        lang,
    )
}

pub fn service(conn: &Connection, id: &str, lang: Lang) -> Result<Option<ServiceDetail>> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM service WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(data) = data else { return Ok(None) };
    let s: Service = decode(&data)?;
    let category_name: Option<String> = conn
        .prepare_cached("SELECT data FROM service_category WHERE id = ?1")?
        .query_row([&s.category], |r| r.get::<_, String>(0))
        .optional()?
        .map(|d| decode::<ServiceCategory>(&d).map(|c| c.name.get(lang).to_owned()))
        .transpose()?;
    let agency = agency(conn, &s.agency, lang)?.unwrap_or_else(|| AgencyView {
        id: s.agency.clone(),
        name: s.agency.clone(),
        short_name: s.agency.clone(),
        kind: String::new(),
        description: None,
        address: None,
        phone: None,
        email: None,
        website: None,
    });
    let texts = |v: &[pati_protocol::Localized]| v.iter().map(|t| t.get(lang).to_owned()).collect();
    Ok(Some(ServiceDetail {
        name: s.name.get(lang).to_owned(),
        summary: s.summary.get(lang).to_owned(),
        category_name: category_name.unwrap_or_else(|| s.category.clone()),
        agency,
        requirements: texts(&s.requirements),
        steps: texts(&s.steps),
        fee: s.fee.get(lang).to_owned(),
        duration: s.duration.get(lang).to_owned(),
        legal_basis: s.legal_basis,
        locations: s
            .locations
            .iter()
            .map(|l| LocationView {
                name: l.name.get(lang).to_owned(),
                address: l.address.clone(),
                mpp_counter: l.mpp_counter.clone(),
            })
            .collect(),
        hours: s.hours.get(lang).to_owned(),
        contacts: links(&s.contacts, lang),
        online_url: s.online_url,
        id: s.id,
        category_id: s.category,
    }))
}

pub fn complaint_categories(conn: &Connection, lang: Lang) -> Result<Vec<ComplaintCategoryView>> {
    let names = agency_names(conn, lang)?;
    let mut stmt =
        conn.prepare_cached("SELECT data FROM complaint_category ORDER BY sort_order, id")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    rows.iter()
        .map(|d| {
            let c: ComplaintCategory = decode(d)?;
            Ok(ComplaintCategoryView {
                name: c.name.get(lang).to_owned(),
                description: c.description.get(lang).to_owned(),
                agency_name: names.get(&c.agency).cloned().unwrap_or_default(),
                id: c.id,
                agency_id: c.agency,
                icon: c.icon,
            })
        })
        .collect()
}

fn news_view(n: NewsItem, lang: Lang) -> NewsView {
    NewsView {
        title: n.title.get(lang).to_owned(),
        summary: n.summary.get(lang).to_owned(),
        body: n.body.get(lang).to_owned(),
        links: links(&n.links, lang),
        id: n.id,
        published_at: n.published_at,
        category: n.category,
    }
}

/// Newest first; `offset`/`limit` page through the feed.
pub fn news(conn: &Connection, offset: u32, limit: u32, lang: Lang) -> Result<Vec<NewsView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT data FROM news ORDER BY published_at DESC, id LIMIT ?1 OFFSET ?2",
    )?;
    let rows: Vec<String> = stmt
        .query_map(params![limit, offset], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    rows.iter()
        .map(|d| Ok(news_view(decode(d)?, lang)))
        .collect()
}

pub fn news_item(conn: &Connection, id: &str, lang: Lang) -> Result<Option<NewsView>> {
    let data: Option<String> = conn
        .prepare_cached("SELECT data FROM news WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    data.map(|d| Ok(news_view(decode(&d)?, lang))).transpose()
}

pub fn kecamatan(conn: &Connection) -> Result<Vec<KecamatanView>> {
    let mut stmt = conn.prepare_cached("SELECT code, name FROM kecamatan ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        Ok(KecamatanView {
            code: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn desa(conn: &Connection, kecamatan: &str) -> Result<Vec<DesaView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, kecamatan, name, kind FROM desa WHERE kecamatan = ?1 ORDER BY name",
    )?;
    let rows = stmt.query_map([kecamatan], |r| {
        Ok(DesaView {
            code: r.get(0)?,
            kecamatan_code: r.get(1)?,
            name: r.get(2)?,
            kind: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn counts(conn: &Connection) -> Result<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM service), (SELECT COUNT(*) FROM news)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
