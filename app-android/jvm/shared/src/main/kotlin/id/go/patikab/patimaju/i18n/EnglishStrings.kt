package id.go.patikab.patimaju.i18n

/** English, for visitors and residents who prefer it. */
object EnglishStrings : Strings {
    override val appName = "Pati Maju"
    override val tabHome = "Home"
    override val tabServices = "Services"
    override val tabNews = "News"
    override val tabComplaints = "Complaints"
    override val tabSettings = "Settings"
    override val back = "Back"
    override val retry = "Try again"
    override val loading = "Loading…"
    override val close = "Close"
    override val cancel = "Cancel"

    override val errorOffline = "No connection. Everything already saved can still be read."
    override val errorServer = "The server has a problem. Try again later."
    override val errorUpdateRequired = "Update Pati Maju to continue."
    override val errorNotFound = "Not found (it may have been removed)."
    override val errorStorage = "The phone's storage failed (full?)."
    override val errorUnexpected = "Something went wrong. Try again."

    override val errorInvalid = "Check the marked fields."

    override fun photoProblem(code: String) =
        when (code) {
            "not_an_image" -> "This file is not a photo."
            "unsupported_format" -> "Unsupported photo format (use JPEG, PNG or WebP)."
            "too_many_pixels" -> "The photo's resolution is too large."
            "file_too_large" -> "The photo file is too large."
            "corrupt" -> "The photo is damaged and cannot be read."
            else -> "This photo cannot be used."
        }

    override val homeGreeting = "Welcome to Pati"
    override val homeFeatured = "Popular services"
    override val homeSearchHint = "Search services, e.g. ID card, birth certificate…"
    override val homeNewComplaint = "File a complaint"
    override val homeNewComplaintHint = "Broken road, street light out, slow service? Report it here."
    override val homeNoContentYet = "Service data is not downloaded yet. Connect to the internet once to start."

    override fun homeLastSync(relative: String) = "Updated $relative"

    override val catalogueTitle = "Service catalogue"
    override val searchHint = "Type a service name…"
    override val searchTypeMore = "Type at least 2 letters"

    override fun searchNoResults(query: String) = "No services for “$query”"

    override fun serviceCount(count: Int) = if (count == 1) "1 service" else "$count services"

    override val serviceRequirements = "Requirements"
    override val serviceSteps = "Steps"
    override val serviceFee = "Fee"
    override val serviceDuration = "Processing time"
    override val serviceLegalBasis = "Legal basis"
    override val serviceLocations = "Where"
    override val serviceHours = "Opening hours"
    override val serviceContacts = "Contacts"
    override val serviceOpenOnline = "Open the online service"
    override val serviceFileComplaint = "Complain about this service"

    override fun serviceMppCounter(counter: String) = "Public Service Mall, counter $counter"

    override val newsTitle = "Pati news"
    override val newsEmpty = "No news yet."
    override val newsLoadMore = "Load more"

    override val draftTitle = "New complaint"
    override val draftSavedAutomatically = "Saved on this phone automatically"
    override val draftCategory = "Category"
    override val draftChooseCategory = "Choose a category"
    override val draftSubject = "Title"
    override val draftDescription = "Description"
    override val draftLocation = "Location"
    override val draftUseGps = "Use my location (GPS)"
    override val draftGpsWaiting = "Finding your location…"
    override val draftKecamatan = "District (kecamatan)"
    override val draftDesa = "Village (desa/kelurahan)"
    override val draftAddress = "Address or landmark"
    override val draftPhotos = "Photos"
    override val draftTakePhoto = "Take a photo"
    override val draftPickPhoto = "Choose from gallery"
    override val draftRemovePhoto = "Remove photo"
    override val draftAnonymous = "Anonymous"
    override val draftAnonymousHelp = "Nobody learns who you are, not even the agency."
    override val draftConfidential = "Confidential"
    override val draftConfidentialHelp = "The complaint is not shown to the public."
    override val draftSubmit = "Send complaint"
    override val draftDelete = "Delete draft"
    override val draftSimilarTitle = "Similar complaints"
    override val draftSupportInstead = "Support this complaint"
    override val draftNeedsPhoneOrAnonymous = "Verify your phone number in Settings, or send it as Anonymous."

    override fun draftGpsFix(
        lat: String,
        lon: String,
    ) = "GPS location: $lat, $lon"

    override fun draftUsePhotoLocation(
        lat: String,
        lon: String,
    ) = "Use the photo's location ($lat, $lon)"

    override fun draftPhotoCount(
        count: Int,
        max: Int,
    ) = "$count of $max photos"

    override val myComplaintsTitle = "My complaints"
    override val myComplaintsEmpty = "No complaints yet."
    override val myDrafts = "Drafts"
    override val complaintTimeline = "Timeline"
    override val complaintOverdue = "Past the 5-working-day limit"
    override val complaintReplyHint = "Write a reply…"
    override val complaintFollowing =
        "Your report was merged into this one because it is about the same problem. You follow its progress; replies, ratings and reopening are up to its reporter."
    override val complaintSendReply = "Send"
    override val complaintRate = "Rate"
    override val complaintRatingComment = "Comment (optional)"
    override val complaintReopen = "Reopen"
    override val complaintReopenReason = "Why is it not solved?"
    override val complaintSupport = "Support"
    override val complaintPendingMark = "waiting to be sent"
    override val complaintPublicFeed = "Residents' complaints"

    override fun complaintTracking(number: String) = "No. $number"

    override fun complaintSupportCount(count: Long) = if (count == 1L) "1 supporter" else "$count supporters"

    override fun complaintPendingActions(count: Int) = "$count not sent yet"

    override val statusReceived = "Received"
    override val statusVerified = "Verified"
    override val statusAssigned = "Assigned to an agency"
    override val statusInProgress = "In progress"
    override val statusResolved = "Resolved"
    override val statusClosed = "Closed"
    override val statusRejected = "Rejected"
    override val deliveryDraft = "Draft"
    override val deliveryQueued = "Waiting for a connection"
    override val deliverySending = "Sending…"
    override val deliverySent = "Sent"
    override val deliveryFailed = "Refused by the server"

    override val settingsTitle = "Settings"
    override val settingsLanguage = "Language"
    override val settingsPhone = "Phone number"
    override val settingsPhoneHelp = "Needed to send complaints in your name."
    override val settingsPhoneNumber = "Phone number (08…)"
    override val settingsSendCode = "Send code"
    override val settingsCode = "Verification code"
    override val settingsVerify = "Verify"
    override val settingsSyncNow = "Sync now"
    override val settingsNeverSynced = "Never synced"

    override fun settingsVerifiedAs(phone: String) = "Verified: $phone"

    override fun settingsCodeSent(
        phone: String,
        minutes: Long,
    ) = "Code sent to $phone, valid for $minutes minutes."

    override fun syncLast(relative: String) = "Last sync $relative"

    override fun syncPending(count: Int) = "$count waiting to be sent"

    override fun syncPhotos(
        sent: String,
        total: String,
    ) = "Photos: $sent of $total"

    override fun notifyStatusTitle(tracking: String) = "Complaint $tracking"

    override fun notifyStatusText(
        title: String,
        status: String,
    ) = "“$title” is now: $status"
}
