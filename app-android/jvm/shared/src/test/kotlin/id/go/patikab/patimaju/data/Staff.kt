package id.go.patikab.patimaju.data

import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets

/**
 * An agency admin in the console of a `--demo` pati-server: logs in like a browser
 * (CSRF field, session cookie) and acts on complaints through the admin API, so the
 * tests can move a complaint along its workflow (verify, assign, respond, resolve).
 */
class Staff private constructor(
    private val http: HttpClient,
    private val base: String,
    private val cookie: String,
    private val csrf: String,
) {
    /** `POST /admin/complaints/{id}/actions` with a JSON body; returns the answer. */
    fun act(
        complaintId: String,
        json: String,
    ): String {
        val response =
            http.send(
                HttpRequest.newBuilder(URI("$base/$complaintId/actions"))
                    .header("cookie", cookie)
                    .header("x-csrf-token", csrf)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString(),
            )
        check(response.statusCode() in 200..299) { "action $json on $complaintId: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    /** `GET /admin/complaints{path}` as text (JSON). */
    fun get(path: String): String {
        val response =
            http.send(
                HttpRequest.newBuilder(URI("$base$path")).header("cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString(),
            )
        check(response.statusCode() in 200..299) { "GET $path: ${response.statusCode()} ${response.body()}" }
        return response.body()
    }

    companion object {
        fun login(
            serverUrl: String,
            username: String = "kominfo",
            jurisdiction: String = "pati",
        ): Staff {
            val http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
            val page = http.send(HttpRequest.newBuilder(URI("$serverUrl/console/login")).build(), HttpResponse.BodyHandlers.ofString())
            val jar = cookies(page).toMutableList()
            val form =
                listOf(
                    "_csrf" to hiddenCsrf(page.body()),
                    "jurisdiction" to jurisdiction,
                    "username" to username,
                    "password" to PatiServer.DEMO_PASSWORD,
                ).joinToString("&") { (k, v) -> "$k=${URLEncoder.encode(v, StandardCharsets.UTF_8)}" }
            val login =
                http.send(
                    HttpRequest.newBuilder(URI("$serverUrl/console/login"))
                        .header("cookie", jar.joinToString("; "))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                    HttpResponse.BodyHandlers.ofString(),
                )
            check(login.statusCode() == 303) { "console login refused: ${login.statusCode()}" }
            jar += cookies(login)
            val session = jar.last { it.startsWith("pati_session=") }
            val home =
                http.send(
                    HttpRequest.newBuilder(URI("$serverUrl/console/")).header("cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString(),
                )
            return Staff(http, "$serverUrl/api/v1/$jurisdiction/admin/complaints", session, hiddenCsrf(home.body()))
        }

        private fun cookies(response: HttpResponse<*>): List<String> =
            response.headers().allValues("set-cookie").map { it.substringBefore(';') }

        private fun hiddenCsrf(html: String): String {
            val marker = "name=\"_csrf\" value=\""
            val at = html.indexOf(marker).also { check(it >= 0) { "no _csrf field" } } + marker.length
            return html.substring(at).takeWhile { it != '"' }
        }
    }
}
