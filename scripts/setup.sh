#!/usr/bin/env bash
# Installs what is missing and builds libreview into .venv (sourced by the
# quick-start scripts; safe to run again: it only does what is not done yet).
#   - Debian packages from scripts/debian-packages.txt (apt-get; sudo when not root)
#   - a virtual environment .venv with the Python packages from PyPI
#   - libreview itself, built and installed into .venv (pip install .)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# ---- Debian packages -------------------------------------------------------
bash "$ROOT/scripts/install-debian-packages.sh"

# ---- Python environment ----------------------------------------------------
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
VPY="$ROOT/.venv/bin/python"
if ! "$VPY" -c "import scikit_build_core, pybind11, cmake, ninja" 2>/dev/null; then
  say "installing the build tools from PyPI"
  "$VPY" -m pip install -q --upgrade pip
  "$VPY" -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" "cmake>=3.22" ninja
fi

# ---- libreview -------------------------------------------------------------
say "building and installing libreview into .venv (build folder: build/wheel)"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
"$VPY" -m pip install -q --no-build-isolation ".[test]"
# The notebook test's kernel: ipykernel's python3 spec inside .venv (runs the .venv's interpreter).
[ -f .venv/share/jupyter/kernels/python3/kernel.json ] || "$VPY" -m ipykernel install --sys-prefix >/dev/null
export PATH="$ROOT/.venv/bin:$PATH"
