#!/usr/bin/env bash
# Speed benchmark of the desktop app (issue 7): cold start to an interactive home
# screen and search-as-you-type latency per keystroke, with a 10k-service catalogue,
# measured on the real binary under Xvfb through tauri-driver + WebKitWebDriver
# (tests/e2e/bench.mjs). Figures go to docs/BENCHMARKS.md by hand.
#
# Environment:
#   PATI_BENCH_PROFILE   release (default: what residents run) or debug
#   PATI_BENCH_SERVICES  catalogue size (default 10000)
#   PATI_BENCH_STARTS    cold starts to time (default 5)
#   CARGO_TARGET_DIR     cargo target dir (default $HOME/.cache/pati-maju/target)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

XVFB_PID=""
trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; true' EXIT

profile="${PATI_BENCH_PROFILE:-release}"
case "$profile" in
  release) cargo_profile=(--release) ;;
  debug) cargo_profile=() ;;
  *) die "PATI_BENCH_PROFILE must be release or debug (got $profile)" ;;
esac

step "checking tools and system packages"
need_cargo
need_node
need_system_packages

step "UI build (embedded by the app)"
build_ui_if_stale

step "building pati-desktop ($profile) and pati-server (debug: it only serves the catalogue)"
cd "$REPO_DIR"
run cargo build --locked "${cargo_profile[@]}" -p pati-desktop
run cargo build --locked -p pati-server

step "tauri-driver and the benchmark's npm packages"
find_tauri_driver
npm_ci_if_needed "$E2E_DIR" --ignore-scripts

step "Xvfb"
start_xvfb

step "benchmark"
(
  cd "$E2E_DIR"
  export DISPLAY=":$XVFB_DISPLAY"
  export PATI_DESKTOP_BIN="$CARGO_TARGET_DIR/$profile/pati-desktop"
  export PATI_SERVER_BIN="$CARGO_TARGET_DIR/debug/pati-server"
  export TAURI_DRIVER WEBKIT_DRIVER
  WEBKIT_DRIVER="$(command -v WebKitWebDriver)"
  unset WAYLAND_DISPLAY
  run node bench.mjs
)
