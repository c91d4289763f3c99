#!/usr/bin/env bash
# Installs Debian's Chromium for the UI tests (tests/ui/), with a Thai font so the UI's Thai text is
# drawn (without one, screenshots show boxes). Playwright cannot download its own browser builds here,
# so the tests drive /usr/bin/chromium. Idempotent: does nothing when both are already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
THAI_FONTS=fonts-thai-tlwg

if [[ -x "$CHROMIUM" ]] && dpkg -s "$THAI_FONTS" >/dev/null 2>&1; then
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install_browser: installing Debian's chromium and $THAI_FONTS packages" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium "$THAI_FONTS" >/dev/null

if [[ ! -x "$CHROMIUM" ]]; then
    echo "install_browser: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
"$CHROMIUM" --version >&2
