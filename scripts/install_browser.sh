#!/usr/bin/env bash
# Installs Debian's Chromium for the UI tests (tests/ui/). Playwright cannot download its own browser
# builds here, so the tests drive /usr/bin/chromium. Idempotent: does nothing when it is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install_browser: $CHROMIUM not found; installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x "$CHROMIUM" ]]; then
    echo "install_browser: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
"$CHROMIUM" --version >&2
