"""pandas frames to the core's tables: text tables for everything but the ratings,
integer columns (borrowed without a copy where the dtype allows) for ballots
and questionnaires."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from .errors import Diagnostic, ValidationError

#: The ratings in code order (0..3), as Cycle columns hold them.
RATINGS: tuple[str, ...] = ("satisfied", "basic", "dissatisfied", "unknown")

#: Frames given as text tables, by keyword of Cycle.from_frames.
TEXT_TABLES: tuple[str, ...] = (
    "departments", "representatives", "daily_work", "self_assessment", "complaints", "rectifications",
    "commitments", "hearings", "activities", "surveys",
)

_I32_MAX = 2**31 - 1


def _cell_text(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float):
        return "" if np.isnan(v) else repr(v)
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v)


def text_columns(frame: pd.DataFrame, codes: bool = False) -> tuple[list[str], list[list[str]]]:
    """The frame's header and its cells as text, column by column. ``codes``: a whole float
    is written as an integer (a sheet's rating codes 1-4 in a column that has blanks, which
    pandas holds as float64: 1.0 is the code 1)."""
    header = [str(c) for c in frame.columns]
    columns: list[list[str]] = []
    for i in range(frame.shape[1]):
        s = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            columns.append([_cell_text(v) for v in s.dt.strftime("%Y-%m-%d").tolist()])
        elif codes and pd.api.types.is_float_dtype(s.dtype):
            columns.append([str(int(v)) if isinstance(v, float) and v.is_integer() else _cell_text(v)
                            for v in s.tolist()])
        else:
            columns.append([_cell_text(v) for v in s.tolist()])
    return header, columns


def _index_column(frame: pd.DataFrame, name: str) -> tuple[str, int] | None:
    """An integer index column of ours (``department``, ``representative``, ``response``), by its exact name."""
    return (name, list(frame.columns).index(name) + 1) if name in frame.columns else None


def _spec_columns(table: str, frame: pd.DataFrame, problems: list[Diagnostic]) -> dict[str, tuple[str, int]]:
    """The spec's columns the frame's header names, matched by the core as it matches a CSV
    header (English in any case, or the Chinese header): spec name → (frame column, 1-based
    position). A spec column named twice is a problem, as in a CSV file."""
    found: dict[str, tuple[str, int]] = {}
    for position, column in enumerate(frame.columns, start=1):
        name = _core._canonical_column(table, str(column))
        if not name:
            continue
        if name in found:
            problems.append(Diagnostic(table, 0, position, name, str(column), "column given twice"))
            continue
        found[name] = (column, position)
    return found


def _missing(table: str, name: str) -> Diagnostic:
    return Diagnostic(table, 0, 0, name, name, "missing required column")


def _as_u32(s: pd.Series) -> tuple[np.ndarray, bool]:
    """Integer codes as a uint32 array (the column's own memory for uint32 and int32)
    and whether they are signed."""
    a = s.to_numpy()
    if a.dtype == np.uint32:
        return np.ascontiguousarray(a), False
    if a.dtype == np.int32:
        return np.ascontiguousarray(a).view(np.uint32), True
    if pd.api.types.is_integer_dtype(s.dtype) and a.dtype.kind in "iu":
        lo, hi = (int(a.min()), int(a.max())) if len(a) else (0, 0)
        if lo >= -(2**31) and hi <= _I32_MAX:
            return a.astype(np.int32).view(np.uint32), True
        return a.astype(np.uint32), False
    # nullable integers or floats: missing values become -1
    b = s.to_numpy(dtype="float64", na_value=np.nan)
    bad = ~np.isfinite(b) | (b != np.floor(b))
    out = np.where(bad, -1, b).astype(np.int64)
    return out.astype(np.int32).view(np.uint32), True


def _coded(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Dictionary encoding of an id column: int32 codes (-1 missing) as uint32, and the values."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = np.asarray(s.array.codes)
        values = [_cell_text(v) for v in s.cat.categories.tolist()]
    else:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        values = [_cell_text(v) for v in list(uniques)]
    return np.asarray(codes).astype(np.int32, copy=False).view(np.uint32), values


def _rating(s: pd.Series) -> tuple[np.ndarray, list[str] | None, bool]:
    """The rating column as uint8 codes: borrowed for int8/uint8 codes and for a
    Categorical of the spec's ratings in order; else codes into a dictionary."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = np.asarray(s.array.codes)
        cats = [str(c) for c in s.cat.categories.tolist()]
        codes8: np.ndarray | None
        if codes.dtype == np.int8:
            codes8 = codes.view(np.uint8)
        else:
            codes8 = np.where(codes < 0, 255, codes).astype(np.uint8) if len(cats) < 255 else None
        if codes8 is not None:
            return codes8, (None if tuple(cats) == RATINGS else cats), True
        c, v = _coded(s.astype(object))
        return c, v, True  # pragma: no cover - more than 254 categories
    a = s.to_numpy()
    if a.dtype == np.uint8:
        return np.ascontiguousarray(a), None, False
    if a.dtype == np.int8:
        return np.ascontiguousarray(a).view(np.uint8), None, True
    if a.dtype.kind in "iu" and len(a) and int(a.min()) >= 0 and int(a.max()) <= 3:
        return a.astype(np.uint8), None, False
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    values = [_cell_text(v) for v in list(uniques)]
    if len(values) >= 255:
        raise ValidationError("ratings: too many different values",
                              {"diagnostics": [Diagnostic(str(s.name), 0, 0, "rating", "", "rating not in the list")]})
    return np.where(codes < 0, 255, codes).astype(np.uint8), values, True


def rating_table(table: str, frame: pd.DataFrame, ballots: bool) -> dict[str, Any]:
    """The core's RatingTable for the ballots or questionnaires frame."""
    problems: list[Diagnostic] = []
    out: dict[str, Any] = {}
    names = ["department", "rater", "rating", "group"]
    positions = [0, 0, 0, 0]
    signed = [False, False, False, False]

    spec = _spec_columns(table, frame, problems)
    dep = _index_column(frame, "department") or spec.get("department_id")
    if dep is None:
        problems.append(_missing(table, "department_id"))
    elif dep[0] == "department":
        out["department"], signed[0] = _as_u32(frame[dep[0]])
    else:
        out["department"], out["department_values"] = _coded(frame[dep[0]])
    if ballots:
        index_name, id_name = "representative", "representative_id"
    else:
        index_name, id_name = "response", "response_id"
    rater = _index_column(frame, index_name) or spec.get(id_name)
    if rater is None:
        problems.append(_missing(table, id_name))
    elif rater[0] == index_name:
        out["rater"], signed[1] = _as_u32(frame[rater[0]])
    else:
        out["rater"], out["rater_values"] = _coded(frame[rater[0]])
    rating = spec.get("rating")
    if rating is None:
        problems.append(_missing(table, "rating"))
    else:
        out["rating"], out["rating_values"], signed[2] = _rating(frame[rating[0]])
    group = None if ballots else spec.get("respondent_group")
    if group is not None:
        g = frame[group[0]]
        if g.isna().any():  # an empty group is a group, as in a CSV file
            g = g.astype(object).where(g.notna(), "")
        out["group"], out["group_values"] = _coded(g)
    if problems:
        raise ValidationError(f"{table}: {problems[0].message}", {"diagnostics": problems})
    for i, found in enumerate([dep, rater, rating, group]):
        if found is not None:
            names[i], positions[i] = str(found[0]), found[1]
    out.update(names=names, positions=positions, signed=signed)
    return out
