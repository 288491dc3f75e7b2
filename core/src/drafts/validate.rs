//! Field-level validation of a draft before it may be submitted.
//!
//! The same limits as the server (`pati_protocol::limits`), checked offline so a
//! resident learns about a problem while still editing, not days later as a
//! rejection. Categories and desa are checked against the cached content; with an
//! empty cache (never synced) any well-formed id is accepted and the server decides.

use pati_protocol::limits::{
    LAT_RANGE, LON_RANGE, MAX_ADDRESS_CHARS, MAX_DESCRIPTION_CHARS, MAX_ID_CHARS, MAX_PHOTOS,
    MAX_REPLY_CHARS, MAX_TITLE_CHARS, MIN_DESCRIPTION_CHARS, MIN_TITLE_CHARS,
};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::Draft;
use crate::error::Result;

/// One problem with one field, with a stable code and the text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FieldError {
    /// `category`, `title`, `description`, `location`, `location.lat`,
    /// `location.lon`, `location.kecamatan`, `location.desa`, `location.address`,
    /// `photos`, `text`, `rating`, `comment`, `reason`.
    pub field: String,
    /// `required`, `too_short`, `too_long`, `unknown_category`, `unknown_kecamatan`,
    /// `unknown_desa`, `desa_not_in_kecamatan`, `out_of_range`, `incomplete`,
    /// `location_required`, `too_many`.
    pub code: String,
    /// Indonesian text for the resident.
    pub message_id: String,
    /// English text.
    pub message_en: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, code: &str, message_id: String, message_en: String) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            message_id,
            message_en,
        }
    }
}

/// Checks a text's length in characters (after trimming).
pub(crate) fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    label: (&str, &str),
    text: &str,
    min: usize,
    max: usize,
) {
    let n = text.trim().chars().count();
    let (id, en) = label;
    if n == 0 && min > 0 {
        errors.push(FieldError::new(
            field,
            "required",
            format!("{id} wajib diisi."),
            format!("{en} is required."),
        ));
    } else if n < min {
        errors.push(FieldError::new(
            field,
            "too_short",
            format!("{id} terlalu pendek (minimal {min} karakter)."),
            format!("{en} is too short (at least {min} characters)."),
        ));
    } else if n > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("{id} terlalu panjang (maksimal {max} karakter, sekarang {n})."),
            format!("{en} is too long (at most {max} characters, now {n})."),
        ));
    }
}

/// All problems that keep `draft` from being submitted; empty when it is ready.
pub fn validate(conn: &Connection, draft: &Draft) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();

    match draft.category.as_deref().map(str::trim) {
        None | Some("") => errors.push(FieldError::new(
            "category",
            "required",
            "Pilih kategori pengaduan.".into(),
            "Choose a complaint category.".into(),
        )),
        Some(id) => {
            if !known(conn, "complaint_category", "id", id)? {
                errors.push(FieldError::new(
                    "category",
                    "unknown_category",
                    "Kategori pengaduan tidak dikenal.".into(),
                    "Unknown complaint category.".into(),
                ));
            }
        }
    }
    check_text(
        &mut errors,
        "title",
        ("Judul", "The title"),
        &draft.title,
        MIN_TITLE_CHARS,
        MAX_TITLE_CHARS,
    );
    check_text(
        &mut errors,
        "description",
        ("Uraian", "The description"),
        &draft.description,
        MIN_DESCRIPTION_CHARS,
        MAX_DESCRIPTION_CHARS,
    );

    let loc = &draft.location;
    let has_coords = match (loc.lat, loc.lon) {
        (Some(lat), Some(lon)) => {
            // The server's area, checked here so a mistyped pair or a photo taken
            // elsewhere is refused beside the field, not after submission.
            if !(lat.is_finite() && (LAT_RANGE.0..=LAT_RANGE.1).contains(&lat)) {
                errors.push(outside_area(
                    "location.lat",
                    "Lintang",
                    "Latitude",
                    LAT_RANGE,
                ));
            }
            if !(lon.is_finite() && (LON_RANGE.0..=LON_RANGE.1).contains(&lon)) {
                errors.push(outside_area(
                    "location.lon",
                    "Bujur",
                    "Longitude",
                    LON_RANGE,
                ));
            }
            true
        }
        (Some(_), None) | (None, Some(_)) => {
            let field = if loc.lat.is_none() {
                "location.lat"
            } else {
                "location.lon"
            };
            errors.push(FieldError::new(
                field,
                "incomplete",
                "Koordinat harus berisi lintang dan bujur.".into(),
                "Coordinates need both latitude and longitude.".into(),
            ));
            false
        }
        (None, None) => false,
    };
    let desa = loc.desa.as_deref().map(str::trim).filter(|d| !d.is_empty());
    let kecamatan = loc
        .kecamatan
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    if !has_coords && desa.is_none() {
        errors.push(FieldError::new(
            "location",
            "location_required",
            "Tentukan lokasi: titik peta (GPS) atau desa/kelurahan.".into(),
            "Give a location: a map point (GPS) or a desa/kelurahan.".into(),
        ));
    }
    if let Some(k) = kecamatan {
        if !known(conn, "kecamatan", "code", k)? {
            errors.push(FieldError::new(
                "location.kecamatan",
                "unknown_kecamatan",
                "Kecamatan tidak dikenal.".into(),
                "Unknown kecamatan.".into(),
            ));
        }
    }
    if let Some(d) = desa {
        let row: Option<String> = conn
            .query_row("SELECT kecamatan FROM desa WHERE code = ?1", [d], |r| {
                r.get(0)
            })
            .optional()?;
        match row {
            None if d.chars().count() > MAX_ID_CHARS || table_has_rows(conn, "desa")? => {
                errors.push(FieldError::new(
                    "location.desa",
                    "unknown_desa",
                    "Desa/kelurahan tidak dikenal.".into(),
                    "Unknown desa/kelurahan.".into(),
                ));
            }
            Some(of) if kecamatan.is_some_and(|k| k != of) => {
                errors.push(FieldError::new(
                    "location.desa",
                    "desa_not_in_kecamatan",
                    "Desa/kelurahan ini tidak berada di kecamatan yang dipilih.".into(),
                    "This desa/kelurahan is not in the chosen kecamatan.".into(),
                ));
            }
            _ => {}
        }
    }
    if let Some(address) = &loc.address {
        check_text(
            &mut errors,
            "location.address",
            ("Alamat", "The address"),
            address,
            0,
            MAX_ADDRESS_CHARS,
        );
    }
    if draft.photos.len() > MAX_PHOTOS {
        errors.push(too_many_photos());
    }
    Ok(errors)
}

pub(crate) fn too_many_photos() -> FieldError {
    FieldError::new(
        "photos",
        "too_many",
        format!("Paling banyak {MAX_PHOTOS} foto per pengaduan."),
        format!("At most {MAX_PHOTOS} photos per complaint."),
    )
}

/// Validation of a resident's reply text (also used for a reopen reason).
pub(crate) fn check_reply(field: &str, label: (&str, &str), text: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    check_text(&mut errors, field, label, text, 1, MAX_REPLY_CHARS);
    errors
}

fn outside_area(field: &str, id: &str, en: &str, (min, max): (f64, f64)) -> FieldError {
    let comma = |x: f64| x.to_string().replace('.', ",");
    FieldError::new(
        field,
        "out_of_range",
        format!(
            "{id} di luar wilayah layanan (Jawa Tengah: {} sampai {}). Periksa koordinatnya.",
            comma(min),
            comma(max)
        ),
        format!("{en} is outside the service area (Central Java: {min} to {max}). Check the coordinates."),
    )
}

/// Whether `value` is a known id — or the table is empty (content never synced:
/// the server decides). An id longer than any id is never known.
fn known(conn: &Connection, table: &str, column: &str, value: &str) -> Result<bool> {
    if value.chars().count() > MAX_ID_CHARS {
        return Ok(false);
    }
    let found: Option<i64> = conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE {column} = ?1"),
            [value],
            |r| r.get(0),
        )
        .optional()?;
    Ok(found.is_some() || !table_has_rows(conn, table)?)
}

fn table_has_rows(conn: &Connection, table: &str) -> Result<bool> {
    let found: Option<i64> = conn
        .query_row(&format!("SELECT 1 FROM {table} LIMIT 1"), [], |r| r.get(0))
        .optional()?;
    Ok(found.is_some())
}
