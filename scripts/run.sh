#!/usr/bin/env bash
# The README's run command: builds and starts pati-server on its embedded SQLite store
# with the Pati content on http://127.0.0.1:8080 (demo console logins printed), then
# opens the desktop app connected to it. Without a display the server keeps running.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

LISTEN="${PATI_LISTEN:-127.0.0.1:8080}"
DATA_DIR="${PATI_DATA_DIR:-$ROOT/.data/server}"

say "Checking toolchains and system packages"
check_toolchains
apt_install "${BUILD_PACKAGES[@]}"

say "Building the desktop UI (Svelte + Vite)"
( cd app-desktop/ui
  { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; } || npm ci --no-audit --no-fund
  npm run build )

say "Building pati-server and the desktop app (first build takes a few minutes)"
cargo build --locked -p pati-server -p pati-desktop

if command -v ss >/dev/null 2>&1 && ss -ltn "sport = :${LISTEN##*:}" | grep -q LISTEN; then
  die "port ${LISTEN##*:} is already in use: stop what uses it, or set PATI_LISTEN=127.0.0.1:<port>"
fi

say "Starting pati-server on http://$LISTEN (embedded SQLite in $DATA_DIR, content from content/)"
mkdir -p "$DATA_DIR"
log="$DATA_DIR/server.log"
"$CARGO_TARGET_DIR/debug/pati-server" --listen "$LISTEN" --data-dir "$DATA_DIR" \
  --content "$ROOT/content" --demo 2>"$log" | tee "$DATA_DIR/server.out" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; wait $server_pid 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 300); do
  grep -q '^listening on ' "$DATA_DIR/server.out" 2>/dev/null && break
  kill -0 $server_pid 2>/dev/null || { cat "$log" >&2; die "pati-server failed to start (log above)"; }
  sleep 0.2
done
grep -q '^listening on ' "$DATA_DIR/server.out" || die "pati-server did not start in time; see $log"
echo "server log: $log"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "Opening the Pati Maju desktop app (close its window to stop everything)"
  PATI_SERVER_URL="http://$LISTEN" PATI_JURISDICTION=pati \
    "$CARGO_TARGET_DIR/debug/pati-desktop" || echo "the desktop app exited with an error"
else
  say "No display found (DISPLAY/WAYLAND_DISPLAY unset): not opening the desktop app."
  echo "The server keeps running on http://$LISTEN — press Ctrl+C to stop it."
  echo "To open the app on a machine with a display: PATI_SERVER_URL=http://$LISTEN $CARGO_TARGET_DIR/debug/pati-desktop"
  wait $server_pid
fi
