package id.go.patikab.patimaju.ui

import id.go.patikab.patimaju.core.AgencyView
import id.go.patikab.patimaju.core.LinkView
import id.go.patikab.patimaju.core.LocationView
import id.go.patikab.patimaju.core.SearchHit
import id.go.patikab.patimaju.core.ServiceDetail
import id.go.patikab.patimaju.core.ServiceSummary
import id.go.patikab.patimaju.core.TextSegment
import java.time.Instant

/** Pati-like data for rendering screens without a core. */
object Samples {
    /** Monday 24 November 2026, 09:30 WIB: screenshots never change with the date. */
    val now: Instant = Instant.parse("2026-11-24T02:30:00Z")

    fun service(
        id: String,
        name: String,
        agency: String,
    ) = ServiceSummary(id, name, "Ringkasan layanan $name.", "kependudukan", "disdukcapil", agency, true)

    val featured =
        listOf(
            service("ktp-el-baru", "Perekaman KTP-el", "Disdukcapil"),
            service("akta-kelahiran", "Akta Kelahiran", "Disdukcapil"),
            service("e-kir", "E-KIR (uji kendaraan)", "Dinas Perhubungan"),
            service("pati-santun", "Pati Santun", "Dinas Sosial"),
            service("bank-sampah", "Bank Sampah", "DLH"),
        )

    val ktpHit =
        SearchHit(
            service = featured[0],
            nameSegments = listOf(TextSegment("Perekaman ", false), TextSegment("KTP", true), TextSegment("-el", false)),
            summarySegments =
                listOf(
                    TextSegment("Rekam data untuk ", false),
                    TextSegment("KTP", true),
                    TextSegment(" elektronik bagi warga berusia 17 tahun.", false),
                ),
        )

    val detail =
        ServiceDetail(
            id = "e-kir",
            name = "E-KIR (uji kendaraan bermotor)",
            summary = "Uji berkala kendaraan angkutan barang dan penumpang.",
            categoryId = "transportasi",
            categoryName = "Transportasi",
            agency = AgencyView("dishub", "Dinas Perhubungan", "Dishub", "dinas", null, null, null, null, null),
            requirements = listOf("STNK asli dan fotokopi", "Buku uji lama"),
            steps = listOf("Daftar di loket", "Uji kendaraan", "Ambil kartu uji"),
            fee = "Rp87.000 sesuai Perda retribusi.",
            duration = "1 hari kerja",
            legalBasis = listOf("Permenhub No. 19 Tahun 2021"),
            locations = listOf(LocationView("UPT Pengujian Kendaraan", "Jl. Pati–Kudus km 4", null)),
            hours = "Senin–Jumat 08.00–14.00",
            contacts = listOf(LinkView("phone", "Telepon", "tel:0295381234")),
            onlineUrl = "https://dishub.patikab.go.id/ekir",
        )
}
