#!/usr/bin/env bash
# The README's test command: installs what is missing, then runs every test suite of
# every part — lints, Rust unit/integration/e2e tests against SQLite, a real
# PostgreSQL and an S3-compatible server (moto), the Kotlin bindings on the JVM, the desktop app under Xvfb through
# tauri-driver, and the console in Chromium. Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
source "$ROOT/scripts/lib/s3.sh"
cd "$ROOT"

started=$(date +%s)
passed=()
trap 'pg_stop; s3_stop' EXIT

step() {  # step NAME COMMAND... : runs one suite and records it
  local name=$1; shift
  say "[$name] $*"
  local t0; t0=$(date +%s)
  "$@" || die "[$name] failed"
  passed+=("$name ($(( $(date +%s) - t0 )) s)")
}

say "Checking toolchains and system packages"
check_toolchains
check_java
apt_install "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
echo "cargo target dir: $CARGO_TARGET_DIR"

# The desktop crate embeds the built UI at compile time: build it before any cargo
# command that compiles the whole workspace.
step "desktop-ui-build" bash -c 'source app-desktop/scripts/lib.sh && build_ui_if_stale'

step "rustfmt" cargo fmt --all -- --check
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings

pg_start
export PATI_REQUIRE_POSTGRES=1
s3_start
export PATI_REQUIRE_S3=1
step "rust-build" cargo build --locked -p pati-server
step "rust-tests" cargo test --locked
step "kotlin-jvm" bash app-android/scripts/test-jvm.sh
step "console-browser" bash tests/browser/run.sh
step "desktop-e2e" env PATI_DESKTOP_LINT=0 bash app-desktop/scripts/test.sh
pg_stop
s3_stop

say "All test suites passed in $(( $(date +%s) - started )) s:"
for p in "${passed[@]}"; do echo "  ok  $p"; done
echo "suites: ${#passed[@]} passed, 0 failed"
