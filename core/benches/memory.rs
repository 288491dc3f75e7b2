//! Peak memory of the core with a 10k-service catalogue open and searched (issue 6
//! budget ≤ 40 MB), as a phone would run it: the catalogue is written to a SQLite
//! file first, then a fresh process opens it, reads the catalogue screens and runs
//! every benchmark query 20 times; that process reports its peak resident set
//! (`VmHWM`, which counts the mapped database pages it touched).
//!
//! Run: `cargo bench -p pati-core --bench memory` (Linux only: reads /proc).

mod common;

use std::process::Command;

use common::{catalogue, open_core, QUERIES};
use pati_core::{Language, SearchFilter};

const SERVICES: usize = 10_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        let dir = args.get(i + 1).expect("--measure DIR");
        measure(std::path::Path::new(dir));
        return;
    }
    // `cargo bench` passes `--bench`; anything else (e.g. a filter) is ignored.
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let core = open_core(dir.path());
        for page in catalogue(SERVICES) {
            core.import_content(&page).expect("import");
        }
    }
    let db_bytes = std::fs::metadata(dir.path().join("bench.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("--measure")
        .arg(dir.path())
        .output()
        .expect("run the measuring process");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "catalogue: {SERVICES} services, database {:.1} MiB",
        db_bytes as f64 / 1_048_576.0
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

fn measure(dir: &std::path::Path) {
    let before = status_kib("VmHWM");
    let core = open_core(dir);
    let filter = SearchFilter::default();
    let mut hits = 0;
    for cat in core.service_categories(Language::Id).expect("categories") {
        hits += core
            .services_in_category(&cat.id, Language::Id)
            .expect("category")
            .len();
    }
    for _ in 0..20 {
        for q in QUERIES {
            hits += core.search(q, &filter, Language::Id).expect("search").len();
        }
    }
    let peak = status_kib("VmHWM");
    println!(
        "peak resident set: {:.1} MiB (process start {:.1} MiB); {hits} rows read",
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
}

/// A `kB` field of /proc/self/status.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}
