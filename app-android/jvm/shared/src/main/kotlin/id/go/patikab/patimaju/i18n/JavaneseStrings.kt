package id.go.patikab.patimaju.i18n

/**
 * Basa Jawa in the polite register (krama), as the regency's own content pack writes
 * it. To be reviewed by a native speaker at Diskominfo before release.
 */
object JavaneseStrings : Strings {
    override val appName = "Pati Maju"
    override val tabHome = "Ngajeng"
    override val tabServices = "Layanan"
    override val tabNews = "Pawartos"
    override val tabComplaints = "Pangaduan"
    override val tabSettings = "Setelan"
    override val back = "Wangsul"
    override val retry = "Cobi malih"
    override val loading = "Ngewrat…"
    override val close = "Tutup"
    override val cancel = "Batal"

    override val errorOffline = "Mboten wonten sambungan. Data ingkang sampun kasimpen taksih saged dipunwaos."
    override val errorServer = "Server nembe wonten pakewed. Cobi malih mangke."
    override val errorUpdateRequired = "Nganyari aplikasi Pati Maju rumiyin."
    override val errorNotFound = "Data mboten kepanggih (bokmenawi sampun dipunbusak)."
    override val errorStorage = "Panyimpenan HP wonten pakewed (kebak?)."
    override val errorUnexpected = "Wonten kalepatan. Cobi malih."

    override val errorInvalid = "Priksa malih isian ingkang dipuntandhani."

    override fun photoProblem(code: String) =
        when (code) {
            "not_an_image" -> "Berkas menika sanes foto."
            "unsupported_format" -> "Format foto mboten dipunsengkuyung (ginakaken JPEG, PNG utawi WebP)."
            "too_many_pixels" -> "Resolusi foto kegedhen."
            "file_too_large" -> "Berkas foto kegedhen."
            "corrupt" -> "Foto risak lan mboten saged dipunwaos."
            else -> "Foto mboten saged dipunginakaken."
        }

    override val homeGreeting = "Sugeng rawuh, warga Pati"
    override val homeFeatured = "Layanan ingkang asring dipunginakaken"
    override val homeSearchHint = "Pados layanan, tuladha KTP, akta lair…"
    override val homeNewComplaint = "Damel pangaduan"
    override val homeNewComplaintHint = "Margi risak, lampu pejah, layanan alon? Laporaken wonten mriki."
    override val homeNoContentYet = "Data layanan dereng kaundhuh. Sambungaken internet sepisan kangge miwiti."

    override fun homeLastSync(relative: String) = "Dipunanyari $relative"

    override val catalogueTitle = "Katalog layanan"
    override val searchHint = "Serat nami layanan…"
    override val searchTypeMore = "Serat paling sekedhik 2 aksara"

    override fun searchNoResults(query: String) = "Mboten wonten layanan kangge “$query”"

    override fun serviceCount(count: Int) = "$count layanan"

    override val serviceRequirements = "Syarat"
    override val serviceSteps = "Alur"
    override val serviceFee = "Biaya"
    override val serviceDuration = "Suwenipun layanan"
    override val serviceLegalBasis = "Dhasar hukum"
    override val serviceLocations = "Papan layanan"
    override val serviceHours = "Jam layanan"
    override val serviceContacts = "Kontak"
    override val serviceOpenOnline = "Bikak layanan online"
    override val serviceFileComplaint = "Adukaken layanan menika"

    override fun serviceMppCounter(counter: String) = "Mal Pelayanan Publik, loket $counter"

    override val newsTitle = "Pawartos Pati"
    override val newsEmpty = "Dereng wonten pawartos."
    override val newsLoadMore = "Wewrat malih"

    override val draftTitle = "Pangaduan enggal"
    override val draftSavedAutomatically = "Kasimpen otomatis wonten HP"
    override val draftCategory = "Kategori"
    override val draftChooseCategory = "Pilih kategori"
    override val draftSubject = "Irah-irahan"
    override val draftDescription = "Andharan"
    override val draftLocation = "Papan"
    override val draftUseGps = "Ginakaken papan kula (GPS)"
    override val draftGpsWaiting = "Madosi papan…"
    override val draftKecamatan = "Kecamatan"
    override val draftDesa = "Desa/Kelurahan"
    override val draftAddress = "Alamat utawi tengeran"
    override val draftPhotos = "Foto"
    override val draftTakePhoto = "Pendhet foto"
    override val draftPickPhoto = "Pilih saking galeri"
    override val draftRemovePhoto = "Busak foto"
    override val draftAnonymous = "Anonim"
    override val draftAnonymousHelp = "Mboten wonten ingkang mangertos sinten panjenengan, OPD ugi mboten."
    override val draftConfidential = "Rahasia"
    override val draftConfidentialHelp = "Pangaduan mboten dipuntampilaken dhateng umum."
    override val draftSubmit = "Kirim pangaduan"
    override val draftDelete = "Busak draf"
    override val draftSimilarTitle = "Pangaduan ingkang sami"
    override val draftSupportInstead = "Dhukung pangaduan menika"
    override val draftNeedsPhoneOrAnonymous = "Verifikasi nomer HP wonten Setelan, utawi kirim minangka Anonim."

    override fun draftGpsFix(
        lat: String,
        lon: String,
    ) = "Papan GPS: $lat, $lon"

    override fun draftUsePhotoLocation(
        lat: String,
        lon: String,
    ) = "Ginakaken papan foto ($lat, $lon)"

    override fun draftPhotoCount(
        count: Int,
        max: Int,
    ) = "$count saking $max foto"

    override val myComplaintsTitle = "Pangaduan kula"
    override val myComplaintsEmpty = "Dereng wonten pangaduan."
    override val myDrafts = "Draf"
    override val complaintTimeline = "Riwayat"
    override val complaintOverdue = "Langkung saking wates 5 dinten kerja"
    override val complaintReplyHint = "Serat wangsulan…"
    override val complaintFollowing =
        "Laporan panjenengan dipungabung kaliyan laporan menika amargi ngrembag perkawis ingkang sami. Panjenengan ndherekaken kemajenganipun; wangsulan, biji lan mbikak malih dipuntindakaken dening pelaporipun."
    override val complaintSendReply = "Kirim"
    override val complaintRate = "Paring biji"
    override val complaintRatingComment = "Komentar (mboten wajib)"
    override val complaintReopen = "Bikak malih"
    override val complaintReopenReason = "Punapa dereng rampung?"
    override val complaintSupport = "Dhukung"
    override val complaintPendingMark = "ngentosi dipunkirim"
    override val complaintPublicFeed = "Pangaduan warga"

    override fun complaintTracking(number: String) = "No. $number"

    override fun complaintSupportCount(count: Long) = "$count dhukungan"

    override fun complaintPendingActions(count: Int) = "$count dereng kakirim"

    override val statusReceived = "Sampun dipuntampi"
    override val statusVerified = "Sampun dipunverifikasi"
    override val statusAssigned = "Dipunterasaken dhateng OPD"
    override val statusInProgress = "Nembe dipuntangani"
    override val statusResolved = "Rampung"
    override val statusClosed = "Dipuntutup"
    override val statusRejected = "Dipuntolak"
    override val deliveryDraft = "Draf"
    override val deliveryQueued = "Ngentosi sambungan"
    override val deliverySending = "Ngirim…"
    override val deliverySent = "Sampun kakirim"
    override val deliveryFailed = "Dipuntolak server"

    override val settingsTitle = "Setelan"
    override val settingsLanguage = "Basa"
    override val settingsPhone = "Nomer HP"
    override val settingsPhoneHelp = "Dipunbetahaken kangge ngirim pangaduan atas nami panjenengan."
    override val settingsPhoneNumber = "Nomer HP (08…)"
    override val settingsSendCode = "Kirim kode"
    override val settingsCode = "Kode verifikasi"
    override val settingsVerify = "Verifikasi"
    override val settingsSyncNow = "Sinkronaken samenika"
    override val settingsNeverSynced = "Dereng nate dipunsinkronaken"

    override fun settingsVerifiedAs(phone: String) = "Sampun kaverifikasi: $phone"

    override fun settingsCodeSent(
        phone: String,
        minutes: Long,
    ) = "Kode kakirim dhateng $phone, laku $minutes menit."

    override fun syncLast(relative: String) = "Sinkron pungkasan $relative"

    override fun syncPending(count: Int) = "$count ngentosi dipunkirim"

    override fun syncPhotos(
        sent: String,
        total: String,
    ) = "Foto: $sent saking $total"

    override fun notifyStatusTitle(tracking: String) = "Pangaduan $tracking"

    override fun notifyStatusText(
        title: String,
        status: String,
    ) = "“$title” samenika: $status"
}
