#!/usr/bin/env bash
# Build the one-folder app (dist/binhdan/) with PyInstaller from a clean install of the package, then check
# the bundle: the CLI makes a demo commune and computes its indicators, and the app draws its screens offscreen.
# Usage: bash packaging/build.sh   (on the system the bundle is for: PyInstaller does not cross-build)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
PY=${PYTHON:-python3}
VENV=build/venv-packaging
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# PySide6 as pyproject.toml pins it (6.12.0 on CPython 3.11 aborts the app: issue 12), also in a venv left by an
# older build: the pin as a constraint moves an installed PySide6 onto it; the meta-package and add-ons go.
"$VENV/bin/python" -m pip uninstall -q -y PySide6 PySide6-Addons >/dev/null 2>&1 || true
"$VENV/bin/python" packaging/pyside_pin.py constraints build/pyside-constraints.txt
# a real (non-editable) install: what the bundle gets is what a wheel ships
"$VENV/bin/python" -m pip install -q --upgrade --upgrade-strategy only-if-needed -c build/pyside-constraints.txt \
  . "pyinstaller>=6.10,<7" 2>&1 | grep -v "^WARNING: Location" || true
"$VENV/bin/python" packaging/pyside_pin.py check-venv
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/binhdan.spec
APP=dist/binhdan/binhdan
"$VENV/bin/python" packaging/pyside_pin.py check-bundle dist/binhdan
CHECK=$(mktemp -d)
trap 'rm -rf "$CHECK"' EXIT
export BINHDAN_DATA_DIR="$CHECK/data" QT_QPA_PLATFORM=offscreen
"$APP" --version
"$APP" --db "$CHECK/demo.sqlite3" demo --households 30 --seed 1 >/dev/null
"$APP" --db "$CHECK/demo.sqlite3" indicators --year 2026 > "$CHECK/indicators.txt"
head -4 "$CHECK/indicators.txt"
"$APP" --db "$CHECK/demo.sqlite3" report learners --out "$CHECK/learners.pdf"
"$APP" --db "$CHECK/demo.sqlite3" report checklist --out "$CHECK/checklist.xlsx"
if command -v pdftotext >/dev/null; then  # the bundled fonts carry the diacritics into the PDF
  pdftotext "$CHECK/learners.pdf" "$CHECK/learners.txt"
  grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$CHECK/learners.txt" || { echo "the PDF lost its Vietnamese" >&2; exit 1; }
  echo "PDF text: Vietnamese OK"
  "$APP" --db "$CHECK/demo.sqlite3" report checklist --out "$CHECK/checklist.pdf" >/dev/null
  pdftotext "$CHECK/checklist.pdf" "$CHECK/checklist.txt"  # to a file: grep -q would cut a pipe (pipefail)
  grep -q "☐" "$CHECK/checklist.txt" || { echo "the PDF lost its tick boxes (marks font)" >&2; exit 1; }
  echo "PDF text: tick boxes OK"
fi
# python-docx's own template (docx/templates/default.docx) is data the analysis does not see: a bundle without it
# fails on the first Word report. The marks font ships with its licence.
"$APP" --db "$CHECK/demo.sqlite3" report results --format docx --out "$CHECK/results.docx" >/dev/null
"$VENV/bin/python" - "$CHECK/results.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in z.read("word/document.xml").decode("utf-8"), "no Vietnamese"
PY
echo "Word report: OK"
for f in docx/templates/default.docx binhdan_desktop/resources/fonts/DejaVuSansMarks.ttf \
         binhdan_desktop/resources/fonts/LICENSE-DejaVu.txt binhdan_desktop/resources/fonts/LICENSE-OFL-croscore.txt; do
  [ -n "$(find dist/binhdan -path "*/$f" -print -quit)" ] || { echo "the bundle lacks $f" >&2; exit 1; }
done
echo "bundled data: docx template, fonts and licences OK"
"$APP" --db "$CHECK/demo.sqlite3" team create --out "$CHECK/team.key" >/dev/null
mkdir "$CHECK/usb"
"$APP" --db "$CHECK/demo.sqlite3" sync now --target "$CHECK/usb"
"$APP" screenshots --db "$CHECK/demo.sqlite3" --out "$CHECK/shots" >/dev/null
echo "screens drawn: $(find "$CHECK/shots" -name '*.png' | wc -l)"
du -sh dist/binhdan | cut -f1 | xargs echo "bundle size:"
