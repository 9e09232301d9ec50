#!/usr/bin/env bash
# Makes sure the browser tests can run: Chromium and a Japanese font from Debian's packages.
# Installs them when missing and we are root (as on CI and fresh machines); otherwise says what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${MAMORI_CHROMIUM:-}" ] || missing+=(chromium)
fc-list :lang=ja 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The browser tests need: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
