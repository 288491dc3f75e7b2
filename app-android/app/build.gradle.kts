// The Pati Maju Android app: a thin shell over the Rust core.
//
// What this module compiles:
// - app/src/main/kotlin: Android-only glue (Application, Activity, WorkManager worker,
//   notifications, SharedPreferences, camera/photo picker/location);
// - ../jvm/shared/src/main/kotlin and ../jvm/ui/src/main/kotlin: the view models,
//   formatting, strings and Compose screens, built and tested on the JVM with Maven;
// - the UniFFI Kotlin bindings, generated from the Rust library by :app:uniffiBindings;
// and it packages libpati_ffi.so for three ABIs, built by :app:cargoNdk{Debug,Release}.
plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.compose)
}

/** The Cargo workspace: the repository root, one level above this Gradle project. */
val cargoWorkspace: File = rootDir.parentFile
val rustAbis = listOf("arm64-v8a", "armeabi-v7a", "x86_64")
val minSdkLevel = 26
val rustSourceFiles = files(RUST_INPUTS.map { cargoWorkspace.resolve(it) })

android {
    namespace = "id.go.patikab.patimaju"
    compileSdk = 37

    defaultConfig {
        applicationId = "id.go.patikab.patimaju"
        // java.time in the generated bindings and our formatting needs API 26.
        minSdk = minSdkLevel
        targetSdk = 37
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += rustAbis }
        // The regency's server; a debug build may point elsewhere with -Ppati.serverUrl=...
        val serverUrl = providers.gradleProperty("pati.serverUrl").orElse("https://pati-maju.patikab.go.id").get()
        buildConfigField("String", "SERVER_URL", "\"$serverUrl\"")
        buildConfigField("String", "JURISDICTION", "\"pati\"")
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            isShrinkResources = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures {
        compose = true
        buildConfig = true
    }

    packaging {
        // Symbols are stripped by the `mobile` cargo profile; keep AGP from stripping again.
        jniLibs.keepDebugSymbols += "**/libpati_ffi.so"
    }
}

kotlin {
    compilerOptions {
        // Same policy as the JVM build: warnings are errors, generated bindings included.
        allWarningsAsErrors.set(true)
    }
}

val cargoNdkDebug =
    tasks.register<CargoNdkTask>("cargoNdkDebug") {
        group = "rust"
        description = "Builds libpati_ffi.so for $rustAbis (cargo profile release) with cargo-ndk."
        workspace.set(cargoWorkspace)
        rustSources.from(rustSourceFiles)
        abis.set(rustAbis)
        profile.set("release")
        apiLevel.set(minSdkLevel)
        outputDir.set(layout.buildDirectory.dir("rust/jniLibs/debug"))
    }

val cargoNdkRelease =
    tasks.register<CargoNdkTask>("cargoNdkRelease") {
        group = "rust"
        description = "Builds libpati_ffi.so for $rustAbis (size-optimized cargo profile) with cargo-ndk."
        workspace.set(cargoWorkspace)
        rustSources.from(rustSourceFiles)
        abis.set(rustAbis)
        profile.set(providers.gradleProperty("pati.rustReleaseProfile").orElse("mobile"))
        apiLevel.set(minSdkLevel)
        outputDir.set(layout.buildDirectory.dir("rust/jniLibs/release"))
    }

val uniffiBindings =
    tasks.register<UniffiBindgenTask>("uniffiBindings") {
        group = "rust"
        description = "Generates the Kotlin bindings from the host-built libpati_ffi (library mode)."
        workspace.set(cargoWorkspace)
        rustSources.from(rustSourceFiles)
        config.set(cargoWorkspace.resolve("bindings/uniffi-kotlin.toml"))
        outputDir.set(layout.buildDirectory.dir("generated/uniffi/kotlin"))
    }

androidComponents {
    onVariants { variant ->
        variant.sources.kotlin?.apply {
            addGeneratedSourceDirectory(uniffiBindings, UniffiBindgenTask::outputDir)
            // The JVM-tested Kotlin: one set of sources for both builds.
            addStaticSourceDirectory(rootDir.resolve("jvm/shared/src/main/kotlin").path)
            addStaticSourceDirectory(rootDir.resolve("jvm/ui/src/main/kotlin").path)
        }
        val cargo = if (variant.buildType == "release") cargoNdkRelease else cargoNdkDebug
        variant.sources.jniLibs?.addGeneratedSourceDirectory(cargo, CargoNdkTask::outputDir)
    }
}

// The generated source directory above already orders the tasks; this states the rule
// for readers and for any AGP that merges jniLibs folders through another path.
tasks.configureEach {
    if (name.startsWith("merge") && name.endsWith("JniLibFolders")) {
        dependsOn(if (name.contains("Release")) cargoNdkRelease else cargoNdkDebug)
    }
}

dependencies {
    implementation(platform(libs.compose.bom))
    implementation(libs.compose.runtime)
    implementation(libs.compose.foundation)
    implementation(libs.compose.ui)
    implementation(libs.compose.material3)
    implementation(libs.compose.ui.tooling.preview)
    debugImplementation(libs.compose.ui.tooling)
    implementation(libs.activity.compose)
    implementation(libs.core.ktx)
    implementation(libs.work.runtime)
    implementation(libs.coroutines.android)
    implementation(libs.jna) { artifact { type = "aar" } }
}
