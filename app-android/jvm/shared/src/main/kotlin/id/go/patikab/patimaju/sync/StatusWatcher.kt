package id.go.patikab.patimaju.sync

import id.go.patikab.patimaju.core.ComplaintSummary
import id.go.patikab.patimaju.i18n.Strings
import id.go.patikab.patimaju.i18n.status
import id.go.patikab.patimaju.nav.DeepLinks

/** One "your complaint's status changed" notification, ready to post. */
data class StatusNotice(
    val complaintId: String,
    val title: String,
    val text: String,
    val deepLink: String,
)

/**
 * Which of the resident's complaints changed workflow status since they were last
 * told. Compares the list after a sync with the statuses remembered from the last
 * time (persisted, so a change seen by a background pass in another process is
 * announced once). A complaint seen for the first time is remembered, not announced:
 * the resident just filed it. Pure, so the rules are unit-tested.
 */
object StatusWatcher {
    fun changes(
        complaints: List<ComplaintSummary>,
        known: Map<String, String>,
        strings: Strings,
    ): Pair<List<StatusNotice>, Map<String, String>> {
        val notices = mutableListOf<StatusNotice>()
        val remembered = known.toMutableMap()
        for (c in complaints) {
            val status = c.status ?: continue
            val code = status.name
            val before = known[c.id]
            if (before != null && before != code) {
                notices +=
                    StatusNotice(
                        complaintId = c.id,
                        title = strings.notifyStatusTitle(c.trackingNumber ?: ""),
                        text = strings.notifyStatusText(c.title, strings.status(status)),
                        deepLink = DeepLinks.complaint(c.id),
                    )
            }
            remembered[c.id] = code
        }
        // Forget complaints no longer on the device (e.g. after a wipe).
        val ids = complaints.map { it.id }.toSet()
        return notices to remembered.filterKeys { it in ids }
    }
}
