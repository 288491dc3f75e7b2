#!/usr/bin/env bash
# Tests the Pati Maju desktop app (app-desktop/) from a clean clone, idempotently:
#   UI type check (svelte-check, strict) and unit tests (Vitest), UI build,
#   Rust fmt/clippy/unit tests of pati-desktop, debug build of the app and of pati-server,
#   then the end-to-end test of the real binary under Xvfb via tauri-driver + WebKitWebDriver.
#
# Environment:
#   CARGO_TARGET_DIR     cargo target dir (default $HOME/.cache/pati-maju/target)
#   PATI_DESKTOP_LINT=0  skip cargo fmt/clippy here (when the caller lints the workspace)
# Exits non-zero on any failure; stops every process it started.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started_at=$(date +%s)
XVFB_PID=""
cleanup() {
  local rc=$?
  if [ -n "$XVFB_PID" ] && kill -0 "$XVFB_PID" 2>/dev/null; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ]; then
    printf '\n[desktop] FAILED (exit %s) after %ss\n' "$rc" "$(($(date +%s) - started_at))" >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "checking tools and system packages"
need_cargo
need_node
info "cargo target dir: $CARGO_TARGET_DIR"

need_system_packages

step "UI: npm packages"
npm_ci_if_needed "$UI_DIR"

step "UI: type check (svelte-check, TypeScript strict, warnings are errors)"
(cd "$UI_DIR" && run npm run check --silent)

step "UI: unit tests (Vitest)"
(cd "$UI_DIR" && run npm test --silent)

step "UI: production build into ui/dist (embedded by the Rust build; skipped when up to date)"
build_ui_if_stale

cd "$REPO_DIR"
if [ "${PATI_DESKTOP_LINT:-1}" != "0" ]; then
  step "Rust: cargo fmt --check and clippy -D warnings (pati-desktop)"
  run cargo fmt -p pati-desktop -- --check
  run cargo clippy -p pati-desktop --all-targets --quiet -- -D warnings
fi

step "Rust: unit tests of pati-desktop"
run cargo test -p pati-desktop --quiet

step "Rust: debug build of the desktop app"
t0=$(date +%s)
run cargo build -p pati-desktop
info "built in $(($(date +%s) - t0))s: $CARGO_TARGET_DIR/debug/pati-desktop"

step "Rust: debug build of pati-server"
run cargo build -p pati-server
[ -x "$CARGO_TARGET_DIR/debug/pati-server" ] || die "pati-server binary missing after build"

step "tauri-driver"
find_tauri_driver

step "E2E: npm packages (webdriverio)"
npm_ci_if_needed "$E2E_DIR" --ignore-scripts

step "E2E: starting Xvfb"
start_xvfb

step "E2E: the real app against a real pati-server (tauri-driver + WebKitWebDriver)"
mkdir -p "$E2E_DIR/output"
E2E_LOG="$E2E_DIR/output/e2e.log"
t0=$(date +%s)
(
  cd "$E2E_DIR"
  export DISPLAY=":$XVFB_DISPLAY"
  export PATI_DESKTOP_BIN="$CARGO_TARGET_DIR/debug/pati-desktop"
  export PATI_SERVER_BIN="$CARGO_TARGET_DIR/debug/pati-server"
  export PATI_CONTENT_DIR="$REPO_DIR/content"
  export PATI_SCREENSHOT_DIR="$REPO_DIR/docs/screenshots"
  export TAURI_DRIVER WEBKIT_DRIVER
  WEBKIT_DRIVER="$(command -v WebKitWebDriver)"
  unset WAYLAND_DISPLAY
  run node desktop.e2e.mjs
) 2>&1 | tee "$E2E_LOG"
info "e2e ran in $(($(date +%s) - t0))s"

printf '\n[desktop] all desktop checks passed in %ss\n' "$(($(date +%s) - started_at))"
# The e2e runner's own closing line, last, as the summary of this part.
grep -E '^desktop e2e: [0-9]+ passed, [0-9]+ failed$' "$E2E_LOG" | tail -n 1
