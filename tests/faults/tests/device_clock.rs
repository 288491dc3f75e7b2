//! Device clocks that are wrong: a device a day behind or a day ahead files and
//! syncs normally (the server orders and dates everything by its own clock), and a
//! clock set back after a failed pass does not make the device sit out the
//! difference before retrying. The device runs as a child process under
//! libfaketime (Debian package `faketime`, installed by scripts/test.sh).

use std::path::{Path, PathBuf};
use std::process::Command;

use pati_core::DeliveryState;
use pati_e2e::{device, Server};

fn libfaketime() -> PathBuf {
    let candidates = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
    ];
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("libfaketime is missing: apt-get install faketime (scripts/test.sh does)")
}

/// Runs the device binary with its clock shifted by `offset` (e.g. "-1d").
fn device_job(db: &Path, url: &str, offset: &str, job: &str, n: usize) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pati-fault-device"))
        .args([db.to_str().expect("utf-8 path"), url, job, &n.to_string()])
        .env("LD_PRELOAD", libfaketime())
        .env("FAKETIME", offset)
        // Timers stay on the real monotonic clock, as on a phone whose user
        // changed the wall-clock time.
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("RUST_LOG", "off")
        .output()
        .expect("run device");
    assert!(
        out.status.success(),
        "device {job} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `Some(n)` of `name=Some(n)` in a `state` line.
fn field<T: std::str::FromStr>(state_line: &str, name: &str) -> Option<T> {
    let rest = state_line.split(&format!("{name}=")).nth(1)?;
    let inner = rest.strip_prefix("Some(")?;
    inner.split(')').next()?.parse().ok()
}

fn next_delay(state_line: &str) -> Option<u64> {
    field(state_line, "next_delay")
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_device_clocks_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("server"), None).expect("server");
    let dev_dir = dir.path().join("device");
    {
        let core = device(&dev_dir, &server.url, "pati");
        core.sync_content().await.expect("content");
    }
    let db = dev_dir.join("pati.db");

    // Self-check: the shifted clock really is shifted.
    let real_now = unix_now();

    // A day behind, then a day ahead: both file and deliver.
    for offset in ["-1d", "+1d"] {
        let acks = device_job(&db, &server.url, offset, "submit", 2);
        assert_eq!(acks.lines().filter(|l| l.starts_with("ack ")).count(), 2);
        let synced = device_job(&db, &server.url, offset, "sync", 1);
        assert!(
            synced.contains("synced"),
            "sync with clock {offset}: {synced}"
        );
    }
    let core = device(&dev_dir, &server.url, "pati");
    let mine = core.my_complaints().expect("list");
    assert_eq!(mine.len(), 4);
    assert!(mine
        .iter()
        .all(|c| c.state == DeliveryState::Sent && c.tracking_number.is_some()));
    // The server dated them by its own clock.
    for c in &mine {
        assert!(
            (c.created_at - real_now).abs() < 600,
            "complaint dated {} by the device clock, not the server's {real_now}",
            c.created_at
        );
    }
    drop(core);

    // A pass fails (server unreachable) and backs off; then the clock is set back a
    // day. The next pass is due now, not in a day.
    device_job(&db, &server.url, "+0", "submit", 1);
    let failing_from = unix_now();
    let failed = device_job(&db, "http://127.0.0.1:9", "+0", "sync", 1);
    assert!(
        failed.contains("error"),
        "the pass should fail offline: {failed}"
    );
    let before = device_job(&db, &server.url, "+0", "state", 1);
    // The retry time, not the delay left: a 1 s backoff may be over by the time
    // this process has started.
    let retry_at: i64 = field(&before, "next_retry_at").expect("a backoff after the failure");
    let wait = retry_at - failing_from;
    assert!(
        (1..=300 + (unix_now() - failing_from)).contains(&wait),
        "backoff {wait} s: {before}"
    );
    let after = device_job(&db, &server.url, "-1d", "state", 1);
    assert_eq!(
        next_delay(&after),
        Some(0),
        "after the clock went back a day the device must retry at once: {after}"
    );
    let synced = device_job(&db, &server.url, "-1d", "sync", 1);
    assert!(synced.contains("synced"), "{synced}");
    let core = device(&dev_dir, &server.url, "pati");
    assert_eq!(core.sync_state().expect("state").pending_mutations, 0);
}
