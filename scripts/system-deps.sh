#!/usr/bin/env bash
# Debian packages Qt needs even offscreen, plus Xvfb (real window screenshots), fonts, poppler (PDF checks) and
# valgrind (the start-up benchmark counts instructions with it), LibreOffice Calc and Writer (reports and spreadsheets
# are checked as LibreOffice opens and prints them) with Liberation Serif (Times New Roman's metrics, which LibreOffice
# puts in its place as an office's Windows has it: without it the .docx header wraps in DejaVu Serif) and faketime.
# Installs only what is missing; needs root (or sudo).
set -euo pipefail
PACKAGES=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3
          xvfb libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
          libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 poppler-utils valgrind
          libreoffice-calc-nogui libreoffice-writer-nogui fonts-liberation2 faketime)
command -v dpkg >/dev/null 2>&1 || { echo "not a Debian system: install Qt's libraries yourself" >&2; exit 0; }
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
