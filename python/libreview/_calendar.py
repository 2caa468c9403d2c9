"""The stage calendar of a profile (年度工作日程), as `libreview calendar` writes it."""

from __future__ import annotations

import pandas as pd

from . import _core

#: The columns of calendar(): the stage's id, its Chinese name, first and last day, days.
CALENDAR_COLUMNS: list[str] = ["stage", "阶段名称", "开始", "结束", "天数"]


def calendar(profile: str, year: int) -> pd.DataFrame:
    """The stages of ``profile`` (an id or a .toml file) in ``year`` with both dates, by start:
    one row per stage with the columns of the workbook `libreview calendar` writes — ``stage``,
    ``阶段名称``, ``开始`` and ``结束`` (dates; the end included), ``天数``."""
    rows = _core._stage_calendar(str(profile), int(year))
    df = pd.DataFrame(rows, columns=["stage", "阶段名称", "开始", "结束"])
    for c in ("开始", "结束"):
        df[c] = pd.to_datetime(df[c]).dt.date
    df["天数"] = [(b - a).days + 1 for a, b in zip(df["开始"], df["结束"])]
    return df[CALENDAR_COLUMNS]


__all__ = ["calendar", "CALENDAR_COLUMNS"]
