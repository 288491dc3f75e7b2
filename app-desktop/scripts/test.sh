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

# System packages: building needs WebKitGTK 4.1 headers; running the e2e test needs
# Xvfb, xauth and WebKitWebDriver.
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
if ! pkg-config --exists webkit2gtk-4.1 2>/dev/null; then missing+=(libwebkit2gtk-4.1-dev); fi
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v xauth >/dev/null 2>&1 || missing+=(xauth)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    info "installing missing apt packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    run apt-get update -qq
    run apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    die "missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
else
  info "libwebkit2gtk-4.1-dev, Xvfb, xauth and WebKitWebDriver are present"
fi

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
TAURI_DRIVER="$(command -v tauri-driver 2>/dev/null || true)"
if [ -z "$TAURI_DRIVER" ] && [ -x "$HOME/.cargo/bin/tauri-driver" ]; then TAURI_DRIVER="$HOME/.cargo/bin/tauri-driver"; fi
if [ -z "$TAURI_DRIVER" ]; then
  info "tauri-driver not found: installing it into $HOME/.cargo/bin"
  # Its own temporary target dir, so it does not rebuild inside the project's.
  run env -u CARGO_TARGET_DIR cargo install tauri-driver --locked --version '^2'
  TAURI_DRIVER="$HOME/.cargo/bin/tauri-driver"
fi
info "using $TAURI_DRIVER"

step "E2E: npm packages (webdriverio)"
npm_ci_if_needed "$E2E_DIR" --ignore-scripts

step "E2E: starting Xvfb"
display=""
for n in $(seq 99 160); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
    display=$n
    break
  fi
done
[ -n "$display" ] || die "no free X display number between :99 and :160"
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
for _ in $(seq 1 100); do
  [ -e "/tmp/.X11-unix/X$display" ] && break
  kill -0 "$XVFB_PID" 2>/dev/null || die "Xvfb :$display exited at start"
  sleep 0.1
done
[ -e "/tmp/.X11-unix/X$display" ] || die "Xvfb :$display did not come up"
info "Xvfb :$display (pid $XVFB_PID)"

step "E2E: the real app against a real pati-server (tauri-driver + WebKitWebDriver)"
mkdir -p "$E2E_DIR/output"
E2E_LOG="$E2E_DIR/output/e2e.log"
t0=$(date +%s)
(
  cd "$E2E_DIR"
  export DISPLAY=":$display"
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
