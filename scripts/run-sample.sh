#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs the main
# job on the bundled sample county (data/sample), printing where outputs are.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
OUT="$ROOT/out/sample"
say "the sample county: 2016 into the store (history for relapse), then 2017"
libreview run data/sample/2016 --store "$OUT/review.db" --out "$OUT/2016" --quiet
libreview run data/sample/2017 --store "$OUT/review.db" --out "$OUT/2017"
echo
echo "outputs of 2017: $OUT/2017"
