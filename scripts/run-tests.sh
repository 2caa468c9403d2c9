#!/usr/bin/env bash
# Quick start, command 2: the same set-up as run-sample.sh, then every test:
# the C++ tests (ctest) and the Python tests (pytest).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LIBREVIEW_BUILD_TESTS=ON
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
export LIBREVIEW_BUILD_DIR="$ROOT/build/wheel"

say "C++ tests (ctest)"
ctest --test-dir "$LIBREVIEW_BUILD_DIR" --output-on-failure -j "$(nproc)"

say "Python tests (pytest)"
set +e
"$ROOT/.venv/bin/python" -m pytest -q tests/python
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: tests/python must hold the Python tests" >&2
  exit 1
fi
exit "$rc"
