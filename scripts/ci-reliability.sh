#!/usr/bin/env bash
# CI, after scripts/run-tests.sh (which builds .venv/bin/libreview, used here for
# valgrind): the reliability checks of docs/reliability.md.
#   1. a clang build with AddressSanitizer + UndefinedBehaviorSanitizer and the
#      libFuzzer targets (build/reliability);
#   2. the whole C++ test suite (ctest) under the sanitizers, and the command's
#      `import` + `run` of the sample county under them;
#   3. each fuzz target for FUZZ_SECONDS (default 60) from its seed corpus;
#   4. valgrind memcheck on `libreview run` of the sample (2017, store holding 2016).
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

# ---- 1. sanitized build with the fuzz targets -----------------------------------------
say "clang build with address,undefined sanitizers and libFuzzer targets ($B)"
t0=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS=-O1 -DCMAKE_CXX_FLAGS=-O1 \
  -DLIBREVIEW_BUILD_TESTS=ON -DLIBREVIEW_BUILD_FUZZ=ON -DLIBREVIEW_SANITIZE=address,undefined >/dev/null
cmake --build "$B" -j "$JOBS"
build_s=$(( $(date +%s) - t0 ))
rm -rf "$W" && mkdir -p "$W"
: >"$FIG"
fig() { echo "$*" | tee -a "$FIG"; }

# Every sanitizer report aborts the process (-fno-sanitize-recover=all, halt_on_error).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$W/asan"
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
ctest_summary=$(grep -E "tests passed|tests failed" "$W/ctest.log" | tail -1)
say "the command under the sanitizers: import 2016, run 2017 of the sample county"
set +e
"$B/bin/libreview" import data/sample/2016 --store "$W/sample.db" >/dev/null &&
  "$B/bin/libreview" run data/sample/2017 --store "$W/sample.db" --out "$W/sample-out" >/dev/null
cli_rc=$?
set -e
san_reports=$(reports)
fig "sanitizers (address,undefined): ctest ${ctest_summary:-no summary} (rc $ctest_rc, ${ctest_s}s); CLI import+run rc $cli_rc; reports: $san_reports"

# ---- 3. fuzzing ------------------------------------------------------------------------
unset ASAN_OPTIONS UBSAN_OPTIONS
fuzz_fail=0
for t in csv xlsx toml docx; do
  say "fuzz_$t for ${FUZZ_SECONDS}s"
  mkdir -p "$W/fuzz-$t/corpus" "$W/fuzz-$t/artifacts"
  cp fuzz/corpus/$t/* "$W/fuzz-$t/corpus/"
  set +e
  (cd "$W/fuzz-$t" && ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$B/fuzz/fuzz_$t" corpus "$ROOT/fuzz/corpus/$t" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 \
    -timeout=25 -print_final_stats=1 -artifact_prefix="$W/fuzz-$t/artifacts/" >"$W/fuzz-$t/log" 2>&1)
  rc=$?
  set -e
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

total=$(( $(date +%s) - START ))
fig "ci-reliability: build ${build_s}s, total ${total}s"
if [ "$ctest_rc" -ne 0 ] || [ "$cli_rc" -ne 0 ] || [ "$san_reports" -ne 0 ] || [ "$fuzz_fail" -ne 0 ] || [ "$vg_rc" -ne 0 ]; then
  echo "ci-reliability: FAILED (see $W)" >&2
  exit 1
fi
echo "ci-reliability: all passed"
