#!/usr/bin/env bash
# Browser tests of the agencies' console: the real pati-server in Debian's Chromium
# (playwright-core, axe-core, node's test runner). Safe to run again; says what it does.
#
#   PATI_SERVER_BIN   use this server binary instead of building one
#   CARGO_TARGET_DIR  where cargo builds (default ~/.cache/pati-maju/target)
#   CHROMIUM          the browser (default /usr/bin/chromium)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is missing (apt-get install nodejs npm; Node >= 20)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "Node >= 20 is needed (found $(node --version))"

chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || die "$chromium not found: apt-get install chromium"
say "Browser: $("$chromium" --version 2>/dev/null || echo "$chromium")"

cd "$here"
stamp="node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "Installing test dependencies (npm ci: playwright-core, axe-core; no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  say "Test dependencies are up to date (node_modules)"
fi

if [ -n "${PATI_SERVER_BIN:-}" ]; then
  say "Using PATI_SERVER_BIN=$PATI_SERVER_BIN"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pati-maju/target}"
  say "Building pati-server (cargo build -p pati-server, target $CARGO_TARGET_DIR)"
  (cd "$repo" && cargo build --locked -p pati-server)
  export PATI_SERVER_BIN="$CARGO_TARGET_DIR/debug/pati-server"
fi
[ -x "$PATI_SERVER_BIN" ] || die "no server binary at $PATI_SERVER_BIN"

say "Running the console browser tests (node --test); screenshots go to docs/screenshots/console-*.png"
exec node --test --test-concurrency=1 console.test.mjs
