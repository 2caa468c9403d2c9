"""The ``libreview`` console command: runs the C++ program bundled in the libreview package.

It lives outside the ``libreview`` package so that starting the command does
not import the package (numpy, pandas): the command starts in milliseconds.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def executable() -> Path:
    """Path of the bundled ``libreview`` program, found without importing the package."""
    spec = importlib.util.find_spec("libreview")
    if spec is None or not spec.submodule_search_locations:
        sys.stderr.write("libreview: the libreview package is not installed\n")
        raise SystemExit(3)
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "libreview"


def main() -> None:
    """Replaces this process with the bundled program, passing the arguments on."""
    exe = executable()
    if not exe.exists():
        sys.stderr.write(f"libreview: the command is missing from the installation ({exe})\n")
        raise SystemExit(3)
    os.execv(str(exe), [str(exe), *sys.argv[1:]])
