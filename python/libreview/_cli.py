"""``python -m libreview``: the same as the ``libreview`` command."""

from __future__ import annotations

from libreview_cli import executable, main

__all__ = ["executable", "main"]

if __name__ == "__main__":
    main()
