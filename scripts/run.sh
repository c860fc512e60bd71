#!/usr/bin/env bash
# Set up and open the app. On an empty database a demo commune is created first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/binhdan demo --if-empty --households "${DEMO_HOUSEHOLDS:-2000}"
exec .venv/bin/binhdan "$@"
