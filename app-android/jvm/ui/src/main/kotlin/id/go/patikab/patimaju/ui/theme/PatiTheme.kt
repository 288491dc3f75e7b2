package id.go.patikab.patimaju.ui.theme

import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.unit.sp

/** Pati's green and gold (the regency's emblem), with contrast ≥ 4.5:1 for text. */
private val PatiColors =
    lightColorScheme(
        primary = Color(0xFF1B6B3A),
        onPrimary = Color.White,
        primaryContainer = Color(0xFFCDEBD5),
        onPrimaryContainer = Color(0xFF00210D),
        secondary = Color(0xFF7A5B00),
        onSecondary = Color.White,
        secondaryContainer = Color(0xFFFFE08A),
        onSecondaryContainer = Color(0xFF261A00),
        background = Color(0xFFFBFDF8),
        surface = Color(0xFFFBFDF8),
        surfaceVariant = Color(0xFFE3EADF),
        onSurfaceVariant = Color(0xFF414941),
        error = Color(0xFFB3261E),
    )

/**
 * Body text one step larger than Material's default: many residents read on small,
 * dim screens outdoors, and the app is used by older people too.
 */
private val PatiTypography =
    Typography().run {
        copy(
            bodyLarge = bodyLarge.merge(TextStyle(fontSize = 17.sp, lineHeight = 24.sp)),
            bodyMedium = bodyMedium.merge(TextStyle(fontSize = 15.sp, lineHeight = 21.sp)),
        )
    }

@Composable
fun PatiTheme(content: @Composable () -> Unit) {
    MaterialTheme(colorScheme = PatiColors, typography = PatiTypography, content = content)
}
