package id.go.patikab.patimaju.android

import android.Manifest
import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import id.go.patikab.patimaju.R
import id.go.patikab.patimaju.state.ComplaintsGraph
import id.go.patikab.patimaju.sync.StatusNotice

/**
 * "Pengaduan PTI-2026-00042: … kini Selesai". Which complaints changed, and the text
 * in the app's language, come from the shared [ComplaintsGraph] (tested on the JVM); this only
 * posts them. Tapping opens the complaint (deep link).
 */
object StatusNotifications {
    private const val CHANNEL_STATUS = "complaint-status"

    fun createChannels(context: Context) {
        val channel =
            NotificationChannel(
                CHANNEL_STATUS,
                context.getString(R.string.notification_channel_status),
                NotificationManager.IMPORTANCE_DEFAULT,
            ).apply { description = context.getString(R.string.notification_channel_status_description) }
        context.getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
    }

    /** Posts one notification per complaint whose status changed since the last pass. */
    suspend fun showChanges(
        context: Context,
        complaints: ComplaintsGraph,
    ) {
        for (notice in complaints.statusChanges()) post(context, notice)
    }

    private fun post(
        context: Context,
        notice: StatusNotice,
    ) {
        if (ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED) {
            return
        }
        val open =
            PendingIntent.getActivity(
                context,
                notice.complaintId.hashCode(),
                Intent(Intent.ACTION_VIEW, Uri.parse(notice.deepLink), context, MainActivity::class.java),
                PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
            )
        val notification =
            NotificationCompat.Builder(context, CHANNEL_STATUS)
                .setSmallIcon(R.drawable.ic_notification)
                .setContentTitle(notice.title)
                .setContentText(notice.text)
                .setStyle(NotificationCompat.BigTextStyle().bigText(notice.text))
                .setContentIntent(open)
                .setAutoCancel(true)
                .build()
        NotificationManagerCompat.from(context).notify(notice.complaintId.hashCode(), notification)
    }
}
