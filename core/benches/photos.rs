//! Photo processing budget: a 12-megapixel camera photo (4000×3000 JPEG) must
//! become a ≤ 200 KB JPEG of at most 1600 px in ≤ 300 ms on the project machine.
//!
//! Run: `cargo bench -p pati-core --bench photos`
//!
//! The input is generated deterministically so every run measures the same
//! picture, and made to look like a photo rather than a flat test card (which
//! compresses unrealistically well): a sky gradient over a horizon, fractal value
//! noise (4 octaves) for ground texture, a few hard-edged "buildings", and ±6 levels
//! of per-pixel sensor noise from a fixed-seed xorshift; then encoded at JPEG
//! quality 92, as phone cameras do (~3–4 MB). The bench also prints the output size.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use pati_core::drafts::photos::{process, MAX_PROCESSED_BYTES};

/// Deterministic hash noise in [0, 1) on an integer lattice.
fn lattice(x: i64, y: i64, seed: u64) -> f32 {
    let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ seed;
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    (h & 0xFFFF) as f32 / 65536.0
}

/// Smoothly interpolated value noise at scale `cell` pixels.
fn value_noise(x: u32, y: u32, cell: u32, seed: u64) -> f32 {
    let (gx, gy) = ((x / cell) as i64, (y / cell) as i64);
    let (fx, fy) = (
        (x % cell) as f32 / cell as f32,
        (y % cell) as f32 / cell as f32,
    );
    let s = |t: f32| t * t * (3.0 - 2.0 * t);
    let (sx, sy) = (s(fx), s(fy));
    let a = lattice(gx, gy, seed) + (lattice(gx + 1, gy, seed) - lattice(gx, gy, seed)) * sx;
    let b = lattice(gx, gy + 1, seed)
        + (lattice(gx + 1, gy + 1, seed) - lattice(gx, gy + 1, seed)) * sx;
    a + (b - a) * sy
}

fn camera_photo(w: u32, h: u32) -> Vec<u8> {
    let horizon = h * 2 / 5;
    let mut rng: u64 = 0x2545_F491_4F6C_DD1D;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let grain = (rng % 13) as f32 - 6.0;
        let (r, g, b) = if y < horizon {
            // Sky: gradient with soft clouds.
            let t = y as f32 / horizon as f32;
            let cloud = value_noise(x, y, 180, 1) * 0.6 + value_noise(x, y, 60, 2) * 0.4;
            let c = (cloud - 0.55).max(0.0) * 200.0;
            (
                90.0 + 60.0 * t + c,
                140.0 + 50.0 * t + c,
                220.0 - 20.0 * t + c * 0.8,
            )
        } else {
            // Ground: fractal texture (road, grass, soil).
            let n = value_noise(x, y, 256, 3) * 0.5
                + value_noise(x, y, 64, 4) * 0.25
                + value_noise(x, y, 16, 5) * 0.15
                + value_noise(x, y, 4, 6) * 0.10;
            let road = ((x as i64 - w as i64 / 2).abs() as f32) < (y - horizon) as f32 * 0.8;
            if road {
                (70.0 + 90.0 * n, 70.0 + 85.0 * n, 72.0 + 80.0 * n)
            } else {
                (60.0 + 80.0 * n, 100.0 + 110.0 * n, 40.0 + 50.0 * n)
            }
        };
        // Buildings on the horizon: hard edges, windows.
        let (mut r, mut g, mut b) = (r, g, b);
        let block = x / 300;
        let top = horizon - 150 - (lattice(block as i64, 0, 7) * 400.0) as u32;
        if y >= top && y < horizon && block % 3 != 1 {
            let window = (x % 40 < 18) && (y % 50 < 25);
            let base = 120.0 + lattice(block as i64, 1, 8) * 90.0;
            let v = if window { 40.0 } else { base };
            (r, g, b) = (v, v * 0.95, v * 0.9);
        }
        let px = |v: f32| (v + grain).clamp(0.0, 255.0) as u8;
        image::Rgb([px(r), px(g), px(b)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&img)
        .expect("encode input");
    out
}

fn bench_photos(c: &mut Criterion) {
    let input = camera_photo(4000, 3000);
    let out = process(&input).expect("process");
    println!(
        "input {} bytes (4000×3000) → output {} bytes ({}×{}), budget {} bytes",
        input.len(),
        out.jpeg.len(),
        out.width,
        out.height,
        MAX_PROCESSED_BYTES
    );
    assert!(out.jpeg.len() <= MAX_PROCESSED_BYTES);
    let mut group = c.benchmark_group("photos");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("process_12mp_jpeg", |b| {
        b.iter(|| process(&input).expect("process"))
    });
    group.finish();
}

criterion_group!(benches, bench_photos);
criterion_main!(benches);
