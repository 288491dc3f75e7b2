//! The randomized fault run of the test command: at least 1,000 seeded scenarios
//! (residents drafting, replying, supporting and rating on one or two devices while
//! the proxy drops, duplicates, reorders, truncates and delays their requests, and
//! sometimes restarts the server), each ending with the exactly-once checks of
//! `pati_faults::scenario`.
//!
//! - `PATI_FAULT_SCENARIOS=<n>`: how many (default 1000);
//! - `PATI_FAULT_SOAK=1`: keep going for 20,000 scenarios;
//! - `PATI_FAULT_SEED=<seed>`: the run's base seed (scenario i uses seed + i), to
//!   replay a failure exactly as printed.

use pati_faults::scenario::{self, Harness, Outcome};
use pati_faults::seed_from_env;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_scenarios_lose_and_duplicate_nothing() {
    let base = seed_from_env();
    let count: u64 = if std::env::var("PATI_FAULT_SOAK").as_deref() == Ok("1") {
        20_000
    } else {
        std::env::var("PATI_FAULT_SCENARIOS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1000)
    };
    eprintln!("fault run: {count} scenarios from seed {base} (replay: PATI_FAULT_SEED={base})");
    let h = Harness::start(base).await.expect("harness");
    let mut total = Outcome::default();
    for i in 0..count {
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
            eprintln!("  {} scenarios done", i + 1);
        }
    }
    let faults = h.proxy.injected();
    eprintln!("{}", scenario::summary(&total, &faults, count as usize));
    assert!(total.complaints > 0, "no complaint was ever checked");
    if count >= 100 {
        assert!(
            faults.len() >= 8,
            "too few kinds of fault were injected: {faults:?}"
        );
    }
}
