import org.gradle.api.DefaultTask
import org.gradle.api.file.ConfigurableFileCollection
import org.gradle.api.file.DirectoryProperty
import org.gradle.api.provider.ListProperty
import org.gradle.api.provider.Property
import org.gradle.api.tasks.Input
import org.gradle.api.tasks.InputFiles
import org.gradle.api.tasks.Internal
import org.gradle.api.tasks.OutputDirectory
import org.gradle.api.tasks.PathSensitive
import org.gradle.api.tasks.PathSensitivity
import org.gradle.api.tasks.TaskAction
import org.gradle.process.ExecOperations
import javax.inject.Inject

/**
 * Builds `libpati_ffi.so` for each Android ABI with cargo-ndk and lays the libraries
 * out as a jniLibs folder (`<outputDir>/<abi>/libpati_ffi.so`).
 *
 * Needs the NDK (cargo-ndk finds it through `ANDROID_NDK_HOME` or the SDK's `ndk/`
 * folder), `cargo install cargo-ndk`, and `rustup target add` for each ABI's target.
 */
abstract class CargoNdkTask : DefaultTask() {
    @get:Inject
    abstract val exec: ExecOperations

    /** The Cargo workspace root (the repository). */
    @get:Internal
    abstract val workspace: DirectoryProperty

    @get:InputFiles
    @get:PathSensitive(PathSensitivity.RELATIVE)
    abstract val rustSources: ConfigurableFileCollection

    /** Android ABIs: arm64-v8a, armeabi-v7a, x86_64. */
    @get:Input
    abstract val abis: ListProperty<String>

    /** Cargo profile: `release`, or `mobile` (opt-level z, LTO, stripped) for shipping. */
    @get:Input
    abstract val profile: Property<String>

    /** minSdk: the API level the NDK links against. */
    @get:Input
    abstract val apiLevel: Property<Int>

    @get:OutputDirectory
    abstract val outputDir: DirectoryProperty

    @TaskAction
    fun build() {
        val out = outputDir.get().asFile
        out.deleteRecursively()
        out.mkdirs()
        val args =
            buildList {
                add("ndk")
                add("--platform")
                add(apiLevel.get().toString())
                add("--output-dir")
                add(out.path)
                for (abi in abis.get()) {
                    add("--target")
                    add(abi)
                }
                addAll(listOf("build", "--locked", "-p", "pati-ffi", "--profile", profile.get()))
            }
        exec.exec {
            workingDir = workspace.get().asFile
            executable = "cargo"
            args(args)
        }
        for (abi in abis.get()) {
            check(out.resolve("$abi/libpati_ffi.so").isFile) { "cargo-ndk did not produce $abi/libpati_ffi.so in $out" }
        }
    }
}
