package id.go.patikab.patimaju.nav

/**
 * Links into the app: `patimaju://complaints/<id>` from a status notification, and
 * `https://<server>/app/...` links shared by residents. Only known routes open;
 * anything else shows Home.
 */
object DeepLinks {
    const val SCHEME = "patimaju"

    fun complaint(complaintId: String): String = "$SCHEME://complaints/$complaintId"

    fun routeOf(uri: String): Route? {
        val path =
            when {
                uri.startsWith("$SCHEME://") -> uri.removePrefix("$SCHEME://")
                uri.startsWith("https://") && "/app/" in uri -> uri.substringAfter("/app/")
                else -> return null
            }.substringBefore('?').substringBefore('#')
        if (path.isBlank() || path.any { it.isWhitespace() }) return null
        return Route.parse(path)
    }
}
