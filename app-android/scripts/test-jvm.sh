#!/usr/bin/env bash
# The Kotlin layer on the JVM, from a clean clone:
#   1. builds libpati_ffi.so, uniffi-bindgen and pati-server (debug, unstripped);
#   2. generates the Kotlin bindings from the library (library mode) into
#      app-android/jvm/target/uniffi-kotlin (never committed);
#   3. compiles bindings + our Kotlin with kotlin-maven-plugin (-Werror) and runs the
#      JUnit 5 tests against the library and a real pati-server.
# Safe to run again (cargo and ~/.m2 make later runs incremental). Exits non-zero on
# any failure.
#
# Environment: CARGO_TARGET_DIR (default ~/.cache/pati-maju/target),
#              MAVEN_ARGS_EXTRA (extra mvn arguments, e.g. "-Dtest=ContentSyncTest").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/pati-maju/target}
LIB_DIR=$CARGO_TARGET_DIR/debug
GEN_DIR=$ROOT/app-android/jvm/target/uniffi-kotlin
START=$SECONDS

step() { printf '\n==> [test-jvm %ss] %s\n' "$((SECONDS - START))" "$*"; }
need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "test-jvm: '$1' not found: $2" >&2
        exit 1
    }
}
need cargo "install Rust (https://rustup.rs)"
need java "apt-get install -y openjdk-17-jdk-headless"
need mvn "apt-get install -y maven"

cd "$ROOT"

step "cargo build -p pati-ffi -p uniffi-bindgen -p pati-server (debug; CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
cargo build -p pati-ffi -p uniffi-bindgen -p pati-server

step "uniffi-bindgen generate --library $LIB_DIR/libpati_ffi.so --language kotlin -> $GEN_DIR"
# Generate into a scratch folder, then replace only the files that changed, so an
# unchanged library keeps the files' timestamps and Kotlin's incremental compile
# skips them.
rm -rf "$GEN_DIR.new"
"$LIB_DIR/uniffi-bindgen" generate \
    --library "$LIB_DIR/libpati_ffi.so" \
    --language kotlin --no-format \
    --config "$ROOT/bindings/uniffi-kotlin.toml" \
    --out-dir "$GEN_DIR.new"
mkdir -p "$GEN_DIR"
# Kotlin's (experimental) incremental compile misses callers in other modules and in
# test sources when a generated signature changes (a record field with a default
# changes the synthetic constructor: NoSuchMethodError at test time). When the
# bindings changed, compile everything afresh; otherwise keep the incremental caches.
bindings_changed=0
while read -r f; do
    if cmp -s "$GEN_DIR.new/$f" "$GEN_DIR/$f"; then
        echo "    unchanged ${f#./}"
    else
        mkdir -p "$(dirname "$GEN_DIR/$f")"
        cp "$GEN_DIR.new/$f" "$GEN_DIR/$f"
        echo "    generated ${f#./}"
        bindings_changed=1
    fi
done < <(cd "$GEN_DIR.new" && find . -type f)
while read -r f; do
    [ -e "$GEN_DIR.new/$f" ] || { rm -f "$GEN_DIR/$f"; echo "    removed ${f#./}"; bindings_changed=1; }
done < <(cd "$GEN_DIR" && find . -type f)
rm -rf "$GEN_DIR.new"
if [ "$bindings_changed" = 1 ]; then
    echo "    bindings changed: removing app-android/jvm/*/target for a full Kotlin compile"
    rm -rf "$ROOT"/app-android/jvm/*/target
fi

step "mvn verify in app-android/jvm (Kotlin -Werror, JUnit 5 against $LIB_DIR/libpati_ffi.so and pati-server)"
# shellcheck disable=SC2086 # MAVEN_ARGS_EXTRA is a list of arguments
mvn -B -ntp -f "$ROOT/app-android/jvm/pom.xml" \
    -Dpati.bindings.src="$GEN_DIR" \
    -Dpati.lib.dir="$LIB_DIR" \
    -Dpati.server.bin="$LIB_DIR/pati-server" \
    -Dpati.content.dir="$ROOT/content" \
    ${MAVEN_ARGS_EXTRA:-} \
    verify

step "done: Kotlin bindings compiled and JVM tests passed"
