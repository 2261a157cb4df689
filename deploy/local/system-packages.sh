#!/usr/bin/env bash
# Debian packages the tests or the benchmark need, installed when missing and
# when we may (root with apt). Without them, the tests that need them skip
# with a message saying what to install.
set -euo pipefail
case "${1:-test}" in
  test)  wanted=(chromium docker-compose jq curl) ;;
  run)   wanted=(jq curl) ;;
  bench) wanted=(wrk) ;;
  *) echo "usage: $0 test|run|bench" >&2; exit 2 ;;
esac
missing=()
for pkg in "${wanted[@]}"; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "note: missing ${missing[*]} (install them with apt); dependent checks will skip" >&2
fi
