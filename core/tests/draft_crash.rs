//! A draft survives the app being killed at any moment: a child process edits a
//! draft as fast as it can and prints an acknowledgement after each edit returns;
//! the parent kills it with SIGKILL at a varying point and checks that the last
//! acknowledged edit (or a later one) is what the file holds.
//!
//! The child is this test binary re-invoked with `PATI_CRASH_CHILD` set.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use pati_core::{Core, CoreConfig, DraftPatch};

const CHILD_ENV: &str = "PATI_CRASH_CHILD";

fn open(db: &str) -> Core {
    Core::open(CoreConfig {
        db_path: db.into(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .unwrap()
}

/// In the child: edit forever, acknowledging each saved edit on stdout.
#[test]
fn crash_child() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return; // only meaningful when re-invoked by the parent
    };
    let core = open(&db);
    let id = core.create_draft().unwrap().id;
    println!("DRAFT {id}");
    for n in 0u64.. {
        core.update_draft(
            &id,
            DraftPatch {
                title: Some(format!("judul {n}")),
                description: Some(format!(
                    "uraian nomor {n} {}",
                    "isi ".repeat((n % 50) as usize)
                )),
                anonymous: Some(n % 2 == 1),
                ..Default::default()
            },
        )
        .unwrap();
        println!("ACK {n}");
    }
}

#[test]
fn acknowledged_edits_survive_sigkill() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for (round, kill_after) in [3u64, 17, 40, 111, 250].into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("crash.db").display().to_string();
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut draft = None;
        let mut last_ack = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            // The harness may print "test crash_child ... " before the first line.
            if let Some((_, id)) = line.split_once("DRAFT ") {
                draft = Some(id.trim().to_owned());
            } else if let Some(n) = line.strip_prefix("ACK ") {
                let n: u64 = n.parse().unwrap();
                last_ack = Some(n);
                if n >= kill_after {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no checkpoint
        child.wait().unwrap();
        let (draft, last_ack) = (draft.unwrap(), last_ack.unwrap());

        let core = open(&db);
        let saved = core.draft(&draft).unwrap().expect("draft survives");
        let n: u64 = saved.title.strip_prefix("judul ").unwrap().parse().unwrap();
        assert!(
            n >= last_ack,
            "round {round}: acknowledged {last_ack}, file holds {n}"
        );
        // The edit is whole: title, description and flag from the same edit.
        assert!(
            saved.description.starts_with(&format!("uraian nomor {n} ")),
            "{}",
            saved.description
        );
        assert_eq!(saved.anonymous, n % 2 == 1);
    }
}
