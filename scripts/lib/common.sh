# Shared by scripts/run.sh and scripts/test.sh: logging, paths, dependency checks.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/pati-maju/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Runs apt-get as root directly, through sudo when available, or explains what to do.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      die "missing Debian packages: ${missing[*]}
  Install them as root:  apt-get install -y ${missing[*]}"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get: install them with your system's package manager"
  say "Installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed (network?)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found. $2"
}

# Rust, Node and Java come from their own installers, not apt (Debian's are too old).
check_toolchains() {
  need_cmd cargo "Install Rust with rustup (https://rustup.rs), then open a new shell."
  need_cmd node "Install Node.js 20 or newer (e.g. from NodeSource or nvm)."
  need_cmd npm "Install npm (comes with Node.js)."
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || die "Node.js $node_major found; version 20 or newer is needed."
}

check_java() {
  need_cmd java "Install a JDK 17 (apt-get install openjdk-17-jdk-headless)."
  need_cmd mvn "Install Maven (apt-get install maven)."
}

# Packages for building Tauri (WebKitGTK) and for the servers and browsers in tests.
BUILD_PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev curl python3)
RUN_PACKAGES=(xvfb xauth)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver chromium postgresql postgresql-client imagemagick faketime python3-venv)
