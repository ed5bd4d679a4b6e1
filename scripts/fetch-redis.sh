#!/usr/bin/env bash
# Installs redis-server (Debian package redis-server) for the online feature-store tests; the tests
# start their own server on a free loopback port. Idempotent; needs root (or sudo) to install.
# Prints one line. Usage: ./scripts/fetch-redis.sh
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "fetch-redis: $(redis-server --version | head -1)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "fetch-redis: not root and no sudo; install redis-server to run the Redis tests" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "fetch-redis: apt-get not found; install redis-server to run the Redis tests" >&2
  exit 1
fi
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq --no-install-recommends redis-server >"$LOG" 2>&1; then
  $SUDO apt-get update -qq >>"$LOG" 2>&1 || true
  if ! $SUDO apt-get install -y -qq --no-install-recommends redis-server >>"$LOG" 2>&1; then
    echo "fetch-redis: 'apt-get install redis-server' failed: $(tail -n 3 "$LOG" | tr '\n' ' ')" >&2
    exit 1
  fi
fi
# the package starts a system service on 6379; the tests use their own servers
(command -v service >/dev/null 2>&1 && $SUDO service redis-server stop >/dev/null 2>&1) || true
echo "fetch-redis: installed $(redis-server --version | head -1)"
