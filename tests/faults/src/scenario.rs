//! Seeded end-to-end scenarios: residents on one or two devices draft complaints
//! with photos, reply, support and rate, and sync through the fault proxy while it
//! breaks the network (and sometimes restarts the server). When the faults stop
//! and sync goes idle, the checks require:
//! - 0 lost and 0 duplicated complaints, replies, supports and photos: everything
//!   the devices confirmed is on the server exactly once, with the same bytes;
//! - every outbox entry either confirmed or shown to the resident as rejected;
//! - device and server agree on every complaint (status, tracking number, events);
//! - no cursor (content or complaints) ever moved backwards.
//!
//! Server state is read from its SQLite file directly (read-only), so the checks
//! do not trust the API they are checking.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, ensure, Context, Result};
use pati_core::{ComplaintLocation, Core, DeliveryState, DraftPatch, ErrorKind, Language};
use pati_e2e::Server;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

use crate::proxy::{Fault, FaultProxy, FaultRates, RestartHook};

const JURISDICTION: &str = "pati";

/// One server (embedded SQLite), one proxy, and a device database with the Pati
/// content already synced that every scenario device starts from.
pub struct Harness {
    pub dir: tempfile::TempDir,
    server: Arc<Mutex<Option<Server>>>,
    server_dir: PathBuf,
    pub proxy: FaultProxy,
    template: PathBuf,
    devices: Mutex<u64>,
    categories: Vec<String>,
    desa: Vec<(String, String)>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Harness {
    pub async fn start(seed: u64) -> Result<Harness> {
        let dir = tempfile::tempdir()?;
        let server_dir = dir.path().join("server");
        // Every scenario installs new devices from 127.0.0.1, and a device may
        // file more than a resident would in a day: lift the limits meant for the
        // public internet (rate limiting has its own tests in pati-server).
        std::env::set_var("PATI_REGISTRATIONS_PER_IP_PER_HOUR", "1000000");
        std::env::set_var("PATI_ANONYMOUS_COMPLAINTS_PER_DAY", "1000000");
        let server = Server::start(&server_dir, None)?;
        let url = server.url.clone();
        let server = Arc::new(Mutex::new(Some(server)));

        // The template device syncs content on a clean network, once.
        let template_dir = dir.path().join("template");
        let template = template_dir.join(format!("{JURISDICTION}.db"));
        let (categories, desa) = {
            let core = pati_e2e::device(&template_dir, &url, JURISDICTION);
            core.sync_content().await.context("template content sync")?;
            let categories: Vec<String> = core
                .complaint_categories(Language::Id)?
                .into_iter()
                .map(|c| c.id)
                .collect();
            let mut desa = Vec::new();
            for k in core.kecamatan()?.into_iter().take(4) {
                for d in core.desa(&k.code)?.into_iter().take(5) {
                    desa.push((k.code.clone(), d.code));
                }
            }
            (categories, desa)
        };
        ensure!(
            !categories.is_empty() && !desa.is_empty(),
            "template has no content"
        );
        {
            // Fold the WAL into the file so a plain copy is a complete database.
            let conn = rusqlite::Connection::open(&template)?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }

        let restart_server = server.clone();
        let restart_dir = server_dir.clone();
        let hook: RestartHook = Arc::new(move || {
            let mut guard = lock(&restart_server);
            if let Some(old) = guard.take() {
                old.stop(); // SIGKILL: no graceful shutdown
            }
            let fresh = Server::start(&restart_dir, None)?;
            let url = fresh.url.clone();
            *guard = Some(fresh);
            Ok(url)
        });
        let proxy = FaultProxy::start(&url, seed, Some(hook)).await?;
        Ok(Harness {
            dir,
            server,
            server_dir,
            proxy,
            template,
            devices: Mutex::new(0),
            categories,
            desa,
        })
    }

    /// A new device (fresh installation) behind the proxy, content already cached.
    pub fn device(&self) -> Result<Device> {
        let n = {
            let mut d = lock(&self.devices);
            *d += 1;
            *d
        };
        let dir = self.dir.path().join(format!("device-{n}"));
        std::fs::create_dir_all(&dir)?;
        let db = dir.join(format!("{JURISDICTION}.db"));
        std::fs::copy(&self.template, &db)?;
        let core = pati_e2e::device(&dir, &self.proxy.url, JURISDICTION);
        Ok(Device {
            core,
            dir,
            db,
            cursors: (0, 0),
        })
    }

    /// Removes a finished scenario's device folders (the server keeps its data).
    pub fn forget(&self, devices: Vec<Device>) {
        for d in devices {
            let dir = d.dir.clone();
            drop(d);
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    pub fn server_url(&self) -> String {
        lock(&self.server)
            .as_ref()
            .map(|s| s.url.clone())
            .unwrap_or_default()
    }

    fn server_db(&self) -> Result<rusqlite::Connection> {
        let conn = rusqlite::Connection::open_with_flags(
            self.server_dir.join("pati.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(conn)
    }

    fn blob_path(&self, sha: &str) -> PathBuf {
        self.server_dir.join("blobs").join(JURISDICTION).join(sha)
    }
}

/// A scenario device and the cursors it has been seen to hold.
pub struct Device {
    pub core: Core,
    dir: PathBuf,
    db: PathBuf,
    /// (content version, complaints version) last seen.
    cursors: (i64, i64),
}

impl Device {
    /// Reads the cursors from the device's file and checks they never go back.
    fn check_cursors(&mut self) -> Result<()> {
        let conn = rusqlite::Connection::open_with_flags(
            &self.db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let get = |key: &str| -> Result<i64> {
            let v: Option<String> = conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .ok();
            Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
        };
        let now = (get("content.version")?, get("complaints.version")?);
        ensure!(
            now.0 >= self.cursors.0 && now.1 >= self.cursors.1,
            "cursor moved backwards: {:?} -> {now:?}",
            self.cursors
        );
        self.cursors = now;
        Ok(())
    }
}

/// What one scenario did, for the run's summary.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    pub complaints: usize,
    pub photos: usize,
    pub replies: usize,
    pub supports: usize,
    pub rejected: usize,
    pub failed_passes: usize,
}

impl std::ops::AddAssign<&Outcome> for Outcome {
    fn add_assign(&mut self, o: &Outcome) {
        self.complaints += o.complaints;
        self.photos += o.photos;
        self.replies += o.replies;
        self.supports += o.supports;
        self.rejected += o.rejected;
        self.failed_passes += o.failed_passes;
    }
}

/// What the residents did, to compare with both ends afterwards.
#[derive(Default)]
struct Ledger {
    /// (device index, complaint id, photo hashes, confidential)
    complaints: Vec<(usize, String, Vec<String>, bool)>,
    /// (device index, action id, complaint id, kind)
    actions: Vec<(usize, String, String, &'static str)>,
}

/// A small PNG with a pattern only this seed and counter produce.
fn photo(rng: &mut ChaCha8Rng) -> Result<Vec<u8>> {
    let (w, h) = (
        48 + rng.random_range(0..32u32),
        36 + rng.random_range(0..24u32),
    );
    let base: [u8; 3] = rng.random();
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            base[0].wrapping_add((x * 5) as u8),
            base[1].wrapping_add((y * 7) as u8),
            base[2] ^ ((x * y) as u8),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

/// Runs one scenario from `seed`. `restarts` allows server restarts as a fault.
pub async fn run(h: &Harness, seed: u64, restarts: bool) -> Result<Outcome> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_devices = 1 + rng.random_range(0..2usize);
    let mut devices: Vec<Device> = (0..n_devices).map(|_| h.device()).collect::<Result<_>>()?;
    match play(h, seed, restarts, rng, &mut devices).await {
        Ok(outcome) => {
            h.forget(devices);
            Ok(outcome)
        }
        Err(e) => {
            let kept = keep_evidence(h, seed, &devices);
            Err(e.context(format!("databases kept in {kept}")))
        }
    }
}

async fn play(
    h: &Harness,
    seed: u64,
    restarts: bool,
    mut rng: ChaCha8Rng,
    devices: &mut [Device],
) -> Result<Outcome> {
    let tag = format!("S{seed:x}");
    let n_devices = devices.len();
    let mut ledger = Ledger::default();
    let mut outcome = Outcome::default();
    h.proxy.reseed(seed);
    h.proxy.set_rates(FaultRates::all(0.35, restarts));

    let steps = 4 + rng.random_range(0..10usize);
    for step in 0..steps {
        let d = rng.random_range(0..n_devices);
        match rng.random_range(0..100u32) {
            0..=34 => {
                let core = &devices[d].core;
                let draft = core.create_draft()?;
                let (kec, desa) = h.desa[rng.random_range(0..h.desa.len())].clone();
                let confidential = rng.random_bool(0.2);
                core.update_draft(
                    &draft.id,
                    DraftPatch {
                        category: Some(h.categories[rng.random_range(0..h.categories.len())].clone()),
                        title: Some(format!("Uji {tag}-{step} jalan berlubang")),
                        description: Some(format!(
                            "Laporan uji {tag} langkah {step}: lubang besar di jalan desa, membahayakan pengendara."
                        )),
                        location: Some(ComplaintLocation {
                            lat: None,
                            lon: None,
                            kecamatan: Some(kec),
                            desa: Some(desa),
                            address: Some("RT 02 RW 03".into()),
                        }),
                        anonymous: Some(rng.random_bool(0.3)),
                        confidential: Some(confidential),
                    },
                )?;
                let mut hashes = Vec::new();
                for _ in 0..rng.random_range(0..=2u32) {
                    hashes.push(core.add_draft_photo(&draft.id, &photo(&mut rng)?)?.sha256);
                }
                let c = core.submit_draft(&draft.id)?;
                ledger.complaints.push((d, c.id, hashes, confidential));
            }
            35..=49 => {
                let own: Vec<String> = ledger
                    .complaints
                    .iter()
                    .filter(|c| c.0 == d)
                    .map(|c| c.1.clone())
                    .collect();
                if let Some(id) = own.get(rng.random_range(0..own.len().max(1))) {
                    let a = devices[d].core.reply(
                        id,
                        &format!("Balasan {tag}-{step}: mohon segera ditindaklanjuti."),
                    )?;
                    ledger.actions.push((d, a.id, id.clone(), "reply"));
                }
            }
            50..=59 => {
                let others: Vec<String> = ledger
                    .complaints
                    .iter()
                    .filter(|c| c.0 != d && !c.3)
                    .map(|c| c.1.clone())
                    .collect();
                if let Some(id) = others.get(rng.random_range(0..others.len().max(1))) {
                    let a = devices[d].core.support(id)?;
                    ledger.actions.push((d, a.id, id.clone(), "support"));
                }
            }
            60..=64 => {
                // Rating a complaint nobody resolved yet: the server must refuse it,
                // and the resident must see why.
                let own: Vec<String> = ledger
                    .complaints
                    .iter()
                    .filter(|c| c.0 == d)
                    .map(|c| c.1.clone())
                    .collect();
                if let Some(id) = own.first() {
                    let a = devices[d].core.rate(id, 5, "Terima kasih")?;
                    ledger.actions.push((d, a.id, id.clone(), "rate"));
                }
            }
            _ => {
                let dev = &mut devices[d];
                if let Err(e) = dev.core.sync().await {
                    outcome.failed_passes += 1;
                    ensure!(
                        matches!(
                            e.kind(),
                            ErrorKind::Offline | ErrorKind::Server | ErrorKind::InvalidResponse
                        ),
                        "untyped sync failure: {e:?}"
                    );
                }
                dev.check_cursors()?;
            }
        }
    }

    // Faults stop; everything in flight arrives; sync goes idle.
    h.proxy.set_rates(FaultRates::none());
    h.proxy.flush_replays().await;
    for dev in devices.iter_mut() {
        let mut idle = false;
        for _ in 0..10 {
            let result = dev.core.sync().await;
            dev.check_cursors()?;
            let st = dev.core.sync_state()?;
            if result.is_ok() && st.pending_mutations == 0 && st.pending_photos == 0 {
                idle = true;
                break;
            }
        }
        ensure!(idle, "device never went idle: {:?}", dev.core.sync_state()?);
    }
    // Pull once more so every device has every change (supports by others, ...).
    for dev in devices.iter_mut() {
        dev.core.sync().await?;
        dev.check_cursors()?;
    }

    check(h, &tag, devices, &ledger, &mut outcome)?;
    Ok(outcome)
}

/// Copies the devices' and the server's databases (with WAL) out of the temporary
/// folder, so a failure can be inspected after the test process is gone.
fn keep_evidence(h: &Harness, seed: u64, devices: &[Device]) -> String {
    let out = std::env::temp_dir().join(format!("pati-fault-{seed}"));
    let _ = std::fs::create_dir_all(&out);
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for (i, d) in devices.iter().enumerate() {
        files.push((d.db.clone(), format!("device-{i}.db")));
    }
    files.push((h.server_dir.join("pati.db"), "server.db".into()));
    for (from, name) in files {
        for suffix in ["", "-wal"] {
            let src = PathBuf::from(format!("{}{suffix}", from.display()));
            if src.exists() {
                let _ = std::fs::copy(&src, out.join(format!("{name}{suffix}")));
            }
        }
    }
    out.display().to_string()
}

fn check(
    h: &Harness,
    tag: &str,
    devices: &[Device],
    ledger: &Ledger,
    outcome: &mut Outcome,
) -> Result<()> {
    let db = h.server_db()?;
    // No extra complaints: the server has exactly this scenario's ids.
    let on_server: BTreeSet<String> = db
        .prepare("SELECT id FROM complaint WHERE jurisdiction = ?1 AND title LIKE ?2")?
        .query_map([JURISDICTION, &format!("Uji {tag}-%")], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let submitted: BTreeSet<String> = ledger.complaints.iter().map(|c| c.1.clone()).collect();
    ensure!(
        on_server == submitted,
        "complaints lost or invented: submitted {submitted:?}, server {on_server:?}"
    );

    for (d, id, photos, _) in &ledger.complaints {
        let core = &devices[*d].core;
        let local = core
            .complaint(id)?
            .ok_or_else(|| anyhow!("device lost complaint {id}"))?;
        ensure!(
            local.state == DeliveryState::Sent,
            "complaint {id} is {:?}",
            local.state
        );
        let (tracking, status): (String, String) = db.query_row(
            "SELECT tracking_number, status FROM complaint WHERE jurisdiction = ?1 AND id = ?2",
            [JURISDICTION, id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        ensure!(
            local.tracking_number.as_deref() == Some(tracking.as_str()),
            "tracking number differs for {id}: device {:?}, server {tracking}",
            local.tracking_number
        );
        let local_status = local
            .status
            .map(|s| format!("{s:?}"))
            .unwrap_or_default()
            .to_lowercase();
        ensure!(
            local_status.replace('_', "") == status.replace('_', ""),
            "status differs for {id}: device {local_status}, server {status}"
        );

        // Photos: the same set, each stored once with the device's exact bytes.
        let server_photos: BTreeSet<String> = db
            .prepare(
                "SELECT sha256 FROM complaint_photo WHERE jurisdiction = ?1 AND complaint_id = ?2",
            )?
            .query_map([JURISDICTION, id.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let expected: BTreeSet<String> = photos.iter().cloned().collect();
        ensure!(
            server_photos == expected,
            "photos differ for {id}: {server_photos:?} vs {expected:?}"
        );
        for sha in photos {
            let bytes = std::fs::read(h.blob_path(sha))
                .with_context(|| format!("photo {sha} of {id} not in the blob store"))?;
            let got = hex(&Sha256::digest(&bytes));
            ensure!(&got == sha, "blob {sha} has other bytes ({got})");
            let local_bytes = core
                .photo(sha)?
                .ok_or_else(|| anyhow!("device lost photo {sha}"))?;
            ensure!(
                local_bytes == bytes,
                "photo {sha} differs between device and server"
            );
            outcome.photos += 1;
        }

        // Timeline: every event the server shows the resident is on the device once.
        let server_events: Vec<String> = db
            .prepare(
                "SELECT id FROM complaint_event WHERE jurisdiction = ?1 AND complaint_id = ?2 AND internal = 0",
            )?
            .query_map([JURISDICTION, id.as_str()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let local_events: Vec<String> = local
            .events
            .iter()
            .filter(|e| e.state == DeliveryState::Sent)
            .map(|e| e.id.clone())
            .collect();
        let (a, b): (BTreeSet<_>, BTreeSet<_>) = (
            server_events.iter().cloned().collect(),
            local_events.iter().cloned().collect(),
        );
        ensure!(
            a == b,
            "timeline differs for {id}: server {a:?}, device {b:?}"
        );
        ensure!(
            local_events.len() == b.len(),
            "device shows an event twice for {id}"
        );
        outcome.complaints += 1;
    }

    // Actions: confirmed ones are on the server exactly once; refused ones are not,
    // and the resident sees why.
    let mut supports: HashMap<String, usize> = HashMap::new();
    for (d, action_id, complaint_id, kind) in &ledger.actions {
        let actions = devices[*d].core.complaint_actions(complaint_id)?;
        let a = actions
            .iter()
            .find(|a| &a.id == action_id)
            .ok_or_else(|| anyhow!("device lost its {kind} {action_id}"))?;
        match a.state {
            DeliveryState::Sent => match *kind {
                "reply" => {
                    let n: i64 = db.query_row(
                        "SELECT COUNT(*) FROM complaint_event WHERE jurisdiction = ?1 AND id = ?2 AND kind = 'reply'",
                        [JURISDICTION, action_id.as_str()],
                        |r| r.get(0),
                    )?;
                    ensure!(n == 1, "reply {action_id} is on the server {n} times");
                    outcome.replies += 1;
                }
                "support" => {
                    *supports.entry(complaint_id.clone()).or_default() += 1;
                    outcome.supports += 1;
                }
                "rate" => bail!("rating {action_id} of an unresolved complaint was accepted"),
                _ => {}
            },
            DeliveryState::Failed => {
                let r = a
                    .rejection
                    .as_ref()
                    .ok_or_else(|| anyhow!("{kind} {action_id} failed without a reason"))?;
                ensure!(
                    !r.code.is_empty(),
                    "{kind} {action_id}: empty rejection code"
                );
                if *kind == "reply" {
                    bail!("reply {action_id} to the resident's own complaint was refused: {r:?}");
                }
                outcome.rejected += 1;
            }
            other => bail!("{kind} {action_id} is still {other:?} after sync went idle"),
        }
    }
    // Support counts once per device, whatever was retried.
    for (complaint_id, n) in supports {
        let (rows, count): (i64, i64) = db.query_row(
            "SELECT (SELECT COUNT(*) FROM complaint_support WHERE jurisdiction = ?1 AND complaint_id = ?2),
                    (SELECT support_count FROM complaint WHERE jurisdiction = ?1 AND id = ?2)",
            [JURISDICTION, complaint_id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Only the other device supports a complaint in these scenarios.
        ensure!(
            rows == 1 && count == 1,
            "support for {complaint_id}: {rows} rows, count {count}, confirmed {n} times"
        );
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Summary line of a run.
pub fn summary(total: &Outcome, faults: &BTreeMap<Fault, u64>, scenarios: usize) -> String {
    format!(
        "{scenarios} scenarios: {} complaints, {} photos, {} replies, {} supports, {} rejected as expected, {} failed passes; faults {faults:?}",
        total.complaints, total.photos, total.replies, total.supports, total.rejected, total.failed_passes
    )
}

/// Where a scenario's device folders live (for a failure report).
pub fn device_dir(h: &Harness) -> &Path {
    h.dir.path()
}
