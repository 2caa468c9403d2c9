#!/usr/bin/env bash
# Report options through the command (registered with ctest as cli.report_options):
#   - an option no requested format reads, or a malformed value, is refused
#     naming the key, the value and what is allowed, and nothing is written:
#     not results.csv, not the output folder, and a stale temporary file of an
#     interrupted run is left as it was;
#   - the same folder with good options: the reports are written and the stale
#     temporary file is removed.
# Usage: report_options.sh <libreview command> <cycle folder>
set -euo pipefail
CLI="$1" CYCLE="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export LIBREVIEW_PLUGIN_PATH= LANG=C LC_ALL=
fail() { echo "FAIL: $*" >&2; exit 1; }

# A process id that is not running: a child that has exited and been reaped.
true &
DEAD=$!
wait "$DEAD"
STALE=".results.csv.tmp-$DEAD-0"

refused() {  # out folder, expected text..., then -- and the command's arguments
  local out="$1"; shift
  local expect=()
  while [ "$1" != "--" ]; do expect+=("$1"); shift; done
  shift
  set +e
  "$CLI" --lang en run "$CYCLE" --out "$out" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  local rc=$?
  set -e
  cat "$WORK/stderr"
  [ "$rc" -eq 2 ] || fail "run $*: exit $rc, a refused option is a usage error (exit 2)"
  grep -qF -- "usage error: " "$WORK/stderr" || fail "run $*: the message is not a usage error"
  for e in "${expect[@]}"; do
    grep -qF -- "$e" "$WORK/stderr" || fail "run $*: the message does not name '$e'"
  done
  [ ! -e "$out/results.csv" ] || fail "run $*: results.csv was written"
}

# A fresh folder: not even the folder is made.
refused "$WORK/fresh" "documents=minutes" "'minutes'" "report, letters, combined, booklet" -- \
  --format docx --set documents=minutes
[ ! -e "$WORK/fresh" ] || fail "the refused run made the output folder"
refused "$WORK/fresh" "colour=red" "csv, json" "allowed: integrity" -- --format json --set colour=red
refused "$WORK/fresh" "date=2018-02-30" "YYYY-MM-DD" -- --format docx --set date=2018-02-30
[ ! -e "$WORK/fresh" ] || fail "a refused run made the output folder"

# A folder an interrupted run left a temporary file in: refused, nothing is touched.
mkdir -p "$WORK/again"
echo half > "$WORK/again/$STALE"
refused "$WORK/again" "office=x" -- --format csv --set office=x
[ -e "$WORK/again/$STALE" ] || fail "the refused run touched the folder"
[ "$(ls -A "$WORK/again")" = "$STALE" ] || fail "the refused run wrote: $(ls -A "$WORK/again")"

# Good options: written, and the stale temporary file is gone.
"$CLI" --lang en -q run "$CYCLE" --out "$WORK/again" --format csv --set integrity=yes \
  || fail "the good run failed"
[ -e "$WORK/again/results.csv" ] || fail "the good run wrote no results.csv"
[ -e "$WORK/again/诚信核查_flags.csv" ] || fail "integrity=yes did not reach the csv writer"
[ ! -e "$WORK/again/$STALE" ] || fail "the stale temporary file was not removed"
echo "report options: ok"
