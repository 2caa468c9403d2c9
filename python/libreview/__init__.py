"""libreview: the yearly democratic appraisal of departmental conduct (民主评议行风).

From a county's data to the ranking, the annual report and a feedback letter
to each department, for analysts in Jupyter::

    import libreview
    libreview.plugins()            # what scoring rules and report formats are installed
"""

from __future__ import annotations

import atexit
import logging
from typing import Any

from . import _core
from .errors import (
    Diagnostic,
    PluginError,
    ReportError,
    ReviewError,
    StoreError,
    ValidationError,
)

__version__: str = _core.__version__
PLUGIN_ABI: int = _core.PLUGIN_ABI

__all__ = [
    "__version__",
    "PLUGIN_ABI",
    "Diagnostic",
    "ReviewError",
    "ValidationError",
    "PluginError",
    "StoreError",
    "ReportError",
    "plugins",
    "refused_plugins",
    "plugin_folders",
    "set_log_level",
]

logging.getLogger("libreview").addHandler(logging.NullHandler())
_core._bridge_logging(True)
atexit.register(_core._bridge_logging, False)


def plugins() -> list[dict[str, Any]]:
    """Every plugin found: a dict with ``kind`` (scoring, report, region), ``id``,
    ``version``, ``summary`` and ``file`` each, sorted by kind then id."""
    return _core._plugins()


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
