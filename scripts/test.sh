#!/usr/bin/env bash
# Set up and run the gate (ruff, mypy, import-linter) and the whole test suite (Qt offscreen, with the benchmarks'
# smoke run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
# The gate: lint, types, the import contracts (which arrows between layers must never exist), then the tests.
.venv/bin/ruff check
.venv/bin/mypy
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest -q "$@"
