//! Content benchmarks on synthetic catalogues (issue 3 budgets):
//! - applying a pull of 10k changes (10 pages of 1,000);
//! - search at 10k and 100k services, against a bare FTS5 MATCH on the same data,
//!   with p50/p95 printed from a separate timing pass (criterion reports means).
//!
//! Run: `cargo bench -p pati-core --bench content`
//! (`PATI_BENCH_SIZES=10000` to skip the 100k catalogue).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use pati_core::{Core, CoreConfig, Language, SearchFilter};
use pati_protocol::*;

/// Deterministic xorshift, so every run indexes the same catalogue.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const ACTIONS: &[&str] = &[
    "Pendaftaran",
    "Perekaman",
    "Pembuatan",
    "Penerbitan",
    "Perpanjangan",
    "Pengajuan",
    "Permohonan",
    "Pelaporan",
    "Pembayaran",
    "Pemeriksaan",
    "Perubahan",
    "Legalisir",
];
const OBJECTS: &[&str] = &[
    "KTP-el",
    "kartu keluarga",
    "akta kelahiran",
    "akta kematian",
    "izin usaha",
    "pajak bumi",
    "sertifikat halal",
    "surat keterangan",
    "rekomendasi teknis",
    "bantuan sosial",
    "beasiswa",
    "izin bangunan",
    "uji kendaraan",
    "kartu tani",
    "lampu jalan",
    "jalan desa",
    "air bersih",
    "rumah sakit",
    "puskesmas",
    "imunisasi anak",
    "pasar rakyat",
    "perpustakaan",
    "arsip",
];
const WORDS: &[&str] = &[
    "warga",
    "datang",
    "loket",
    "membawa",
    "fotokopi",
    "dokumen",
    "asli",
    "petugas",
    "memeriksa",
    "berkas",
    "lengkap",
    "hari",
    "kerja",
    "gratis",
    "biaya",
    "sesuai",
    "peraturan",
    "daerah",
    "kecamatan",
    "desa",
    "kelurahan",
    "pemohon",
    "mengisi",
    "formulir",
    "tanda",
    "tangan",
    "menunggu",
    "antrean",
    "layanan",
    "daring",
    "aplikasi",
    "surat",
    "pengantar",
    "rt",
    "rw",
    "pengambilan",
    "verifikasi",
    "data",
    "kependudukan",
    "nomor",
    "induk",
    "dinas",
    "kantor",
    "pelayanan",
    "publik",
    "mal",
    "jadwal",
    "senin",
    "jumat",
    "informasi",
    "persyaratan",
];

fn loc(s: String) -> Localized {
    Localized {
        id: s,
        en: None,
        jv: None,
    }
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s: Vec<&str> = (0..n).map(|_| rng.pick(WORDS)).collect();
    s.dedup();
    s.join(" ")
}

/// The catalogue as pages of at most 1,000 changes, like a server would send.
fn catalogue(services: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut items = Vec::new();
    for a in 0..40 {
        items.push(ContentItem::Agency(Agency {
            id: format!("dinas-{a}"),
            name: loc(format!("Dinas Layanan {a}")),
            short_name: format!("DL{a}"),
            kind: "dinas".into(),
            description: None,
            address: None,
            phone: None,
            email: None,
            website: None,
        }));
    }
    for c in 0..20 {
        items.push(ContentItem::ServiceCategory(ServiceCategory {
            id: format!("kategori-{c}"),
            name: loc(format!("Kategori {c}")),
            icon: "doc".into(),
            order: c,
        }));
    }
    for i in 0..services {
        let name = format!("{} {} {}", rng.pick(ACTIONS), rng.pick(OBJECTS), i);
        items.push(ContentItem::Service(Service {
            id: format!("layanan-{i}"),
            category: format!("kategori-{}", rng.next() % 20),
            agency: format!("dinas-{}", rng.next() % 40),
            name: loc(name),
            summary: loc(sentence(&mut rng, 14)),
            requirements: (0..3).map(|_| loc(sentence(&mut rng, 6))).collect(),
            steps: (0..4).map(|_| loc(sentence(&mut rng, 10))).collect(),
            fee: loc("Gratis".into()),
            duration: loc("1 hari kerja".into()),
            legal_basis: vec![],
            locations: vec![],
            hours: loc("Senin–Jumat".into()),
            contacts: vec![],
            online_url: None,
            keywords: vec![rng.pick(OBJECTS).to_lowercase()],
            featured: false,
            featured_order: None,
        }));
    }
    let total = items.len() as i64;
    items
        .chunks(1000)
        .enumerate()
        .map(|(p, chunk)| {
            let base = (p * 1000) as i64;
            let changes: Vec<ContentChange> = chunk
                .iter()
                .enumerate()
                .map(|(i, item)| ContentChange {
                    version: base + i as i64 + 1,
                    kind: item.kind(),
                    key: item.key(),
                    item: Some(item.clone()),
                })
                .collect();
            let version = base + chunk.len() as i64;
            serde_json::to_vec(&ContentPage {
                protocol: PROTOCOL_VERSION,
                jurisdiction: "bench".into(),
                changes,
                cursor: format!("c1.{version}"),
                version,
                has_more: version < total,
                reset: false,
            })
            .expect("serialize page")
        })
        .collect()
}

fn open_core(dir: &std::path::Path) -> Core {
    Core::open(CoreConfig {
        db_path: dir.join("bench.db").display().to_string(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "bench".into(),
    })
    .expect("open core")
}

const QUERIES: &[&str] = &[
    "ktp",
    "akta kelahiran",
    "bikin kk",
    "izin usaha",
    "pajak",
    "perpus",
    "imunisasi",
    "jalan rusak",
    "kartu keluarga",
    "uji kendaraan",
    "kelahrian",
    "beasiswa",
    "pasar",
    "surat keterangan",
];

fn percentiles(mut d: Vec<Duration>) -> (Duration, Duration) {
    d.sort();
    (d[d.len() / 2], d[(d.len() * 95 / 100).min(d.len() - 1)])
}

fn bench_apply(c: &mut Criterion) {
    let pages = catalogue(10_000 - 60);
    let mut group = c.benchmark_group("apply");
    group.sample_size(10);
    group.bench_function("pull_of_10k_changes", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let core = open_core(dir.path());
                for p in &pages {
                    core.import_content(p).expect("import");
                }
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn bench_search(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("PATI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    for size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let core = open_core(dir.path());
        for p in catalogue(size) {
            core.import_content(&p).expect("import");
        }
        let bare = rusqlite::Connection::open(dir.path().join("bench.db")).expect("open");
        let filter = SearchFilter::default();
        let mut group = c.benchmark_group(format!("search_{size}"));
        let mut i = 0;
        group.bench_function("pati_core_search", |b| {
            b.iter(|| {
                i += 1;
                core.search(QUERIES[i % QUERIES.len()], &filter, Language::Id)
                    .expect("search")
            })
        });
        let mut stmt = bare
            .prepare("SELECT id FROM service_fts WHERE service_fts MATCH ?1 ORDER BY rank LIMIT 20")
            .expect("prepare");
        let bare_query = |q: &str| -> usize {
            let m = q
                .split_whitespace()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" OR ");
            stmt.query_map([m], |r| r.get::<_, String>(0))
                .expect("query")
                .count()
        };
        let mut bare_query = bare_query;
        group.bench_function("bare_fts5_match", |b| {
            b.iter(|| {
                i += 1;
                bare_query(QUERIES[i % QUERIES.len()])
            })
        });
        group.finish();

        // Percentiles over every query, 50 rounds each.
        let mut ours = Vec::new();
        let mut base = Vec::new();
        let mut per_query: Vec<(Vec<Duration>, Vec<Duration>)> =
            vec![Default::default(); QUERIES.len()];
        for _ in 0..50 {
            for (qi, q) in QUERIES.iter().enumerate() {
                let t = Instant::now();
                std::hint::black_box(core.search(q, &filter, Language::Id).expect("search"));
                ours.push(t.elapsed());
                per_query[qi].0.push(t.elapsed());
                let t = Instant::now();
                std::hint::black_box(bare_query(q));
                base.push(t.elapsed());
                per_query[qi].1.push(t.elapsed());
            }
        }
        for (q, (o, b)) in QUERIES.iter().zip(per_query) {
            eprintln!(
                "  {q:>18}: pati-core p50 {:?} | bare p50 {:?}",
                percentiles(o).0,
                percentiles(b).0
            );
        }
        let (o50, o95) = percentiles(ours);
        let (b50, b95) = percentiles(base);
        eprintln!(
            "search_{size}: pati-core p50 {o50:?} p95 {o95:?} | bare FTS5 MATCH p50 {b50:?} p95 {b95:?} | p95 ratio {:.2}",
            o95.as_secs_f64() / b95.as_secs_f64()
        );
    }
}

criterion_group!(benches, bench_apply, bench_search);
criterion_main!(benches);
