// The Android Studio project of Pati Maju (open this folder, app-android/, in Android Studio).
// The Rust core is built from the repository root (one level up) by the :app module.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "pati-maju"
include(":app")
