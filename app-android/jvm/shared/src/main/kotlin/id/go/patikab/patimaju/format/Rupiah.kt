package id.go.patikab.patimaju.format

/**
 * Rupiah amounts as the government writes them: "Rp15.000" (dot between thousands,
 * no decimals — the rupiah has no coins below Rp1 in use), "Rp0" shown as the word
 * for free by [feeOrFree].
 */
object Rupiah {
    fun format(amount: Long): String {
        val digits = if (amount == Long.MIN_VALUE) "9223372036854775808" else kotlin.math.abs(amount).toString()
        val grouped = digits.reversed().chunked(3).joinToString(".").reversed()
        return if (amount < 0) "−Rp$grouped" else "Rp$grouped"
    }

    /** `0` → [freeWord] ("Gratis"), anything else formatted. */
    fun feeOrFree(
        amount: Long,
        freeWord: String,
    ): String = if (amount == 0L) freeWord else format(amount)

    /**
     * Reads an amount typed or written as "Rp 15.000", "15000", "Rp15.000,00";
     * `null` when the text is not one amount.
     */
    fun parse(text: String): Long? {
        var t = text.trim().removePrefix("Rp").removePrefix("rp").removePrefix(".").trim()
        if (t.endsWith(",00") || t.endsWith(",-")) t = t.dropLast(3)
        if (t.isEmpty() || !t.all { it.isDigit() || it == '.' }) return null
        val groups = t.split('.')
        if (groups.size > 1 && (groups.first().isEmpty() || groups.first().length > 3 || groups.drop(1).any { it.length != 3 })) {
            return null
        }
        return groups.joinToString("").toLongOrNull()
    }
}
