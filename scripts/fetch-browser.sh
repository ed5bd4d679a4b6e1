#!/usr/bin/env bash
# Installs what the web page's browser test needs: Debian's chromium and chromium-driver
# (/usr/bin/chromium, /usr/bin/chromedriver). Idempotent; needs root (or sudo) to install.
# Prints one line. The test is skipped, with its reason, when the browser is missing.
# Usage: ./scripts/fetch-browser.sh
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "fetch-browser: $(chromium --version 2>/dev/null | head -1) and chromedriver present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "fetch-browser: not root and no sudo; install chromium and chromium-driver to run the browser test" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fetch-browser: apt-get not found; install Chromium and a matching ChromeDriver to run the browser test" >&2
  exit 1
fi
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >"$LOG" 2>&1; then
  # a fresh machine may have no package lists yet: refresh them once and retry
  $SUDO apt-get update -qq >>"$LOG" 2>&1 || true
  if ! $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >>"$LOG" 2>&1; then
    echo "fetch-browser: 'apt-get install chromium chromium-driver' failed: $(tail -n 3 "$LOG" | tr '\n' ' ')" >&2
    exit 1
  fi
fi
echo "fetch-browser: installed $(chromium --version 2>/dev/null | head -1) and chromedriver"
