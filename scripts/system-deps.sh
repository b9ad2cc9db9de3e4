#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing (apt-get, as root
# in CI). Nothing is needed yet; later issues add Chromium and redis-server here.
set -euo pipefail
need=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}"
fi
