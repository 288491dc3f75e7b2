package id.go.patikab.patimaju.ui

import androidx.compose.ui.graphics.ImageBitmap

/** A GPS fix, in WGS 84 degrees; [accuracyMeters] as the phone reports it. */
data class GeoPoint(val lat: Double, val lon: Double, val accuracyMeters: Float?)

/**
 * What the screens ask of the platform. Android implements it with Intents, the
 * camera and photo-picker contracts and the location manager (`AndroidPlatform`);
 * tests record the calls. Results arrive on the main thread; `null` means the
 * resident cancelled or refused the permission.
 */
interface Platform {
    /** Opens a web link or `tel:` in another app. */
    fun openUrl(url: String)

    /** Takes a photo with the camera app; the bytes are the original JPEG (the core re-encodes it). */
    fun takePhoto(onResult: (ByteArray?) -> Unit)

    /** Lets the resident pick one photo (system photo picker: no storage permission needed). */
    fun pickPhoto(onResult: (ByteArray?) -> Unit)

    /** One current location fix, asking for the permission first if needed. */
    fun currentLocation(onResult: (GeoPoint?) -> Unit)

    /** Decodes a stored photo (the core's JPEG) for display; `null` if unreadable. */
    fun decodeImage(bytes: ByteArray): ImageBitmap?
}
