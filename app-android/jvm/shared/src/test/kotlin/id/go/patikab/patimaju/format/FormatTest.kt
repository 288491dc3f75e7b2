package id.go.patikab.patimaju.format

import id.go.patikab.patimaju.core.Language
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import java.time.Duration
import java.time.Instant
import java.time.LocalDate

class FormatTest {
    private val monday = LocalDate.of(2026, 11, 23)

    @Test
    fun `dates in Indonesian, English and Javanese`() {
        assertEquals("23 November 2026", DateText.date(monday, Language.ID))
        assertEquals("Senin, 23 November 2026", DateText.dateWithDay(monday, Language.ID))
        assertEquals("Monday, 23 November 2026", DateText.dateWithDay(monday, Language.EN))
        assertEquals("Senen, 23 November 2026", DateText.dateWithDay(monday, Language.JV))
        assertEquals("Jumat, 17 Agustus 2029", DateText.dateWithDay(LocalDate.of(2029, 8, 17), Language.ID))
        assertEquals("17 Agu 2029", DateText.shortDate(LocalDate.of(2029, 8, 17), Language.ID))
        assertEquals("17 Aug 2029", DateText.shortDate(LocalDate.of(2029, 8, 17), Language.EN))
    }

    @Test
    fun `times are shown in WIB whatever the JVM zone, with Indonesian dots`() {
        // 17:30 UTC is 00:30 the next day in Pati.
        val t = Instant.parse("2026-11-23T17:30:00Z")
        assertEquals("24 November 2026, 00.30", DateText.dateTime(t, Language.ID))
        assertEquals("24 November 2026, 00:30", DateText.dateTime(t, Language.EN))
        assertEquals(LocalDate.of(2026, 11, 24), DateText.localDate(t.epochSecond))
    }

    @Test
    fun `published_at is parsed as RFC 3339, anything else is null`() {
        assertEquals(Instant.parse("2018-08-01T03:00:00Z"), DateText.parsePublished("2018-08-01T10:00:00+07:00"))
        assertNull(DateText.parsePublished("kemarin"))
    }

    @Test
    fun `rupiah with dots between thousands`() {
        assertEquals("Rp0", Rupiah.format(0))
        assertEquals("Rp500", Rupiah.format(500))
        assertEquals("Rp15.000", Rupiah.format(15_000))
        assertEquals("Rp1.250.000", Rupiah.format(1_250_000))
        assertEquals("−Rp2.000", Rupiah.format(-2_000))
        assertEquals("Rp9.223.372.036.854.775.807", Rupiah.format(Long.MAX_VALUE))
        assertEquals("−Rp9.223.372.036.854.775.808", Rupiah.format(Long.MIN_VALUE))
        assertEquals("Gratis", Rupiah.feeOrFree(0, "Gratis"))
        assertEquals("Rp87.000", Rupiah.feeOrFree(87_000, "Gratis"))
    }

    @Test
    fun `rupiah amounts are read back from what people write`() {
        assertEquals(15_000L, Rupiah.parse("Rp 15.000"))
        assertEquals(15_000L, Rupiah.parse("Rp15.000,00"))
        assertEquals(15_000L, Rupiah.parse("15000"))
        assertEquals(1_250_000L, Rupiah.parse("1.250.000"))
        assertNull(Rupiah.parse("15.00"))
        assertNull(Rupiah.parse("gratis"))
        assertNull(Rupiah.parse(""))
    }

    @Test
    fun `relative times count calendar days in Pati`() {
        val now = Instant.parse("2026-11-24T02:30:00Z") // 09:30 WIB
        fun ago(d: Duration, lang: Language = Language.ID) = RelativeTime.format(now - d, now, lang)
        assertEquals("baru saja", ago(Duration.ofSeconds(30)))
        assertEquals("baru saja", RelativeTime.format(now.plusSeconds(120), now, Language.ID), "a clock ahead is 'just now'")
        assertEquals("5 menit lalu", ago(Duration.ofMinutes(5)))
        assertEquals("2 jam lalu", ago(Duration.ofHours(2)))
        // 10 hours earlier is 23:30 WIB the day before: "kemarin", not "10 jam lalu".
        assertEquals("kemarin", ago(Duration.ofHours(10)))
        assertEquals("3 hari lalu", ago(Duration.ofDays(3)))
        assertEquals("10 Nov 2026", ago(Duration.ofDays(14)))
        assertEquals("1 minute ago", ago(Duration.ofMinutes(1), Language.EN))
        assertEquals("2 hours ago", ago(Duration.ofHours(2), Language.EN))
        assertEquals("yesterday", ago(Duration.ofHours(10), Language.EN))
        assertEquals("5 menit kepengker", ago(Duration.ofMinutes(5), Language.JV))
        assertEquals("wingi", ago(Duration.ofHours(10), Language.JV))
        assertEquals("3 dinten kepengker", ago(Duration.ofDays(3), Language.JV))
    }
}
