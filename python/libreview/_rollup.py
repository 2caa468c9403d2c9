"""The county package (上报数据包) and the city roll-up (汇总): office-year.md section 4."""

from __future__ import annotations

import os
from typing import Any, Mapping, Sequence

import pandas as pd

from . import _core

ROLLUP_COLUMNS = ["county", "department_id", "department_name", "category", "kind", "composite",
                  "rank_overall", "rank_in_category", "grade", "rank_in_kind"]


def export_package(store: str | os.PathLike, year: int, out: str | os.PathLike,
                   region: str = "", profile: str = "", rule: str = "") -> dict[str, Any]:
    """Writes the county package (``.lrpkg``) of ``year`` from ``store``, as
    ``libreview export`` does (``profile`` and ``rule``: as ``libreview run``); returns its manifest (county, region, year,
    profile, rule, libreview_version, format_version, members → SHA-256)."""
    return _core._export_package(os.fspath(store), int(year), region, os.fspath(out), profile, rule)


def rollup(paths: Sequence[str | os.PathLike] = (),
           kinds: Mapping[str, str] | str | os.PathLike | None = None,
           out: str | os.PathLike | None = None, *, store: str | os.PathLike | None = None,
           year: int | None = None) -> pd.DataFrame:
    """The city roll-up of county packages as a DataFrame with the columns of
    rollup.csv (``ROLLUP_COLUMNS``; text as the packages print it, ``rank_in_kind``
    an integer column, missing for a department without a kind). Every package is
    verified first (``ValidationError`` naming the member). ``kinds``: department
    id or name → kind, or a mapping file (CSV), for packages without a kind
    column. ``out``: also write rollup.csv, the city workbook and report there.
    The departments no kind was found for are in ``frame.attrs["unplaced"]``.
    ``store`` and ``year`` instead of ``paths``: the packages a city store holds
    (``libreview import X.lrpkg --store``), verified again."""
    if (store is None) == (not paths):
        raise TypeError("rollup() takes package paths, or store= and year=, not both")
    if store is not None and year is None:
        raise TypeError("rollup(store=...) needs year=")
    if kinds is None:
        mapping: dict[str, str] = {}
    elif isinstance(kinds, Mapping):
        mapping = {str(k): str(v) for k, v in kinds.items()}
    else:
        mapping = _core._read_kind_mapping(os.fspath(kinds))
    columns, unplaced, year = _core._rollup([os.fspath(p) for p in paths], mapping,
                                             None if out is None else os.fspath(out),
                                             "" if store is None else os.fspath(store), year or 0)
    frame = pd.DataFrame(columns, columns=ROLLUP_COLUMNS)
    frame["rank_in_kind"] = pd.array(frame["rank_in_kind"], dtype="Int64")
    frame.attrs["unplaced"] = list(unplaced)
    frame.attrs["year"] = year
    return frame
