//! A full disk on the device: the device database lives on a small tmpfs that the
//! test fills to the last byte. Writes fail with a typed storage error, nothing
//! already saved is lost, a sync pass on the full disk loses and duplicates
//! nothing, and once space is freed everything is delivered exactly once.
//!
//! Needs permission to mount a tmpfs (root, as in CI); without it the test says so
//! and fails rather than pretending.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use pati_core::{ComplaintLocation, Core, DraftPatch, ErrorKind, Language};
use pati_e2e::{device, Server};

struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(at).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "cannot mount a tmpfs at {} (needs root, as the test command runs in CI)",
            at.display()
        );
        Tmpfs(at.to_owned())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes a filler file until the disk refuses more.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    let block = vec![0x5au8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let small = [0x5au8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
    path
}

fn draft_and_submit(core: &Core, n: usize) -> pati_core::Result<String> {
    let category = core.complaint_categories(Language::Id)?[0].id.clone();
    let kec = core.kecamatan()?[0].code.clone();
    let desa = core.desa(&kec)?[0].code.clone();
    let d = core.create_draft()?;
    core.update_draft(
        &d.id,
        DraftPatch {
            category: Some(category),
            title: Some(format!("Penuh {n} lampu jalan mati")),
            description: Some(format!(
                "Laporan nomor {n}: lampu jalan mati sejak tiga malam."
            )),
            location: Some(ComplaintLocation {
                lat: None,
                lon: None,
                kecamatan: Some(kec),
                desa: Some(desa),
                address: None,
            }),
            anonymous: Some(false),
            confidential: Some(false),
        },
    )?;
    Ok(core.submit_draft(&d.id)?.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_loses_nothing() {
    std::env::set_var("PATI_ANONYMOUS_COMPLAINTS_PER_DAY", "1000000");
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("server"), None).expect("server");
    let template = dir.path().join("template");
    {
        let core = device(&template, &server.url, "pati");
        core.sync_content().await.expect("content");
    }
    {
        let conn = rusqlite::Connection::open(template.join("pati.db")).expect("open");
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
    }
    let size = std::fs::metadata(template.join("pati.db"))
        .expect("size")
        .len();
    let mnt = dir.path().join("disk");
    let _disk = Tmpfs::mount(&mnt, &format!("{}k", size / 1024 + 2048));
    std::fs::copy(template.join("pati.db"), mnt.join("pati.db")).expect("copy db");

    let core = device(&mnt, &server.url, "pati");
    let mut saved = vec![
        draft_and_submit(&core, 0).expect("room for the first"),
        draft_and_submit(&core, 1).expect("room for the second"),
    ];

    let filler = fill(&mnt);
    // Keep writing until the disk says no: the error is typed, and whatever was
    // acknowledged before stays.
    let mut refused = None;
    for n in 2..200 {
        match draft_and_submit(&core, n) {
            Ok(id) => saved.push(id),
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let refused = refused.expect("the full disk never refused a write");
    assert_eq!(
        refused.kind(),
        ErrorKind::Storage,
        "untyped disk-full error: {refused:?}"
    );
    let mine: Vec<String> = core
        .my_complaints()
        .expect("reads work on a full disk")
        .into_iter()
        .map(|c| c.id)
        .collect();
    for id in &saved {
        assert!(
            mine.contains(id),
            "acknowledged complaint {id} lost on a full disk"
        );
    }

    // A pass on the full disk may fail, but must not lose or duplicate anything.
    let _ = core.sync().await;

    std::fs::remove_file(filler).expect("free space");
    for _ in 0..5 {
        if core.sync().await.is_ok() && core.sync_state().expect("state").pending_mutations == 0 {
            break;
        }
    }
    let mine = core.my_complaints().expect("list");
    assert!(
        mine.iter().all(|c| c.tracking_number.is_some()),
        "undelivered after space came back"
    );
    drop(core);
    let server_db =
        rusqlite::Connection::open(dir.path().join("server").join("pati.db")).expect("server db");
    let on_server: i64 = server_db
        .query_row(
            "SELECT COUNT(*) FROM complaint WHERE title LIKE 'Penuh %'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        on_server as usize,
        mine.len(),
        "each complaint on the server exactly once"
    );
    eprintln!(
        "{} saved before the disk filled, {} delivered once each",
        saved.len(),
        mine.len()
    );
}
