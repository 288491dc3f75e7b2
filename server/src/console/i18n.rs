//! The console's words, in Bahasa Indonesia (default) and English. One typed table:
//! a string missing in one language is a compile error, and templates hold no words
//! of their own.

use pati_protocol::Lang;

use crate::pack::Problem;
use crate::storage::Role;

use super::forms::FieldError;

/// Every user-facing string of the console.
pub struct Text {
    pub lang_code: &'static str,
    pub lang_name: &'static str,
    pub app_name: &'static str,
    pub console_name: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav: &'static str,
    pub language: &'static str,

    // Navigation
    pub nav_home: &'static str,
    pub nav_content: &'static str,
    pub nav_audit: &'static str,
    pub signed_in_as: &'static str,
    pub logout: &'static str,

    // Login
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub jurisdiction: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,
    pub login_refused: &'static str,
    pub login_lockout_hint: &'static str,
    pub logged_out: &'static str,

    // Dashboard
    pub home_title: &'static str,
    pub welcome: &'static str,
    pub your_account: &'static str,
    pub role: &'static str,
    pub agency: &'static str,
    pub no_agency: &'static str,
    pub published_content: &'static str,
    pub published_content_hint: &'static str,
    pub count_services: &'static str,
    pub count_news: &'static str,
    pub count_agencies: &'static str,
    pub count_service_categories: &'static str,
    pub count_complaint_categories: &'static str,
    pub count_kecamatan: &'static str,
    pub count_desa: &'static str,
    pub content_version: &'static str,
    pub quick_actions: &'static str,
    pub session_until: &'static str,

    // Content
    pub content_title: &'static str,
    pub tab_services: &'static str,
    pub tab_news: &'static str,
    pub search: &'static str,
    pub search_button: &'static str,
    pub search_services_hint: &'static str,
    pub search_news_hint: &'static str,
    pub clear_search: &'static str,
    pub add_service: &'static str,
    pub add_news: &'static str,
    pub col_name: &'static str,
    pub col_title: &'static str,
    pub col_id: &'static str,
    pub col_agency: &'static str,
    pub col_category: &'static str,
    pub col_published: &'static str,
    pub col_version: &'static str,
    pub col_actions: &'static str,
    pub edit: &'static str,
    pub retire: &'static str,
    pub featured_badge: &'static str,
    pub n_services: &'static str,
    pub n_news: &'static str,
    pub nothing_found: &'static str,

    // Forms
    pub new_service_title: &'static str,
    pub edit_service_title: &'static str,
    pub new_news_title: &'static str,
    pub edit_news_title: &'static str,
    pub form_intro: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub in_indonesian: &'static str,
    pub in_english: &'static str,
    pub in_javanese: &'static str,
    pub publish_button: &'static str,
    pub cancel: &'static str,
    pub error_summary_title: &'static str,
    pub add_row: &'static str,
    pub choose: &'static str,
    pub f_id: &'static str,
    pub f_id_hint: &'static str,
    pub f_id_fixed_hint: &'static str,
    pub f_category: &'static str,
    pub f_agency: &'static str,
    pub f_name: &'static str,
    pub f_summary: &'static str,
    pub f_requirements: &'static str,
    pub f_steps: &'static str,
    pub f_lines_hint: &'static str,
    pub f_fee: &'static str,
    pub f_duration: &'static str,
    pub f_hours: &'static str,
    pub f_legal_basis: &'static str,
    pub f_legal_basis_hint: &'static str,
    pub f_keywords: &'static str,
    pub f_keywords_hint: &'static str,
    pub f_online_url: &'static str,
    pub f_url_hint: &'static str,
    pub f_featured: &'static str,
    pub f_featured_label: &'static str,
    pub f_featured_order: &'static str,
    pub f_locations: &'static str,
    pub f_location: &'static str,
    pub f_location_name: &'static str,
    pub f_address: &'static str,
    pub f_mpp_counter: &'static str,
    pub f_contacts: &'static str,
    pub f_contact: &'static str,
    pub f_links: &'static str,
    pub f_link: &'static str,
    pub f_link_kind: &'static str,
    pub f_link_label: &'static str,
    pub f_url: &'static str,
    pub f_title: &'static str,
    pub f_body: &'static str,
    pub f_published_at: &'static str,
    pub f_published_at_hint: &'static str,
    pub f_image: &'static str,
    pub f_news_category: &'static str,
    pub f_jv_kept_hint: &'static str,

    // Outcomes
    pub done_created: &'static str,
    pub done_updated: &'static str,
    pub done_unchanged: &'static str,
    pub done_retired: &'static str,
    pub done_sync_hint: &'static str,

    // Retire
    pub retire_service_title: &'static str,
    pub retire_news_title: &'static str,
    pub retire_explain: &'static str,
    pub retire_button: &'static str,

    // Audit
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub col_time: &'static str,
    pub col_user: &'static str,
    pub col_action: &'static str,
    pub col_target: &'static str,
    pub col_detail: &'static str,
    pub older_entries: &'static str,
    pub newest_entries: &'static str,
    pub audit_empty: &'static str,

    // Errors
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub csrf_title: &'static str,
    pub csrf_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub unavailable_title: &'static str,
    pub unavailable_text: &'static str,
    pub back_home: &'static str,
    pub too_large_title: &'static str,
    pub too_large_text: &'static str,
}

impl Text {
    pub fn get(lang: Lang) -> &'static Text {
        match lang {
            Lang::En => &EN,
            // No Javanese console yet: staff read Indonesian.
            Lang::Id | Lang::Jv => &ID,
        }
    }

    pub fn role(&self, role: Role) -> &'static str {
        match (self.lang_code, role) {
            ("en", Role::Koordinator) => "Coordinator (Diskominfo)",
            ("en", Role::AgencyAdmin) => "Agency admin",
            ("en", Role::Viewer) => "Viewer (read-only)",
            (_, Role::Koordinator) => "Koordinator (Diskominfo)",
            (_, Role::AgencyAdmin) => "Admin instansi",
            (_, Role::Viewer) => "Pemantau (hanya baca)",
        }
    }

    /// A readable name for an audit action code (the code itself if unknown).
    pub fn action<'a>(&self, code: &'a str) -> &'a str {
        let en = self.lang_code == "en";
        match code {
            "login.ok" => pick(en, "Login", "Masuk"),
            "login.failed" => pick(en, "Failed login", "Gagal masuk"),
            "login.locked" => pick(en, "Account locked", "Akun dikunci"),
            "logout" => pick(en, "Logout", "Keluar"),
            "content.publish" => pick(en, "Content published", "Konten diterbitkan"),
            "content.retire" => pick(en, "Content retired", "Konten ditarik"),
            "access.denied" => pick(en, "Access refused", "Akses ditolak"),
            "csrf.refused" => pick(en, "Form refused (CSRF)", "Formulir ditolak (CSRF)"),
            "user.create" => pick(en, "Account created", "Akun dibuat"),
            "user.disable" => pick(en, "Account disabled", "Akun dinonaktifkan"),
            "user.enable" => pick(en, "Account enabled", "Akun diaktifkan"),
            "user.password_reset" => pick(en, "Password reset", "Kata sandi diatur ulang"),
            "open311.key.create" => pick(en, "Open311 key created", "Kunci Open311 dibuat"),
            "open311.key.revoke" => pick(en, "Open311 key revoked", "Kunci Open311 dicabut"),
            "complaint.merge" => pick(en, "Merged as a duplicate", "Digabungkan sebagai duplikat"),
            "complaint.verify" => pick(en, "Complaint verified", "Pengaduan diverifikasi"),
            "complaint.assign" => pick(en, "Complaint assigned", "Pengaduan didisposisikan"),
            "complaint.forward" => pick(en, "Complaint forwarded", "Pengaduan diteruskan"),
            "complaint.respond" => pick(en, "Resident answered", "Warga dijawab"),
            "complaint.set_status" => pick(en, "Status changed", "Status diubah"),
            "complaint.reject" => pick(en, "Complaint rejected", "Pengaduan ditolak"),
            "complaint.note" => pick(en, "Internal note added", "Catatan internal ditambahkan"),
            "complaint.close" => pick(en, "Complaint closed", "Pengaduan ditutup"),
            other => other,
        }
    }

    /// A news category's label (the code itself if unknown).
    pub fn news_category<'a>(&self, code: &'a str) -> &'a str {
        let en = self.lang_code == "en";
        match code {
            "berita" => pick(en, "News", "Berita"),
            "pengumuman" => pick(en, "Announcement", "Pengumuman"),
            "agenda" => pick(en, "Agenda", "Agenda"),
            "video" => pick(en, "Video", "Video"),
            other => other,
        }
    }

    /// A contact or link kind's label.
    pub fn link_kind<'a>(&self, code: &'a str) -> &'a str {
        let en = self.lang_code == "en";
        match code {
            "web" => pick(en, "Website", "Situs web"),
            "phone" => pick(en, "Phone", "Telepon"),
            "email" => pick(en, "Email", "Surel"),
            "whatsapp" => "WhatsApp",
            "social" => pick(en, "Social media", "Media sosial"),
            "video" => "Video",
            other => other,
        }
    }

    /// One field's problem, in this language (`line`: of a one-item-per-line field).
    pub fn field_error(&self, e: &FieldError, line: Option<usize>) -> String {
        let en = self.lang_code == "en";
        let base = match e {
            FieldError::Rule(p) => self.problem(p),
            FieldError::Required => pick(en, "Required.", "Wajib diisi.").to_owned(),
            FieldError::NotANumber => {
                pick(en, "Enter a whole number.", "Isi dengan bilangan bulat.").to_owned()
            }
            FieldError::TooManyLines { lines, max } => {
                if en {
                    format!("Has {lines} lines but the Indonesian version has {max}: one line per item, in the same order.")
                } else {
                    format!("Berisi {lines} baris, padahal versi Indonesia {max} baris: satu baris per butir, urutannya sama.")
                }
            }
            FieldError::IdTaken => pick(
                en,
                "This ID is already used by a published item.",
                "ID ini sudah dipakai oleh konten yang terbit.",
            )
            .to_owned(),
        };
        match line {
            Some(line) if en => format!("Line {line}: {base}"),
            Some(line) => format!("Baris {line}: {base}"),
            None => base,
        }
    }

    fn problem(&self, p: &Problem) -> String {
        let en = self.lang_code == "en";
        match p {
            Problem::Empty => pick(en, "Must not be empty.", "Tidak boleh kosong.").to_owned(),
            Problem::TooLong { max } => {
                if en {
                    format!("Longer than {max} characters.")
                } else {
                    format!("Lebih dari {max} karakter.")
                }
            }
            Problem::NotSlug => pick(
                en,
                "Use lowercase letters a-z, digits and hyphens (e.g. ktp-el-baru), not starting or ending with a hyphen.",
                "Gunakan huruf kecil a-z, angka dan tanda hubung (mis. ktp-el-baru), tidak diawali atau diakhiri tanda hubung.",
            )
            .to_owned(),
            Problem::NotUrl(_) => pick(
                en,
                "Not a usable address: start with https://, http://, tel: or mailto:, without spaces.",
                "Alamat tidak dapat dipakai: awali dengan https://, http://, tel: atau mailto:, tanpa spasi.",
            )
            .to_owned(),
            Problem::UnknownCategory(c) => {
                if en {
                    format!("Unknown service category \u{201c}{c}\u{201d}.")
                } else {
                    format!("Kategori layanan \u{201c}{c}\u{201d} tidak dikenal.")
                }
            }
            Problem::UnknownAgency(a) => {
                if en {
                    format!("Unknown agency \u{201c}{a}\u{201d}.")
                } else {
                    format!("Instansi \u{201c}{a}\u{201d} tidak dikenal.")
                }
            }
            Problem::NoSteps => pick(
                en,
                "A service needs at least one step.",
                "Layanan memerlukan paling sedikit satu langkah.",
            )
            .to_owned(),
            Problem::SameFeaturedOrder(other) => {
                if en {
                    format!("The featured service \u{201c}{other}\u{201d} already has this position.")
                } else {
                    format!("Layanan unggulan \u{201c}{other}\u{201d} sudah memakai urutan ini.")
                }
            }
            Problem::NotDateTime => pick(
                en,
                "Enter a date and time.",
                "Isi tanggal dan jam.",
            )
            .to_owned(),
        }
    }

    /// "N services" and the like: `template` holds `{n}`.
    pub fn count(&self, template: &str, n: usize) -> String {
        template.replace("{n}", &n.to_string())
    }
}

fn pick<'a>(en: bool, english: &'a str, indonesian: &'a str) -> &'a str {
    if en {
        english
    } else {
        indonesian
    }
}

pub static ID: Text = Text {
    lang_code: "id",
    lang_name: "Bahasa Indonesia",
    app_name: "Pati Maju",
    console_name: "Konsol Instansi",
    skip_to_content: "Langsung ke isi halaman",
    main_nav: "Menu utama",
    language: "Bahasa",

    nav_home: "Beranda",
    nav_content: "Konten",
    nav_audit: "Log audit",
    signed_in_as: "Masuk sebagai",
    logout: "Keluar",

    login_title: "Masuk ke Konsol Instansi",
    login_intro: "Untuk petugas Diskominfo dan admin instansi (OPD). Warga tidak memerlukan akun di sini.",
    jurisdiction: "Daerah",
    username: "Nama pengguna",
    password: "Kata sandi",
    login_button: "Masuk",
    login_refused: "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara.",
    login_lockout_hint: "Setelah 5 kali gagal, akun dikunci selama 15 menit.",
    logged_out: "Anda telah keluar.",

    home_title: "Beranda",
    welcome: "Selamat datang",
    your_account: "Akun Anda",
    role: "Peran",
    agency: "Instansi",
    no_agency: "Semua instansi",
    published_content: "Konten yang terbit",
    published_content_hint: "Yang tampil di aplikasi warga setelah sinkronisasi berikutnya.",
    count_services: "Layanan",
    count_news: "Berita",
    count_agencies: "Instansi",
    count_service_categories: "Kategori layanan",
    count_complaint_categories: "Kategori pengaduan",
    count_kecamatan: "Kecamatan",
    count_desa: "Desa/kelurahan",
    content_version: "Versi konten",
    quick_actions: "Tindakan cepat",
    session_until: "Sesi berakhir pukul",

    content_title: "Konten",
    tab_services: "Layanan",
    tab_news: "Berita",
    search: "Cari",
    search_button: "Cari",
    search_services_hint: "Nama, ID atau instansi",
    search_news_hint: "Judul atau ID",
    clear_search: "Hapus pencarian",
    add_service: "Tambah layanan",
    add_news: "Tambah berita",
    col_name: "Nama",
    col_title: "Judul",
    col_id: "ID",
    col_agency: "Instansi",
    col_category: "Kategori",
    col_published: "Terbit",
    col_version: "Versi",
    col_actions: "Tindakan",
    edit: "Ubah",
    retire: "Tarik",
    featured_badge: "Unggulan",
    n_services: "{n} layanan",
    n_news: "{n} berita",
    nothing_found: "Tidak ada yang cocok.",

    new_service_title: "Tambah layanan",
    edit_service_title: "Ubah layanan",
    new_news_title: "Tambah berita",
    edit_news_title: "Ubah berita",
    form_intro: "Yang Anda terbitkan sampai ke aplikasi warga pada sinkronisasi berikutnya. Kolom bertanda * wajib diisi.",
    required: "wajib",
    optional: "opsional",
    in_indonesian: "Bahasa Indonesia",
    in_english: "English",
    in_javanese: "Basa Jawa",
    publish_button: "Terbitkan",
    cancel: "Batal",
    error_summary_title: "Periksa kembali isian berikut",
    add_row: "Tambah baris",
    choose: "— Pilih —",
    f_id: "ID",
    f_id_hint: "Huruf kecil, angka dan tanda hubung, mis. izin-usaha-mikro. Tidak dapat diubah setelah terbit.",
    f_id_fixed_hint: "ID tidak dapat diubah.",
    f_category: "Kategori",
    f_agency: "Instansi penanggung jawab",
    f_name: "Nama layanan",
    f_summary: "Ringkasan",
    f_requirements: "Persyaratan",
    f_steps: "Alur (langkah-langkah)",
    f_lines_hint: "Satu butir per baris. Versi Inggris: baris yang sama, urutan yang sama.",
    f_fee: "Biaya",
    f_duration: "Lama layanan",
    f_hours: "Jam layanan",
    f_legal_basis: "Dasar hukum",
    f_legal_basis_hint: "Satu peraturan per baris.",
    f_keywords: "Kata kunci pencarian",
    f_keywords_hint: "Pisahkan dengan koma, mis. ktp, e-ktp, kartu tanda penduduk.",
    f_online_url: "Tautan layanan daring",
    f_url_hint: "Diawali https://, http://, tel: atau mailto:.",
    f_featured: "Unggulan",
    f_featured_label: "Tampilkan sebagai ubin \u{201c}satu klik\u{201d} di beranda aplikasi",
    f_featured_order: "Urutan unggulan",
    f_locations: "Lokasi layanan",
    f_location: "Lokasi",
    f_location_name: "Nama lokasi",
    f_address: "Alamat",
    f_mpp_counter: "Loket di MPP",
    f_contacts: "Kontak",
    f_contact: "Kontak",
    f_links: "Tautan",
    f_link: "Tautan",
    f_link_kind: "Jenis",
    f_link_label: "Label",
    f_url: "Alamat (URL)",
    f_title: "Judul",
    f_body: "Isi berita",
    f_published_at: "Waktu terbit",
    f_published_at_hint: "Waktu setempat daerah ini.",
    f_image: "Alamat gambar",
    f_news_category: "Jenis berita",
    f_jv_kept_hint: "Terjemahan Basa Jawa butir daftar, lokasi dan kontak tetap tersimpan selama teks Indonesianya tidak berubah.",

    done_created: "Diterbitkan",
    done_updated: "Perubahan diterbitkan",
    done_unchanged: "Tidak ada perubahan",
    done_retired: "Ditarik dari publikasi",
    done_sync_hint: "Perangkat warga menerimanya pada sinkronisasi berikutnya.",

    retire_service_title: "Tarik layanan dari publikasi?",
    retire_news_title: "Tarik berita dari publikasi?",
    retire_explain: "Konten ini akan hilang dari aplikasi warga pada sinkronisasi berikutnya. Riwayatnya tetap tercatat di log audit, dan Anda dapat menerbitkannya lagi dengan ID yang sama.",
    retire_button: "Ya, tarik",

    audit_title: "Log audit",
    audit_intro: "Catatan setiap masuk, keluar, percobaan gagal dan perubahan konten. Log ini hanya dapat dibaca; tidak ada yang dapat mengubah atau menghapusnya.",
    col_time: "Waktu",
    col_user: "Pengguna",
    col_action: "Tindakan",
    col_target: "Sasaran",
    col_detail: "Keterangan",
    older_entries: "Entri lebih lama",
    newest_entries: "Entri terbaru",
    audit_empty: "Belum ada entri.",

    forbidden_title: "Akses ditolak",
    forbidden_text: "Peran Anda tidak mengizinkan halaman atau tindakan ini. Percobaan ini dicatat di log audit.",
    csrf_title: "Formulir kedaluwarsa",
    csrf_text: "Formulir ini tidak dapat diterima (token keamanan tidak cocok atau sesi telah berakhir). Muat ulang halaman lalu coba lagi.",
    not_found_title: "Halaman tidak ditemukan",
    not_found_text: "Alamat ini tidak ada, atau kontennya sudah ditarik.",
    unavailable_title: "Sedang ada gangguan",
    unavailable_text: "Server tidak dapat menyelesaikan permintaan ini. Coba lagi sebentar lagi.",
    back_home: "Kembali ke beranda",
    too_large_title: "Isian terlalu besar",
    too_large_text: "Formulir yang dikirim melebihi batas ukuran.",
};

pub static EN: Text = Text {
    lang_code: "en",
    lang_name: "English",
    app_name: "Pati Maju",
    console_name: "Agency Console",
    skip_to_content: "Skip to main content",
    main_nav: "Main menu",
    language: "Language",

    nav_home: "Home",
    nav_content: "Content",
    nav_audit: "Audit log",
    signed_in_as: "Signed in as",
    logout: "Log out",

    login_title: "Sign in to the Agency Console",
    login_intro: "For Diskominfo staff and agency (OPD) admins. Residents need no account here.",
    jurisdiction: "Region",
    username: "Username",
    password: "Password",
    login_button: "Sign in",
    login_refused: "Wrong username or password, or the account is temporarily locked.",
    login_lockout_hint: "After 5 failed attempts an account is locked for 15 minutes.",
    logged_out: "You have logged out.",

    home_title: "Home",
    welcome: "Welcome",
    your_account: "Your account",
    role: "Role",
    agency: "Agency",
    no_agency: "All agencies",
    published_content: "Published content",
    published_content_hint: "What residents' apps show after their next sync.",
    count_services: "Services",
    count_news: "News items",
    count_agencies: "Agencies",
    count_service_categories: "Service categories",
    count_complaint_categories: "Complaint categories",
    count_kecamatan: "Districts (kecamatan)",
    count_desa: "Villages (desa/kelurahan)",
    content_version: "Content version",
    quick_actions: "Quick actions",
    session_until: "Session ends at",

    content_title: "Content",
    tab_services: "Services",
    tab_news: "News",
    search: "Search",
    search_button: "Search",
    search_services_hint: "Name, ID or agency",
    search_news_hint: "Title or ID",
    clear_search: "Clear search",
    add_service: "Add service",
    add_news: "Add news item",
    col_name: "Name",
    col_title: "Title",
    col_id: "ID",
    col_agency: "Agency",
    col_category: "Category",
    col_published: "Published",
    col_version: "Version",
    col_actions: "Actions",
    edit: "Edit",
    retire: "Retire",
    featured_badge: "Featured",
    n_services: "{n} services",
    n_news: "{n} news items",
    nothing_found: "Nothing matches.",

    new_service_title: "Add a service",
    edit_service_title: "Edit service",
    new_news_title: "Add a news item",
    edit_news_title: "Edit news item",
    form_intro: "What you publish reaches residents' apps at their next sync. Fields marked * are required.",
    required: "required",
    optional: "optional",
    in_indonesian: "Bahasa Indonesia",
    in_english: "English",
    in_javanese: "Basa Jawa",
    publish_button: "Publish",
    cancel: "Cancel",
    error_summary_title: "Please check the following",
    add_row: "Add a row",
    choose: "— Choose —",
    f_id: "ID",
    f_id_hint: "Lowercase letters, digits and hyphens, e.g. micro-business-permit. Cannot change once published.",
    f_id_fixed_hint: "The ID cannot change.",
    f_category: "Category",
    f_agency: "Responsible agency",
    f_name: "Service name",
    f_summary: "Summary",
    f_requirements: "Requirements",
    f_steps: "Steps",
    f_lines_hint: "One item per line. English version: same lines, same order.",
    f_fee: "Fee",
    f_duration: "Processing time",
    f_hours: "Opening hours",
    f_legal_basis: "Legal basis",
    f_legal_basis_hint: "One regulation per line.",
    f_keywords: "Search keywords",
    f_keywords_hint: "Separate with commas, e.g. ktp, e-ktp, identity card.",
    f_online_url: "Online service link",
    f_url_hint: "Starts with https://, http://, tel: or mailto:.",
    f_featured: "Featured",
    f_featured_label: "Show as a \u{201c}one click\u{201d} tile on the app's home screen",
    f_featured_order: "Featured position",
    f_locations: "Where",
    f_location: "Location",
    f_location_name: "Location name",
    f_address: "Address",
    f_mpp_counter: "Counter at the MPP",
    f_contacts: "Contacts",
    f_contact: "Contact",
    f_links: "Links",
    f_link: "Link",
    f_link_kind: "Kind",
    f_link_label: "Label",
    f_url: "Address (URL)",
    f_title: "Title",
    f_body: "Body",
    f_published_at: "Publication time",
    f_published_at_hint: "Local time of this region.",
    f_image: "Image address",
    f_news_category: "News type",
    f_jv_kept_hint: "Javanese translations of list items, locations and contacts are kept as long as their Indonesian text is unchanged.",

    done_created: "Published",
    done_updated: "Changes published",
    done_unchanged: "Nothing changed",
    done_retired: "Retired from publication",
    done_sync_hint: "Residents' devices receive it at their next sync.",

    retire_service_title: "Retire this service?",
    retire_news_title: "Retire this news item?",
    retire_explain: "It disappears from residents' apps at their next sync. Its history stays in the audit log, and you can publish it again under the same ID.",
    retire_button: "Yes, retire",

    audit_title: "Audit log",
    audit_intro: "A record of every login, logout, failed attempt and content change. It is read-only: nobody can change or delete it.",
    col_time: "Time",
    col_user: "User",
    col_action: "Action",
    col_target: "Target",
    col_detail: "Detail",
    older_entries: "Older entries",
    newest_entries: "Newest entries",
    audit_empty: "No entries yet.",

    forbidden_title: "Access refused",
    forbidden_text: "Your role does not allow this page or action. The attempt has been recorded in the audit log.",
    csrf_title: "Form expired",
    csrf_text: "This form cannot be accepted (its security token does not match, or the session has ended). Reload the page and try again.",
    not_found_title: "Page not found",
    not_found_text: "This address does not exist, or its content was retired.",
    unavailable_title: "Something went wrong",
    unavailable_text: "The server could not complete this request. Please try again shortly.",
    back_home: "Back to home",
    too_large_title: "Form too large",
    too_large_text: "The submitted form exceeds the size limit.",
};
