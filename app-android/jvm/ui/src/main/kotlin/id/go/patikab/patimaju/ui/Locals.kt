package id.go.patikab.patimaju.ui

import androidx.compose.runtime.staticCompositionLocalOf
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.i18n.IndonesianStrings
import id.go.patikab.patimaju.i18n.Strings
import java.time.Instant

/** The string table of the app language (Indonesian unless the resident chose another). */
val LocalStrings = staticCompositionLocalOf<Strings> { IndonesianStrings }

val LocalLanguage = staticCompositionLocalOf { Language.ID }

/**
 * "Now" for relative times. The host provides the clock, refreshed each minute;
 * screenshot tests provide a fixed instant so images do not change with the date.
 */
val LocalNow = staticCompositionLocalOf<Instant> { Instant.now() }
