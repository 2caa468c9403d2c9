#!/usr/bin/env bash
# Line, branch and function coverage of libreview/src, libreview/include and plugins/ by the
# whole C++ suite, the command's import and run of the sample, and the whole Python suite
# (docs/reliability.md 7b). A clang build with source-based coverage and no sanitizer
# (build/coverage; the sanitizers' runtime and the profile runtime's own allocations do not
# mix: LeakSanitizer reports the profile runtime's file-name copies in every plugin it
# unloads). Every process writes its counts into a pool of files per binary
# (LLVM_PROFILE_FILE=…/%4m.profraw); llvm-profdata merges them, llvm-cov reports.
# Prints the totals and every file under 90 % of lines; the table is in
# build/coverage/coverage.txt. Needs .venv (scripts/run-tests.sh or scripts/setup.sh first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
B="$ROOT/build/coverage"
W="$B/work"
VPY="$ROOT/.venv/bin/python"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
[ -x "$VPY" ] && "$VPY" -c "import pybind11, pytest, numpy, pandas" 2>/dev/null ||
  { echo "no .venv with pybind11, pytest, numpy and pandas: run scripts/run-tests.sh (or scripts/setup.sh) first" >&2; exit 1; }
bash "$ROOT/scripts/install-debian-packages.sh"

say "clang build with source-based coverage ($B)"
CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS=-O1 -DCMAKE_CXX_FLAGS=-O1 \
  -DLIBREVIEW_BUILD_TESTS=ON -DLIBREVIEW_COVERAGE=ON -DLIBREVIEW_BUILD_PYTHON=ON -DPython_EXECUTABLE="$VPY" \
  -Dpybind11_DIR="$("$VPY" -m pybind11 --cmakedir)" >/dev/null
cmake --build "$B" -j "$(nproc)"
rm -rf "$W" && mkdir -p "$W/cov"
export LLVM_PROFILE_FILE="$W/cov/%4m.profraw"

say "C++ tests (ctest)"
ctest --test-dir "$B" -j "$(nproc)" --output-on-failure >"$W/ctest.log" 2>&1 || { tail -n 30 "$W/ctest.log"; exit 1; }
grep -E "tests passed" "$W/ctest.log"
"$B/bin/libreview" -q import data/sample/2016 --store "$W/sample.db"
"$B/bin/libreview" -q run data/sample/2017 --store "$W/sample.db" --out "$W/sample-out"

say "Python tests (pytest) with the coverage build's module, plugins and command"
SITE="$B/python-site"
rm -rf "$SITE" && mkdir -p "$SITE"
for c in runtime plugins python; do cmake --install "$B" --prefix "$SITE/libreview" --component "$c" >/dev/null; done
cp -R python/libreview/. "$SITE/libreview/"
cp -R python/libreview_cli "$SITE/"
PYTHONPATH="$SITE" PYTHONDONTWRITEBYTECODE=1 LIBREVIEW_BUILD_DIR="$B" \
  "$VPY" -m pytest -q -p no:cacheprovider tests/python >"$W/pytest.log" 2>&1 || { tail -n 30 "$W/pytest.log"; exit 1; }
tail -n 1 "$W/pytest.log"
unset LLVM_PROFILE_FILE

say "coverage (llvm-cov) of libreview/src, libreview/include and plugins/"
bash "$ROOT/scripts/coverage-report.sh" "$B" "$W/cov" "$SITE"
