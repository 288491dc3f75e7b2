package id.go.patikab.patimaju.ui.components

import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.horizontalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.produceState
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.PhotoInfo

/**
 * Thumbnails of a draft's or complaint's photos. [load] returns the stored JPEG
 * (read off the main thread by the caller's repository) and [decode] turns it into
 * an image; [onRemove] adds a remove button under each.
 */
@Composable
fun PhotoStrip(
    photos: List<PhotoInfo>,
    load: suspend (String) -> ByteArray?,
    decode: (ByteArray) -> ImageBitmap?,
    removeLabel: String? = null,
    onRemove: ((String) -> Unit)? = null,
) {
    Row(Modifier.horizontalScroll(rememberScrollState()), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        for (photo in photos) {
            Column(horizontalAlignment = Alignment.CenterHorizontally) {
                val image by produceState<ImageBitmap?>(null, photo.sha256) { value = load(photo.sha256)?.let(decode) }
                Surface(Modifier.size(96.dp), color = MaterialTheme.colorScheme.surfaceVariant) {
                    Box(contentAlignment = Alignment.Center) {
                        image?.let { Image(it, contentDescription = null, contentScale = ContentScale.Crop, modifier = Modifier.size(96.dp)) }
                            ?: Text("${photo.width}×${photo.height}", style = MaterialTheme.typography.labelSmall)
                    }
                }
                if (onRemove != null && removeLabel != null) TextButton(onClick = { onRemove(photo.sha256) }) { Text(removeLabel) }
            }
        }
    }
}
