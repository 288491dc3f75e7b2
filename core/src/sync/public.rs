//! Online-only calls: the public complaints feed, similar complaints (to support
//! one instead of filing a duplicate), and phone verification. Without a
//! connection they fail with an `Offline` error; nothing is stored.

use pati_protocol::limits::{MAX_DESCRIPTION_CHARS, MAX_ID_CHARS, MAX_TITLE_CHARS};
use pati_protocol::{PhoneChallenge, PhoneStart, PhoneVerified, PhoneVerify, PublicComplaints};
use reqwest::Method;

use super::accounts;
use super::engine::Ctx;
use super::http::{urlencode, Request};
use crate::complaints::PublicComplaintView;
use crate::drafts::FieldError;
use crate::error::{Error, Result};

/// Most complaints one feed request returns.
pub const MAX_FEED: u32 = 100;

pub(crate) async fn feed(ctx: &Ctx<'_>, query: String) -> Result<Vec<PublicComplaintView>> {
    let req = Request::new(Method::GET, ctx.api(&query)).max_bytes(4 * 1024 * 1024);
    let reply = ctx.http.send(req).await?;
    if !reply.is_success() {
        return Err(reply.error());
    }
    let page: PublicComplaints = reply.parse("public complaints")?;
    if page.complaints.len() > MAX_FEED as usize {
        return Err(Error::InvalidResponse("too many public complaints".into()));
    }
    for c in &page.complaints {
        let id_ok = |s: &str| !s.is_empty() && s.chars().count() <= MAX_ID_CHARS;
        if !id_ok(&c.id)
            || !id_ok(&c.tracking_number)
            || c.title.chars().count() > MAX_TITLE_CHARS * 2
            || c.description.chars().count() > MAX_DESCRIPTION_CHARS * 2
        {
            return Err(Error::InvalidResponse("malformed public complaint".into()));
        }
    }
    Ok(page.complaints.into_iter().map(Into::into).collect())
}

pub(crate) fn feed_query(before: Option<i64>, limit: u32) -> String {
    let limit = limit.clamp(1, MAX_FEED);
    match before {
        Some(b) => format!("complaints/public?before={b}&limit={limit}"),
        None => format!("complaints/public?limit={limit}"),
    }
}

pub(crate) fn similar_query(
    category: Option<&str>,
    desa: Option<&str>,
    lat: Option<f64>,
    lon: Option<f64>,
    text: &str,
) -> String {
    let mut q = vec![];
    if let Some(c) = category {
        q.push(format!("category={}", urlencode(c)));
    }
    if let Some(d) = desa {
        q.push(format!("desa={}", urlencode(d)));
    }
    if let (Some(lat), Some(lon)) = (lat, lon) {
        q.push(format!("lat={lat}&lon={lon}"));
    }
    let text: String = text.chars().take(200).collect();
    if !text.trim().is_empty() {
        q.push(format!("text={}", urlencode(text.trim())));
    }
    format!("complaints/similar?{}", q.join("&"))
}

/// Phone answers' 4xx become field errors the form can show next to the input.
fn phone_error(reply: &super::http::Reply) -> Error {
    if matches!(reply.status, 400 | 403 | 409 | 410 | 422) {
        let code = reply.error_code().unwrap_or_else(|| "invalid".into());
        let field = if code.contains("phone") {
            "phone"
        } else {
            "code"
        };
        let (id, en) = if field == "phone" {
            ("Nomor HP tidak valid.", "Invalid phone number.")
        } else {
            (
                "Kode verifikasi salah atau kedaluwarsa.",
                "Wrong or expired verification code.",
            )
        };
        return Error::Validation(vec![FieldError::new(field, &code, id.into(), en.into())]);
    }
    reply.error()
}

pub(crate) async fn start_phone(ctx: &Ctx<'_>, phone: &str) -> Result<PhoneChallenge> {
    let (reply, ()) = ctx
        .call(|_| {
            let req = Request::new(Method::POST, ctx.api("phone/start")).json(&PhoneStart {
                phone: phone.into(),
            })?;
            Ok((req, ()))
        })
        .await?;
    if !reply.is_success() {
        return Err(phone_error(&reply));
    }
    reply.parse("phone challenge")
}

pub(crate) async fn verify_phone(ctx: &Ctx<'_>, phone: &str, code: &str) -> Result<String> {
    let (reply, ()) = ctx
        .call(|_| {
            let req = Request::new(Method::POST, ctx.api("phone/verify")).json(&PhoneVerify {
                phone: phone.into(),
                code: code.into(),
            })?;
            Ok((req, ()))
        })
        .await?;
    if !reply.is_success() {
        return Err(phone_error(&reply));
    }
    let verified: PhoneVerified = reply.parse("phone verified")?;
    if verified.phone.is_empty() || verified.phone.len() > 32 {
        return Err(Error::InvalidResponse("verified phone".into()));
    }
    ctx.write(|tx| accounts::set_phone(tx, &verified.phone))?;
    Ok(verified.phone)
}
