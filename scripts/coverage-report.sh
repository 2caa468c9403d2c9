#!/usr/bin/env bash
# The coverage report of a build with -DLIBREVIEW_COVERAGE=ON (docs/reliability.md 7b), after its
# tests ran with LLVM_PROFILE_FILE=PROFILES/%4m.profraw: llvm-profdata merges the counts,
# llvm-cov reports lines, branches and functions of libreview/src, libreview/include and plugins/
# (the command-line front end, the bindings, tests, fuzz harnesses and benchmarks left out).
# Writes the table to BUILD/coverage.txt, prints the totals and every file under 90 % of lines.
#   bash scripts/coverage-report.sh BUILD PROFILES [PYTHON_SITE]
set -euo pipefail
B="$1"
P="$2"
SITE="${3:-}"
objects=()
for o in "$B"/lib/libreview.so "$B"/bin/libreview "$B"/lib/libreview/plugins/*/*.so ${SITE:+"$SITE"/libreview/_core*.so} \
         "$B"/tests/test_*; do
  [ -f "$o" ] && [ "${o%.cmake}" = "$o" ] && { [ -x "$o" ] || [ "${o%.so}" != "$o" ]; } && objects+=(-object "$o")
done
PROFDATA="$(command -v llvm-profdata || command -v llvm-profdata-14)"
COV="$(command -v llvm-cov || command -v llvm-cov-14)"
"$PROFDATA" merge -sparse "$P"/*.profraw -o "$P/all.profdata"
"$COV" report "${objects[@]:1}" -instr-profile "$P/all.profdata" \
  -ignore-filename-regex='(^|/)(tests|fuzz|testing|benchmarks|bindings)/|/cli/|^/usr/' >"$B/coverage.txt" 2>/dev/null
# (Not "build/": a build whose compiler ran through ccache with CCACHE_BASEDIR names its sources
# relative to the build folder, …/build/reliability/../../libreview/src/x.cpp, and would lose them all.)
total=$(grep -E "^TOTAL" "$B/coverage.txt" | awk '{print "lines " $10 ", branches " $13 ", functions " $7}')
if ! grep -qE "^TOTAL +[1-9]" "$B/coverage.txt"; then
  echo "coverage: no line of libreview/src, include or plugins was counted (profiles in $P, objects ${#objects[@]})" >&2
  exit 1
fi
echo "coverage of libreview/src, include and plugins: $total"
echo "files under 90 % of lines (lines, branches):"
awk '/^-/ {next} NR > 2 && $1 ~ /\// && $10 ~ /%$/ && $10+0 < 90 {printf "  %s: %s, %s\n", $1, $10, $13}' "$B/coverage.txt"
