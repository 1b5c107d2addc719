#!/usr/bin/env bash
# The README's test command: set up and build when needed, then run every suite.
# The last line is "N passed, N failed", summed over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/build.sh; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
exec node scripts/run-suites.mjs "$@"
