"""The ``libreview`` command installed with the Python package: runs the bundled C++ command."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def executable() -> Path:
    """Path of the bundled ``libreview`` program."""
    return Path(__file__).resolve().parent / "bin" / "libreview"


def main() -> None:
    exe = executable()
    if not exe.exists():
        sys.stderr.write(f"libreview: the command is missing from the installation ({exe})\n")
        raise SystemExit(3)
    os.execv(str(exe), [str(exe), *sys.argv[1:]])


if __name__ == "__main__":
    main()
