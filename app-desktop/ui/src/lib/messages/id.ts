// Bahasa Indonesia: the default language and the source of every message key.
// en.ts and jv.ts must translate every key (the type checker enforces it).

export const id = {
  'app.name': 'Pati Maju',
  'app.skipToContent': 'Lewati ke konten utama',
  'app.version': 'Versi {version}',
  'app.kiosk': 'Mode kios',

  'nav.label': 'Navigasi utama',
  'nav.home': 'Beranda',
  'nav.services': 'Layanan',
  'nav.news': 'Berita',
  'nav.back': 'Kembali',

  'lang.label': 'Bahasa',

  'status.label': 'Status koneksi',
  'status.online': 'Terhubung',
  'status.offline': 'Luring — menampilkan data tersimpan',
  'status.checking': 'Memeriksa koneksi…',
  'status.syncing': 'Memperbarui data…',
  'status.lastSync': 'Diperbarui {time}',
  'status.neverSynced': 'Belum pernah diperbarui',
  'status.syncNow': 'Perbarui sekarang',

  'time.justNow': 'baru saja',
  'time.minutes.one': '{n} menit lalu',
  'time.minutes.other': '{n} menit lalu',
  'time.hours.one': '{n} jam lalu',
  'time.hours.other': '{n} jam lalu',
  'time.days.one': '{n} hari lalu',
  'time.days.other': '{n} hari lalu',
  'time.onDate': 'pada {date}',

  'home.welcome': 'Selamat datang',
  'home.featured': 'Layanan populer',
  'home.categories': 'Kategori layanan',
  'home.latestNews': 'Berita terbaru',
  'home.allNews': 'Semua berita',
  'home.allServices': 'Semua kategori layanan',

  'catalogue.title': 'Katalog layanan',
  'catalogue.intro': 'Pilih kategori untuk melihat layanannya.',
  'category.count.one': '{n} layanan',
  'category.count.other': '{n} layanan',
  'category.empty': 'Belum ada layanan di kategori ini.',
  'category.notFound': 'Kategori tidak ditemukan.',

  'service.agency': 'Instansi',
  'service.requirements': 'Persyaratan',
  'service.steps': 'Alur pelayanan',
  'service.fee': 'Biaya',
  'service.duration': 'Waktu penyelesaian',
  'service.legalBasis': 'Dasar hukum',
  'service.locations': 'Tempat layanan',
  'service.mppCounter': 'Loket MPP: {counter}',
  'service.hours': 'Jam layanan',
  'service.contacts': 'Kontak',
  'service.online': 'Layanan daring',
  'service.none': 'Tidak ada',
  'service.notFound': 'Layanan tidak ditemukan.',

  'news.title': 'Berita',
  'news.empty': 'Belum ada berita.',
  'news.more': 'Muat berita lainnya',
  'news.published': 'Terbit {date}',
  'news.links': 'Tautan',
  'news.notFound': 'Berita tidak ditemukan.',
  'news.read': 'Baca berita: {title}',

  'common.loading': 'Memuat…',
  'common.retry': 'Coba lagi',

  'empty.noContent':
    'Belum ada data tersimpan. Sambungkan perangkat ke internet; data layanan akan diunduh otomatis.',
  'empty.downloading': 'Mengunduh data layanan…',

  'error.offline': 'Server tidak dapat dihubungi. Data tersimpan tetap dapat dibaca.',
  'error.server': 'Server sedang bermasalah. Silakan coba lagi nanti.',
  'error.update_required': 'Versi aplikasi ini sudah terlalu lama. Silakan perbarui aplikasi.',
  'error.invalid_response': 'Server mengirim data yang tidak dikenali. Data tersimpan tidak berubah.',
  'error.invalid_input': 'Permintaan tidak valid.',
  'error.not_found': 'Data tidak ditemukan.',
  'error.storage': 'Penyimpanan lokal bermasalah.',

  'month.1': 'Januari',
  'month.2': 'Februari',
  'month.3': 'Maret',
  'month.4': 'April',
  'month.5': 'Mei',
  'month.6': 'Juni',
  'month.7': 'Juli',
  'month.8': 'Agustus',
  'month.9': 'September',
  'month.10': 'Oktober',
  'month.11': 'November',
  'month.12': 'Desember',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof id;
export type Messages = Record<MessageKey, string>;
