//! Synthetic catalogues shared by the content and memory benchmarks.

#![allow(dead_code)] // each bench uses its part

use pati_core::{Core, CoreConfig};
use pati_protocol::*;

/// Deterministic xorshift, so every run indexes the same catalogue.
pub struct Rng(u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
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

pub fn loc(s: String) -> Localized {
    Localized {
        id: s,
        en: None,
        jv: None,
    }
}

pub fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s: Vec<&str> = (0..n).map(|_| rng.pick(WORDS)).collect();
    s.dedup();
    s.join(" ")
}

/// The catalogue as pages of at most 1,000 changes, like a server would send.
pub fn catalogue(services: usize) -> Vec<Vec<u8>> {
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

pub fn open_core(dir: &std::path::Path) -> Core {
    Core::open(CoreConfig {
        db_path: dir.join("bench.db").display().to_string(),
        server_url: "http://127.0.0.1:9".into(),
        jurisdiction: "bench".into(),
        kiosk: false,
    })
    .expect("open core")
}

pub const QUERIES: &[&str] = &[
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
