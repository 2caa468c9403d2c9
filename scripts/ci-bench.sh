#!/usr/bin/env bash
# Smoke test of the benchmarks (no thresholds): the README's set-up with the
# benchmarks built (LIBREVIEW_BUILD_BENCH=ON), then benchmarks/run.py once in
# quick mode (10 generated counties), writing build/bench-quick.json. Fails
# only when a comparison cannot run or a key is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LIBREVIEW_BUILD_BENCH=ON
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
OUT="${1:-$ROOT/build/bench-quick.json}"
say "the peers (benchmarks/requirements.txt)"
"$ROOT/.venv/bin/python" -m pip install -q -r benchmarks/requirements.txt
say "benchmarks (quick mode) -> $OUT"
"$ROOT/.venv/bin/python" benchmarks/run.py --quick --json "$OUT"
"$ROOT/.venv/bin/python" - "$OUT" <<'PY'
import json, sys
keys = ["scoring_speedup_vs_pandas", "scoring_vs_floor", "xlsx_vs_raw_libxlsxwriter", "xlsx_speedup_vs_pandas",
        "docx_speedup_vs_python_docx", "import_speedup_vs_pandas", "from_frames_seconds_10m", "peak_rss_mb_full",
        "import_vs_polars", "import_vs_pyarrow", "import_vs_polars_county", "import_vs_pyarrow_county",
        "scoring_vs_polars", "scoring_vs_duckdb", "letters_vs_docxtpl", "pg_import_over_copy", "pg_8_speedup"]
data = json.load(open(sys.argv[1]))
missing = [k for k in keys if not isinstance(data.get(k), (int, float))]
if missing:
    sys.exit("ci-bench: missing or not a number: %s" % ", ".join(missing))
print("ci-bench: every key written")
PY
