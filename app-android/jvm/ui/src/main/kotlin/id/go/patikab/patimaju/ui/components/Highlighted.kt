package id.go.patikab.patimaju.ui.components

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.withStyle
import id.go.patikab.patimaju.core.TextSegment

/**
 * The core's search segments as styled text: matched runs bold on a highlight. Built
 * from plain runs (never HTML), so content can never inject markup.
 */
fun highlighted(
    segments: List<TextSegment>,
    highlight: Color,
): AnnotatedString =
    buildAnnotatedString {
        for (s in segments) {
            if (s.matched) {
                withStyle(SpanStyle(fontWeight = FontWeight.Bold, background = highlight)) { append(s.text) }
            } else {
                append(s.text)
            }
        }
    }
