use super::*;
use crate::testutil::*;
use crate::{Core, ErrorKind};

fn codes(problems: &[FieldError]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| (p.field.clone(), p.code.clone()))
        .collect()
}

fn has(problems: &[FieldError], field: &str, code: &str) -> bool {
    problems.iter().any(|p| p.field == field && p.code == code)
}

#[test]
fn drafts_are_created_edited_listed_and_deleted_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let core = core(dir.path());
        let d = core.create_draft().unwrap();
        assert!(uuid::Uuid::parse_str(&d.id).is_ok());
        assert_eq!(d.title, "");
        let d = core
            .update_draft(
                &d.id,
                DraftPatch {
                    title: Some("Lampu jalan mati".into()),
                    anonymous: Some(true),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(d.title, "Lampu jalan mati");
        assert!(d.anonymous && !d.confidential);
        // Fields not in the patch keep their value.
        let d = core
            .update_draft(
                &d.id,
                DraftPatch {
                    confidential: Some(true),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(d.title, "Lampu jalan mati");
        assert!(d.anonymous && d.confidential);
        let other = core.create_draft().unwrap();
        assert_eq!(core.drafts().unwrap().len(), 2);
        core.delete_draft(&other.id).unwrap();
        assert_eq!(core.drafts().unwrap().len(), 1);
        assert_eq!(
            core.delete_draft(&other.id).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        d.id
    };
    let core = core(dir.path());
    let d = core.draft(&id).unwrap().expect("draft kept");
    assert_eq!(d.title, "Lampu jalan mati");
    assert!(d.anonymous && d.confidential);
}

#[test]
fn editing_a_missing_draft_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let err = core
        .update_draft("nope", DraftPatch::default())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn an_empty_draft_lists_every_missing_field_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = core.create_draft().unwrap();
    assert_eq!(
        codes(&d.problems),
        vec![
            ("category".to_string(), "required".to_string()),
            ("title".into(), "required".into()),
            ("description".into(), "required".into()),
            ("location".into(), "location_required".into()),
        ]
    );
    for p in &d.problems {
        assert!(!p.message_id.is_empty() && !p.message_en.is_empty());
        assert_ne!(p.message_id, p.message_en);
    }
    let ready = ready_draft(&core, "Jalan berlubang di Baleadi");
    assert!(ready.problems.is_empty(), "{:?}", ready.problems);
    assert!(core.validate_draft(&ready.id).unwrap().is_empty());
}

#[test]
fn texts_are_checked_against_the_protocol_limits() {
    use pati_protocol::limits::*;
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = ready_draft(&core, "Judul yang cukup");
    let edit = |patch: DraftPatch| core.update_draft(&d.id, patch).unwrap().problems;
    let p = edit(DraftPatch {
        title: Some("abc".into()),
        description: Some("x".repeat(MAX_DESCRIPTION_CHARS + 1)),
        ..Default::default()
    });
    assert!(has(&p, "title", "too_short"), "{p:?}");
    assert!(has(&p, "description", "too_long"), "{p:?}");
    assert!(p[0].message_id.contains("minimal 5"), "{}", p[0].message_id);
    let p = edit(DraftPatch {
        title: Some("é".repeat(MAX_TITLE_CHARS)),
        description: Some("pendek".into()),
        ..Default::default()
    });
    assert!(
        !p.iter().any(|e| e.field == "title"),
        "characters, not bytes: {p:?}"
    );
    assert!(has(&p, "description", "too_short"));
    let p = edit(DraftPatch {
        title: Some("t".repeat(MAX_TITLE_CHARS + 1)),
        ..Default::default()
    });
    assert!(has(&p, "title", "too_long"));
    // Blank text counts as missing, whatever the spaces.
    let p = edit(DraftPatch {
        title: Some("      ".into()),
        ..Default::default()
    });
    assert!(has(&p, "title", "required"));
    // A runaway paste is refused outright rather than stored.
    let err = core
        .update_draft(
            &d.id,
            DraftPatch {
                description: Some("x".repeat(200_000)),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(has(err.field_errors(), "description", "too_long"));
}

#[test]
fn category_and_places_are_checked_against_the_cached_content() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = ready_draft(&core, "Judul yang cukup");
    let edit = |patch: DraftPatch| core.update_draft(&d.id, patch).unwrap().problems;
    let p = edit(DraftPatch {
        category: Some("tidak-ada".into()),
        ..Default::default()
    });
    assert!(has(&p, "category", "unknown_category"), "{p:?}");
    let place = |lat, lon, kecamatan: Option<&str>, desa: Option<&str>| DraftPatch {
        category: Some(CATEGORY.into()),
        location: Some(ComplaintLocation {
            lat,
            lon,
            kecamatan: kecamatan.map(Into::into),
            desa: desa.map(Into::into),
            address: None,
        }),
        ..Default::default()
    };
    assert!(has(
        &edit(place(None, None, None, Some("33.18.99.9999"))),
        "location.desa",
        "unknown_desa"
    ));
    assert!(has(
        &edit(place(None, None, Some(OTHER_KECAMATAN), Some(DESA))),
        "location.desa",
        "desa_not_in_kecamatan"
    ));
    assert!(has(
        &edit(place(None, None, Some("33.99.99"), None)),
        "location.kecamatan",
        "unknown_kecamatan"
    ));
    // A kecamatan alone is not a location.
    assert!(has(
        &edit(place(None, None, Some(KECAMATAN), None)),
        "location",
        "location_required"
    ));
    assert!(has(
        &edit(place(Some(95.0), Some(111.0), None, None)),
        "location.lat",
        "out_of_range"
    ));
    assert!(has(
        &edit(place(Some(-6.7), Some(-181.0), None, None)),
        "location.lon",
        "out_of_range"
    ));
    // Valid on a globe, outside the area the server serves (Bali).
    assert!(has(
        &edit(place(Some(-8.4), Some(115.2), None, None)),
        "location.lon",
        "out_of_range"
    ));
    // Not-a-number cannot even be stored (SQLite would turn it into NULL).
    let err = core
        .update_draft(&d.id, place(Some(f64::NAN), Some(111.0), None, None))
        .unwrap_err();
    assert!(
        has(err.field_errors(), "location.lat", "out_of_range"),
        "{err}"
    );
    let p = edit(place(Some(-6.7), None, None, None));
    assert!(has(&p, "location.lon", "incomplete") && has(&p, "location", "location_required"));
    // Coordinates alone or a desa alone are enough.
    assert!(edit(place(Some(-6.7), Some(111.0), None, None)).is_empty());
    assert!(edit(place(None, None, Some(KECAMATAN), Some(DESA))).is_empty());
}

#[test]
fn without_any_cached_content_well_formed_ids_are_left_to_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(crate::CoreConfig {
        db_path: dir.path().join("empty.db").display().to_string(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .unwrap();
    let d = ready_draft(&core, "Judul yang cukup");
    assert!(d.problems.is_empty(), "{:?}", d.problems);
}

#[test]
fn photos_are_attached_up_to_five_and_the_same_photo_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = core.create_draft().unwrap();
    let mut hashes = Vec::new();
    for i in 0..5 {
        let info = core.add_draft_photo(&d.id, &jpeg(64 + i, 48)).unwrap();
        assert!(pati_protocol::is_sha256_hex(&info.sha256));
        let stored = core.photo(&info.sha256).unwrap().unwrap();
        assert_eq!(photos::sha256_hex(&stored), info.sha256);
        assert_eq!(stored.len() as u64, info.size_bytes);
        hashes.push(info.sha256);
        if i == 1 {
            // The same photo again is one photo.
            core.add_draft_photo(&d.id, &jpeg(64, 48)).unwrap();
            assert_eq!(core.draft(&d.id).unwrap().unwrap().photos.len(), 2);
        }
    }
    let err = core.add_draft_photo(&d.id, &jpeg(99, 48)).unwrap_err();
    assert!(has(err.field_errors(), "photos", "too_many"), "{err}");
    let d = core.draft(&d.id).unwrap().unwrap();
    assert_eq!(
        d.photos
            .iter()
            .map(|p| p.sha256.clone())
            .collect::<Vec<_>>(),
        hashes
    );
    // Removing a photo frees its bytes; deleting the draft frees the rest.
    core.remove_draft_photo(&d.id, &hashes[0]).unwrap();
    assert!(core.photo(&hashes[0]).unwrap().is_none());
    core.delete_draft(&d.id).unwrap();
    assert!(core.photo(&hashes[1]).unwrap().is_none());
}

#[test]
fn non_images_other_formats_and_bombs_are_refused_with_typed_errors() {
    use photos::PhotoProblem;
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = core.create_draft().unwrap();
    let problem = |bytes: &[u8]| {
        core.add_draft_photo(&d.id, bytes)
            .unwrap_err()
            .photo_problem()
    };
    assert_eq!(
        problem(b"hello, this is text"),
        Some(PhotoProblem::NotAnImage)
    );
    assert_eq!(problem(b""), Some(PhotoProblem::NotAnImage));
    assert_eq!(
        problem(b"GIF89a\x01\x00\x01\x00\x00\x00\x00"),
        Some(PhotoProblem::UnsupportedFormat)
    );
    // A real JPEG whose header claims 60000×60000 pixels.
    let mut bomb = jpeg(32, 32);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    bomb[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    assert_eq!(problem(&bomb), Some(PhotoProblem::TooManyPixels));
    // A JPEG cut in half.
    let whole = jpeg(200, 200);
    let err = core.add_draft_photo(&d.id, &whole[..40]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.photo_problem(), Some(PhotoProblem::Corrupt));
    assert!(core.draft(&d.id).unwrap().unwrap().photos.is_empty());
}

/// A JPEG with an APP1 Exif segment: Orientation 6 (rotate 90° clockwise), an
/// ImageDescription marker and a GPS IFD with latitude/longitude.
fn jpeg_with_exif_gps(w: u32, h: u32) -> Vec<u8> {
    const MARKER: &[u8] = b"SECRET-HOME-OF-SITI\0";
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    // IFD0 at 8: 3 entries (2 + 36 + 4 bytes) → data starts at 8 + 42 = 50.
    let desc_at = 50u32;
    let gps_at = desc_at + MARKER.len() as u32;
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(entry(0x010E, 2, MARKER.len() as u32, desc_at)); // ImageDescription
    tiff.extend(entry(0x0112, 3, 1, 6)); // Orientation = 6
    tiff.extend(entry(0x8825, 4, 1, gps_at)); // GPS IFD pointer
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(MARKER);
    // GPS IFD: 4 entries → rationals after it.
    let rationals_at = gps_at + 2 + 4 * 12 + 4;
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"S\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, rationals_at));
    tiff.extend(entry(0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0")));
    tiff.extend(entry(0x0004, 5, 3, rationals_at + 24));
    tiff.extend(0u32.to_le_bytes());
    for (num, den) in [(6, 1), (45, 1), (1234, 100), (111, 1), (2, 1), (4321, 100)] {
        tiff.extend((num as u32).to_le_bytes());
        tiff.extend((den as u32).to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let plain = jpeg(w, h);
    let mut out = plain[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

#[test]
fn exif_orientation_is_applied_and_no_metadata_survives() {
    let input = jpeg_with_exif_gps(120, 60);
    assert!(input.windows(19).any(|w| w == b"SECRET-HOME-OF-SITI"));
    // The decoder sees the orientation, so the segment is well-formed.
    let mut decoder = image::ImageReader::new(std::io::Cursor::new(&input))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    use image::ImageDecoder;
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );

    let out = photos::process(&input).unwrap();
    assert_eq!((out.width, out.height), (60, 120), "turned upright");
    let bytes = &out.jpeg;
    assert!(!bytes.windows(19).any(|w| w == b"SECRET-HOME-OF-SITI"));
    assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    // Walk the segments: nothing but JFIF, tables, frame and scan.
    let mut i = 2;
    while i + 4 <= bytes.len() {
        assert_eq!(bytes[i], 0xFF);
        let marker = bytes[i + 1];
        assert!(
            !(0xE1..=0xEF).contains(&marker) && marker != 0xFE,
            "metadata segment {marker:02X} in output"
        );
        if marker == 0xDA {
            break;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        i += 2 + len;
    }
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (60, 120));
}

#[test]
fn where_a_photo_was_taken_is_offered_but_never_leaves_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let core = core(dir.path());
    let d = core.create_draft().unwrap();
    // S 6°45'12.34", E 111°2'43.21": a rice field south of Pati town.
    let info = core
        .add_draft_photo(&d.id, &jpeg_with_exif_gps(120, 60))
        .unwrap();
    let (lat, lon) = (info.lat.unwrap(), info.lon.unwrap());
    assert!(
        (lat - -(6.0 + 45.0 / 60.0 + 12.34 / 3600.0)).abs() < 1e-9,
        "{lat}"
    );
    assert!(
        (lon - (111.0 + 2.0 / 60.0 + 43.21 / 3600.0)).abs() < 1e-9,
        "{lon}"
    );
    let listed = core.draft(&d.id).unwrap().unwrap().photos;
    assert_eq!((listed[0].lat, listed[0].lon), (Some(lat), Some(lon)));
    // The stored (and uploaded) JPEG has no trace of it.
    let stored = core.photo(&info.sha256).unwrap().unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"));
    // A photo without GPS tags offers nothing.
    let plain = core.add_draft_photo(&d.id, &jpeg(80, 60)).unwrap();
    assert_eq!((plain.lat, plain.lon), (None, None));
}

#[test]
fn big_photos_are_scaled_to_1600_px_and_200_kb() {
    let out = photos::process(&png(2400, 1800)).unwrap();
    assert_eq!((out.width, out.height), (1600, 1200));
    assert!(
        out.jpeg.len() <= photos::MAX_PROCESSED_BYTES,
        "{}",
        out.jpeg.len()
    );
    assert_eq!(out.sha256, photos::sha256_hex(&out.jpeg));
    // Portrait keeps its shape; small photos are not enlarged.
    let out = photos::process(&jpeg(300, 2000)).unwrap();
    assert_eq!((out.width, out.height), (240, 1600));
    let out = photos::process(&jpeg(320, 240)).unwrap();
    assert_eq!((out.width, out.height), (320, 240));
}

#[test]
fn transparent_png_becomes_white_not_black() {
    let img = image::RgbaImage::from_pixel(40, 40, image::Rgba([0, 0, 0, 0]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    let out = photos::process(&bytes.into_inner()).unwrap();
    let px = image::load_from_memory(&out.jpeg).unwrap().to_rgb8();
    assert!(
        px.get_pixel(20, 20).0.iter().all(|c| *c > 240),
        "{:?}",
        px.get_pixel(20, 20)
    );
}

#[test]
fn flat_colours_survive_processing() {
    for rgb in [
        [255, 255, 255],
        [0, 0, 0],
        [200, 200, 200],
        [255, 0, 0],
        [30, 140, 220],
    ] {
        let img = image::RgbImage::from_pixel(1700, 200, image::Rgb(rgb));
        let mut bytes = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut bytes, image::ImageFormat::Png)
            .unwrap();
        let out = photos::process(&bytes.into_inner()).unwrap();
        let decoded = image::load_from_memory(&out.jpeg).unwrap().to_rgb8();
        for (x, y) in [(0, 0), (800, 94), (1599, 187)] {
            let px = decoded.get_pixel(x, y).0;
            for c in 0..3 {
                assert!(
                    px[c].abs_diff(rgb[c]) <= 6,
                    "{rgb:?} became {px:?} at {x},{y}"
                );
            }
        }
    }
}

#[test]
fn webp_is_accepted() {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture(100, 80))
        .write_to(&mut bytes, image::ImageFormat::WebP)
        .unwrap();
    let out = photos::process(&bytes.into_inner()).unwrap();
    assert_eq!((out.width, out.height), (100, 80));
}

#[allow(dead_code)]
fn _core_is_send_sync(c: Core) -> impl Send + Sync {
    c
}
