//! Fault injection for Pati Maju's sync: the proxy that breaks the network between
//! a real device core and a real pati-server, and the seeded scenarios run through
//! it (see `tests/`). Every run prints its seed; `PATI_FAULT_SEED=<seed>` replays it.

pub mod proxy;
pub mod scenario;

pub use proxy::{Fault, FaultProxy, FaultRates, RestartHook};

/// The seed for this run: `PATI_FAULT_SEED` when set (to replay a failure), else
/// fresh from the clock, printed by the caller.
pub fn seed_from_env() -> u64 {
    std::env::var("PATI_FAULT_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
}
