//! When to try again after a failed pass: exponential backoff with full jitter
//! between 1 s and 5 min, never sooner than the server's `Retry-After`.
//!
//! Full jitter (a uniformly random delay up to the exponential bound) spreads the
//! retries of thousands of phones that lost the network at the same moment, so
//! they do not all hit the server again together when it returns.

use rand::Rng;

/// Shortest delay after a failure.
pub const MIN_DELAY_SECS: u64 = 1;
/// Longest delay from backoff alone.
pub const MAX_DELAY_SECS: u64 = 300;
/// Longest `Retry-After` honoured (a broken proxy must not park devices for days).
pub const MAX_RETRY_AFTER_SECS: u64 = 3600;

/// The exponential bound after `failures` consecutive failures: 1, 2, 4 ... 300 s.
pub fn ceiling(failures: u32) -> u64 {
    let exp = failures.saturating_sub(1).min(20);
    (MIN_DELAY_SECS << exp).min(MAX_DELAY_SECS)
}

/// Delay before the next attempt after `failures` (≥ 1) consecutive failures.
pub fn delay_secs(failures: u32, retry_after: Option<u64>, rng: &mut impl Rng) -> u64 {
    let jittered = rng.random_range(MIN_DELAY_SECS..=ceiling(failures.max(1)));
    match retry_after {
        Some(server) => jittered.max(server.min(MAX_RETRY_AFTER_SECS)),
        None => jittered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn ceiling_doubles_from_one_second_up_to_five_minutes() {
        let c: Vec<u64> = (1..=12).map(ceiling).collect();
        assert_eq!(c, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
        assert_eq!(ceiling(u32::MAX), 300);
    }

    #[test]
    fn delays_stay_within_one_second_and_the_ceiling_and_spread_out() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for failures in 1..40 {
            let mut seen = std::collections::HashSet::new();
            for _ in 0..200 {
                let d = delay_secs(failures, None, &mut rng);
                assert!((1..=ceiling(failures)).contains(&d), "{failures}: {d}");
                seen.insert(d);
            }
            // Full jitter: many distinct delays once the ceiling allows them.
            if ceiling(failures) >= 64 {
                assert!(seen.len() > 30, "{failures}: {}", seen.len());
            }
        }
    }

    #[test]
    fn retry_after_is_a_floor_but_capped() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..100 {
            assert!(delay_secs(1, Some(120), &mut rng) >= 120);
            assert_eq!(
                delay_secs(1, Some(10 * 86_400), &mut rng),
                MAX_RETRY_AFTER_SECS
            );
        }
    }
}
