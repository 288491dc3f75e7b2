@file:OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)

package id.go.patikab.patimaju.ui

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.asSkiaBitmap
import androidx.compose.ui.test.ComposeUiTest
import androidx.compose.ui.test.captureToImage
import androidx.compose.ui.test.onRoot
import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.i18n.stringsFor
import id.go.patikab.patimaju.ui.theme.PatiTheme
import org.jetbrains.skia.EncodedImageFormat
import org.jetbrains.skia.Image
import java.io.File

/** A phone-sized canvas (dp = px at density 1). */
const val PHONE_W = 400
const val PHONE_H = 840

/** The screen as the app shows it: theme, string table and a fixed "now". */
@Composable
fun InApp(
    language: Language = Language.ID,
    content: @Composable () -> Unit,
) {
    CompositionLocalProvider(
        LocalStrings provides stringsFor(language),
        LocalLanguage provides language,
        LocalNow provides Samples.now,
    ) {
        PatiTheme {
            Surface(Modifier.fillMaxSize(), color = MaterialTheme.colorScheme.background, content = content)
        }
    }
}

/**
 * Writes the rendered root as `target/screenshots/<name>.png` and returns its size.
 * The images are for people reviewing a change (and the README); the assertions are
 * made on semantics, which do not depend on fonts.
 */
fun ComposeUiTest.screenshot(name: String): Pair<Int, Int> {
    val bitmap = onRoot().captureToImage().asSkiaBitmap()
    val png = Image.makeFromBitmap(bitmap).encodeToData(EncodedImageFormat.PNG) ?: error("PNG encoding failed")
    val dir = File(System.getProperty("pati.test.screenshotDir") ?: "target/screenshots").apply { mkdirs() }
    File(dir, "$name.png").writeBytes(png.bytes)
    return bitmap.width to bitmap.height
}
