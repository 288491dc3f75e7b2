//! Device accounts: opaque tokens (only their SHA-256 is stored, so any replica can
//! check them against storage), one-time codes for phone verification behind a
//! pluggable [`OtpSender`], and the in-memory rate limits of the account endpoints.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use async_trait::async_trait;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::Rng;

use crate::accounts::{random_token, token_hash};
use crate::error::{Error, Result};
use crate::storage::{DeviceRefresh, NewDevice, NewPhoneChallenge, Storage};

/// Seconds a one-time code stays valid.
pub const OTP_SECONDS: i64 = 300;
/// Wrong codes a challenge survives; then it is dead and a new one must be started.
pub const OTP_MAX_ATTEMPTS: i64 = 5;

/// Delivers one-time codes. Production plugs an SMS or WhatsApp gateway here
/// (implement this trait and hand it to [`crate::AppState::with_otp_sender`]).
#[async_trait]
pub trait OtpSender: Send + Sync + 'static {
    async fn send(&self, jurisdiction: &str, phone: &str, code: &str) -> Result<()>;
}

/// Development sender: writes the code to the log. Never use it on a real
/// deployment — anyone reading the log could verify any number.
pub struct LogOtpSender;

#[async_trait]
impl OtpSender for LogOtpSender {
    async fn send(&self, jurisdiction: &str, phone: &str, code: &str) -> Result<()> {
        tracing::warn!(
            jurisdiction,
            phone,
            code,
            "one-time code (development sender: configure an SMS gateway in production)"
        );
        Ok(())
    }
}

/// The SMS (or WhatsApp) gateway [`WebhookOtpSender`] hands codes to.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpWebhook {
    /// `https://…` endpoint that accepts the JSON described in docs/OPERATIONS.md.
    pub url: String,
    /// Sent as `Authorization: Bearer <token>` when set.
    pub token: Option<String>,
}

impl std::fmt::Debug for OtpWebhook {
    // The token is a credential: never in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpWebhook")
            .field("url", &self.url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Production sender: POSTs each code as JSON (`jurisdiction`, `to`, `code` and a
/// ready-to-send Indonesian `message`) to the gateway. Most Indonesian SMS and
/// WhatsApp gateways take such a webhook, or a few lines of glue do; a plain HTTP
/// contract keeps vendors' SDKs out of the server. A refusal or timeout answers the
/// device 502 `otp_delivery_failed`, so the resident can ask again.
pub struct WebhookOtpSender {
    client: reqwest::Client,
    hook: OtpWebhook,
}

/// How long the gateway may take before the resident is told to try again.
const WEBHOOK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl WebhookOtpSender {
    pub fn new(hook: OtpWebhook) -> Result<WebhookOtpSender> {
        if !(hook.url.starts_with("https://") || hook.url.starts_with("http://")) {
            return Err(Error::Config(format!(
                "otp webhook url must be http(s)://…, got {:?}",
                hook.url
            )));
        }
        let client = reqwest::Client::builder()
            .timeout(WEBHOOK_TIMEOUT)
            .build()
            .map_err(|e| Error::Config(format!("otp webhook client: {e}")))?;
        Ok(WebhookOtpSender { client, hook })
    }
}

#[derive(serde::Serialize)]
struct OtpMessage<'a> {
    jurisdiction: &'a str,
    to: &'a str,
    code: &'a str,
    message: String,
}

#[async_trait]
impl OtpSender for WebhookOtpSender {
    async fn send(&self, jurisdiction: &str, phone: &str, code: &str) -> Result<()> {
        let body = OtpMessage {
            jurisdiction,
            to: phone,
            code,
            message: format!(
                "Kode verifikasi Pati Maju: {code}. Berlaku {} menit. Jangan berikan kode ini kepada siapa pun.",
                OTP_SECONDS / 60
            ),
        };
        let mut req = self.client.post(&self.hook.url).json(&body);
        if let Some(t) = &self.hook.token {
            req = req.bearer_auth(t);
        }
        let failure = match req.send().await {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) => format!("gateway answered {}", r.status()),
            Err(e) => format!("gateway unreachable: {e}"),
        };
        // Never the code or the number: the log is read by more people than the SMS.
        tracing::warn!(jurisdiction, %failure, "one-time code not delivered");
        Err(Error::api(
            axum::http::StatusCode::BAD_GATEWAY,
            "otp_delivery_failed",
            "the code could not be sent; try again in a moment",
        ))
    }
}

/// Rate limits and token lifetimes. A per-IP or per-phone limit of 0 turns it off
/// (load tests from one address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    pub registrations_per_ip_per_hour: u32,
    pub otp_per_phone_per_hour: u32,
    pub otp_per_ip_per_hour: u32,
    /// Complaints a device may file without a verified phone in 24 hours.
    pub anonymous_complaints_per_day: i64,
    pub access_token_seconds: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client the per-address
    /// limits count (empty: every request counts against its peer's address).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            registrations_per_ip_per_hour: 60,
            otp_per_phone_per_hour: 3,
            otp_per_ip_per_hour: 30,
            anonymous_complaints_per_day: 10,
            access_token_seconds: 3600,
            trusted_proxies: Vec::new(),
        }
    }
}

/// In-memory keyed limiters (per process: each replica enforces its own share; the
/// anonymous complaint limit lives in storage and is exact across replicas).
pub struct RateLimits {
    register_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
    otp_phone: Option<DefaultKeyedRateLimiter<String>>,
    otp_ip: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

fn per_hour<K: std::hash::Hash + Eq + Clone>(n: u32) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_hour(n)))
}

impl RateLimits {
    pub fn new(l: &Limits) -> RateLimits {
        RateLimits {
            register_ip: per_hour(l.registrations_per_ip_per_hour),
            otp_phone: per_hour(l.otp_per_phone_per_hour),
            otp_ip: per_hour(l.otp_per_ip_per_hour),
        }
    }

    /// Forgets addresses and numbers whose allowance is whole again, so the maps do
    /// not grow with every address ever seen (mobile networks hand out many).
    pub fn forget_idle(&self) {
        fn forget<K: std::hash::Hash + Eq + Clone>(l: &Option<DefaultKeyedRateLimiter<K>>) {
            if let Some(l) = l {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
        forget(&self.register_ip);
        forget(&self.otp_ip);
        forget(&self.otp_phone);
    }

    pub fn registration(&self, ip: IpAddr) -> Result<()> {
        match &self.register_ip {
            Some(l) if l.check_key(&ip).is_err() => Err(Error::rate_limited(
                "too many registrations from this address; try again later",
            )),
            _ => Ok(()),
        }
    }

    pub fn otp(&self, ip: IpAddr, phone: &str) -> Result<()> {
        if let Some(l) = &self.otp_ip {
            if l.check_key(&ip).is_err() {
                return Err(Error::rate_limited(
                    "too many codes requested from this address; try again later",
                ));
            }
        }
        if let Some(l) = &self.otp_phone {
            if l.check_key(&phone.to_owned()).is_err() {
                return Err(Error::rate_limited(
                    "too many codes sent to this number; try again later",
                ));
            }
        }
        Ok(())
    }
}

/// Tokens as handed to the device.
pub struct Issued {
    pub access_token: String,
    pub access_expires_at: i64,
    pub refresh_token: String,
}

fn issue(now: i64, limits: &Limits) -> Issued {
    Issued {
        access_token: random_token(32),
        access_expires_at: now + limits.access_token_seconds,
        refresh_token: random_token(32),
    }
}

/// Registers a new installation. A known client id is refused with `client_exists`
/// (409): nobody takes over another device's outbox by knowing its id.
pub async fn register(
    storage: &dyn Storage,
    jurisdiction: &str,
    client_id: &str,
    platform: &str,
    app_version: &str,
    now: i64,
    limits: &Limits,
) -> Result<Issued> {
    let t = issue(now, limits);
    let created = storage
        .register_device(NewDevice {
            jurisdiction: jurisdiction.to_owned(),
            client_id: client_id.to_owned(),
            platform: platform.to_owned(),
            app_version: app_version.to_owned(),
            refresh_hash: token_hash(&t.refresh_token),
            access_hash: token_hash(&t.access_token),
            access_expires_at: t.access_expires_at,
            now,
        })
        .await?;
    if !created {
        return Err(Error::api(
            axum::http::StatusCode::CONFLICT,
            "client_exists",
            "this client id is already registered: refresh its tokens, or register a new client id",
        ));
    }
    Ok(t)
}

/// Rotates the refresh token and issues a new access token.
pub async fn refresh(
    storage: &dyn Storage,
    jurisdiction: &str,
    client_id: &str,
    refresh_token: &str,
    now: i64,
    limits: &Limits,
) -> Result<Issued> {
    let t = issue(now, limits);
    let ok = storage
        .refresh_device(DeviceRefresh {
            jurisdiction: jurisdiction.to_owned(),
            client_id: client_id.to_owned(),
            presented_hash: token_hash(refresh_token),
            new_refresh_hash: token_hash(&t.refresh_token),
            access_hash: token_hash(&t.access_token),
            access_expires_at: t.access_expires_at,
            now,
        })
        .await?;
    if !ok {
        return Err(Error::refresh_refused(
            "unknown client or refresh token no longer valid",
        ));
    }
    Ok(t)
}

/// Starts a phone verification: stores the code's salted hash and sends the code.
pub async fn start_phone(
    storage: &dyn Storage,
    sender: &Arc<dyn OtpSender>,
    jurisdiction: &str,
    client_id: &str,
    phone: &str,
    now: i64,
) -> Result<()> {
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let salt = random_token(16);
    storage
        .start_phone_challenge(NewPhoneChallenge {
            jurisdiction: jurisdiction.to_owned(),
            client_id: client_id.to_owned(),
            phone: phone.to_owned(),
            code_hash: crate::storage::otp_hash(&salt, &code),
            salt,
            expires_at: now + OTP_SECONDS,
            now,
        })
        .await?;
    sender.send(jurisdiction, phone, &code).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgetting_idle_keys_keeps_a_spent_allowance_spent() {
        let limits = RateLimits::new(&Limits {
            registrations_per_ip_per_hour: 1,
            otp_per_phone_per_hour: 1,
            otp_per_ip_per_hour: 2,
            ..Limits::default()
        });
        let ip = IpAddr::from([203, 0, 113, 7]);
        assert!(limits.registration(ip).is_ok());
        assert!(limits.otp(ip, "+6281234567890").is_ok());
        limits.forget_idle();
        assert!(limits.registration(ip).is_err());
        assert!(limits.otp(ip, "+6281234567890").is_err());
        // Another address still has its own allowance.
        assert!(limits.registration(IpAddr::from([203, 0, 113, 8])).is_ok());
    }
}
