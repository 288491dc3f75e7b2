//! Photos of a complaint: decoded with limits, turned upright, scaled, re-encoded
//! as a small JPEG without any metadata, and stored content-addressed.
//!
//! Why re-encode rather than strip: a fresh JPEG written from pixels cannot carry
//! anything of the original file (EXIF with GPS, XMP, maker notes, thumbnails,
//! trailing data), whatever the camera put there; it also brings a 4–12 MB camera
//! photo down to ≤ 200 KB for prepaid data. Processing happens outside the
//! database lock; only the insert takes it.

use std::io::Cursor;

use fast_image_resize as fr;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use pati_protocol::limits::{MAX_IMAGE_PIXELS, MAX_PHOTOS, PHOTO_MAX_EDGE_PX};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{too_many_photos, PhotoInfo};
use crate::error::{Error, Result};

/// Largest processed photo (bytes).
pub const MAX_PROCESSED_BYTES: usize = 200 * 1024;

/// Largest input file accepted at all (a 50 MP camera JPEG is ~25 MB).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// JPEG qualities tried in turn until the photo fits [`MAX_PROCESSED_BYTES`].
const QUALITIES: [u8; 6] = [85, 77, 69, 60, 50, 40];

/// Why a photo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum PhotoProblem {
    /// The bytes are not a picture at all.
    NotAnImage,
    /// A picture, but not JPEG, PNG or WebP.
    UnsupportedFormat,
    /// More pixels than any camera makes: refused before decoding (a
    /// "decompression bomb" would otherwise exhaust the phone's memory).
    TooManyPixels,
    /// The file is larger than [`MAX_INPUT_BYTES`].
    FileTooLarge,
    /// The picture is damaged and cannot be decoded.
    Corrupt,
}

impl PhotoProblem {
    pub fn code(self) -> &'static str {
        match self {
            PhotoProblem::NotAnImage => "not_an_image",
            PhotoProblem::UnsupportedFormat => "unsupported_format",
            PhotoProblem::TooManyPixels => "too_many_pixels",
            PhotoProblem::FileTooLarge => "file_too_large",
            PhotoProblem::Corrupt => "corrupt",
        }
    }

    /// Text for the resident: Indonesian, English.
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            PhotoProblem::NotAnImage => ("Berkas ini bukan foto.", "This file is not a photo."),
            PhotoProblem::UnsupportedFormat => (
                "Format foto tidak didukung (gunakan JPEG, PNG atau WebP).",
                "Unsupported photo format (use JPEG, PNG or WebP).",
            ),
            PhotoProblem::TooManyPixels => (
                "Resolusi foto terlalu besar.",
                "The photo's resolution is too large.",
            ),
            PhotoProblem::FileTooLarge => {
                ("Berkas foto terlalu besar.", "The photo file is too large.")
            }
            PhotoProblem::Corrupt => (
                "Foto rusak dan tidak dapat dibaca.",
                "The photo is damaged and cannot be read.",
            ),
        }
    }
}

fn refuse(problem: PhotoProblem, detail: impl std::fmt::Display) -> Error {
    Error::Photo {
        problem,
        message: format!("{}: {detail}", problem.message().1),
    }
}

/// A photo ready to store and upload.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessedPhoto {
    /// Baseline JPEG, no metadata segments.
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// SHA-256 of `jpeg`, lowercase hex.
    pub sha256: String,
    /// Latitude and longitude from the original's GPS tags, if any.
    pub taken_at: Option<(f64, f64)>,
}

/// Decodes `bytes` (JPEG, PNG or WebP) with limits, applies the EXIF orientation,
/// scales the long edge to at most [`PHOTO_MAX_EDGE_PX`] and re-encodes as JPEG,
/// lowering the quality (then the size) until it fits [`MAX_PROCESSED_BYTES`].
pub fn process(bytes: &[u8]) -> Result<ProcessedPhoto> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(refuse(PhotoProblem::FileTooLarge, bytes.len()));
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| refuse(PhotoProblem::Corrupt, e))?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => {
            return Err(refuse(
                PhotoProblem::UnsupportedFormat,
                format!("{other:?}"),
            ))
        }
        None => return Err(refuse(PhotoProblem::NotAnImage, "unknown signature")),
    }
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| refuse(PhotoProblem::Corrupt, e))?;
    // The header's dimensions are checked before a single pixel is allocated.
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(refuse(PhotoProblem::Corrupt, "empty image"));
    }
    if u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(refuse(PhotoProblem::TooManyPixels, format!("{w}×{h}")));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    // RGBA16 is the widest layout any of the three formats decodes into.
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 8 + (64 << 20));
    decoder
        .set_limits(limits)
        .map_err(|e| refuse(PhotoProblem::TooManyPixels, e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let taken_at = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .and_then(|exif| gps(&exif));
    let image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(l) => refuse(PhotoProblem::TooManyPixels, l),
        other => refuse(PhotoProblem::Corrupt, other),
    })?;

    // Flatten, scale (rotation is cheaper on the small image and the long edge is
    // the same either way), then turn upright.
    let rgb = flatten(image);
    let rgb = scale(rgb, PHOTO_MAX_EDGE_PX)?;
    let mut upright = DynamicImage::ImageRgb8(rgb);
    upright.apply_orientation(orientation);
    let mut rgb = upright.into_rgb8();

    loop {
        for quality in QUALITIES {
            let jpeg = encode(&rgb, quality)?;
            if jpeg.len() <= MAX_PROCESSED_BYTES {
                let sha256 = sha256_hex(&jpeg);
                return Ok(ProcessedPhoto {
                    width: rgb.width(),
                    height: rgb.height(),
                    jpeg,
                    sha256,
                    taken_at,
                });
            }
        }
        // Pure noise does not fit even at the lowest quality: shrink and try again.
        let edge = rgb.width().max(rgb.height()) * 3 / 4;
        if edge < 64 {
            return Err(refuse(PhotoProblem::Corrupt, "cannot compress"));
        }
        rgb = scale(rgb, edge)?;
    }
}

/// Latitude and longitude from raw EXIF (TIFF) data: degrees, minutes and seconds
/// as rationals with an N/S or E/W reference. Anything missing, malformed or
/// impossible (a zero denominator, 0°/0° from a camera without a fix) gives `None`.
fn gps(exif: &[u8]) -> Option<(f64, f64)> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
    let coordinate = |tag: Tag, reference: Tag, negative: u8| -> Option<f64> {
        let Value::Rational(dms) = &exif.get_field(tag, In::PRIMARY)?.value else {
            return None;
        };
        let [d, m, s] = dms.get(..3)? else {
            return None;
        };
        let value = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        let sign = match &exif.get_field(reference, In::PRIMARY)?.value {
            Value::Ascii(parts) => match parts.first().and_then(|p| p.first()) {
                Some(c) if c.eq_ignore_ascii_case(&negative) => -1.0,
                Some(_) => 1.0,
                None => return None,
            },
            _ => return None,
        };
        Some(sign * value).filter(|v| v.is_finite())
    };
    let lat = coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    let plausible = lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat, lon) != (0.0, 0.0);
    plausible.then_some((lat, lon))
}

/// Scales down so the long edge is at most `max_edge`, never up, with a Hamming
/// convolution (bicubic-like sharpness at bilinear cost) from `fast_image_resize`,
/// SIMD on x86-64 and ARM: ~13 ms for 12 MP → 2 MP where `image`'s area average
/// took ~135 ms (docs/BENCHMARKS.md).
fn scale(image: image::RgbImage, max_edge: u32) -> Result<image::RgbImage> {
    let (w, h) = image.dimensions();
    let long = w.max(h);
    if long <= max_edge {
        return Ok(image);
    }
    let shorter = |s: u32| {
        ((u64::from(s) * u64::from(max_edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    let (nw, nh) = if w >= h {
        (max_edge, shorter(h))
    } else {
        (shorter(w), max_edge)
    };
    let resize_failed =
        |e: &dyn std::fmt::Display| Error::InvalidInput(format!("photo resize failed: {e}"));
    // Typed images: the untyped `resize` dispatches over every pixel type, which
    // put the convolutions of all of them (× SIMD variants) into the mobile library.
    let pixels = image.into_raw();
    let src = fr::images::TypedImageRef::<fr::pixels::U8x3>::from_buffer(w, h, &pixels)
        .map_err(|e| resize_failed(&e))?;
    let mut out = vec![0u8; nw as usize * nh as usize * 3];
    {
        let mut dst = fr::images::TypedImage::<fr::pixels::U8x3>::from_buffer(nw, nh, &mut out)
            .map_err(|e| resize_failed(&e))?;
        fr::Resizer::new()
            .resize_typed(
                &src,
                &mut dst,
                &fr::ResizeOptions::new()
                    .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Hamming)),
            )
            .map_err(|e| resize_failed(&e))?;
    }
    image::RgbImage::from_raw(nw, nh, out).ok_or_else(|| resize_failed(&"buffer size"))
}

/// RGB without alpha: transparent parts become white, as on paper.
fn flatten(image: DynamicImage) -> image::RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(p[3]);
        for c in 0..3 {
            o[c] = ((u32::from(p[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

/// Baseline JPEG, 4:2:0, standard Huffman tables, and nothing but the JFIF header:
/// no EXIF, XMP, ICC or comment segment. `jpeg_encoder` (SIMD) encodes 1600×1200 in
/// ~20 ms against ~70 ms for `image`'s encoder. Its optimized-Huffman option is
/// NOT used: with it, flat areas (a white wall, an overexposed sky) decode with
/// wrong colours (`flat_colours_survive_processing` guards this).
fn encode(rgb: &image::RgbImage, quality: u8) -> Result<Vec<u8>> {
    let (w, h) = rgb.dimensions();
    let (w, h) = (
        u16::try_from(w).map_err(|_| Error::InvalidInput("photo too wide to encode".into()))?,
        u16::try_from(h).map_err(|_| Error::InvalidInput("photo too tall to encode".into()))?,
    );
    let mut out = Vec::with_capacity(MAX_PROCESSED_BYTES);
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| Error::InvalidInput(format!("jpeg encoding failed: {e}")))?;
    Ok(out)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Attaches a processed photo to a draft (at most [`MAX_PHOTOS`]; the same photo
/// twice is one photo).
pub(crate) fn attach(
    conn: &mut Connection,
    draft_id: &str,
    photo: &ProcessedPhoto,
    now: i64,
) -> Result<PhotoInfo> {
    let tx = conn.transaction()?;
    if !super::exists(&tx, draft_id)? {
        return Err(Error::NotFound(format!("draft {draft_id}")));
    }
    let already: bool = tx
        .query_row(
            "SELECT 1 FROM draft_photo WHERE draft_id = ?1 AND sha256 = ?2",
            params![draft_id, photo.sha256],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !already {
        let count: i64 = tx.query_row(
            "SELECT COUNT(*) FROM draft_photo WHERE draft_id = ?1",
            [draft_id],
            |r| r.get(0),
        )?;
        if count as usize >= MAX_PHOTOS {
            return Err(Error::Validation(vec![too_many_photos()]));
        }
        tx.execute(
            "INSERT OR IGNORE INTO photo(sha256, bytes, width, height, created_at, lat, lon)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                photo.sha256,
                photo.jpeg,
                photo.width,
                photo.height,
                now,
                photo.taken_at.map(|t| t.0),
                photo.taken_at.map(|t| t.1)
            ],
        )?;
        tx.execute(
            "INSERT INTO draft_photo(draft_id, sha256, position)
             VALUES (?1, ?2, (SELECT COALESCE(MAX(position), 0) + 1 FROM draft_photo WHERE draft_id = ?1))",
            params![draft_id, photo.sha256],
        )?;
        tx.execute(
            "UPDATE draft SET updated_at = ?2 WHERE id = ?1",
            params![draft_id, now],
        )?;
    }
    let info = infos(
        &tx,
        "SELECT sha256, width, height, length(bytes), lat, lon FROM photo WHERE sha256 = ?1",
        &photo.sha256,
    )?
    .pop()
    .ok_or_else(|| Error::Corrupt(format!("photo {} not stored", photo.sha256)))?;
    tx.commit()?;
    Ok(info)
}

pub(crate) fn detach(conn: &mut Connection, draft_id: &str, sha256: &str, now: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let n = tx.execute(
        "DELETE FROM draft_photo WHERE draft_id = ?1 AND sha256 = ?2",
        params![draft_id, sha256],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "photo {sha256} of draft {draft_id}"
        )));
    }
    tx.execute(
        "UPDATE draft SET updated_at = ?2 WHERE id = ?1",
        params![draft_id, now],
    )?;
    collect_garbage(&tx)?;
    tx.commit()?;
    Ok(())
}

fn infos(conn: &Connection, sql: &str, owner: &str) -> Result<Vec<PhotoInfo>> {
    let rows = conn
        .prepare_cached(sql)?
        .query_map([owner], |r| {
            Ok(PhotoInfo {
                sha256: r.get(0)?,
                width: r.get(1)?,
                height: r.get(2)?,
                size_bytes: r.get::<_, i64>(3)? as u64,
                lat: r.get(4)?,
                lon: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn of_draft(conn: &Connection, draft_id: &str) -> Result<Vec<PhotoInfo>> {
    infos(
        conn,
        "SELECT p.sha256, p.width, p.height, length(p.bytes), p.lat, p.lon FROM draft_photo d
         JOIN photo p ON p.sha256 = d.sha256 WHERE d.draft_id = ?1 ORDER BY d.position",
        draft_id,
    )
}

pub(crate) fn of_complaint(conn: &Connection, complaint_id: &str) -> Result<Vec<PhotoInfo>> {
    infos(
        conn,
        "SELECT p.sha256, p.width, p.height, length(p.bytes), p.lat, p.lon FROM complaint_photo c
         JOIN photo p ON p.sha256 = c.sha256 WHERE c.complaint_id = ?1 ORDER BY c.position",
        complaint_id,
    )
}

/// The stored JPEG bytes of a photo, for display.
pub(crate) fn bytes(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .query_row("SELECT bytes FROM photo WHERE sha256 = ?1", [sha256], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Deletes photos no draft, complaint or upload refers to any more.
pub(crate) fn collect_garbage(tx: &Transaction) -> Result<()> {
    tx.execute(
        "DELETE FROM photo WHERE sha256 NOT IN (
             SELECT sha256 FROM draft_photo UNION SELECT sha256 FROM complaint_photo
             UNION SELECT sha256 FROM upload)",
        [],
    )?;
    Ok(())
}
