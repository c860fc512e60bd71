#!/usr/bin/env bash
# Create .venv and install Bình Dân Desktop into it (with the test extras when asked: setup.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v "^WARNING: Location" || true
fi
.venv/bin/python -c "import binhdan_desktop" # fails loudly if the install did not work
# Byte-compile our modules as a wheel install would (an editable install does not, and PYTHONDONTWRITEBYTECODE
# would make every start compile them again): ~0.1 s off each start.
.venv/bin/python -m compileall -q src/binhdan_desktop resources >/dev/null
