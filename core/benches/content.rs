//! Content benchmarks on synthetic catalogues (issue 3 budgets):
//! - applying a pull of 10k changes (10 pages of 1,000);
//! - search at 10k and 100k services, against a bare FTS5 MATCH on the same data,
//!   with p50/p95 printed from a separate timing pass (criterion reports means).
//!
//! Run: `cargo bench -p pati-core --bench content`
//! (`PATI_BENCH_SIZES=10000` to skip the 100k catalogue).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
mod common;

use common::{catalogue, open_core, QUERIES};
use pati_core::{Language, SearchFilter};

fn percentiles(mut d: Vec<Duration>) -> (Duration, Duration) {
    d.sort();
    (d[d.len() / 2], d[(d.len() * 95 / 100).min(d.len() - 1)])
}

fn bench_apply(c: &mut Criterion) {
    let pages = catalogue(10_000 - 60);
    let mut group = c.benchmark_group("apply");
    group.sample_size(10);
    group.bench_function("pull_of_10k_changes", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let core = open_core(dir.path());
                for p in &pages {
                    core.import_content(p).expect("import");
                }
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // Wall-clock means move with the machine's load; the CPU time this thread
    // spent applying moves much less, so both are printed (three runs each).
    for run in 1..=3 {
        let dir = tempfile::tempdir().expect("temp dir");
        let core = open_core(dir.path());
        let (wall, cpu) = (Instant::now(), thread_cpu());
        for p in &pages {
            core.import_content(p).expect("import");
        }
        eprintln!(
            "apply 10k, run {run}: wall {:?}, CPU {:?}",
            wall.elapsed(),
            thread_cpu().saturating_sub(cpu)
        );
    }
}

/// Involuntary context switches of the calling thread so far (Linux), to tell a
/// slow search from one that waited for a core on a loaded machine.
fn preemptions() -> u64 {
    std::fs::read_to_string("/proc/thread-self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("nonvoluntary_ctxt_switches:"))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time of the calling thread (Linux: first field of its schedstat, in ns;
/// updated at scheduler ticks, so only good for runs much longer than 4 ms).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

fn bench_search(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("PATI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let core = open_core(dir.path());
        for p in catalogue(size) {
            core.import_content(&p).expect("import");
        }
        let bare = rusqlite::Connection::open(dir.path().join("bench.db")).expect("open");
        let filter = SearchFilter::default();
        // The first search of a content version builds the in-memory first-pass
        // index and reads the typo vocabulary.
        let t = Instant::now();
        core.search("ktp", &filter, Language::Id).expect("search");
        eprintln!(
            "search_{size}: first search after the import {:?}",
            t.elapsed()
        );
        let mut group = c.benchmark_group(format!("search_{size}"));
        let mut i = 0;
        group.bench_function("pati_core_search", |b| {
            b.iter(|| {
                i += 1;
                core.search(QUERIES[i % QUERIES.len()], &filter, Language::Id)
                    .expect("search")
            })
        });
        let mut stmt = bare
            .prepare(
                "SELECT s.id FROM service_fts f JOIN service s ON s.rowid = f.rowid
                 WHERE service_fts MATCH ?1 ORDER BY f.rank LIMIT 20",
            )
            .expect("prepare");
        let bare_query = |q: &str| -> usize {
            let m = q
                .split_whitespace()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" OR ");
            stmt.query_map([m], |r| r.get::<_, String>(0))
                .expect("query")
                .count()
        };
        let mut bare_query = bare_query;
        group.bench_function("bare_fts5_match", |b| {
            b.iter(|| {
                i += 1;
                bare_query(QUERIES[i % QUERIES.len()])
            })
        });
        group.finish();

        // Percentiles over every query, 50 rounds each.
        let mut ours = Vec::new();
        // Samples during which the thread was not descheduled involuntarily.
        let mut ours_undisturbed = Vec::new();
        let mut base = Vec::new();
        let mut per_query: Vec<(Vec<Duration>, Vec<Duration>)> =
            vec![Default::default(); QUERIES.len()];
        for _ in 0..50 {
            for (qi, q) in QUERIES.iter().enumerate() {
                let switches = preemptions();
                let t = Instant::now();
                std::hint::black_box(core.search(q, &filter, Language::Id).expect("search"));
                let wall = t.elapsed();
                if preemptions() == switches {
                    ours_undisturbed.push(wall);
                }
                ours.push(wall);
                per_query[qi].0.push(wall);
                let t = Instant::now();
                std::hint::black_box(bare_query(q));
                base.push(t.elapsed());
                per_query[qi].1.push(t.elapsed());
            }
        }
        for (q, (o, b)) in QUERIES.iter().zip(per_query) {
            eprintln!(
                "  {q:>18}: pati-core p50 {:?} | bare p50 {:?}",
                percentiles(o).0,
                percentiles(b).0
            );
        }
        let samples = ours.len();
        let undisturbed = ours_undisturbed.len();
        if undisturbed > 0 {
            let (u50, u95) = percentiles(ours_undisturbed);
            eprintln!(
                "search_{size}: pati-core, {undisturbed} of {samples} samples not preempted: p50 {u50:?} p95 {u95:?}"
            );
        }
        let (o50, o95) = percentiles(ours);
        let (b50, b95) = percentiles(base);
        eprintln!(
            "search_{size}: pati-core p50 {o50:?} p95 {o95:?} | bare FTS5 MATCH p50 {b50:?} p95 {b95:?} | p95 ratio {:.2}",
            o95.as_secs_f64() / b95.as_secs_f64()
        );
    }
}

criterion_group!(benches, bench_apply, bench_search);
criterion_main!(benches);
