# Shared helpers of app-desktop/scripts/*.sh (sourced, not run).

DESKTOP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$DESKTOP_DIR/.." && pwd)"
UI_DIR="$DESKTOP_DIR/ui"
E2E_DIR="$DESKTOP_DIR/tests/e2e"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pati-maju/target}"

step() { printf '\n==> [desktop] %s\n' "$*"; }
info() { printf '    [desktop] %s\n' "$*"; }
die() {
  printf '[desktop] ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command, printing it first.
run() {
  printf '    $ %s\n' "$*"
  "$@"
}

need_node() {
  command -v node >/dev/null 2>&1 || die "Node.js >= 20.19 is required (not found). Install it (e.g. apt-get install -y nodejs npm, or from nodejs.org)."
  command -v npm >/dev/null 2>&1 || die "npm is required (not found)."
  local v major minor
  v="$(node -p 'process.versions.node')"
  major="${v%%.*}"
  minor="$(echo "$v" | cut -d. -f2)"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node.js >= 20.19 is required (found $v)."
  fi
}

need_cargo() {
  command -v cargo >/dev/null 2>&1 || die "cargo (Rust) is required: install it with rustup (https://rustup.rs)."
}

# npm ci in $1 unless node_modules already matches package-lock.json. Extra args go to npm ci.
npm_ci_if_needed() {
  local dir="$1"
  shift
  local stamp="$dir/node_modules/.pati-lock.sha256"
  local want
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    info "npm packages of ${dir#"$REPO_DIR"/} are up to date"
    return 0
  fi
  (cd "$dir" && run npm ci --no-audit --no-fund "$@")
  echo "$want" >"$stamp"
}

# Builds ui/dist (what the Rust build embeds).
build_ui() {
  npm_ci_if_needed "$UI_DIR"
  (cd "$UI_DIR" && run npm run build --silent)
}

# Builds ui/dist only when a source is newer than it.
build_ui_if_stale() {
  local index="$UI_DIR/dist/index.html"
  if [ -f "$index" ] && grep -q 'src="./assets/' "$index" 2>/dev/null &&
    [ -z "$(find "$UI_DIR/src" "$UI_DIR/index.html" "$UI_DIR/package-lock.json" "$UI_DIR/vite.config.ts" \
      -newer "$index" -print -quit 2>/dev/null)" ]; then
    info "ui/dist is up to date"
    return 0
  fi
  build_ui
}
