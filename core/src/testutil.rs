//! Helpers for the core's unit tests: a core on a temp file with a small content
//! cache (one complaint category, two kecamatan, two desa) and test pictures.

use pati_protocol::*;

use crate::{Core, CoreConfig};

pub(crate) const CATEGORY: &str = "jalan-rusak";
pub(crate) const KECAMATAN: &str = "33.18.01";
pub(crate) const DESA: &str = "33.18.01.2001";
pub(crate) const OTHER_KECAMATAN: &str = "33.18.02";

pub(crate) fn content_page() -> Vec<u8> {
    let loc = |s: &str| Localized {
        id: s.into(),
        en: None,
        jv: None,
    };
    let items = vec![
        ContentItem::ComplaintCategory(ComplaintCategory {
            id: CATEGORY.into(),
            name: loc("Jalan rusak"),
            description: loc("Jalan berlubang"),
            agency: "dpupr".into(),
            icon: "road".into(),
            order: 1,
        }),
        ContentItem::Kecamatan(Kecamatan {
            code: KECAMATAN.into(),
            name: "Sukolilo".into(),
        }),
        ContentItem::Kecamatan(Kecamatan {
            code: OTHER_KECAMATAN.into(),
            name: "Kayen".into(),
        }),
        ContentItem::Desa(Desa {
            code: DESA.into(),
            kecamatan: KECAMATAN.into(),
            name: "Baleadi".into(),
            kind: "desa".into(),
        }),
    ];
    let changes: Vec<ContentChange> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| ContentChange {
            version: i as i64 + 1,
            kind: item.kind(),
            key: item.key(),
            item: Some(item),
        })
        .collect();
    serde_json::to_vec(&ContentPage {
        protocol: PROTOCOL_VERSION,
        jurisdiction: "pati".into(),
        version: changes.len() as i64,
        cursor: format!("c1.{}", changes.len()),
        changes,
        has_more: false,
        reset: false,
    })
    .unwrap()
}

/// A core whose file lives in `dir`, pointing at `url`, with the small content.
pub(crate) fn core_at(dir: &std::path::Path, url: &str) -> Core {
    let core = Core::open(CoreConfig {
        db_path: dir.join("device.db").display().to_string(),
        server_url: url.into(),
        jurisdiction: "pati".into(),
        kiosk: false,
    })
    .unwrap();
    core.import_content(&content_page()).unwrap();
    core
}

pub(crate) fn core(dir: &std::path::Path) -> Core {
    // Port 9 (discard) on loopback: nothing listens, so any network call is Offline.
    core_at(dir, "http://127.0.0.1:9")
}

/// A draft that passes validation.
pub(crate) fn ready_draft(core: &Core, title: &str) -> crate::Draft {
    let d = core.create_draft().unwrap();
    core.update_draft(
        &d.id,
        crate::DraftPatch {
            category: Some(CATEGORY.into()),
            title: Some(title.into()),
            description: Some(
                "Jalan berlubang besar di depan balai desa, berbahaya malam hari.".into(),
            ),
            location: Some(crate::ComplaintLocation {
                lat: Some(-6.75),
                lon: Some(111.04),
                kecamatan: None,
                desa: Some(DESA.into()),
                address: Some("Jl. Raya Baleadi".into()),
            }),
            ..Default::default()
        },
    )
    .unwrap()
}

/// A photo-like RGB picture: smooth gradients plus deterministic texture.
pub(crate) fn picture(w: u32, h: u32) -> image::RgbImage {
    let mut state: u32 = 0x1234_5678;
    image::RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state % 24) as i32 - 12;
        let r = (x * 255 / w.max(1)) as i32 + n;
        let g = (y * 255 / h.max(1)) as i32 + n;
        let b = (((x / 40 + y / 40) % 2) * 120 + 60) as i32 + n;
        image::Rgb([
            r.clamp(0, 255) as u8,
            g.clamp(0, 255) as u8,
            b.clamp(0, 255) as u8,
        ])
    })
}

pub(crate) fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture(w, h))
        .unwrap();
    out
}

pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture(w, h))
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}
