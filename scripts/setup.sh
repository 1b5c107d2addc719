#!/usr/bin/env bash
# Idempotent fresh-machine setup for cfsign: Debian packages, Mbed TLS 3.6 LTS source
# (from Debian's source packages, verified), and npm dependencies. Safe to run repeatedly;
# each step is skipped when its result is already present.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

say() { printf '[setup] %s\n' "$*"; }

# ---- 1. Debian packages -------------------------------------------------------
APT_PACKAGES=(emscripten nlohmann-json3-dev libgtest-dev cmake g++ make openssl bzip2 xz-utils dpkg-dev chromium libclang-rt-14-dev)
# Extra packages can be requested by later steps (e.g. chromium for browser tests).
if [ -n "${CFSIGN_EXTRA_APT:-}" ]; then read -r -a extra <<<"$CFSIGN_EXTRA_APT"; APT_PACKAGES+=("${extra[@]}"); fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
apt_updated=0
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  apt_updated=1
  # emscripten's recommends are not needed; everything else comes with its dependencies.
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 2. Mbed TLS 3.6 LTS source from Debian (suite trixie) --------------------
MBEDTLS_DIR="$ROOT/third_party/mbedtls"
MBEDTLS_SERIES="3.6."
if [ ! -f "$MBEDTLS_DIR/include/mbedtls/build_info.h" ]; then
  say "fetching Mbed TLS ${MBEDTLS_SERIES}x source from Debian's source packages (trixie)"
  SRC_LIST=/etc/apt/sources.list.d/cfsign-mbedtls-src.sources
  if [ ! -f "$SRC_LIST" ]; then
    # Derive a deb-src entry from the machine's own sources file: first stanza (the main
    # archive), Types deb -> deb-src, suite -> trixie. No host name is written by us.
    base=/etc/apt/sources.list.d/debian.sources
    [ -f "$base" ] || { echo "setup: $base not found; cannot derive a deb-src entry" >&2; exit 1; }
    awk 'BEGIN{RS="";ORS="\n\n"} NR==1' "$base" \
      | sed -e 's/^Types: deb$/Types: deb-src/' -e 's/^Suites: .*/Suites: trixie/' \
      | $SUDO tee "$SRC_LIST" >/dev/null
    apt_updated=0
  fi
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq; fi
  DL="$ROOT/third_party/download"
  rm -rf "$DL"; mkdir -p "$DL"
  ( cd "$DL"
    if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$DL"; fi
    apt-get source --download-only mbedtls/trixie >/dev/null 2>&1 || apt-get source --download-only mbedtls/trixie )
  dsc=$(ls "$DL"/mbedtls_*.dsc | head -n1)
  version=$(sed -n 's/^Version: //p' "$dsc")
  upstream=${version#*:}; upstream=${upstream%%-*}
  case "$upstream" in
    ${MBEDTLS_SERIES}*) ;;
    *) echo "setup: expected Mbed TLS ${MBEDTLS_SERIES}x, Debian offers $version" >&2; exit 1 ;;
  esac
  orig="mbedtls_${upstream}.orig.tar.bz2"
  [ -f "$DL/$orig" ] || orig=$(cd "$DL" && ls mbedtls_"${upstream}".orig.tar.* | head -n1)
  want=$(awk '/^Checksums-Sha256:/{f=1;next} /^[^ ]/{f=0} f && $3=="'"$orig"'"{print $1}' "$dsc")
  have=$(sha256sum "$DL/$orig" | cut -d' ' -f1)
  if [ -z "$want" ] || [ "$want" != "$have" ]; then
    echo "setup: checksum mismatch for $orig (dsc: ${want:-none}, file: $have)" >&2; exit 1
  fi
  say "Mbed TLS $upstream: tarball sha256 $have matches the .dsc"
  rm -rf "$MBEDTLS_DIR" "$ROOT/third_party/unpack"; mkdir -p "$ROOT/third_party/unpack"
  tar -xf "$DL/$orig" -C "$ROOT/third_party/unpack"
  mv "$ROOT"/third_party/unpack/mbedtls-* "$MBEDTLS_DIR"
  rmdir "$ROOT/third_party/unpack"
  echo "$upstream $have" > "$MBEDTLS_DIR/.cfsign-source"
fi

# ---- 3. npm dependencies (exact pins from package-lock.json) -------------------
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "ready"
