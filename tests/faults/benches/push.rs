//! Issue 4 budget: pushing 100 queued complaints with one photo each (about
//! 200 KB, as the device produces them) to pati-server over loopback in ≤ 5 s.
//!
//! Run: `cargo build --release -p pati-server && cargo bench -p pati-faults --bench push`
//! Prints each round and the median. Setup (drafting, photo processing) is not
//! timed; the clock runs from the first sync pass until the device is idle.

use std::time::{Duration, Instant};

use pati_core::{ComplaintLocation, DraftPatch, Language};
use pati_e2e::{device, Server};
use rand::{Rng, SeedableRng};

const COMPLAINTS: usize = 100;
const ROUNDS: usize = 3;

/// A 1600×1200 photo-like image: smooth light with fine noise, so its JPEG is
/// about as large as a phone photo's after the device's processing.
fn photo(seed: u64) -> Vec<u8> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let n: u8 = rng.random_range(0..48);
        image::Rgb([
            ((x / 7) as u8).wrapping_add(n),
            ((y / 5) as u8).wrapping_add(n / 2),
            (((x + y) / 11) as u8).wrapping_add(n / 3),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn main() {
    // Lift the limits meant for the public internet: one device files 300 here.
    std::env::set_var("PATI_ANONYMOUS_COMPLAINTS_PER_DAY", "1000000");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(&dir.path().join("server"), None).expect("server (release build?)");
    let template = dir.path().join("template");
    rt.block_on(async {
        let core = device(&template, &server.url, "pati");
        core.sync_content().await.expect("content");
    });

    let mut times = Vec::new();
    for round in 0..ROUNDS {
        let dev = dir.path().join(format!("device-{round}"));
        std::fs::create_dir_all(&dev).expect("dir");
        std::fs::copy(template.join("pati.db"), dev.join("pati.db")).expect("copy");
        let core = device(&dev, &server.url, "pati");
        let category = core.complaint_categories(Language::Id).expect("cats")[0]
            .id
            .clone();
        let kec = core.kecamatan().expect("kec")[0].code.clone();
        let desa = core.desa(&kec).expect("desa")[0].code.clone();
        let mut bytes_total = 0u64;
        for i in 0..COMPLAINTS {
            let d = core.create_draft().expect("draft");
            core.update_draft(
                &d.id,
                DraftPatch {
                    category: Some(category.clone()),
                    title: Some(format!("Beban {round}-{i} jalan rusak")),
                    description: Some(
                        "Jalan berlubang di depan balai desa, mohon diperbaiki.".into(),
                    ),
                    location: Some(ComplaintLocation {
                        lat: None,
                        lon: None,
                        kecamatan: Some(kec.clone()),
                        desa: Some(desa.clone()),
                        address: None,
                    }),
                    anonymous: Some(false),
                    confidential: Some(false),
                },
            )
            .expect("edit");
            let p = core
                .add_draft_photo(&d.id, &photo((round * COMPLAINTS + i) as u64))
                .expect("photo");
            bytes_total += p.size_bytes;
            core.submit_draft(&d.id).expect("submit");
        }
        let start = Instant::now();
        rt.block_on(async {
            loop {
                let ok = core.sync().await.is_ok();
                let st = core.sync_state().expect("state");
                if ok && st.pending_mutations == 0 && st.pending_photos == 0 {
                    break;
                }
            }
        });
        let took = start.elapsed();
        println!(
            "round {round}: {COMPLAINTS} complaints + {COMPLAINTS} photos ({:.1} MB) pushed in {:.2} s",
            bytes_total as f64 / 1e6,
            took.as_secs_f64()
        );
        times.push(took);
    }
    times.sort();
    let median: Duration = times[times.len() / 2];
    println!(
        "push of {COMPLAINTS} complaints with one photo each: median {:.2} s over {ROUNDS} rounds (budget 5 s)",
        median.as_secs_f64()
    );
}
