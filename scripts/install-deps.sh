#!/usr/bin/env bash
# Installs the Debian packages golive's tests run against: PostgreSQL (store and sql checks),
# Prometheus and Alertmanager (prometheus checks), Chromium (web dashboard e2e), dnsutils.
# Safe to run again; needs root (or sudo) on Debian/Ubuntu.
set -euo pipefail
pkgs=(postgresql prometheus prometheus-alertmanager chromium openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all present (${pkgs[*]})"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
# Services must not start on their default ports: tests start their own on free loopback ports.
printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
$SUDO chmod +x /usr/sbin/policy-rc.d
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
$SUDO rm -f /usr/sbin/policy-rc.d
echo "install-deps: done"
