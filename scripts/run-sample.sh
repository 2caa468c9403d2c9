#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs the main
# job on the bundled sample county (data/sample), printing where outputs are.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo
libreview plugins
