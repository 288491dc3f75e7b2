//! Field checks of resident mutations. Each failure names the field and becomes a
//! stored [`pati_protocol::Rejection`]; nothing here touches storage.

use std::collections::HashSet;

use pati_protocol::limits::{
    MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_ID_CHARS, MAX_PHOTOS, MAX_TITLE_CHARS,
    MIN_DESCRIPTION_CHARS, MIN_TITLE_CHARS,
};
use pati_protocol::{is_sha256_hex, rejection_code as rc, ComplaintCreate, Location};

/// Why a mutation's arguments are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl FieldError {
    pub fn new(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }

    fn invalid(field: &str, message: impl Into<String>) -> Self {
        FieldError::new(rc::INVALID_FIELD, field, message)
    }
}

use pati_protocol::limits::{LAT_RANGE, LON_RANGE};

/// A canonical (lowercase, hyphenated) UUID, as every id the device generates.
pub fn uuid(field: &str, s: &str) -> Result<(), FieldError> {
    match uuid::Uuid::parse_str(s) {
        Ok(u) if u.hyphenated().to_string() == s => Ok(()),
        _ => Err(FieldError::invalid(
            field,
            "must be a lowercase hyphenated UUID",
        )),
    }
}

/// Printable text: no control characters except line breaks and tabs.
fn printable(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Trimmed text of `min..=max` characters.
pub fn text(field: &str, s: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    let n = t.chars().count();
    if n < min || n > max {
        return Err(FieldError::invalid(
            field,
            format!("must have {min} to {max} characters (has {n})"),
        ));
    }
    if !printable(t) {
        return Err(FieldError::invalid(field, "contains control characters"));
    }
    Ok(t.to_owned())
}

/// Checks a location; `known_area` says whether a kecamatan/desa code exists in the
/// jurisdiction's content.
pub fn location(loc: &Location, known_area: impl Fn(&str) -> bool) -> Result<Location, FieldError> {
    let bad = |field: &str, m: &str| FieldError::new(rc::INVALID_LOCATION, field, m);
    match (loc.lat, loc.lon) {
        (Some(lat), Some(lon)) => {
            if !lat.is_finite() || lat < LAT_RANGE.0 || lat > LAT_RANGE.1 {
                return Err(bad(
                    "location.lat",
                    "latitude outside the accepted area (Central Java)",
                ));
            }
            if !lon.is_finite() || lon < LON_RANGE.0 || lon > LON_RANGE.1 {
                return Err(bad(
                    "location.lon",
                    "longitude outside the accepted area (Central Java)",
                ));
            }
        }
        (None, None) => {
            if loc.desa.is_none() {
                return Err(bad("location", "coordinates or a desa are required"));
            }
        }
        (Some(_), None) => return Err(bad("location.lon", "latitude without longitude")),
        (None, Some(_)) => return Err(bad("location.lat", "longitude without latitude")),
    }
    for (field, code) in [
        ("location.kecamatan", &loc.kecamatan),
        ("location.desa", &loc.desa),
    ] {
        if let Some(c) = code {
            if c.len() > MAX_ID_CHARS || !known_area(c) {
                return Err(bad(field, "not an area code of this jurisdiction"));
            }
        }
    }
    if let (Some(k), Some(d)) = (&loc.kecamatan, &loc.desa) {
        if !d.starts_with(&format!("{k}.")) {
            return Err(bad("location.desa", "the desa is not in that kecamatan"));
        }
    }
    let address = match &loc.address {
        Some(a) if a.trim().is_empty() => None,
        Some(a) => Some(text("location.address", a, 1, MAX_ADDRESS_CHARS)?),
        None => None,
    };
    // A desa implies its kecamatan: fill it in so filters by kecamatan find it.
    let kecamatan = loc.kecamatan.clone().or_else(|| {
        loc.desa
            .as_deref()
            .and_then(|d| d.rsplit_once('.'))
            .map(|(k, _)| k.to_owned())
    });
    Ok(Location {
        lat: loc.lat,
        lon: loc.lon,
        kecamatan,
        desa: loc.desa.clone(),
        address,
    })
}

/// Photo hashes: at most [`MAX_PHOTOS`], lowercase hex SHA-256, duplicates dropped.
pub fn photos(list: &[String]) -> Result<Vec<String>, FieldError> {
    if list.len() > MAX_PHOTOS {
        return Err(FieldError::new(
            rc::TOO_MANY_PHOTOS,
            "photos",
            format!("at most {MAX_PHOTOS} photos"),
        ));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, p) in list.iter().enumerate() {
        if !is_sha256_hex(p) {
            return Err(FieldError::invalid(
                &format!("photos[{i}]"),
                "must be a lowercase hex SHA-256",
            ));
        }
        if seen.insert(p.as_str()) {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// The checked, normalised fields of a `complaint.create.v1`.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCreate {
    pub title: String,
    pub description: String,
    pub location: Location,
    pub photos: Vec<String>,
}

/// Everything about a create that does not need storage (the category and area
/// codes are checked through the closures).
pub fn create(
    c: &ComplaintCreate,
    known_category: impl Fn(&str) -> bool,
    known_area: impl Fn(&str) -> bool,
) -> Result<CheckedCreate, FieldError> {
    uuid("id", &c.id)?;
    if c.category.len() > MAX_ID_CHARS || !known_category(&c.category) {
        return Err(FieldError::new(
            rc::UNKNOWN_CATEGORY,
            "category",
            "not a complaint category of this jurisdiction",
        ));
    }
    let title = text("title", &c.title, MIN_TITLE_CHARS, MAX_TITLE_CHARS)?;
    let description = text(
        "description",
        &c.description,
        MIN_DESCRIPTION_CHARS,
        MAX_DESCRIPTION_CHARS,
    )?;
    let location = location(&c.location, known_area)?;
    let photos = photos(&c.photos)?;
    Ok(CheckedCreate {
        title,
        description,
        location,
        photos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create_args() -> ComplaintCreate {
        ComplaintCreate {
            id: "0192abcd-0000-7000-8000-000000000001".into(),
            category: "jalan-rusak".into(),
            title: "Jalan berlubang".into(),
            description: "Lubang besar di depan SD".into(),
            location: Location {
                lat: Some(-6.75),
                lon: Some(111.04),
                ..Default::default()
            },
            photos: vec![],
            anonymous: false,
            confidential: false,
        }
    }

    fn check(c: &ComplaintCreate) -> Result<CheckedCreate, FieldError> {
        create(c, |k| k == "jalan-rusak", |a| a.starts_with("33.18.01"))
    }

    fn field(c: &ComplaintCreate) -> (String, &'static str) {
        let e = check(c).unwrap_err();
        (e.field.unwrap_or_default(), e.code)
    }

    #[test]
    fn a_good_complaint_passes_and_is_trimmed() {
        let mut c = create_args();
        c.title = "  Jalan berlubang \n".into();
        c.location.desa = Some("33.18.01.2001".into());
        c.photos = vec!["a".repeat(64), "a".repeat(64)];
        let ok = check(&c).unwrap();
        assert_eq!(ok.title, "Jalan berlubang");
        assert_eq!(ok.location.kecamatan.as_deref(), Some("33.18.01"));
        assert_eq!(ok.photos.len(), 1);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut c = create_args();
        c.id = "not-a-uuid".into();
        assert_eq!(field(&c), ("id".into(), rc::INVALID_FIELD));
        let mut c = create_args();
        c.id = c.id.to_uppercase();
        assert_eq!(field(&c).0, "id");
        let mut c = create_args();
        c.category = "nope".into();
        assert_eq!(field(&c), ("category".into(), rc::UNKNOWN_CATEGORY));
        let mut c = create_args();
        c.title = "abc".into();
        assert_eq!(field(&c).0, "title");
        let mut c = create_args();
        c.title = "x".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(field(&c).0, "title");
        let mut c = create_args();
        c.description = format!("valid text {}", '\u{0}');
        assert_eq!(field(&c).0, "description");
        let mut c = create_args();
        c.description = "é".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(field(&c).0, "description");
        let mut c = create_args();
        c.location.lat = Some(0.0);
        c.location.lon = Some(0.0);
        assert_eq!(field(&c), ("location.lat".into(), rc::INVALID_LOCATION));
        let mut c = create_args();
        c.location.lat = Some(111.04);
        c.location.lon = Some(-6.75);
        assert_eq!(field(&c).0, "location.lat", "swapped");
        let mut c = create_args();
        c.location.lon = Some(f64::NAN);
        assert_eq!(field(&c).0, "location.lon");
        let mut c = create_args();
        c.location = Location::default();
        assert_eq!(field(&c).0, "location");
        let mut c = create_args();
        c.location.desa = Some("33.19.01.2001".into());
        assert_eq!(field(&c).0, "location.desa");
        let mut c = create_args();
        c.location.kecamatan = Some("33.18.01".into());
        c.location.desa = Some("33.18.010.2001".into());
        assert_eq!(field(&c).0, "location.desa");
        let mut c = create_args();
        c.location.address = Some("x".repeat(MAX_ADDRESS_CHARS + 1));
        assert_eq!(field(&c).0, "location.address");
        let mut c = create_args();
        c.photos = vec!["a".repeat(64); MAX_PHOTOS + 1];
        assert_eq!(field(&c), ("photos".into(), rc::TOO_MANY_PHOTOS));
        let mut c = create_args();
        c.photos = vec!["A".repeat(64)];
        assert_eq!(field(&c).0, "photos[0]");
    }

    #[test]
    fn the_box_holds_pati_and_its_neighbours() {
        let ok = |lat, lon| {
            location(
                &Location {
                    lat: Some(lat),
                    lon: Some(lon),
                    ..Default::default()
                },
                |_| true,
            )
            .is_ok()
        };
        assert!(ok(-6.4, 110.8) && ok(-6.9, 111.3), "Pati's corners");
        assert!(ok(-6.89, 109.67), "Kota Pekalongan");
        assert!(ok(-5.85, 110.43), "Karimunjawa");
        assert!(!ok(-7.25, 112.75), "Surabaya is East Java");
        assert!(!ok(-6.2, 106.8), "Jakarta");
    }
}
