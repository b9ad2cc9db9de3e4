#!/usr/bin/env bash
# Installs the system packages the test suite needs, named as arguments, when they are missing
# (apt-get, as root in CI). `pnpm test` passes chromium: @marginkit/reporting's HTML test drives
# Debian's /usr/bin/chromium through playwright-core (no browser download).
set -euo pipefail
need=()
for pkg in "$@"; do
  # `dpkg -s` also succeeds for a removed package whose config files remain: ask for the status.
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: missing ${need[*]}; run as root (or: sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi
