package id.go.patikab.patimaju.i18n

/** Bahasa Indonesia: the default and the source every other table follows. */
object IndonesianStrings : Strings {
    override val appName = "Pati Maju"
    override val tabHome = "Beranda"
    override val tabServices = "Layanan"
    override val tabNews = "Berita"
    override val tabComplaints = "Pengaduan"
    override val tabSettings = "Pengaturan"
    override val back = "Kembali"
    override val retry = "Coba lagi"
    override val loading = "Memuat…"
    override val close = "Tutup"
    override val cancel = "Batal"

    override val errorOffline = "Tidak ada koneksi. Data yang sudah tersimpan tetap bisa dibaca."
    override val errorServer = "Server sedang bermasalah. Coba lagi nanti."
    override val errorUpdateRequired = "Perbarui aplikasi Pati Maju untuk melanjutkan."
    override val errorNotFound = "Data tidak ditemukan (mungkin sudah dihapus)."
    override val errorStorage = "Penyimpanan ponsel bermasalah (penuh?)."
    override val errorUnexpected = "Terjadi kesalahan. Coba lagi."

    override val errorInvalid = "Periksa kembali isian yang ditandai."

    override fun photoProblem(code: String) =
        when (code) {
            "not_an_image" -> "Berkas ini bukan foto."
            "unsupported_format" -> "Format foto tidak didukung (gunakan JPEG, PNG atau WebP)."
            "too_many_pixels" -> "Resolusi foto terlalu besar."
            "file_too_large" -> "Berkas foto terlalu besar."
            "corrupt" -> "Foto rusak dan tidak dapat dibaca."
            else -> "Foto tidak dapat dipakai."
        }

    override val homeGreeting = "Sugeng rawuh, warga Pati"
    override val homeFeatured = "Layanan populer"
    override val homeSearchHint = "Cari layanan, mis. KTP, akta lahir…"
    override val homeNewComplaint = "Buat pengaduan"
    override val homeNewComplaintHint = "Jalan rusak, lampu mati, pelayanan lambat? Laporkan di sini."
    override val homeNoContentYet = "Data layanan belum diunduh. Sambungkan internet sekali untuk memulai."

    override fun homeLastSync(relative: String) = "Diperbarui $relative"

    override val catalogueTitle = "Katalog layanan"
    override val searchHint = "Ketik nama layanan…"
    override val searchTypeMore = "Ketik minimal 2 huruf"

    override fun searchNoResults(query: String) = "Tidak ada layanan untuk “$query”"

    override fun serviceCount(count: Int) = "$count layanan"

    override val serviceRequirements = "Persyaratan"
    override val serviceSteps = "Alur"
    override val serviceFee = "Biaya"
    override val serviceDuration = "Lama layanan"
    override val serviceLegalBasis = "Dasar hukum"
    override val serviceLocations = "Tempat layanan"
    override val serviceHours = "Jam layanan"
    override val serviceContacts = "Kontak"
    override val serviceOpenOnline = "Buka layanan online"
    override val serviceFileComplaint = "Adukan layanan ini"

    override fun serviceMppCounter(counter: String) = "Mal Pelayanan Publik, loket $counter"

    override val newsTitle = "Berita Pati"
    override val newsEmpty = "Belum ada berita."
    override val newsLoadMore = "Muat lebih banyak"

    override val draftTitle = "Pengaduan baru"
    override val draftSavedAutomatically = "Tersimpan otomatis di ponsel"
    override val draftCategory = "Kategori"
    override val draftChooseCategory = "Pilih kategori"
    override val draftSubject = "Judul"
    override val draftDescription = "Uraian"
    override val draftLocation = "Lokasi"
    override val draftUseGps = "Gunakan lokasi saya (GPS)"
    override val draftGpsWaiting = "Mencari lokasi…"
    override val draftKecamatan = "Kecamatan"
    override val draftDesa = "Desa/Kelurahan"
    override val draftAddress = "Alamat atau patokan"
    override val draftPhotos = "Foto"
    override val draftTakePhoto = "Ambil foto"
    override val draftPickPhoto = "Pilih dari galeri"
    override val draftRemovePhoto = "Hapus foto"
    override val draftAnonymous = "Anonim"
    override val draftAnonymousHelp = "Identitas Anda tidak diketahui siapa pun, termasuk OPD."
    override val draftConfidential = "Rahasia"
    override val draftConfidentialHelp = "Pengaduan tidak ditampilkan kepada publik."
    override val draftSubmit = "Kirim pengaduan"
    override val draftDelete = "Hapus draf"
    override val draftSimilarTitle = "Pengaduan serupa"
    override val draftSupportInstead = "Dukung pengaduan ini"
    override val draftNeedsPhoneOrAnonymous = "Verifikasi nomor HP di Pengaturan, atau kirim sebagai Anonim."

    override fun draftGpsFix(
        lat: String,
        lon: String,
    ) = "Lokasi GPS: $lat, $lon"

    override fun draftUsePhotoLocation(
        lat: String,
        lon: String,
    ) = "Pakai lokasi foto ($lat, $lon)"

    override fun draftPhotoCount(
        count: Int,
        max: Int,
    ) = "$count dari $max foto"

    override val myComplaintsTitle = "Pengaduan saya"
    override val myComplaintsEmpty = "Belum ada pengaduan."
    override val myDrafts = "Draf"
    override val complaintTimeline = "Riwayat"
    override val complaintOverdue = "Melewati batas 5 hari kerja"
    override val complaintReplyHint = "Tulis balasan…"
    override val complaintFollowing =
        "Laporan Anda digabungkan ke laporan ini karena membahas masalah yang sama. Anda mengikuti perkembangannya; balasan, penilaian dan pembukaan kembali dilakukan oleh pelapornya."
    override val complaintSendReply = "Kirim"
    override val complaintRate = "Beri penilaian"
    override val complaintRatingComment = "Komentar (opsional)"
    override val complaintReopen = "Buka kembali"
    override val complaintReopenReason = "Mengapa belum selesai?"
    override val complaintSupport = "Dukung"
    override val complaintPendingMark = "menunggu dikirim"
    override val complaintPublicFeed = "Pengaduan warga"

    override fun complaintTracking(number: String) = "No. $number"

    override fun complaintSupportCount(count: Long) = "$count dukungan"

    override fun complaintPendingActions(count: Int) = "$count belum terkirim"

    override val statusReceived = "Diterima"
    override val statusVerified = "Diverifikasi"
    override val statusAssigned = "Diteruskan ke OPD"
    override val statusInProgress = "Sedang ditangani"
    override val statusResolved = "Selesai"
    override val statusClosed = "Ditutup"
    override val statusRejected = "Ditolak"
    override val deliveryDraft = "Draf"
    override val deliveryQueued = "Menunggu koneksi"
    override val deliverySending = "Mengirim…"
    override val deliverySent = "Terkirim"
    override val deliveryFailed = "Ditolak server"

    override val settingsTitle = "Pengaturan"
    override val settingsLanguage = "Bahasa"
    override val settingsPhone = "Nomor HP"
    override val settingsPhoneHelp = "Diperlukan untuk mengirim pengaduan atas nama Anda."
    override val settingsPhoneNumber = "Nomor HP (08…)"
    override val settingsSendCode = "Kirim kode"
    override val settingsCode = "Kode verifikasi"
    override val settingsVerify = "Verifikasi"
    override val settingsSyncNow = "Sinkronkan sekarang"
    override val settingsNeverSynced = "Belum pernah disinkronkan"

    override fun settingsVerifiedAs(phone: String) = "Terverifikasi: $phone"

    override fun settingsCodeSent(
        phone: String,
        minutes: Long,
    ) = "Kode dikirim ke $phone, berlaku $minutes menit."

    override fun syncLast(relative: String) = "Sinkron terakhir $relative"

    override fun syncPending(count: Int) = "$count menunggu dikirim"

    override fun syncPhotos(
        sent: String,
        total: String,
    ) = "Foto: $sent dari $total"

    override fun notifyStatusTitle(tracking: String) = "Pengaduan $tracking"

    override fun notifyStatusText(
        title: String,
        status: String,
    ) = "“$title” kini: $status"
}
