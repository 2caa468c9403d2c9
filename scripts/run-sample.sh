#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs the main
# job on the bundled sample county (2016, then 2017 with 2016's history, through
# the store out/sample/review.db, every report), printing where outputs are.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
say "the sample county: libreview demo --out out/sample"
libreview demo --out "$ROOT/out/sample"
