// Build logic of the Android project: the tasks that build the Rust core with cargo-ndk
// and generate the Kotlin bindings with the workspace's uniffi-bindgen.
plugins {
    `kotlin-dsl`
}

repositories {
    mavenCentral()
}
