#!/bin/sh
# verse installer: downloads the verse binary for this machine, checks its sha256 and puts it in
# ~/.local/bin (or $VERSE_INSTALL_DIR, or $XDG_BIN_HOME). No sudo.
#
#   curl -LsSf <release-url>/install.sh | sh
#   curl -LsSf <release-url>/install.sh | sh -s -- --no-modify-path
#
# Environment:
#   VERSE_VERSION          install this version instead of the latest (e.g. 0.2.0)
#   VERSE_INSTALL_DIR      where the binary goes
#   VERSE_DOWNLOAD_URL     a mirror of the release downloads (same layout: <url>/latest/download/VERSION,
#                          <url>/download/v<version>/<file>)
#   VERSE_NO_MODIFY_PATH   set to 1 to leave shell start-up files alone
#   GITHUB_TOKEN           sent as a bearer token (private mirrors, rate limits)
#
# Everything runs inside main(), called on the last line, so a truncated download runs nothing.

set -u

DEFAULT_DOWNLOAD_URL="https://github.com/verse-pm/verse/releases"
APP="verse"

say() {
  if [ "$QUIET" = 0 ]; then printf '%s\n' "$*"; fi
}

say_verbose() {
  if [ "$VERBOSE" = 1 ]; then printf '%s\n' "$*" >&2; fi
}

err() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
verse installer

Usage: install.sh [options]

Options:
  -q, --quiet            print only errors
  -v, --verbose          print every step
      --no-modify-path   do not add the install directory to PATH in shell start-up files
  -h, --help             this help

Environment: VERSE_VERSION, VERSE_INSTALL_DIR, VERSE_DOWNLOAD_URL, VERSE_NO_MODIFY_PATH, GITHUB_TOKEN
EOF
}

need() {
  command -v "$1" >/dev/null 2>&1 || err "this installer needs '$1' (not found in PATH)"
}

# --- platform detection -------------------------------------------------------------------------

glibc_version() {
  # Prints the glibc version as "2.31", or nothing on a non-glibc system.
  if command -v ldd >/dev/null 2>&1; then
    ldd --version 2>&1 | awk 'NR==1 { if ($0 ~ /GLIBC|GNU libc/) { print $NF } }'
  fi
}

is_musl() {
  if command -v ldd >/dev/null 2>&1 && ldd --version 2>&1 | grep -qi musl; then
    return 0
  fi
  for f in /lib/ld-musl-*.so.1; do
    [ -e "$f" ] && return 0
  done
  return 1
}

# The minimum glibc the glibc builds need; older systems get the musl build.
MIN_GLIBC_MAJOR=2
MIN_GLIBC_MINOR=17

glibc_too_old() {
  v=$(glibc_version)
  [ -z "$v" ] && return 1
  major=${v%%.*}
  minor=${v#*.}
  minor=${minor%%.*}
  case "$major$minor" in *[!0-9]*) return 1 ;; esac
  [ "$major" -lt "$MIN_GLIBC_MAJOR" ] && return 0
  [ "$major" -eq "$MIN_GLIBC_MAJOR" ] && [ "$minor" -lt "$MIN_GLIBC_MINOR" ] && return 0
  return 1
}

has_avx2() {
  if [ -r /proc/cpuinfo ]; then
    grep -q avx2 /proc/cpuinfo && return 0
    return 1
  fi
  if command -v sysctl >/dev/null 2>&1; then
    sysctl -n machdep.cpu.leaf7_features 2>/dev/null | grep -qi avx2 && return 0
    return 1
  fi
  return 0
}

detect_target() {
  os=$(uname -s)
  arch=$(uname -m)
  case "$os" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW* | MSYS* | CYGWIN*) err "on Windows, use install.ps1 (PowerShell) instead" ;;
    *) err "unsupported operating system: $os" ;;
  esac
  case "$arch" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) err "unsupported CPU architecture: $arch" ;;
  esac
  if [ "$os" = darwin ] && [ "$arch" = x64 ]; then
    # An x64 shell under Rosetta on Apple silicon: install the native arm64 build.
    if [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || echo 0)" = 1 ]; then
      arch=arm64
      say_verbose "Rosetta detected: installing the arm64 build"
    fi
  fi
  suffix=""
  if [ "$os" = linux ]; then
    if is_musl; then
      suffix="-musl"
    elif glibc_too_old; then
      say_verbose "glibc $(glibc_version) is older than $MIN_GLIBC_MAJOR.$MIN_GLIBC_MINOR: using the musl build"
      suffix="-musl"
    fi
  fi
  baseline=""
  if [ "$arch" = x64 ] && ! has_avx2; then
    baseline="-baseline"
  fi
  TARGET="$os-$arch$suffix"
  BASELINE="$baseline"
}

# --- downloading --------------------------------------------------------------------------------

download() {
  # download URL FILE
  say_verbose "downloading $1"
  if command -v curl >/dev/null 2>&1; then
    proto=""
    case "$1" in https://*) proto="--proto =https --tlsv1.2" ;; esac
    if [ -n "${GITHUB_TOKEN:-}" ]; then
      # shellcheck disable=SC2086 # $proto is two words on purpose
      curl -fsSL --retry 3 --retry-delay 1 $proto -H "Authorization: Bearer $GITHUB_TOKEN" -o "$2" "$1"
    else
      # shellcheck disable=SC2086
      curl -fsSL --retry 3 --retry-delay 1 $proto -o "$2" "$1"
    fi
  elif command -v wget >/dev/null 2>&1; then
    if [ -n "${GITHUB_TOKEN:-}" ]; then
      wget -q --tries=3 --header="Authorization: Bearer $GITHUB_TOKEN" -O "$2" "$1"
    else
      wget -q --tries=3 -O "$2" "$1"
    fi
  else
    err "this installer needs curl or wget to download verse"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | awk '{print $1}'
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | awk '{print $1}'
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | awk '{print $NF}'
  else
    err "no sha256 tool found (sha256sum, shasum or openssl): refusing to install an unverified binary"
  fi
}

# --- PATH ----------------------------------------------------------------------------------------

write_env_scripts() {
  # env (POSIX shells) and env.fish, sourced from the rc files; both idempotent.
  cat >"$ENV_DIR/env" <<EOF
#!/bin/sh
# added by the verse installer
case ":\${PATH}:" in
  *:"$INSTALL_DIR":*) ;;
  *) export PATH="$INSTALL_DIR:\$PATH" ;;
esac
EOF
  cat >"$ENV_DIR/env.fish" <<EOF
# added by the verse installer
if not contains "$INSTALL_DIR" \$PATH
    set -gx PATH "$INSTALL_DIR" \$PATH
end
EOF
}

add_source_line() {
  # add_source_line RCFILE LINE: appends LINE (marked) unless the file already has it.
  rc=$1
  line=$2
  if [ -f "$rc" ] && grep -qF "$line" "$rc"; then
    return 0
  fi
  mkdir -p "$(dirname "$rc")"
  printf '\n%s  # verse\n' "$line" >>"$rc"
  MODIFIED_RCS="$MODIFIED_RCS $rc"
}

modify_path() {
  ENV_DIR="$DATA_DIR"
  mkdir -p "$ENV_DIR"
  write_env_scripts
  posix_line=". \"$ENV_DIR/env\""
  add_source_line "$HOME/.profile" "$posix_line"
  [ -f "$HOME/.bashrc" ] || [ "${SHELL##*/}" = bash ] && add_source_line "$HOME/.bashrc" "$posix_line"
  [ -f "$HOME/.bash_profile" ] && add_source_line "$HOME/.bash_profile" "$posix_line"
  { [ -f "$HOME/.zshrc" ] || [ "${SHELL##*/}" = zsh ]; } && add_source_line "${ZDOTDIR:-$HOME}/.zshenv" "$posix_line"
  fish_conf="${XDG_CONFIG_HOME:-$HOME/.config}/fish/conf.d"
  if [ -d "${XDG_CONFIG_HOME:-$HOME/.config}/fish" ] || [ "${SHELL##*/}" = fish ]; then
    add_source_line "$fish_conf/verse.env.fish" "source \"$ENV_DIR/env.fish\""
  fi
  return 0
}

# --- main ----------------------------------------------------------------------------------------

main() {
  QUIET=0
  VERBOSE=0
  NO_MODIFY_PATH=${VERSE_NO_MODIFY_PATH:-0}
  [ "$NO_MODIFY_PATH" = "" ] && NO_MODIFY_PATH=0
  for arg in "$@"; do
    case "$arg" in
      -q | --quiet) QUIET=1 ;;
      -v | --verbose) VERBOSE=1 ;;
      --no-modify-path) NO_MODIFY_PATH=1 ;;
      -h | --help)
        usage
        exit 0
        ;;
      *) err "unknown option: $arg (see --help)" ;;
    esac
  done

  need uname
  need mkdir
  need chmod
  need mv
  : "${HOME:?HOME is not set}"

  detect_target
  BASE=${VERSE_DOWNLOAD_URL:-$DEFAULT_DOWNLOAD_URL}
  BASE=${BASE%/}
  INSTALL_DIR=${VERSE_INSTALL_DIR:-${XDG_BIN_HOME:-$HOME/.local/bin}}
  DATA_DIR=${XDG_DATA_HOME:-$HOME/.local/share}/verse
  MODIFIED_RCS=""

  TMP=$(mktemp -d 2>/dev/null || mktemp -d -t verse)
  [ -d "$TMP" ] || err "could not create a temporary directory"
  trap 'rm -rf "$TMP"' EXIT INT TERM

  if [ -n "${VERSE_VERSION:-}" ]; then
    VERSION=${VERSE_VERSION#v}
  else
    download "$BASE/latest/download/VERSION" "$TMP/VERSION" || err "could not read the latest version from $BASE (set VERSE_VERSION to pin one)"
    VERSION=$(tr -d ' \r\n' <"$TMP/VERSION")
  fi
  case "$VERSION" in
    '' | *[!0-9A-Za-z.+-]*) err "unexpected version string: '$VERSION'" ;;
  esac

  ASSET="verse-$TARGET"
  URL_DIR="$BASE/download/v$VERSION"
  say "Installing verse $VERSION ($TARGET) into $INSTALL_DIR"
  download "$URL_DIR/SHA256SUMS" "$TMP/SHA256SUMS" || err "could not download $URL_DIR/SHA256SUMS: is $VERSION a released version?"
  chosen="$ASSET"
  if [ -n "$BASELINE" ] && grep -q " $ASSET$BASELINE\$" "$TMP/SHA256SUMS"; then
    chosen="$ASSET$BASELINE"
  fi
  download "$URL_DIR/$chosen" "$TMP/$APP" || err "could not download $URL_DIR/$chosen"

  expected=$(awk -v f="$chosen" '$2 == f || $2 == "*" f { print $1 }' "$TMP/SHA256SUMS")
  [ -n "$expected" ] || err "$chosen is not listed in SHA256SUMS: refusing to install it"
  actual=$(sha256_of "$TMP/$APP")
  if [ "$actual" != "$expected" ]; then
    err "checksum mismatch for $chosen: expected $expected, got $actual. Nothing was installed; try again, or report it if it persists."
  fi
  say_verbose "sha256 verified: $actual"

  chmod +x "$TMP/$APP"
  "$TMP/$APP" --version >/dev/null 2>&1 || err "the downloaded binary does not run on this machine ($TARGET); nothing was installed"

  mkdir -p "$INSTALL_DIR" || err "cannot create $INSTALL_DIR (set VERSE_INSTALL_DIR to a writable directory)"
  mv -f "$TMP/$APP" "$INSTALL_DIR/$APP.tmp.$$" || err "cannot write into $INSTALL_DIR"
  mv -f "$INSTALL_DIR/$APP.tmp.$$" "$INSTALL_DIR/$APP" || err "cannot write $INSTALL_DIR/$APP"

  path_modified=false
  if [ "$NO_MODIFY_PATH" != 1 ]; then
    modify_path
    [ -n "$MODIFIED_RCS" ] && path_modified=true
  fi

  mkdir -p "$DATA_DIR"
  cat >"$DATA_DIR/install-receipt.json" <<EOF
{"version": "$VERSION", "install_dir": "$INSTALL_DIR", "binary": "$INSTALL_DIR/$APP", "target": "$chosen", "modify_path": $( [ "$NO_MODIFY_PATH" != 1 ] && echo true || echo false ), "path_modified": $path_modified, "source": "install.sh", "download_url": "$BASE"}
EOF

  installed=$("$INSTALL_DIR/$APP" --version 2>/dev/null) || err "the installed binary does not run: $INSTALL_DIR/$APP"
  say "Installed: $installed"
  found=$(command -v "$APP" 2>/dev/null || true)
  if [ -n "$found" ] && [ "$found" != "$INSTALL_DIR/$APP" ]; then
    say "warning: another verse at $found comes first in PATH and shadows $INSTALL_DIR/$APP"
  fi
  case ":$PATH:" in
    *:"$INSTALL_DIR":*) ;;
    *)
      if [ "$NO_MODIFY_PATH" = 1 ]; then
        say "Add $INSTALL_DIR to your PATH to use verse."
      else
        say "Restart your shell, or run:  . \"$DATA_DIR/env\"   (fish: source \"$DATA_DIR/env.fish\")"
      fi
      ;;
  esac
}

main "$@"
