//! One sync pass, run by at most one task at a time: push the outbox, upload
//! photos, pull the resident's complaints, pull content. The outcome (success time,
//! error, backoff) is persisted so the shells can show it and schedule the next pass
//! with [`next_sync_delay`] even after a restart.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pati_protocol::{DeviceTokens, RefreshTokens, RegisterDevice};
use reqwest::Method;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::accounts::{self, Account};
use super::http::{Http, Reply, Request};
use super::state::{SyncErrorInfo, SyncListener, SyncReport, SyncState};
use super::{backoff, complaints, outbox, push, uploads};
use crate::error::{Error, Result};
use crate::store::{meta_get, meta_set};

const LAST_SUCCESS_KEY: &str = "sync.last_success_at";
const LAST_ERROR_KEY: &str = "sync.last_error";
const FAILURES_KEY: &str = "sync.failures";
const NEXT_ATTEMPT_KEY: &str = "sync.next_attempt_at";
/// The backoff chosen with NEXT_ATTEMPT_KEY: a longer wait than this means the
/// device clock went backwards since.
const BACKOFF_KEY: &str = "sync.backoff_secs";

/// Longest token or id accepted from the server.
const MAX_TOKEN_CHARS: usize = 4096;

/// In-memory side of sync, one per [`crate::Core`].
#[derive(Default)]
pub(crate) struct Engine {
    /// Held for the whole of a pass: one pass (and one push) in flight at a time.
    pass: tokio::sync::Mutex<()>,
    /// Passes finished so far, to let a caller that waited return that pass's report.
    passes: AtomicU64,
    last_report: Mutex<Option<SyncReport>>,
    running: AtomicBool,
    /// Bumped by a kiosk wipe; a pass started before it writes nothing more.
    pub(crate) epoch: AtomicU64,
    listener: Mutex<Option<Arc<dyn SyncListener>>>,
    /// The platform word sent at registration.
    platform: &'static str,
}

impl Engine {
    pub(crate) fn new(kiosk: bool) -> Self {
        Engine {
            platform: accounts::platform(kiosk),
            ..Engine::default()
        }
    }

    pub(crate) fn set_listener(&self, listener: Option<Arc<dyn SyncListener>>) {
        *self.listener.lock().unwrap_or_else(|p| p.into_inner()) = listener;
    }

    pub(crate) fn forget(&self) {
        *self.last_report.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Tells the listener the current state. Never called with the db lock held.
    pub(crate) fn notify(&self, db: &Mutex<Connection>) {
        let listener = self
            .listener
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(listener) = listener {
            match state(self, db) {
                Ok(s) => listener.on_sync_state(s),
                Err(e) => tracing::warn!(error = %e, "cannot read sync state"),
            }
        }
    }
}

/// Everything a pass needs, borrowed from the core.
pub(crate) struct Ctx<'a> {
    pub http: &'a Http,
    pub db: &'a Mutex<Connection>,
    pub jurisdiction: &'a str,
    pub engine: &'a Engine,
    epoch: u64,
    /// Largest `Retry-After` (seconds) seen in this pass; 0 for none.
    retry_after: AtomicU64,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        http: &'a Http,
        db: &'a Mutex<Connection>,
        jurisdiction: &'a str,
        engine: &'a Engine,
    ) -> Self {
        Ctx {
            http,
            db,
            jurisdiction,
            engine,
            epoch: engine.epoch.load(Ordering::SeqCst),
            retry_after: AtomicU64::new(0),
        }
    }

    /// Runs `f` while no sync pass runs (registration must not race a pass).
    pub(crate) async fn exclusive<T>(
        &self,
        f: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        let _pass = self.engine.pass.lock().await;
        f.await
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = crate::lock(self.db)?;
        f(&conn)
    }

    /// One IMMEDIATE transaction, refused if a wipe happened since the pass began.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = crate::lock(self.db)?;
        if self.engine.epoch.load(Ordering::SeqCst) != self.epoch {
            return Err(Error::Interrupted);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn notify(&self) {
        self.engine.notify(self.db);
    }

    pub(crate) fn api(&self, rest: &str) -> String {
        format!("/api/v1/{}/{rest}", self.jurisdiction)
    }

    fn note(&self, reply: &Reply) {
        if let Some(s) = reply.retry_after {
            self.retry_after.fetch_max(s, Ordering::SeqCst);
        }
    }

    /// Sends an authenticated request built by `make` from the current account.
    /// On 401 the tokens are refreshed (or the device registered again) and the
    /// request rebuilt and sent once more — `make` runs again because a new client
    /// id renumbers the outbox.
    pub(crate) async fn call<T>(
        &self,
        mut make: impl FnMut(&Account) -> Result<(Request, T)>,
    ) -> Result<(Reply, T)> {
        let mut retried = false;
        loop {
            let account = self.tokens().await?;
            let (mut req, extra) = make(&account)?;
            req.bearer = account.access_token.clone();
            let reply = self.http.send(req).await?;
            self.note(&reply);
            if reply.status == 401 && !retried {
                tracing::info!("access token refused; refreshing");
                retried = true;
                self.write(accounts::drop_access)?;
                continue;
            }
            return Ok((reply, extra));
        }
    }

    /// The account with an access token, refreshing or registering as needed.
    pub(crate) async fn tokens(&self) -> Result<Account> {
        let account = self.write(|tx| accounts::ensure(tx))?;
        if account.access_token.is_some() {
            return Ok(account);
        }
        if let Some(refresh_token) = &account.refresh_token {
            if self.refresh(&account.client_id, refresh_token).await? {
                return self.write(|tx| accounts::ensure(tx));
            }
        }
        self.register().await?;
        self.write(|tx| accounts::ensure(tx))
    }

    /// Trades the refresh token for new tokens; false if the server refused it.
    async fn refresh(&self, client_id: &str, refresh_token: &str) -> Result<bool> {
        let req = Request::new(Method::POST, self.api("devices/refresh")).json(&RefreshTokens {
            client_id: client_id.into(),
            refresh_token: refresh_token.into(),
        })?;
        let reply = self.http.send(req).await?;
        self.note(&reply);
        if reply.is_success() {
            let tokens = checked_tokens(&reply, client_id)?;
            self.write(|tx| accounts::store_tokens(tx, &tokens))?;
            return Ok(true);
        }
        // Only pati-server's definitive answer costs the device its identity (and
        // with it the updates of complaints filed under it); any other refusal —
        // a proxy's or captive portal's 401 — is retried on a later pass.
        if reply.status == 401 && reply.error_code().as_deref() == Some("refresh_refused") {
            tracing::warn!("refresh token refused; registering again");
            self.write(accounts::drop_tokens)?;
            return Ok(false);
        }
        Err(reply.error())
    }

    async fn register(&self) -> Result<()> {
        for _ in 0..2 {
            let account = self.write(|tx| accounts::ensure(tx))?;
            let req = Request::new(Method::POST, self.api("devices")).json(&RegisterDevice {
                client_id: account.client_id.clone(),
                platform: self.engine.platform.into(),
                app_version: env!("CARGO_PKG_VERSION").into(),
            })?;
            let reply = self.http.send(req).await?;
            self.note(&reply);
            if reply.is_success() {
                let tokens = checked_tokens(&reply, &account.client_id)?;
                self.write(|tx| accounts::store_tokens(tx, &tokens))?;
                tracing::info!("device registered");
                return Ok(());
            }
            if reply.status == 409 {
                // This client id is known but we cannot prove it is ours any more.
                self.write(|tx| accounts::new_client_id(tx).map(|_| ()))?;
                continue;
            }
            return Err(reply.error());
        }
        Err(Error::Server {
            status: 409,
            code: "client_exists".into(),
            message: "registration refused twice".into(),
        })
    }
}

fn checked_tokens(reply: &Reply, client_id: &str) -> Result<DeviceTokens> {
    let tokens: DeviceTokens = reply.parse("device tokens")?;
    let ok =
        |s: &str| !s.is_empty() && s.len() <= MAX_TOKEN_CHARS && !s.chars().any(char::is_control);
    if tokens.client_id != client_id || !ok(&tokens.access_token) || !ok(&tokens.refresh_token) {
        return Err(Error::InvalidResponse("device tokens".into()));
    }
    Ok(tokens)
}

/// Runs one pass, or waits for the running one and returns its report.
pub(crate) async fn run(
    http: &Http,
    db: &Mutex<Connection>,
    jurisdiction: &str,
    engine: &Engine,
) -> Result<SyncReport> {
    let seen = engine.passes.load(Ordering::SeqCst);
    let _pass = engine.pass.lock().await;
    if engine.passes.load(Ordering::SeqCst) != seen {
        let last = engine
            .last_report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(report) = last {
            return Ok(report);
        }
    }
    engine.running.store(true, Ordering::SeqCst);
    engine.notify(db);
    let ctx = Ctx::new(http, db, jurisdiction, engine);
    let result = pass(&ctx).await;
    let now = crate::unix_now();
    let retry_after = Some(ctx.retry_after.load(Ordering::SeqCst)).filter(|s| *s > 0);
    let recorded = ctx.write(|tx| record(tx, &result, retry_after, now));
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "sync outcome not recorded");
    }
    engine.running.store(false, Ordering::SeqCst);
    engine.passes.fetch_add(1, Ordering::SeqCst);
    *engine.last_report.lock().unwrap_or_else(|p| p.into_inner()) = result.as_ref().ok().cloned();
    engine.notify(db);
    result
}

async fn pass(ctx: &Ctx<'_>) -> Result<SyncReport> {
    let mut report = SyncReport::default();
    let mut first_error: Option<Error> = None;
    // A device that never submitted anything needs no account: it only reads content.
    // One that only supported others' complaints still pulls: a refusal of its
    // support arrives that way when the push's own answer was lost.
    let has_work = ctx.read(|c| {
        Ok(outbox::pending(c)? > 0
            || uploads::pending(c)? > 0
            || c.query_row(
                "SELECT EXISTS(SELECT 1 FROM complaint) OR EXISTS(SELECT 1 FROM complaint_action)",
                [],
                |r| r.get::<_, bool>(0),
            )?)
    })?;
    if has_work {
        // The outbox first: a complaint is a few KB and reaches the agency even on a
        // connection too poor for its photos, which may follow later.
        if let Err(e) = push::push(ctx, &mut report).await {
            tracing::warn!(error = %e, "push failed");
            first_error.get_or_insert(e);
        }
        if !stop(&first_error) {
            if let Err(e) = uploads::upload_all(ctx, &mut report).await {
                tracing::warn!(error = %e, "uploads failed");
                first_error.get_or_insert(e);
            }
        }
        if !stop(&first_error) {
            if let Err(e) = complaints::pull(ctx, &mut report).await {
                tracing::warn!(error = %e, "complaints pull failed");
                first_error.get_or_insert(e);
            }
        }
    }
    if !stop(&first_error) {
        match super::pull_content(ctx.http, ctx.db, ctx.jurisdiction, crate::unix_now()).await {
            Ok(r) => report.content = Some(r),
            Err(e) => {
                tracing::warn!(error = %e, "content pull failed");
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// After a network failure (or a wipe) the other steps would only wait for timeouts.
fn stop(error: &Option<Error>) -> bool {
    matches!(error, Some(Error::Network(_) | Error::Interrupted))
}

fn record(
    tx: &Transaction,
    result: &Result<SyncReport>,
    retry_after: Option<u64>,
    now: i64,
) -> Result<()> {
    match result {
        Ok(_) => {
            meta_set(tx, LAST_SUCCESS_KEY, &now.to_string())?;
            tx.execute(
                "DELETE FROM meta WHERE key IN (?1, ?2, ?3, ?4)",
                [LAST_ERROR_KEY, FAILURES_KEY, NEXT_ATTEMPT_KEY, BACKOFF_KEY],
            )?;
        }
        Err(e) => {
            let failures: u32 = meta_get(tx, FAILURES_KEY)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0u32)
                .saturating_add(1);
            let delay = backoff::delay_secs(failures, retry_after, &mut rand::rng());
            meta_set(tx, FAILURES_KEY, &failures.to_string())?;
            meta_set(tx, NEXT_ATTEMPT_KEY, &(now + delay as i64).to_string())?;
            meta_set(tx, BACKOFF_KEY, &delay.to_string())?;
            let info = serde_json::to_string(&SyncErrorInfo::of(e)).unwrap_or_default();
            meta_set(tx, LAST_ERROR_KEY, &info)?;
            tracing::info!(failures, delay, "sync failed; backing off");
        }
    }
    Ok(())
}

fn meta_i64(conn: &Connection, key: &str) -> Result<Option<i64>> {
    Ok(meta_get(conn, key)?.and_then(|v| v.parse().ok()))
}

pub(crate) fn state(engine: &Engine, db: &Mutex<Connection>) -> Result<SyncState> {
    let conn = crate::lock(db)?;
    let (pending_photos, sent, total): (u32, i64, i64) = conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(sent), 0), COALESCE(SUM(size), 0) FROM upload",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let failed_items: u32 = conn.query_row(
        "SELECT (SELECT COUNT(*) FROM complaint WHERE state = 'failed')
              + (SELECT COUNT(*) FROM complaint_action WHERE state = 'failed')",
        [],
        |r| r.get(0),
    )?;
    let account = accounts::load(&conn)?;
    let last_error = meta_get(&conn, LAST_ERROR_KEY)?.and_then(|j| parse_error_info(&j));
    Ok(SyncState {
        running: engine.running.load(Ordering::SeqCst),
        pending_mutations: outbox::pending(&conn)?,
        failed_items,
        pending_photos,
        photo_bytes_sent: sent.max(0) as u64,
        photo_bytes_total: total.max(0) as u64,
        last_success_at: meta_i64(&conn, LAST_SUCCESS_KEY)?,
        last_error,
        next_retry_at: meta_i64(&conn, NEXT_ATTEMPT_KEY)?,
        registered: account
            .as_ref()
            .is_some_and(|a| a.access_token.is_some() || a.refresh_token.is_some()),
        phone: account.and_then(|a| a.phone),
    })
}

fn parse_error_info(json: &str) -> Option<SyncErrorInfo> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let s = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Some(SyncErrorInfo {
        kind: s("kind"),
        message_id: s("message_id"),
        message_en: s("message_en"),
        detail: s("detail"),
    })
}

/// Seconds until the next pass is worth running: `Some(0)` with work waiting and no
/// backoff, `Some(n)` while backing off, `None` when nothing waits (shells then
/// sync on their own schedule, e.g. for new content or answers).
pub(crate) fn next_sync_delay(db: &Mutex<Connection>, now: i64) -> Result<Option<u64>> {
    let conn = crate::lock(db)?;
    let outbox_waiting = outbox::pending(&conn)? > 0;
    // A photo parked on its own backoff is due at its own time, not at once (the
    // shell would spin passes that have nothing to do).
    let photo_due: Option<i64> =
        conn.query_row("SELECT MIN(next_attempt_at) FROM upload", [], |r| r.get(0))?;
    let photo_delay = photo_due.map(|at| {
        if at - now > backoff::MAX_DELAY_SECS as i64 {
            0 // the clock went back
        } else {
            (at - now).max(0) as u64
        }
    });
    let next = meta_i64(&conn, NEXT_ATTEMPT_KEY)?;
    let backoff = meta_i64(&conn, BACKOFF_KEY)?.unwrap_or(backoff::MAX_RETRY_AFTER_SECS as i64);
    Ok(match next {
        // Client clocks are information only: a wait longer than the backoff that
        // was chosen means the clock was set back (a day, a dead RTC battery), and
        // the device must not sit out the difference.
        Some(at) if at - now > backoff => Some(0),
        Some(at) if at > now => Some((at - now) as u64),
        Some(_) => Some(0),
        None if outbox_waiting => Some(0),
        None => photo_delay,
    })
}

/// Keys a wipe removes from `meta`.
pub(crate) const META_KEYS: [&str; 5] = [
    LAST_SUCCESS_KEY,
    LAST_ERROR_KEY,
    FAILURES_KEY,
    NEXT_ATTEMPT_KEY,
    BACKOFF_KEY,
];
