import org.gradle.api.DefaultTask
import org.gradle.api.file.ConfigurableFileCollection
import org.gradle.api.file.DirectoryProperty
import org.gradle.api.file.RegularFileProperty
import org.gradle.api.tasks.InputFile
import org.gradle.api.tasks.InputFiles
import org.gradle.api.tasks.Internal
import org.gradle.api.tasks.OutputDirectory
import org.gradle.api.tasks.PathSensitive
import org.gradle.api.tasks.PathSensitivity
import org.gradle.api.tasks.TaskAction
import org.gradle.process.ExecOperations
import javax.inject.Inject

/**
 * Generates the Kotlin bindings in library mode: builds `pati-ffi` and the workspace's
 * `uniffi-bindgen` for the host (debug: unstripped, so the UniFFI metadata is there),
 * then runs `uniffi-bindgen generate --library` on the host library. The bindings
 * match the Android libraries because both come from the same sources; this is what
 * app-android/scripts/test-jvm.sh does for the JVM tests.
 */
abstract class UniffiBindgenTask : DefaultTask() {
    @get:Inject
    abstract val exec: ExecOperations

    @get:Internal
    abstract val workspace: DirectoryProperty

    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    /** bindings/uniffi-kotlin.toml: Kotlin packages, immutable records, Kotlin 2 target. */
    @get:InputFile
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val config: RegularFileProperty

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun generate() {
        val root = workspace.get().asFile
        exec.exec {
            workingDir = root
            commandLine("cargo", "build", "--locked", "-p", "pati-ffi", "-p", "uniffi-bindgen")
        }
        val debug = cargoTargetDir(root).resolve("debug")
        val out = outputDir.get().asFile
        out.deleteRecursively()
        exec.exec {
            workingDir = root
            commandLine(
                debug.resolve(hostExecutableName("uniffi-bindgen")).path,
                "generate",
                "--library",
                debug.resolve(hostLibraryName("pati_ffi")).path,
                "--language",
                "kotlin",
                "--no-format",
                "--config",
                config.get().asFile.path,
                "--out-dir",
                out.path,
            )
        }
    }
}
