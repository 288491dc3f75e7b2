package id.go.patikab.patimaju.data

import java.io.File
import java.net.InetAddress
import java.net.ServerSocket
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * A real pati-server process on a free loopback port, with its own data directory and
 * the repository's content packs. The binary and the packs come from the system
 * properties `pati.test.serverBin` and `pati.test.contentDir`, which the pom sets from
 * `pati.server.bin` and `pati.content.dir` (see app-android/scripts/test-jvm.sh).
 */
class PatiServer private constructor(
    private val process: Process,
    val url: String,
    private val log: ConcurrentLinkedQueue<String>,
) : AutoCloseable {
    /**
     * The last one-time code the development OTP sender logged for [phone] (`+62…`),
     * read from the server's stderr (ANSI colours stripped).
     */
    fun otpCode(phone: String): String? =
        log.reversed().firstOrNull { "one-time code" in it && phone in it }?.let { line ->
            Regex("code=\"?(\\d+)").find(line)?.groupValues?.get(1)
        }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    override fun close() {
        if (!process.isAlive) return
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
        }
    }

    companion object {
        /** Password of the `--demo` console accounts (public by design). */
        const val DEMO_PASSWORD = "pati-demo-2026"

        private const val READY_PREFIX = "listening on "

        /** [demo]: the console's demo accounts (`kominfo` … with [DEMO_PASSWORD]) for [Staff]. */
        fun start(
            dataDir: File,
            demo: Boolean = false,
        ): PatiServer {
            val bin = File(requiredProperty("pati.test.serverBin"))
            val content = File(requiredProperty("pati.test.contentDir"))
            check(bin.canExecute()) { "pati-server binary not found at $bin: build it with `cargo build -p pati-server`" }
            check(File(content, "pati").isDirectory) { "content packs not found in $content" }

            val process =
                ProcessBuilder(
                    bin.path,
                    "--listen",
                    "127.0.0.1:0",
                    "--data-dir",
                    dataDir.path,
                    "--content",
                    content.path,
                    *(if (demo) arrayOf("--demo") else emptyArray()),
                ).also { it.environment()["RUST_LOG"] = "warn" }
                    .start()

            // stderr: echoed for the test log and kept for otpCode().
            val log = ConcurrentLinkedQueue<String>()
            Thread({
                process.errorStream.bufferedReader().useLines { seq ->
                    seq.forEach {
                        val plain = it.replace(Regex("\u001B\\[[0-9;]*m"), "")
                        log.add(plain)
                        System.err.println("[pati-server] $plain")
                    }
                }
            }, "pati-server-stderr").apply { isDaemon = true }.start()

            // The server prints `listening on http://127.0.0.1:PORT` once it accepts connections.
            val lines = LinkedBlockingQueue<String>()
            Thread({
                process.inputStream.bufferedReader().useLines { seq -> seq.forEach { lines.put(it) } }
            }, "pati-server-stdout").apply { isDaemon = true }.start()

            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
            while (System.nanoTime() < deadline) {
                val line = lines.poll(100, TimeUnit.MILLISECONDS)
                if (line != null && line.startsWith(READY_PREFIX)) {
                    return PatiServer(process, line.removePrefix(READY_PREFIX).trim(), log)
                }
                if (!process.isAlive) error("pati-server exited early with status ${process.exitValue()}")
            }
            process.destroyForcibly()
            error("pati-server did not report `$READY_PREFIX...` within 60 s")
        }

        /** A loopback URL on which nothing listens. */
        fun closedPortUrl(): String {
            val port = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
            return "http://127.0.0.1:$port"
        }

        private fun requiredProperty(name: String): String =
            System.getProperty(name)?.takeIf { it.isNotBlank() }
                ?: error("system property $name is not set: run app-android/scripts/test-jvm.sh")
    }
}
