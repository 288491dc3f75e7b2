//! SIGKILL at random points while a device submits complaints and while it syncs:
//! every submission the core acknowledged survives the kill, and once a fresh
//! process syncs to idle, each reaches the server exactly once.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use pati_core::DeliveryState;
use pati_e2e::{device, Server};
use pati_faults::seed_from_env;
use rand::{Rng, SeedableRng};

fn device_bin() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_BIN_EXE_pati-fault-device"))
}

/// Runs `job`, kills it after `kill_after`, returns the acknowledged ids.
fn run_and_kill(
    db: &std::path::Path,
    url: &str,
    job: &str,
    n: usize,
    kill_after: Duration,
) -> Vec<String> {
    let mut child = Command::new(device_bin())
        .args([db.to_str().expect("utf-8 path"), url, job, &n.to_string()])
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn device");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| l.strip_prefix("ack ").map(str::to_owned))
            .collect::<Vec<_>>()
    });
    std::thread::sleep(kill_after);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    reader.join().expect("reader")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_sigkill_and_arrive_once() {
    let seed = seed_from_env();
    eprintln!("device_crash seed {seed} (replay: PATI_FAULT_SEED={seed})");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("temp dir");
    // One device files hundreds of complaints here: lift the per-device daily
    // limit for unverified reporters (it has its own tests in pati-server).
    std::env::set_var("PATI_ANONYMOUS_COMPLAINTS_PER_DAY", "1000000");
    let server = Server::start(&dir.path().join("server"), None).expect("server");
    let dev_dir = dir.path().join("device");
    {
        let core = device(&dev_dir, &server.url, "pati");
        core.sync_content().await.expect("content");
    }
    let db = dev_dir.join("pati.db");

    let mut acked: Vec<String> = Vec::new();
    for round in 0..12 {
        // Alternate killing a submitting process and a syncing one.
        let (job, n) = if round % 2 == 0 {
            ("submit", 5000)
        } else {
            ("sync", 50)
        };
        let after = Duration::from_millis(rng.random_range(20..400));
        acked.extend(run_and_kill(&db, &server.url, job, n, after));
        let core = device(&dev_dir, &server.url, "pati");
        let mine: Vec<String> = core
            .my_complaints()
            .expect("list after kill")
            .into_iter()
            .map(|c| c.id)
            .collect();
        for id in &acked {
            assert!(
                mine.contains(id),
                "round {round}: acknowledged complaint {id} lost by SIGKILL"
            );
        }
    }
    assert!(
        !acked.is_empty(),
        "no submission was acknowledged before a kill"
    );

    let core = device(&dev_dir, &server.url, "pati");
    for _ in 0..10 {
        let ok = core.sync().await.is_ok();
        if ok && core.sync_state().expect("state").pending_mutations == 0 {
            break;
        }
    }
    let all = core.my_complaints().expect("list");
    for c in &all {
        assert_eq!(
            c.state,
            DeliveryState::Sent,
            "complaint {} is {:?}",
            c.id,
            c.state
        );
    }
    let server_db =
        rusqlite::Connection::open(dir.path().join("server").join("pati.db")).expect("server db");
    let on_server: i64 = server_db
        .query_row(
            "SELECT COUNT(*) FROM complaint WHERE title LIKE 'Kilat %'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        on_server as usize,
        all.len(),
        "server has each submitted complaint once"
    );
    eprintln!(
        "{} acknowledged before kills, {} submitted in all, all on the server once",
        acked.len(),
        all.len()
    );
}
