#!/usr/bin/env bash
# Installs the Debian packages Growloop needs to build and test. Idempotent: when every
# package is already present it prints nothing and touches nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache python3
  libboost-dev libsimdjson-dev nlohmann-json3-dev libsqlite3-dev libzstd-dev liblz4-dev
  libxxhash-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  clang libclang-rt-14-dev
)

# Node.js and npm build the web console (web/) and run the SDK compatibility test
# (tests/compat); a node already installed (say from NodeSource, whose package conflicts with
# Debian's npm) is kept as it is.
command -v node > /dev/null || packages+=(nodejs npm)

# --test: also what only the tests need: Chromium, which the console's end-to-end test drives.
[ "${1:-}" = "--test" ] && packages+=(chromium)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
