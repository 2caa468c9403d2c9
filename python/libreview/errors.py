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
    "NotFoundError",
    "IoError",
    "PluginError",
    "StoreError",
    "ReportError",
    "UsageError",
    "InternalError",
    "ERROR_CLASSES",
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
    #: the message's stable code in the catalogue (提示代码), e.g. ``LR-D137``
    code: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        suffix = f" ({self.value})" if (self.value or self.field) else ""
        return f"{where}: {self.message}{suffix}"


class ReviewError(Exception):
    """Base of every libreview error (错误). ``code`` names its class of failure, the
    same word the C API's status and the command's message use: ``invalid_data``,
    ``not_found``, ``io``, ``plugin``, ``store``, ``report``, ``usage``, ``internal``."""

    code: str = "internal"
    #: the stable code of the message (提示代码): the first diagnostic's (``LR-D137``)
    #: for invalid data, else the class of failure's (``LR-E001`` ... ``LR-E008``).
    message_code: str = ""

    def __init_subclass__(cls, code: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if code:
            cls.code = code


class ValidationError(ReviewError, ValueError, code="invalid_data"):
    """Input data was refused (校验错误). ``diagnostics`` lists every problem found
    (up to the cap); ``total`` counts them all."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        extra = extra or {}
        self.diagnostics: list[Diagnostic] = list(extra.get("diagnostics", []))
        self.total: int = int(extra.get("total", len(self.diagnostics)))


class NotFoundError(ReviewError, LookupError, code="not_found"):
    """A named thing does not exist: a region profile, a folder or file, the sample (未找到)."""


class IoError(ReviewError, OSError, code="io"):
    """A file could not be opened, read or written, or a system facility failed (读写错误)."""


class PluginError(ReviewError, RuntimeError, code="plugin"):
    """A plugin (a scoring rule, report format, region rule) could not be found, loaded or run (插件错误)."""


class StoreError(ReviewError, OSError, code="store"):
    """The store failed or holds something unexpected (存储错误)."""


class ReportError(ReviewError, RuntimeError, code="report"):
    """A report could not be written (报表错误)."""


class UsageError(ReviewError, ValueError, code="usage"):
    """Something malformed was asked for: an unknown or bad option, parameter or level (用法错误)."""


class InternalError(ReviewError, RuntimeError, code="internal"):
    """A broken invariant inside libreview or a plugin (内部错误): a bug to report."""


#: The class of each error code: the one table the C++ errors are mapped through.
ERROR_CLASSES: dict[str, type[ReviewError]] = {
    cls.code: cls
    for cls in (ValidationError, NotFoundError, IoError, PluginError, StoreError, ReportError, UsageError,
                InternalError)
}
