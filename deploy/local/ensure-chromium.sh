#!/usr/bin/env bash
# Makes Debian's chromium available for the browser tests (playwright-core drives it; no browser
# is downloaded by a package). Does nothing when it is already installed. CHROMIUM_PATH overrides
# where the tests look for it.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM_PATH" ] && exit 0
command -v apt-get >/dev/null || { echo "[vigil] error: $CHROMIUM_PATH is missing and there is no apt-get to install chromium" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[vigil] installing chromium (apt-get) for the browser tests" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
[ -x "$CHROMIUM_PATH" ] || { echo "[vigil] error: chromium installed but $CHROMIUM_PATH is missing" >&2; exit 1; }
