//! The randomized fault run of the test command: at least 1,000 seeded scenarios
//! (residents drafting, replying, supporting and rating on one or two devices while
//! the proxy drops, duplicates, reorders, truncates and delays their requests, and
//! sometimes restarts the server), each ending with the exactly-once checks of
//! `pati_faults::scenario`.
//!
//! Scenarios run in lanes: each lane has its own server, proxy and template device
//! and plays scenarios `lane, lane + lanes, …` one after another. A scenario spends
//! most of its time waiting (injected delays, `Retry-After`, backoff, server
//! restarts), so lanes cut the wall time without changing what a scenario does: it
//! depends only on its seed, and a replay runs it alone on a fresh harness.
//!
//! - `PATI_FAULT_SCENARIOS=<n>`: how many (default 1000);
//! - `PATI_FAULT_SOAK=1`: keep going for 20,000 scenarios;
//! - `PATI_FAULT_LANES=<n>`: how many at a time (default 4);
//! - `PATI_FAULT_SEED=<seed>`: the run's base seed (scenario i uses seed + i), to
//!   replay a failure exactly as printed.

use std::collections::BTreeMap;
use std::sync::Arc;

use pati_faults::scenario::{self, Harness, Outcome};
use pati_faults::seed_from_env;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_scenarios_lose_and_duplicate_nothing() {
    let base = seed_from_env();
    let count: u64 = if std::env::var("PATI_FAULT_SOAK").as_deref() == Ok("1") {
        20_000
    } else {
        env_number("PATI_FAULT_SCENARIOS").unwrap_or(1000)
    };
    let lanes = env_number("PATI_FAULT_LANES")
        .unwrap_or(4)
        .clamp(1, count.max(1));
    eprintln!(
        "fault run: {count} scenarios in {lanes} lanes from seed {base} (replay: PATI_FAULT_SEED={base})"
    );
    // Harnesses start one at a time (each sets the server's environment first).
    let mut harnesses = Vec::new();
    for lane in 0..lanes {
        harnesses.push(Arc::new(
            Harness::start(base.wrapping_add(lane))
                .await
                .expect("harness"),
        ));
    }
    let mut tasks = Vec::new();
    for (lane, h) in harnesses.iter().enumerate() {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let mut total = Outcome::default();
            for i in (lane as u64..count).step_by(lanes as usize) {
                let seed = base.wrapping_add(i);
                // One scenario in 25 may restart the server in the middle of a batch.
                let restarts = i % 25 == 7;
                match scenario::run(&h, seed, restarts).await {
                    Ok(o) => total += &o,
                    Err(e) => panic!(
                        "scenario {i} failed: {e:#}\nreplay just this one: PATI_FAULT_SEED={seed} PATI_FAULT_SCENARIOS=1 \
                         (restarts {restarts}); device files under {}",
                        scenario::device_dir(&h).display()
                    ),
                }
                if (i + 1) % 100 == 0 {
                    eprintln!("  scenario {} done", i + 1);
                }
            }
            total
        }));
    }
    let mut total = Outcome::default();
    for t in tasks {
        match t.await {
            Ok(o) => total += &o,
            // The lane's panic message names the scenario and how to replay it.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    let mut faults: BTreeMap<_, u64> = BTreeMap::new();
    for h in &harnesses {
        for (f, n) in h.proxy.injected() {
            *faults.entry(f).or_default() += n;
        }
    }
    eprintln!("{}", scenario::summary(&total, &faults, count as usize));
    assert!(total.complaints > 0, "no complaint was ever checked");
    if count >= 100 {
        assert!(
            faults.len() >= 8,
            "too few kinds of fault were injected: {faults:?}"
        );
    }
}
