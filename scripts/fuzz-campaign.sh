#!/usr/bin/env bash
# The long fuzz campaign of docs/reliability.md (not part of CI, which fuzzes 60 s a target):
# every libFuzzer target for CAMPAIGN_SECONDS (default 600) with AddressSanitizer and
# UndefinedBehaviorSanitizer, from the seed corpus plus what earlier campaigns grew
# (build/fuzz-campaign/<target>/corpus is kept between runs). Prints and writes
# build/fuzz-campaign/figures.md: executions, executions per second, the edges covered
# (libFuzzer's `cov`) and features (`ft`), the corpus grown, and any crash, timeout or
# out-of-memory input (then add it to fuzz/regressions/<target>/ and fix). Exit 1 on a finding.
#
#   bash scripts/fuzz-campaign.sh                      every target, 10 minutes each
#   CAMPAIGN_SECONDS=3600 bash scripts/fuzz-campaign.sh sheets xlsx
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${CAMPAIGN_SECONDS:-600}"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(csv sheets xlsx toml docx package progress)
B="$ROOT/build/fuzz-campaign"
OUT="$B/figures.md"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash "$ROOT/scripts/install-debian-packages.sh"
say "clang build of the fuzz targets with address,undefined sanitizers ($B/build)"
CC=clang CXX=clang++ cmake -S . -B "$B/build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS=-O1 \
  -DCMAKE_CXX_FLAGS=-O1 -DLIBREVIEW_BUILD_TESTS=OFF -DLIBREVIEW_BUILD_FUZZ=ON -DLIBREVIEW_SANITIZE=address,undefined \
  -DLIBREVIEW_BUILD_PYTHON=OFF >/dev/null
cmake --build "$B/build" -j "$(nproc)" --target "${TARGETS[@]/#/fuzz_}"

SYMBOLIZER="$(command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)"
{
  echo "| target | seconds | executions | per second | edges (cov) | features (ft) | corpus | findings |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$OUT.new"
fail=0
for t in "${TARGETS[@]}"; do
  say "fuzz_$t for ${SECONDS_EACH}s"
  W="$B/$t"
  mkdir -p "$W/corpus" "$W/artifacts"
  cp -n fuzz/corpus/"$t"/* "$W/corpus/" 2>/dev/null || true
  set +e
  # Without the Python module the targets link the static ASan runtime: nothing to preload.
  (cd "$W" && ASAN_OPTIONS="detect_leaks=1:external_symbolizer_path=$SYMBOLIZER" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:external_symbolizer_path=$SYMBOLIZER" \
    "$B/build/fuzz/fuzz_$t" corpus -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=25 \
    -print_final_stats=1 -artifact_prefix="$W/artifacts/" >"$W/log" 2>&1)
  rc=$?
  set -e
  execs=$(grep -oE "stat::number_of_executed_units: *[0-9]+" "$W/log" | grep -oE "[0-9]+$" || echo 0)
  rate=$(grep -oE "stat::average_exec_per_sec: *[0-9]+" "$W/log" | grep -oE "[0-9]+$" || echo 0)
  cov=$(grep -oE "cov: [0-9]+" "$W/log" | tail -1 | grep -oE "[0-9]+" || echo "?")
  ft=$(grep -oE "ft: [0-9]+" "$W/log" | tail -1 | grep -oE "[0-9]+" || echo "?")
  findings=$(find "$W/artifacts" -type f | wc -l)
  echo "| fuzz_$t | $SECONDS_EACH | $execs | $rate | $cov | $ft | $(ls "$W/corpus" | wc -l) | $findings (rc $rc) |" \
    | tee -a "$OUT.new"
  if [ "$rc" -ne 0 ] || [ "$findings" -ne 0 ]; then
    fail=1
    tail -n 30 "$W/log"
    echo "inputs in $W/artifacts/: add each to fuzz/regressions/$t/ and fix" >&2
  fi
done
mv "$OUT.new" "$OUT"
echo
cat "$OUT"
exit "$fail"
