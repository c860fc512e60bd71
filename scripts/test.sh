#!/usr/bin/env bash
# Set up and run the whole test suite (Qt offscreen), then the benchmarks' smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest -q "$@"
