//! Pulling the resident's own complaints (`complaints/mine`): the agency's answers,
//! status changes and rejections come back this way.
//!
//! Same rules as the content pull: every page is checked completely before
//! anything is written; a page older than the version held (a stale response
//! delivered late) is refused; a page and its cursor are stored in one
//! transaction, and the cursor never moves backwards.

use pati_protocol::limits::{
    MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_ID_CHARS, MAX_PHOTOS, MAX_PULL_PAGE_ITEMS,
    MAX_PULL_RESPONSE_BYTES, MAX_TEXT_CHARS, MAX_TITLE_CHARS,
};
use pati_protocol::{is_sha256_hex, ComplaintView, MyComplaintsPage, Rejection, PROTOCOL_VERSION};
use reqwest::Method;
use rusqlite::Connection;

use super::engine::Ctx;
use super::http::{urlencode, Request};
use super::state::SyncReport;
use crate::complaints;
use crate::error::{Error, Result};
use crate::store::{meta_get, meta_set};

pub(crate) const CURSOR_KEY: &str = "complaints.cursor";
pub(crate) const VERSION_KEY: &str = "complaints.version";

/// Most pages one pass follows.
const MAX_PAGES: u32 = 1000;
/// Most events in one complaint's timeline.
const MAX_EVENTS: usize = 2000;

pub(crate) async fn pull(ctx: &Ctx<'_>, report: &mut SyncReport) -> Result<()> {
    let mut restarted = false;
    for _ in 0..MAX_PAGES {
        let (reply, ()) = ctx
            .call(|_| {
                let cursor = ctx.read(|c| meta_get(c, CURSOR_KEY))?;
                let path = match cursor {
                    Some(c) => ctx.api(&format!("complaints/mine?cursor={}", urlencode(&c))),
                    None => ctx.api("complaints/mine"),
                };
                Ok((
                    Request::new(Method::GET, path).max_bytes(MAX_PULL_RESPONSE_BYTES),
                    (),
                ))
            })
            .await?;
        if reply.status == 400
            && reply.error_code().as_deref() == Some("invalid_cursor")
            && !restarted
        {
            // The server's database was replaced: start over; every complaint the
            // server still has comes back whole and replaces the local copy.
            tracing::warn!("complaints cursor refused; pulling from the start");
            restarted = true;
            ctx.write(|tx| {
                tx.execute(
                    "DELETE FROM meta WHERE key IN (?1, ?2)",
                    [CURSOR_KEY, VERSION_KEY],
                )?;
                Ok(())
            })?;
            continue;
        }
        if !reply.is_success() {
            return Err(reply.error());
        }
        let has_more = apply_page(ctx, &reply.body, report)?;
        ctx.notify();
        if !has_more {
            return Ok(());
        }
    }
    Err(Error::InvalidResponse(
        "server never finished paging".into(),
    ))
}

/// Checks one page completely, then applies it with its cursor in one transaction.
pub(crate) fn apply_page(ctx: &Ctx<'_>, body: &[u8], report: &mut SyncReport) -> Result<bool> {
    let page: MyComplaintsPage = serde_json::from_slice(body)
        .map_err(|e| Error::InvalidResponse(format!("complaints page: {e}")))?;
    check_page(&page)?;
    let now = crate::unix_now();
    ctx.write(|tx| {
        let held = held_version(tx)?;
        if page.version < held {
            tracing::warn!(page = page.version, held, "ignoring stale complaints page");
            return Err(Error::InvalidResponse(format!(
                "stale complaints page (version {} < {held})",
                page.version
            )));
        }
        for view in &page.complaints {
            complaints::apply_server_view(tx, view, now)?;
        }
        for r in &page.rejections {
            complaints::apply_rejection(tx, r, now)?;
        }
        meta_set(tx, CURSOR_KEY, &page.cursor)?;
        meta_set(tx, VERSION_KEY, &page.version.to_string())?;
        Ok(())
    })?;
    report.complaints_updated += page.complaints.len() as u32;
    Ok(page.has_more)
}

fn held_version(conn: &Connection) -> Result<i64> {
    Ok(meta_get(conn, VERSION_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn bad<T>(m: String) -> Result<T> {
    Err(Error::InvalidResponse(m))
}

fn text_ok(s: &str, max: usize) -> bool {
    s.chars().count() <= max
}

fn id_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= MAX_ID_CHARS && !s.chars().any(char::is_control)
}

/// Everything the server says is bounded and well-formed before it is stored.
pub(crate) fn check_page(page: &MyComplaintsPage) -> Result<()> {
    if page.protocol > PROTOCOL_VERSION {
        return Err(Error::ProtocolTooNew {
            server: page.protocol,
            ours: PROTOCOL_VERSION,
        });
    }
    if page.complaints.len() > MAX_PULL_PAGE_ITEMS || page.rejections.len() > MAX_PULL_PAGE_ITEMS {
        return bad("too many items in one page".into());
    }
    if page.cursor.is_empty() || page.cursor.len() > 256 {
        return bad("cursor missing or too long".into());
    }
    if page.version < 0 {
        return bad("negative version".into());
    }
    for c in &page.complaints {
        check_view(c)?;
    }
    for r in &page.rejections {
        check_rejection(r)?;
    }
    Ok(())
}

fn check_view(c: &ComplaintView) -> Result<()> {
    let what = || format!("complaint {:?}", c.id.chars().take(40).collect::<String>());
    if !id_ok(&c.id)
        || !id_ok(&c.tracking_number)
        || !id_ok(&c.category)
        || c.agency.as_deref().is_some_and(|a| !id_ok(a))
    {
        return bad(format!("{}: bad id", what()));
    }
    if !text_ok(&c.title, MAX_TITLE_CHARS * 2)
        || !text_ok(&c.description, MAX_DESCRIPTION_CHARS * 2)
    {
        return bad(format!("{}: oversized text", what()));
    }
    let l = &c.location;
    if l.lat
        .is_some_and(|v| !(v.is_finite() && (-90.0..=90.0).contains(&v)))
        || l.lon
            .is_some_and(|v| !(v.is_finite() && (-180.0..=180.0).contains(&v)))
        || l.kecamatan.as_deref().is_some_and(|s| !id_ok(s))
        || l.desa.as_deref().is_some_and(|s| !id_ok(s))
        || l.address
            .as_deref()
            .is_some_and(|s| !text_ok(s, MAX_ADDRESS_CHARS * 2))
    {
        return bad(format!("{}: bad location", what()));
    }
    if c.photos.len() > MAX_PHOTOS || !c.photos.iter().all(|p| is_sha256_hex(p)) {
        return bad(format!("{}: bad photos", what()));
    }
    if c.events.len() > MAX_EVENTS {
        return bad(format!("{}: too many events", what()));
    }
    for e in &c.events {
        if !id_ok(&e.id)
            || !id_ok(&e.kind)
            || e.agency.as_deref().is_some_and(|a| !id_ok(a))
            || e.text
                .as_deref()
                .is_some_and(|t| !text_ok(t, MAX_TEXT_CHARS))
            || e.rating.is_some_and(|r| !(1..=5).contains(&r))
        {
            return bad(format!("{}: bad event", what()));
        }
    }
    Ok(())
}

pub(crate) fn check_rejection(r: &Rejection) -> Result<()> {
    if r.seq < 1
        || r.code.is_empty()
        || r.code.len() > 64
        || r.mutation.len() > 64
        || r.field.as_deref().is_some_and(|f| f.len() > 128)
        || r.entity_id.as_deref().is_some_and(|e| !id_ok(e))
        || !text_ok(&r.message, 2000)
    {
        return bad(format!("bad rejection for seq {}", r.seq));
    }
    Ok(())
}
