#!/usr/bin/env bash
# Launches the Pati Maju desktop app against a pati-server.
#
#   app-desktop/scripts/run.sh [--server-url URL] [--kiosk] [--release] [other app arguments]
#
# URL defaults to $PATI_SERVER_URL, then http://127.0.0.1:8080. Builds the UI and the
# app first when needed. Exits 3, saying so, when there is no display to open a window on.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

server_url="${PATI_SERVER_URL:-http://127.0.0.1:8080}"
profile=debug
app_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --server-url) server_url="${2:?--server-url needs a URL}"; shift 2 ;;
    --server-url=*) server_url="${1#*=}"; shift ;;
    --release) profile=release; shift ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) app_args+=("$1"); shift ;;
  esac
done

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[desktop] No display found (neither DISPLAY nor WAYLAND_DISPLAY is set): the desktop window cannot open here."
  echo "[desktop] Run this from a graphical session, or under Xvfb: Xvfb :99 -screen 0 1280x800x24 -nolisten tcp & DISPLAY=:99 $0"
  exit 3
fi

need_cargo
need_node
step "building the UI (if changed)"
build_ui_if_stale

step "building the desktop app ($profile)"
cd "$REPO_DIR"
if [ "$profile" = release ]; then
  run cargo build -p pati-desktop --release
else
  run cargo build -p pati-desktop
fi

step "starting Pati Maju against $server_url"
export PATI_SERVER_URL="$server_url"
exec "$CARGO_TARGET_DIR/$profile/pati-desktop" "${app_args[@]}"
