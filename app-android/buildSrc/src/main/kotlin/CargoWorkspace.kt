import java.io.File

/**
 * Where cargo puts its output: `$CARGO_TARGET_DIR` when set (the project's scripts set
 * it outside the clone), else `<workspace>/target`, as cargo itself decides.
 */
fun cargoTargetDir(workspace: File): File =
    System.getenv("CARGO_TARGET_DIR")?.takeIf { it.isNotBlank() }?.let(::File) ?: workspace.resolve("target")

/** File name of the host-built library, which uniffi-bindgen reads the bindings from. */
fun hostLibraryName(name: String): String {
    val os = System.getProperty("os.name").lowercase()
    return when {
        os.contains("mac") -> "lib$name.dylib"
        os.contains("windows") -> "$name.dll"
        else -> "lib$name.so"
    }
}

/** The Rust sources whose change makes the native library and the bindings stale. */
val RUST_INPUTS = listOf("Cargo.toml", "Cargo.lock", "protocol", "core", "bindings")

/** File name of a host executable built by cargo (`.exe` on Windows). */
fun hostExecutableName(name: String): String =
    if (System.getProperty("os.name").lowercase().contains("windows")) "$name.exe" else name

