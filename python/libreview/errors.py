"""The errors libreview raises.

Each class derives from :class:`ReviewError` and from the matching built-in
exception, so ``except ValueError`` also catches bad data::

    try:
        libreview.load("county/2017")
    except libreview.ValidationError as err:
        for d in err.diagnostics:
            print(d)          # departments.csv:12:3: unknown department id (D99)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Diagnostic",
    "ReviewError",
    "ValidationError",
    "PluginError",
    "StoreError",
    "ReportError",
]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in input data, located as ``file:line:column``."""

    file: str
    line: int
    column: int
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        suffix = f" ({self.value})" if (self.value or self.field) else ""
        return f"{where}: {self.message}{suffix}"


class ReviewError(Exception):
    """Base of every libreview error (错误)."""


class ValidationError(ReviewError, ValueError):
    """Input data was refused (校验错误). ``diagnostics`` lists every problem found
    (up to the cap); ``total`` counts them all."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        extra = extra or {}
        self.diagnostics: list[Diagnostic] = list(extra.get("diagnostics", []))
        self.total: int = int(extra.get("total", len(self.diagnostics)))


class PluginError(ReviewError, RuntimeError):
    """A plugin or a scoring rule could not be found, loaded or run (插件错误)."""


class StoreError(ReviewError, OSError):
    """The SQLite store failed (存储错误)."""


class ReportError(ReviewError, RuntimeError):
    """A report could not be written (报表错误)."""
