package id.go.patikab.patimaju.android

import android.Manifest
import android.content.ActivityNotFoundException
import android.content.Intent
import android.content.pm.PackageManager
import android.graphics.BitmapFactory
import android.location.LocationManager
import android.net.Uri
import android.os.CancellationSignal
import androidx.activity.ComponentActivity
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.core.content.ContextCompat
import androidx.core.content.FileProvider
import androidx.core.location.LocationManagerCompat
import androidx.lifecycle.lifecycleScope
import id.go.patikab.patimaju.ui.GeoPoint
import id.go.patikab.patimaju.ui.Platform
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.File

/**
 * The Android side of [Platform]: Intents for links, the camera app and the system
 * photo picker through Activity Result contracts, one location fix through
 * LocationManagerCompat (no Play Services: many phones in the regency lack them).
 * Created in `onCreate`, as the contracts must be registered before the activity starts.
 */
class AndroidPlatform(private val activity: ComponentActivity) : Platform {
    private var photoCallback: ((ByteArray?) -> Unit)? = null
    private var locationCallback: ((GeoPoint?) -> Unit)? = null
    private val cameraFile = File(activity.cacheDir, "camera/capture.jpg")

    private val camera =
        activity.registerForActivityResult(ActivityResultContracts.TakePicture()) { saved ->
            deliverPhoto(if (saved) Uri.fromFile(cameraFile) else null, deleteAfter = cameraFile)
        }

    private val picker =
        activity.registerForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri -> deliverPhoto(uri, null) }

    private val locationPermission =
        activity.registerForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) { granted ->
            if (granted.values.any { it }) readLocation() else locationCallback?.invoke(null)
        }

    override fun openUrl(url: String) {
        try {
            activity.startActivity(Intent(Intent.ACTION_VIEW, Uri.parse(url)))
        } catch (_: ActivityNotFoundException) {
            // No browser or dialer: nothing sensible to do on a stripped-down phone.
        }
    }

    override fun takePhoto(onResult: (ByteArray?) -> Unit) {
        photoCallback = onResult
        cameraFile.parentFile?.mkdirs()
        val uri = FileProvider.getUriForFile(activity, "${activity.packageName}.photos", cameraFile)
        try {
            camera.launch(uri)
        } catch (_: ActivityNotFoundException) {
            onResult(null)
        }
    }

    override fun pickPhoto(onResult: (ByteArray?) -> Unit) {
        photoCallback = onResult
        picker.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly))
    }

    override fun currentLocation(onResult: (GeoPoint?) -> Unit) {
        locationCallback = onResult
        val permissions = arrayOf(Manifest.permission.ACCESS_FINE_LOCATION, Manifest.permission.ACCESS_COARSE_LOCATION)
        if (permissions.any { ContextCompat.checkSelfPermission(activity, it) == PackageManager.PERMISSION_GRANTED }) {
            readLocation()
        } else {
            locationPermission.launch(permissions)
        }
    }

    override fun decodeImage(bytes: ByteArray): ImageBitmap? =
        BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap()

    /** Reads the picked or captured file off the main thread; the core does the rest. */
    private fun deliverPhoto(
        uri: Uri?,
        deleteAfter: File?,
    ) {
        val callback = photoCallback ?: return
        photoCallback = null
        if (uri == null) return callback(null)
        activity.lifecycleScope.launch {
            val bytes =
                withContext(Dispatchers.IO) {
                    runCatching { activity.contentResolver.openInputStream(uri)?.use { it.readBytes() } }.getOrNull()
                        .also { deleteAfter?.delete() }
                }
            callback(bytes)
        }
    }

    private fun readLocation() {
        val callback = locationCallback ?: return
        locationCallback = null
        val manager = activity.getSystemService(LocationManager::class.java)
        val provider =
            listOf(LocationManager.GPS_PROVIDER, LocationManager.NETWORK_PROVIDER).firstOrNull {
                manager.isProviderEnabled(it)
            } ?: return callback(null)
        try {
            LocationManagerCompat.getCurrentLocation(
                manager,
                provider,
                CancellationSignal(),
                ContextCompat.getMainExecutor(activity),
            ) { location ->
                callback(location?.let { GeoPoint(it.latitude, it.longitude, if (it.hasAccuracy()) it.accuracy else null) })
            }
        } catch (_: SecurityException) {
            callback(null)
        }
    }
}
