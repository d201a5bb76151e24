#!/usr/bin/env bash
# Installs what is missing, builds everything, prints the book's run from the command-line
# program, and serves the page on a local port (default 8000; PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh run
bash scripts/build.sh >/dev/null

echo "== the book's run (native command-line program, build/linreg)"
build/linreg
echo
exec node scripts/serve.js --port "${PORT:-8000}"
