//! Near-duplicate hints before filing: public complaints of the same category within
//! about 500 m or in the same desa, ranked by how many words they share with the
//! draft. Cheap on purpose — candidates are few (one category, one neighbourhood).

use std::collections::HashSet;

use super::ComplaintRecord;

/// "Nearby" for coordinates, in metres.
pub const NEAR_METRES: f64 = 500.0;

/// Degrees of latitude that cover [`NEAR_METRES`] (with margin), for the SQL box.
pub const NEAR_DEGREES: f64 = 0.006;

/// Great-circle distance in metres.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let r = 6_371_000.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * a.sqrt().asin()
}

/// Words that say nothing about what is wrong.
const STOP: &[&str] = &[
    "di", "ke", "dari", "yang", "dan", "ada", "ini", "itu", "sudah", "belum", "tidak", "sangat",
    "mohon", "tolong", "segera", "untuk", "dengan", "pada", "jalan", "desa", "dekat", "depan",
    "the", "and", "of", "in", "at", "is",
];

/// Lowercase words of three letters or more, minus [`STOP`] words.
pub fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(&w.as_str()))
        .collect()
}

/// What the device asked about.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub desa: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub text: String,
}

/// Keeps candidates in the same desa or within [`NEAR_METRES`], best word overlap
/// first (then nearest, then newest), at most `limit`.
pub fn rank(q: &Query, candidates: Vec<ComplaintRecord>, limit: usize) -> Vec<ComplaintRecord> {
    let mine = words(&q.text);
    let mut scored: Vec<(usize, f64, ComplaintRecord)> = candidates
        .into_iter()
        .filter(|c| c.is_public())
        .filter_map(|c| {
            let same_desa = q.desa.is_some() && q.desa == c.location.desa;
            let dist = match (q.lat, q.lon, c.location.lat, c.location.lon) {
                (Some(a), Some(b), Some(x), Some(y)) => distance_m(a, b, x, y),
                _ => f64::INFINITY,
            };
            if !same_desa && dist > NEAR_METRES {
                return None;
            }
            let theirs = words(&format!("{} {}", c.title, c.description));
            let overlap = mine.intersection(&theirs).count();
            Some((overlap, dist, c))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(b.2.created_at.cmp(&a.2.created_at))
    });
    scored.into_iter().take(limit).map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_plausible() {
        // 0.0045° of latitude is about 500 m.
        let d = distance_m(-6.75, 111.04, -6.7545, 111.04);
        assert!((d - 500.0).abs() < 5.0, "{d}");
        const { assert!(NEAR_DEGREES * 111_000.0 > NEAR_METRES) };
    }

    #[test]
    fn words_drop_fillers_and_case() {
        let w = words("Mohon segera: JALAN berlubang di depan SD Negeri 1");
        assert!(w.contains("berlubang") && w.contains("negeri"));
        assert!(!w.contains("jalan") && !w.contains("di") && !w.contains("sd"));
    }
}
