//! Device accounts: registration, token refresh, phone verification.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use pati_protocol::{
    DeviceTokens, PhoneChallenge, PhoneStart, PhoneVerified, PhoneVerify, RefreshTokens,
    RegisterDevice,
};

use super::auth::{hosted, parse_json, read_body, ClientIp, Device};
use crate::complaints::phone;
use crate::devices::{self, Issued, OTP_MAX_ATTEMPTS, OTP_SECONDS};
use crate::error::{Error, Result};
use crate::storage::PhoneCheck;
use crate::AppState;

/// Account requests are tiny.
const MAX_ACCOUNT_BODY: usize = 4096;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn tokens(client_id: String, t: Issued) -> DeviceTokens {
    DeviceTokens {
        client_id,
        access_token: t.access_token,
        access_expires_at: t.access_expires_at,
        refresh_token: t.refresh_token,
    }
}

fn invalid(field: &str, message: &str) -> Error {
    Error::bad_request("invalid_request", format!("{field}: {message}"))
}

fn short_word(field: &str, s: &str) -> Result<()> {
    let ok = (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            "1 to 32 characters of a-z, 0-9, '.', '_', '-', '+'",
        ))
    }
}

/// `POST /api/v1/{j}/devices`
pub async fn register(
    State(state): State<AppState>,
    Path(j): Path<String>,
    ClientIp(ip): ClientIp,
    body: Body,
) -> Result<Response> {
    hosted(&state, &j)?;
    let req: RegisterDevice = parse_json(&read_body(body, MAX_ACCOUNT_BODY).await?)?;
    crate::complaints::validate::uuid("client_id", &req.client_id)
        .map_err(|e| invalid("client_id", &e.message))?;
    short_word("platform", &req.platform)?;
    short_word("app_version", &req.app_version)?;
    state.rate_limits.registration(ip)?;
    let t = devices::register(
        state.storage.as_ref(),
        &j,
        &req.client_id,
        &req.platform,
        &req.app_version,
        now(),
        &state.limits,
    )
    .await?;
    tracing::info!(jurisdiction = %j, client_id = %req.client_id, platform = %req.platform, "device registered");
    Ok((StatusCode::CREATED, Json(tokens(req.client_id, t))).into_response())
}

/// `POST /api/v1/{j}/devices/refresh`
pub async fn refresh(
    State(state): State<AppState>,
    Path(j): Path<String>,
    body: Body,
) -> Result<Json<DeviceTokens>> {
    hosted(&state, &j)?;
    let req: RefreshTokens = parse_json(&read_body(body, MAX_ACCOUNT_BODY).await?)?;
    if req.refresh_token.len() > 256 || req.client_id.len() > 64 {
        return Err(Error::refresh_refused("unknown client or refresh token"));
    }
    let t = devices::refresh(
        state.storage.as_ref(),
        &j,
        &req.client_id,
        &req.refresh_token,
        now(),
        &state.limits,
    )
    .await?;
    Ok(Json(tokens(req.client_id, t)))
}

fn normalized(raw: &str) -> Result<String> {
    phone::normalize(raw).ok_or_else(|| {
        Error::bad_request(
            "invalid_phone",
            "not an Indonesian mobile number (08…, +628…)",
        )
    })
}

/// `POST /api/v1/{j}/phone/start`
pub async fn phone_start(
    State(state): State<AppState>,
    device: Device,
    ClientIp(ip): ClientIp,
    body: Body,
) -> Result<Json<PhoneChallenge>> {
    let req: PhoneStart = parse_json(&read_body(body, MAX_ACCOUNT_BODY).await?)?;
    let phone = normalized(&req.phone)?;
    state.rate_limits.otp(ip, &phone)?;
    devices::start_phone(
        state.storage.as_ref(),
        &state.otp,
        &device.jurisdiction,
        &device.client_id,
        &phone,
        now(),
    )
    .await?;
    Ok(Json(PhoneChallenge {
        phone,
        expires_in: OTP_SECONDS,
    }))
}

/// `POST /api/v1/{j}/phone/verify`
pub async fn phone_verify(
    State(state): State<AppState>,
    device: Device,
    body: Body,
) -> Result<Json<PhoneVerified>> {
    let req: PhoneVerify = parse_json(&read_body(body, MAX_ACCOUNT_BODY).await?)?;
    let phone = normalized(&req.phone)?;
    let code: String = req
        .code
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(16)
        .collect();
    let outcome = state
        .storage
        .verify_phone(
            &device.jurisdiction,
            &device.client_id,
            &phone,
            &code,
            now(),
            OTP_MAX_ATTEMPTS,
        )
        .await?;
    let bad = |code, message: String| Err(Error::bad_request(code, message));
    match outcome {
        PhoneCheck::Verified => Ok(Json(PhoneVerified { phone })),
        PhoneCheck::Wrong { remaining } if remaining > 0 => {
            bad("otp_invalid", format!("wrong code; {remaining} tries left"))
        }
        PhoneCheck::Wrong { .. } | PhoneCheck::TooManyAttempts => bad(
            "otp_attempts_exceeded",
            format!("{OTP_MAX_ATTEMPTS} wrong codes: request a new one"),
        ),
        PhoneCheck::Expired => bad(
            "otp_expired",
            "the code has expired: request a new one".into(),
        ),
        PhoneCheck::NoChallenge => bad(
            "otp_not_started",
            "no code was requested for this number on this device".into(),
        ),
    }
}
