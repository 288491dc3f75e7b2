package id.go.patikab.patimaju.format

import id.go.patikab.patimaju.core.Language
import java.time.DayOfWeek
import java.time.Instant
import java.time.LocalDate
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.format.DateTimeParseException

/**
 * Dates as residents write them ("Senin, 24 November 2026"), by hand rather than with
 * `java.time.format`: Android's and the JVM's locale data disagree on Indonesian and
 * have no Javanese at all, and these strings appear in screenshot tests.
 */
object DateText {
    /** Kabupaten Pati is in WIB (UTC+7, no daylight saving). */
    val WIB: ZoneId = ZoneId.of("Asia/Jakarta")

    private val monthsId =
        listOf(
            "Januari", "Februari", "Maret", "April", "Mei", "Juni",
            "Juli", "Agustus", "September", "Oktober", "November", "Desember",
        )
    private val monthsEn =
        listOf(
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        )

    /** Javanese in Latin script uses the Indonesian month names. */
    private fun months(lang: Language) = if (lang == Language.EN) monthsEn else monthsId

    private fun dayName(
        day: DayOfWeek,
        lang: Language,
    ): String =
        when (lang) {
            Language.ID -> listOf("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
            Language.EN -> listOf("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
            Language.JV -> listOf("Senen", "Selasa", "Rebo", "Kemis", "Jemuwah", "Setu", "Minggu")
        }[day.value - 1]

    /** "24 November 2026" (English: "24 November 2026" too, the day-first form used in Indonesia). */
    fun date(
        date: LocalDate,
        lang: Language,
    ): String = "${date.dayOfMonth} ${months(lang)[date.monthValue - 1]} ${date.year}"

    /** "Senin, 24 November 2026". */
    fun dateWithDay(
        date: LocalDate,
        lang: Language,
    ): String = "${dayName(date.dayOfWeek, lang)}, ${date(date, lang)}"

    /** "24 Nov 2026" for lists (three-letter months; "Agu" for Agustus). */
    fun shortDate(
        date: LocalDate,
        lang: Language,
    ): String = "${date.dayOfMonth} ${months(lang)[date.monthValue - 1].take(3)} ${date.year}"

    /** "24 November 2026, 09.30" — Indonesian writes times with a dot. */
    fun dateTime(
        instant: Instant,
        lang: Language,
    ): String {
        val t = instant.atZone(WIB)
        val sep = if (lang == Language.EN) ":" else "."
        return "${date(t.toLocalDate(), lang)}, ${"%02d".format(t.hour)}$sep${"%02d".format(t.minute)}"
    }

    /** Unix seconds (the core's timestamps) to the WIB calendar day. */
    fun localDate(unixSeconds: Long): LocalDate = Instant.ofEpochSecond(unixSeconds).atZone(WIB).toLocalDate()

    /**
     * The content's RFC 3339 `published_at` ("2018-08-01T10:00:00+07:00") as a date;
     * `null` when the server sent something else (shown without a date, not crashing).
     */
    fun parsePublished(text: String): Instant? =
        try {
            OffsetDateTime.parse(text).toInstant()
        } catch (_: DateTimeParseException) {
            null
        }
}
