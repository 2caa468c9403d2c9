#!/usr/bin/env bash
# Plugin trust, through the command (registered with ctest as cli.plugin_trust):
#   - a plugin-named file in the working directory, or in a folder named by a
#     relative LIBREVIEW_PLUGIN_PATH entry, is never loaded;
#   - a world-writable plugin folder (sticky or not) is refused with a warning;
#   - the control: the same plugin in a trusted absolute folder IS loaded, so the
#     marker check can fail.
# The plugin (tests/plugins/marker.cpp) leaves a marker file from its static
# constructor: no marker, none of its code ran.
# Usage: plugin_trust.sh <libreview command> <review_report_marker.so> <cycle folder>
set -euo pipefail
CLI="$1" PLUGIN="$2" CYCLE="$3"
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK"; rm -rf "$WORK"' EXIT
export LIBREVIEW_TEST_MARKER="$WORK/marker"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Each case: a fresh folder holding the plugin, the command run from inside it.
run_case() {  # name, plugin path value, expect marker (yes/no)
  local name="$1" path="$2" expect="$3" dir="$WORK/$1"
  mkdir -p "$dir/rel"
  cp "$PLUGIN" "$dir/"
  cp "$PLUGIN" "$dir/rel/"
  rm -f "$LIBREVIEW_TEST_MARKER"
  set +e
  (cd "$dir" && LIBREVIEW_PLUGIN_PATH="$path" "$CLI" --lang en run "$CYCLE" --profile default --out "$dir/out") \
    >"$dir/stdout" 2>"$dir/stderr"
  local rc=$?
  set -e
  [ "$rc" -eq 0 ] || { cat "$dir/stderr"; fail "$name: run exited $rc"; }
  if [ "$expect" = yes ]; then
    [ -e "$LIBREVIEW_TEST_MARKER" ] || fail "$name: control case, the plugin should have been loaded"
  else
    [ ! -e "$LIBREVIEW_TEST_MARKER" ] || fail "$name: a plugin was loaded from an untrusted place"
  fi
  echo "ok: $name"
}

# The working directory is never searched (no LIBREVIEW_PLUGIN_PATH at all).
run_case cwd "" no
# Relative entries are ignored, with a warning.
run_case relative ".:rel:./rel" no
grep -q "relative plugin folder" "$WORK/relative/stderr" || fail "relative: no warning"
# A world-writable folder, sticky or not, is refused with a warning.
for mode in 0777 1777; do
  mkdir -p "$WORK/ww$mode"
  cp "$PLUGIN" "$WORK/ww$mode/"
  chmod "$mode" "$WORK/ww$mode"
  run_case "world-writable-$mode" "$WORK/ww$mode" no
  grep -q "refusing world-writable plugin folder" "$WORK/world-writable-$mode/stderr" \
    || fail "world-writable-$mode: no warning"
done
# Control: a trusted absolute folder is used, so the marker does appear.
mkdir -p "$WORK/trusted" && chmod 0755 "$WORK/trusted" && cp "$PLUGIN" "$WORK/trusted/"
run_case trusted "$WORK/trusted" yes
echo "plugin trust: all cases passed"
