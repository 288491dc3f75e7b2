package id.go.patikab.patimaju.i18n

/**
 * Every text the screens show, as one typed table per language.
 *
 * A table is an `object` implementing this interface, so a text missing in English or
 * Javanese does not compile (the same rule as the desktop's and the console's tables).
 * The Compose screens read it through a CompositionLocal; they are compiled on the
 * JVM too, where Android's `R.string` does not exist. What only Android shows
 * (launcher label, notification channel) lives in the `strings.xml` resources of each `values` folder.
 */
interface Strings {
    // --------------------------------------------------------------- app, navigation
    val appName: String
    val tabHome: String
    val tabServices: String
    val tabNews: String
    val tabComplaints: String
    val tabSettings: String
    val back: String
    val retry: String
    val loading: String
    val close: String
    val cancel: String

    // --------------------------------------------------------------- errors
    val errorOffline: String
    val errorServer: String
    val errorUpdateRequired: String
    val errorNotFound: String
    val errorStorage: String
    val errorUnexpected: String
    val errorInvalid: String

    /** A refused photo, by the core's problem code (unknown codes: a generic sentence). */
    fun photoProblem(code: String): String

    // --------------------------------------------------------------- home
    val homeGreeting: String
    val homeFeatured: String
    val homeSearchHint: String
    val homeNewComplaint: String
    val homeNewComplaintHint: String
    val homeNoContentYet: String

    fun homeLastSync(relative: String): String

    // --------------------------------------------------------------- catalogue, search
    val catalogueTitle: String
    val searchHint: String
    val searchTypeMore: String

    fun searchNoResults(query: String): String

    fun serviceCount(count: Int): String

    // --------------------------------------------------------------- service detail
    val serviceRequirements: String
    val serviceSteps: String
    val serviceFee: String
    val serviceDuration: String
    val serviceLegalBasis: String
    val serviceLocations: String
    val serviceHours: String
    val serviceContacts: String
    val serviceOpenOnline: String
    val serviceFileComplaint: String

    fun serviceMppCounter(counter: String): String

    // --------------------------------------------------------------- news
    val newsTitle: String
    val newsEmpty: String
    val newsLoadMore: String

    // --------------------------------------------------------------- complaint draft
    val draftTitle: String
    val draftSavedAutomatically: String
    val draftCategory: String
    val draftChooseCategory: String
    val draftSubject: String
    val draftDescription: String
    val draftLocation: String
    val draftUseGps: String
    val draftGpsWaiting: String
    val draftKecamatan: String
    val draftDesa: String
    val draftAddress: String
    val draftPhotos: String
    val draftTakePhoto: String
    val draftPickPhoto: String
    val draftRemovePhoto: String
    val draftAnonymous: String
    val draftAnonymousHelp: String
    val draftConfidential: String
    val draftConfidentialHelp: String
    val draftSubmit: String
    val draftDelete: String
    val draftSimilarTitle: String
    val draftSupportInstead: String
    val draftNeedsPhoneOrAnonymous: String

    fun draftGpsFix(
        lat: String,
        lon: String,
    ): String

    /** Copy where a photo was taken (its GPS tags) into the complaint. */
    fun draftUsePhotoLocation(
        lat: String,
        lon: String,
    ): String

    fun draftPhotoCount(
        count: Int,
        max: Int,
    ): String

    // --------------------------------------------------------------- my complaints
    val myComplaintsTitle: String
    val myComplaintsEmpty: String
    val myDrafts: String
    val complaintTimeline: String
    val complaintOverdue: String
    val complaintReplyHint: String

    /** A followed complaint (the resident's was merged into it): no actions of theirs. */
    val complaintFollowing: String
    val complaintSendReply: String
    val complaintRate: String
    val complaintRatingComment: String
    val complaintReopen: String
    val complaintReopenReason: String
    val complaintSupport: String
    val complaintPendingMark: String
    val complaintPublicFeed: String

    fun complaintTracking(number: String): String

    fun complaintSupportCount(count: Long): String

    fun complaintPendingActions(count: Int): String

    // Workflow statuses (server) and delivery states (device), by their wire codes.
    val statusReceived: String
    val statusVerified: String
    val statusAssigned: String
    val statusInProgress: String
    val statusResolved: String
    val statusClosed: String
    val statusRejected: String
    val deliveryDraft: String
    val deliveryQueued: String
    val deliverySending: String
    val deliverySent: String
    val deliveryFailed: String

    // --------------------------------------------------------------- settings, sync
    val settingsTitle: String
    val settingsLanguage: String
    val settingsPhone: String
    val settingsPhoneHelp: String
    val settingsPhoneNumber: String
    val settingsSendCode: String
    val settingsCode: String
    val settingsVerify: String
    val settingsSyncNow: String
    val settingsNeverSynced: String

    fun settingsVerifiedAs(phone: String): String

    fun settingsCodeSent(
        phone: String,
        minutes: Long,
    ): String

    fun syncLast(relative: String): String

    fun syncPending(count: Int): String

    fun syncPhotos(
        sent: String,
        total: String,
    ): String

    // --------------------------------------------------------------- notifications

    /** Title of the notification shown when a complaint's status changes. */
    fun notifyStatusTitle(tracking: String): String

    fun notifyStatusText(
        title: String,
        status: String,
    ): String
}
