"""libreview: the yearly democratic appraisal of departmental conduct (民主评议行风).

From a county's data to the ranking, the annual report and a feedback letter
to each department, for analysts in Jupyter::

    import libreview
    cycle = libreview.load("data/sample/2017", store="review.db")
    results = cycle.score()                      # the profile of the cycle's region
    results.to_pandas()                          # the columns of results.csv (unrounded)
    print(results.receipt("D01"))                # how D01's score was computed
    libreview.compare(cycle, profiles=["seed-county", "focus-theme"])
    cycle.report("xlsx", "out/2017")
    libreview.report_options("docx")             # the options a report format reads
    libreview.plugins()                          # scoring rules and report formats installed
    libreview.vocabulary()                       # the words of every report: flags, grades, ...
    libreview.calendar("seed-county", 2018)      # a profile's stage calendar for a year
"""

from __future__ import annotations

import atexit
import logging
from typing import Any, Sequence

from . import _core, _rules
from ._calendar import CALENDAR_COLUMNS, calendar
from ._cycle import Cycle, load, stored_cycles, validate
from ._forms import forms
from ._store import HISTORY_COLUMNS, Store
from ._reconcile import reconcile
from ._rollup import ROLLUP_COLUMNS, export_package, rollup
from ._results import RESULT_COLUMNS, Receipt, Results, compare
from ._rules import RuleInput, python_rules, scoring_rule, unregister_scoring_rule
from . import errors as _errors
from ._vocabulary import vocabulary
from .errors import (
    ERROR_CLASSES,
    Diagnostic,
    InternalError,
    IoError,
    NotFoundError,
    PluginError,
    ReportError,
    ReviewError,
    StoreError,
    UsageError,
    ValidationError,
)

__version__: str = _core.__version__
PLUGIN_ABI: int = _core.PLUGIN_ABI

__all__ = [
    "__version__",
    "PLUGIN_ABI",
    *_errors.__all__,
    "Cycle",
    "Results",
    "Receipt",
    "RuleInput",
    "RESULT_COLUMNS",
    "load",
    "validate",
    "reconcile",
    "forms",
    "stored_cycles",
    "Store",
    "HISTORY_COLUMNS",
    "compare",
    "calendar",
    "CALENDAR_COLUMNS",
    "export_package",
    "rollup",
    "ROLLUP_COLUMNS",
    "profiles",
    "scoring_rule",
    "unregister_scoring_rule",
    "python_rules",
    "plugins",
    "report_options",
    "refused_plugins",
    "plugin_folders",
    "set_log_level",
    "set_language",
    "language",
    "messages",
    "vocabulary",
]

logging.getLogger("libreview").addHandler(logging.NullHandler())
_core._bridge_logging(True)
atexit.register(_core._bridge_logging, False)
# Python rules leave the registry before the interpreter goes (atexit runs last-registered first).
atexit.register(_rules._unregister_all)


def set_language(lang: str) -> None:
    """Gives every later message (diagnostics, refusals) in ``"zh"`` (中文) or ``"en"``;
    the default follows LC_ALL / LC_MESSAGES / LANG (``zh_*`` for Chinese)."""
    _core._set_language(lang)


def language() -> str:
    """The language messages are given in now: ``"zh"`` or ``"en"``."""
    return _core._language()


def messages() -> list[dict[str, str]]:
    """The message catalogue (提示信息目录): each message's stable ``code`` with its
    text and fix in both languages (``en``, ``zh``, ``fix_en``, ``fix_zh``)."""
    keys = ("code", "en", "zh", "fix_en", "fix_zh")
    return [dict(zip(keys, entry)) for entry in _core._message_catalogue()]


def plugins() -> list[dict[str, Any]]:
    """Every plugin found: a dict with ``kind`` (scoring, report, region), ``id``,
    ``version``, ``summary`` and ``file`` each, sorted by kind then id (read from
    the descriptors, no plugin code runs; a report format's options:
    :func:`report_options`)."""
    return _core._plugins()


def report_options(format: str | Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The options report formats read (报表选项), as ``libreview plugins --options``
    lists them: of ``format`` (an id or a list of ids), else of every report
    format installed. One dict an option: ``format``, ``name`` (the keyword of
    :meth:`Cycle.report`), ``type`` (``bool``, ``string``, ``date``, ``path`` or
    ``choice``), ``default`` (empty when none or worked out by the writer),
    ``choices`` and ``list`` (a ``choice`` of several, comma-separated),
    ``meaning_zh`` and ``meaning_en``."""
    if format is None:
        formats = [p["id"] for p in plugins() if p["kind"] == "report"]
    else:
        formats = [format] if isinstance(format, str) else list(format)
    return _core._report_options(formats)


def refused_plugins() -> list[dict[str, str]]:
    """Files that looked like plugins and were refused: ``file`` and ``reason``."""
    return _core._refused_plugins()


def plugin_folders() -> list[str]:
    """The absolute folders searched for plugins, in order."""
    return [str(p) for p in _core._plugin_folders()]


def set_log_level(level: str) -> None:
    """Sets the level of libreview's C++ loggers: ``trace``, ``debug``, ``info``,
    ``warn``, ``error``, ``critical`` or ``off``. Messages go to Python's
    :mod:`logging` under ``libreview.*`` (e.g. ``libreview.ingest``)."""
    _core._set_log_level(level)


def profiles() -> list[dict[str, str]]:
    """The region profiles found: ``id``, ``name`` (Chinese), ``inherits``,
    ``summary`` and ``file`` each, sorted by id."""
    return _core._profiles()
