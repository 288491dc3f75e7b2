package id.go.patikab.patimaju.format

import id.go.patikab.patimaju.core.Language
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit

/**
 * "5 menit lalu", "kemarin", "3 hari lalu" — for sync times, complaint updates and
 * news. Calendar days are counted in WIB, so "kemarin" means the day before in Pati,
 * whatever the phone's zone. After a week it is the short date; a time in the future
 * (a phone clock behind the server's) reads as "just now".
 */
object RelativeTime {
    fun format(
        then: Instant,
        now: Instant,
        lang: Language,
    ): String {
        val elapsed = Duration.between(then, now)
        val minutes = elapsed.toMinutes()
        val days = ChronoUnit.DAYS.between(then.atZone(DateText.WIB).toLocalDate(), now.atZone(DateText.WIB).toLocalDate())
        return when {
            minutes < 1 -> justNow(lang)
            minutes < 60 -> ago(minutes, Unit.MINUTE, lang)
            days == 0L -> ago(elapsed.toHours(), Unit.HOUR, lang)
            days == 1L -> yesterday(lang)
            days < 7 -> ago(days, Unit.DAY, lang)
            else -> DateText.shortDate(then.atZone(DateText.WIB).toLocalDate(), lang)
        }
    }

    fun fromUnixSeconds(
        then: Long,
        now: Instant,
        lang: Language,
    ): String = format(Instant.ofEpochSecond(then), now, lang)

    private enum class Unit { MINUTE, HOUR, DAY }

    private fun justNow(lang: Language) =
        when (lang) {
            Language.ID -> "baru saja"
            Language.EN -> "just now"
            Language.JV -> "nembe kemawon"
        }

    private fun yesterday(lang: Language) =
        when (lang) {
            Language.ID -> "kemarin"
            Language.EN -> "yesterday"
            Language.JV -> "wingi"
        }

    private fun ago(
        n: Long,
        unit: Unit,
        lang: Language,
    ): String =
        when (lang) {
            Language.ID -> "$n ${listOf("menit", "jam", "hari")[unit.ordinal]} lalu"
            Language.JV -> "$n ${listOf("menit", "jam", "dinten")[unit.ordinal]} kepengker"
            Language.EN -> {
                val word = listOf("minute", "hour", "day")[unit.ordinal]
                "$n $word${if (n == 1L) "" else "s"} ago"
            }
        }
}
