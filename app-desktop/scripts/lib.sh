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

# Sets TAURI_DRIVER, installing tauri-driver into ~/.cargo/bin when missing.
find_tauri_driver() {
  TAURI_DRIVER="$(command -v tauri-driver 2>/dev/null || true)"
  if [ -z "$TAURI_DRIVER" ] && [ -x "$HOME/.cargo/bin/tauri-driver" ]; then TAURI_DRIVER="$HOME/.cargo/bin/tauri-driver"; fi
  if [ -z "$TAURI_DRIVER" ]; then
    info "tauri-driver not found: installing it into $HOME/.cargo/bin"
    # Its own temporary target dir, so it does not rebuild inside the project's.
    run env -u CARGO_TARGET_DIR cargo install tauri-driver --locked --version '^2'
    TAURI_DRIVER="$HOME/.cargo/bin/tauri-driver"
  fi
  info "using $TAURI_DRIVER"
}

# Starts Xvfb on the first free display from :99; sets XVFB_DISPLAY and XVFB_PID
# (the caller stops it).
start_xvfb() {
  local n
  XVFB_DISPLAY=""
  for n in $(seq 99 160); do
    if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
      XVFB_DISPLAY=$n
      break
    fi
  done
  [ -n "$XVFB_DISPLAY" ] || die "no free X display number between :99 and :160"
  Xvfb ":$XVFB_DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -e "/tmp/.X11-unix/X$XVFB_DISPLAY" ] && break
    kill -0 "$XVFB_PID" 2>/dev/null || die "Xvfb :$XVFB_DISPLAY exited at start"
    sleep 0.1
  done
  [ -e "/tmp/.X11-unix/X$XVFB_DISPLAY" ] || die "Xvfb :$XVFB_DISPLAY did not come up"
  info "Xvfb :$XVFB_DISPLAY (pid $XVFB_PID)"
}

# System packages: building needs WebKitGTK 4.1 headers; running the app under test
# needs Xvfb, xauth and WebKitWebDriver. Installs what is missing when root.
need_system_packages() {
  local missing=()
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  command -v cc >/dev/null 2>&1 || missing+=(build-essential)
  if ! pkg-config --exists webkit2gtk-4.1 2>/dev/null; then missing+=(libwebkit2gtk-4.1-dev); fi
  command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
  command -v xauth >/dev/null 2>&1 || missing+=(xauth)
  command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
  if [ ${#missing[@]} -eq 0 ]; then
    info "libwebkit2gtk-4.1-dev, Xvfb, xauth and WebKitWebDriver are present"
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    info "installing missing apt packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    run apt-get update -qq
    run apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    die "missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
  fi
}
