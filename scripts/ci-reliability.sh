#!/usr/bin/env bash
# CI, after scripts/run-tests.sh (which builds .venv/bin/libreview, used here for
# valgrind): the reliability checks of docs/reliability.md.
#   1. a clang build with AddressSanitizer + UndefinedBehaviorSanitizer and the
#      libFuzzer targets (build/reliability);
#   2. the whole C++ test suite (ctest) under the sanitizers, and the command's
#      `import` + `run` of the sample county under them;
#   2b. the whole Python suite (pytest tests/python) under them: the same build's
#      extension module, plugins and command installed as a package tree
#      (build/reliability/python-site) and imported by .venv's python with the
#      shared ASan runtime preloaded;
#   3. each fuzz target for FUZZ_SECONDS (default 60) from its seed corpus;
#   4. valgrind memcheck on `libreview run` of the sample (2017, store holding 2016);
#   5. the line and branch coverage of steps 2 and 2b: the sanitized build is also built with
#      source-based coverage (-DLIBREVIEW_COVERAGE=ON), every process writes its counts, and
#      scripts/coverage-report.sh reports them (docs/reliability.md 7b).
# Prints the figures (execs per target, crashes, sanitizer reports, valgrind
# errors) and writes them to build/reliability/figures.txt. Exit 1 on any finding.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
START=$(date +%s)
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
JOBS="${JOBS:-$(nproc)}"
B="$ROOT/build/reliability"
W="$B/work"
FIG="$B/figures.txt"

# ---- Debian packages (the list run-tests.sh installs, with clang, llvm and valgrind) --
bash "$ROOT/scripts/install-debian-packages.sh"

# The Python suite runs with .venv's interpreter and packages (numpy, pandas, pytest...), set up
# by scripts/run-tests.sh (scripts/setup.sh); the sanitized module is built for that interpreter.
VPY="$ROOT/.venv/bin/python"
[ -x "$VPY" ] && "$VPY" -c "import pybind11, pytest, numpy, pandas" 2>/dev/null ||
  { echo "no .venv with pybind11, pytest, numpy and pandas: run scripts/run-tests.sh (or scripts/setup.sh) first" >&2; exit 1; }

# ---- 1. sanitized build with the fuzz targets -----------------------------------------
say "clang build with address,undefined sanitizers and libFuzzer targets ($B)"
t0=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS=-O1 -DCMAKE_CXX_FLAGS=-O1 \
  -DLIBREVIEW_BUILD_TESTS=ON -DLIBREVIEW_BUILD_FUZZ=ON -DLIBREVIEW_SANITIZE=address,undefined -DLIBREVIEW_COVERAGE=ON \
  -DLIBREVIEW_BUILD_PYTHON=ON -DPython_EXECUTABLE="$VPY" -Dpybind11_DIR="$("$VPY" -m pybind11 --cmakedir)" >/dev/null
cmake --build "$B" -j "$JOBS"
build_s=$(( $(date +%s) - t0 ))
rm -rf "$W" && mkdir -p "$W/cov"
: >"$FIG"
# Steps 2 and 2b count coverage: each process adds its counts to a pool of files per binary.
export LLVM_PROFILE_FILE="$W/cov/%4m.profraw"
fig() { echo "$*" | tee -a "$FIG"; }

# Every sanitizer report aborts the process (-fno-sanitize-recover=all, halt_on_error).
# intercept_tls_get_addr=0: the __tls_get_addr interceptor of LLVM <= 16's runtime takes a dynamic
# TLS block (of a dlopen'ed module: the extension, a plugin) whose address is 16 bytes past a page
# boundary for a glibc 2.19-2.24 block with a header, and reads its start and size from the 16
# bytes before it; glibc >= 2.25 has no such header and a malloc'ed block lands there by chance,
# so LeakSanitizer's tracer then scans a wild range and dies ("Tracer caught signal 11 ...
# LeakSanitizer has encountered a fatal error") at the exit of a process whose tests all passed.
# Seen once, at the exit of the sanitized pytest process (session 7). Without the interceptor the
# blocks are still roots: LeakSanitizer treats what ld.so allocates as reachable.
SAN_COMMON="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:intercept_tls_get_addr=0"
export ASAN_OPTIONS="$SAN_COMMON:log_path=$W/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$W/ubsan"
reports() { cat "$W"/asan.* "$W"/ubsan.* 2>/dev/null | grep -cE "ERROR: (Address|Leak)Sanitizer|runtime error:" || true; }

# ---- 2. the C++ tests and the command under the sanitizers ------------------------------
say "C++ tests (ctest) under AddressSanitizer + UndefinedBehaviorSanitizer"
t0=$(date +%s)
set +e
ctest --test-dir "$B" --output-on-failure -j "$JOBS" >"$W/ctest.log" 2>&1
ctest_rc=$?
set -e
tail -n 25 "$W/ctest.log"
ctest_s=$(( $(date +%s) - t0 ))
ctest_summary=$(grep -E "tests passed|tests failed" "$W/ctest.log" | tail -1 || true)
say "the command under the sanitizers: import 2016, run 2017 of the sample county"
set +e
"$B/bin/libreview" import data/sample/2016 --store "$W/sample.db" >/dev/null &&
  "$B/bin/libreview" run data/sample/2017 --store "$W/sample.db" --out "$W/sample-out" >/dev/null
cli_rc=$?
set -e
san_reports=$(reports)
fig "sanitizers (address,undefined): ctest ${ctest_summary:-no summary} (rc $ctest_rc, ${ctest_s}s); CLI import+run rc $cli_rc; reports: $san_reports"

# ---- 2b. the Python suite under the sanitizers ------------------------------------------
# CPython is not sanitized, so the module needs the shared ASan runtime (which holds UBSan's too)
# preloaded; the build links every program to that runtime (CMakeLists.txt), so the `libreview`
# command and the test programs the tests spawn inherit LD_PRELOAD without clashing. Reports of
# every process (pytest, the python and Jupyter-kernel children, the command, the test programs)
# land in $W/py/san.<pid> (log_path), counted as for ctest: a report in a child, or an abort that
# pytest swallowed, still fails. LeakSanitizer stays on; tests/lsan-python.supp names the leaks of
# CPython and third-party extensions (each documented there, docs/reliability.md section 2).
say "Python tests (pytest) under AddressSanitizer + UndefinedBehaviorSanitizer"
t0=$(date +%s)
SITE="$B/python-site"
rm -rf "$SITE" "$W/py" && mkdir -p "$SITE" "$W/py/canary"
for c in runtime plugins python; do cmake --install "$B" --prefix "$SITE/libreview" --component "$c" >/dev/null; done
cp -R python/libreview/. "$SITE/libreview/"
cp -R python/libreview_cli "$SITE/"
ASAN_RT="$(clang -print-file-name=libclang_rt.asan-x86_64.so)"
[ -f "$ASAN_RT" ] || { echo "no shared ASan runtime ($ASAN_RT): install libclang-rt-14-dev" >&2; exit 1; }
# The symbolizer ASan starts to print a report inherits the environment: with the runtime preloaded
# it can hang (seen: a futex wait after the reporting process aborted), keeping the report's pipes
# open, so that pytest waits forever. It runs through a wrapper without the preload (the basename
# must stay llvm-symbolizer: ASan picks the protocol by it).
REAL_SYMBOLIZER="$(command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)"
[ -n "$REAL_SYMBOLIZER" ] || { echo "no llvm-symbolizer: install the llvm package" >&2; exit 1; }
SYMBOLIZER="$W/py/bin/llvm-symbolizer"
mkdir -p "$W/py/bin"
printf '#!/bin/sh\nunset LD_PRELOAD\nexec %s "$@"\n' "$REAL_SYMBOLIZER" >"$SYMBOLIZER"
chmod +x "$SYMBOLIZER"
# Under the sanitizers the kill trials and the suppression attack look for memory errors in the
# processes they start, not for new states or cells: fewer kills, the attack on the sample alone.
PY_KILL_TRIALS="${ASAN_KILL_TRIALS:-20}"
PY_TIMEOUT="${PY_TIMEOUT:-1500}"
py_asan="$SAN_COMMON:external_symbolizer_path=$SYMBOLIZER"
py_env=(env LD_PRELOAD="$ASAN_RT" PYTHONMALLOC=malloc PYTHONPATH="$SITE" PYTHONDONTWRITEBYTECODE=1
  LIBREVIEW_BUILD_DIR="$B" LIBREVIEW_KILL_TRIALS="$PY_KILL_TRIALS" LIBREVIEW_ATTACK_COUNTIES=sample
  ASAN_OPTIONS="$py_asan:log_path=$W/py/san" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:external_symbolizer_path=$SYMBOLIZER:log_path=$W/py/san"
  LSAN_OPTIONS="suppressions=$ROOT/tests/lsan-python.supp:print_suppressions=0")
py_reports() { cat "$W"/py/san.* 2>/dev/null | grep -cE "ERROR: (Address|Leak)Sanitizer|runtime error:" || true; }
# The package imported is the sanitized tree, not .venv's own install.
where=$("${py_env[@]}" "$VPY" -c "import libreview, libreview_cli; print(libreview.__file__); print(libreview_cli.executable())")
case "$where" in
  "$SITE/libreview/__init__.py"*"$SITE/libreview/bin/libreview") ;;
  *) echo "python imports libreview from the wrong place (want $SITE):" >&2; echo "$where" >&2; exit 1 ;;
esac
# Canaries, or the count below proves nothing: in a preloaded python, with the same options and
# suppressions, a native leak (malloc through ctypes) and a use-after-free must reach the logs.
canary() {
  ("${py_env[@]}" ASAN_OPTIONS="$py_asan:log_path=$W/py/canary/$1" UBSAN_OPTIONS="external_symbolizer_path=$SYMBOLIZER:log_path=$W/py/canary/$1" "$VPY" -c \
    "import ctypes; c = ctypes.CDLL(None); c.malloc.restype = ctypes.c_void_p; p = c.malloc(12345); $2" || true) >/dev/null 2>&1
  grep -qs "$3" "$W"/py/canary/"$1".* ||
    { echo "ASan canary '$1' left no '$3' in $W/py/canary/: the Python run would prove nothing" >&2; exit 1; }
}
canary leak "" "Direct leak of 12345 byte"
canary uaf "c.free(ctypes.c_void_p(p)); ctypes.memmove(ctypes.create_string_buffer(16), p, 16)" \
  "ERROR: AddressSanitizer: heap-use-after-free"
set +e
timeout -k 30 "$PY_TIMEOUT" "${py_env[@]}" "$VPY" -m pytest -q -rP -p no:cacheprovider tests/python >"$W/pytest.log" 2>&1  # -rP: the kill counts
py_rc=$?
[ "$py_rc" -ne 124 ] || echo "pytest did not finish in ${PY_TIMEOUT}s (PY_TIMEOUT): a test or a process it started hung; see $W/pytest.log" >&2
set -e
grep -E "^(=+ )?[0-9]+ (passed|failed)|^FAILED|^ERROR" "$W/pytest.log" || tail -n 25 "$W/pytest.log"
py_s=$(( $(date +%s) - t0 ))
py_summary=$(grep -E "[0-9]+ (passed|failed)" "$W/pytest.log" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//' || true)
py_san_reports=$(py_reports)
grep -hE "^(import|run): [0-9]+ kills" "$W/pytest.log" | sed 's/^/  crash safety under the sanitizers, /' | tee -a "$FIG" || true
fig "sanitizers (address,undefined), Python suite: ${py_summary:-no summary} (rc $py_rc, ${py_s}s with install, kill trials $PY_KILL_TRIALS); reports: $py_san_reports"
if [ "$py_rc" -ne 0 ] || [ "$py_san_reports" -ne 0 ]; then
  echo "Python suite under the sanitizers FAILED: pytest log $W/pytest.log; reports in $W/py/san.<pid> (one file per process):" >&2
  for f in "$W"/py/san.*; do
    [ -f "$f" ] || continue
    echo "---- $f" >&2
    grep -m1 -A14 -E "ERROR: |runtime error:" "$f" | sed -E 's/ \(BuildId: [0-9a-f]+\)//' >&2 || true
  done
fi

# ---- 3. fuzzing ------------------------------------------------------------------------
unset ASAN_OPTIONS UBSAN_OPTIONS
export LLVM_PROFILE_FILE="$W/fuzz-profiles/%4m.profraw"  # not counted: the suites' coverage only
fuzz_fail=0
TARGETS=(csv sheets xlsx toml docx package progress)
# One target a core at a time ($JOBS at once): each still runs FUZZ_SECONDS.
fuzz_one() {
  local t="$1"
  mkdir -p "$W/fuzz-$t/corpus" "$W/fuzz-$t/artifacts"
  cp fuzz/corpus/$t/* "$W/fuzz-$t/corpus/"
  set +e
  # The targets link the shared ASan runtime (as the whole build, for the Python module), after
  # libstdc++ that libFuzzer needs: preloading it puts it first, as ASan requires (the symbolizer
  # of a crash report runs without it, as in the Python run).
  (cd "$W/fuzz-$t" && LD_PRELOAD="$ASAN_RT" ASAN_OPTIONS="detect_leaks=1:external_symbolizer_path=$SYMBOLIZER" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:external_symbolizer_path=$SYMBOLIZER" \
    "$B/fuzz/fuzz_$t" corpus "$ROOT/fuzz/corpus/$t" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
    -timeout=25 -print_final_stats=1 -artifact_prefix="$W/fuzz-$t/artifacts/" >"$W/fuzz-$t/log" 2>&1)
  echo $? >"$W/fuzz-$t/rc"
}
for ((i = 0; i < ${#TARGETS[@]}; i += JOBS)); do
  batch=("${TARGETS[@]:i:JOBS}")
  say "fuzz_${batch[*]} for ${FUZZ_SECONDS}s (side by side)"
  for t in "${batch[@]}"; do fuzz_one "$t" & done
  wait
done
for t in "${TARGETS[@]}"; do
  rc=$(cat "$W/fuzz-$t/rc" 2>/dev/null || echo 1)
  execs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$W/fuzz-$t/log" | grep -oE "[0-9]+$" || echo 0)
  crashes=$(find "$W/fuzz-$t/artifacts" -type f | wc -l)
  cov=$(grep -oE "cov: [0-9]+" "$W/fuzz-$t/log" | tail -1 || true)
  fig "fuzz_$t: ${execs} execs in ${FUZZ_SECONDS}s, ${cov:-cov: ?}, corpus $(ls "$W/fuzz-$t/corpus" | wc -l) inputs, crashes/timeouts/ooms: $crashes (rc $rc)"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    fuzz_fail=1
    tail -n 40 "$W/fuzz-$t/log"
    echo "inputs in $W/fuzz-$t/artifacts/: add each to fuzz/regressions/$t/ and fix" >&2
  fi
done

# ---- 4. valgrind memcheck on the command (not sanitized) --------------------------------
# The native command installed in .venv by run-tests.sh (.venv/bin/libreview is a Python launcher).
CLI="${LIBREVIEW_CLI:-$(ls "$ROOT"/.venv/lib/python3*/site-packages/libreview/bin/libreview 2>/dev/null | head -1)}"
[ -n "$CLI" ] && [ -x "$CLI" ] || { echo "no native libreview in .venv: run scripts/run-tests.sh first" >&2; exit 1; }
file -b "$CLI" 2>/dev/null | grep -q ELF || head -c 4 "$CLI" | grep -q ELF || { echo "$CLI is not an ELF executable" >&2; exit 1; }
say "valgrind memcheck: $CLI run data/sample/2017 (store holding 2016)"
rm -f "$W/vg.db"
LIBREVIEW_LOG=error "$CLI" import data/sample/2016 --store "$W/vg.db" >/dev/null
t0=$(date +%s)
set +e
LIBREVIEW_LOG=error valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --track-origins=yes --suppressions="$ROOT/tests/valgrind.supp" \
  --log-file="$W/valgrind.log" "$CLI" run data/sample/2017 --store "$W/vg.db" --out "$W/vg-out" >/dev/null
vg_rc=$?
set -e
vg_s=$(( $(date +%s) - t0 ))
vg_errors=$(grep -oE "ERROR SUMMARY: [0-9]+" "$W/valgrind.log" | grep -oE "[0-9]+$" || echo "?")
[ "$vg_errors" = "0" ] || vg_rc=1  # no summary means valgrind did not run the command
[ -d "$W/vg-out" ] || vg_rc=1
fig "valgrind memcheck of run: ${vg_errors} errors (rc $vg_rc, ${vg_s}s), $(grep -oE "definitely lost: [0-9,]+ bytes" "$W/valgrind.log" || echo "definitely lost: 0 bytes")"
[ "$vg_rc" -eq 0 ] || tail -n 60 "$W/valgrind.log"

# ---- 5. coverage of the C++ and Python suites (steps 2 and 2b) ------------------------------
say "coverage (llvm-cov) of libreview/src, libreview/include and plugins/ by the sanitized suites"
cov_rc=0
bash "$ROOT/scripts/coverage-report.sh" "$B" "$W/cov" "$SITE" | tee "$W/coverage-summary.txt" || cov_rc=1
fig "$(head -n 1 "$W/coverage-summary.txt" 2>/dev/null || echo "coverage: no report") (rc $cov_rc)"

total=$(( $(date +%s) - START ))
fig "ci-reliability: build ${build_s}s, total ${total}s"
if [ "$ctest_rc" -ne 0 ] || [ "$cli_rc" -ne 0 ] || [ "$san_reports" -ne 0 ] || [ "$py_rc" -ne 0 ] ||
  [ "$py_san_reports" -ne 0 ] || [ "$fuzz_fail" -ne 0 ] || [ "$vg_rc" -ne 0 ] || [ "$cov_rc" -ne 0 ]; then
  echo "ci-reliability: FAILED (see $W)" >&2
  exit 1
fi
echo "ci-reliability: all passed"
