#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the real-browser tests
# (packages/api/test/browser), with a font that has Chinese glyphs for the zh-CN pages.
# Installs what is missing with apt-get when running as root; otherwise says what to do and
# fails, so CI never silently skips the browser tests.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
packages=()
[ -x "$CHROMIUM" ] || packages+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then packages+=(fonts-wqy-microhei); fi
if [ ${#packages[@]} -eq 0 ]; then
  echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") and a Chinese font are installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: missing ${packages[*]}; install them as root with: apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi
echo "ensure-chromium: missing ${packages[*]}; running apt-get update && apt-get install -y ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${packages[@]}"
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: ready: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
