"""Scoring rules written in Python (Python 计分规则).

A rule computes the ballot score B and the questionnaire score Q of every
department from the vote counts; libreview does the rest exactly as for its own
rules (daily work, deductions, weights renormalised for missing components,
clipping, ranks, grades, flags, receipts), then runs the same pipeline and
sanity properties (monotone, in range, deterministic, ...) as for a C++ plugin::

    import numpy as np
    import libreview

    @libreview.scoring_rule("strict-county", summary="basic counts 50 points")
    def strict(view: libreview.RuleInput) -> dict[str, np.ndarray]:
        points = np.array([100.0, 50.0, 0.0])          # satisfied, basic, dissatisfied
        return {"ballot": view.mean_points(view.ballots, points),
                "questionnaire": view.mean_points(view.questionnaires, points)}

    cycle.score(rule="strict-county")
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any, TypeVar, Union

import numpy as np
import pandas as pd

from . import _core
from .errors import PluginError

#: What a rule returns: a mapping or a DataFrame with ``ballot`` and/or
#: ``questionnaire``, one value per department (NaN: no data).
RuleOutput = Union[dict[str, Any], pd.DataFrame]
F = TypeVar("F", bound=Callable[..., Any])

_registered: dict[str, Callable[..., Any]] = {}
_lock = threading.Lock()


class RuleInput:
    """What a Python scoring rule sees (计分输入), departments in the cycle's order.

    - ``ballots``, ``questionnaires``: int64 arrays of shape (departments, 4),
      votes by rating: satisfied, basic, dissatisfied, unknown;
    - ``representatives``: ballots by representative, shape (representatives, 4);
    - ``points``: the profile's points per rating (unknown unused);
    - ``daily_work``: daily-work scores (NaN when missing);
    - ``departments``: DataFrame of id, name, category, exempt;
    - ``parameters``: the profile's parameters (``weights.ballot``, ...),
      ``profile``, ``year``, ``region``.
    Exempt departments are never scored, whatever the rule returns for them.
    """

    def __init__(self, view: dict[str, Any]) -> None:
        self.rule: str = view["rule"]
        self.ballots: np.ndarray = view["ballots"]
        self.questionnaires: np.ndarray = view["questionnaires"]
        self.representatives: np.ndarray = view["representatives"]
        self.points: np.ndarray = np.asarray(view["points"], dtype=float)
        self.daily_work: np.ndarray = view["daily_work"]
        self.departments = pd.DataFrame({
            "id": view["department_ids"], "name": view["department_names"],
            "category": view["categories"], "exempt": view["exempt"],
        })
        self.parameters: dict[str, Any] = dict(view["parameters"])
        self.profile: str = view["profile_id"]
        self.year: int = view["year"]
        self.region: str = view["region"]

    def mean_points(self, counts: np.ndarray, points: Any = None) -> np.ndarray:
        """Mean points over valid votes (satisfied, basic, dissatisfied) per row of
        ``counts``, with ``points`` (3 or 4 values; default the profile's); NaN
        where a department has no valid vote. The default rule's B and Q."""
        p = self.points[:3] if points is None else np.asarray(points, dtype=float)[:3]
        c = np.asarray(counts, dtype=float)[:, :3]
        valid = c.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(valid > 0, (c @ p) / np.where(valid > 0, valid, 1), np.nan)

    def __repr__(self) -> str:
        return f"<libreview.RuleInput {len(self.departments)} departments, profile {self.profile!r}>"


def _call(function: Callable[[RuleInput], RuleOutput], view: dict[str, Any]) -> dict[str, np.ndarray]:
    """Called by the C++ wrapper (with the GIL): runs the rule, returns float arrays."""
    inp = RuleInput(view)
    got = function(inp)
    ids = list(inp.departments["id"])
    n = len(ids)
    out: dict[str, np.ndarray] = {}
    if isinstance(got, pd.DataFrame):
        frame = got
        if n and set(map(str, frame.index)) >= set(ids) and not isinstance(frame.index, pd.RangeIndex):
            frame = frame.reindex(ids)
        items = {k: frame[k] for k in ("ballot", "questionnaire") if k in frame.columns}
    elif isinstance(got, dict):
        items = {k: got[k] for k in ("ballot", "questionnaire") if k in got}
    else:
        raise TypeError(f"a scoring rule returns a dict or a DataFrame with 'ballot' and/or 'questionnaire', "
                        f"not {type(got).__name__}")
    if not items:
        raise TypeError("a scoring rule returns 'ballot' and/or 'questionnaire' scores; it returned neither")
    for key, values in items.items():
        if isinstance(values, pd.Series) and not isinstance(values.index, pd.RangeIndex):
            values = values.reindex(ids)
        elif isinstance(values, dict):
            values = [values.get(i, np.nan) for i in ids]
        a = np.asarray(values, dtype=float).reshape(-1)
        if a.shape[0] != n:
            raise ValueError(f"'{key}' has {a.shape[0]} values for {n} departments")
        out[key] = np.ascontiguousarray(a)
    return out


def scoring_rule(rule_id: str, *, summary: str = "", version: str = "1.0.0", check: bool = True,
                 replace: bool = True) -> Callable[[F], F]:
    """Registers the decorated function as the scoring rule ``rule_id``.

    The function takes a :class:`RuleInput` and returns a dict or DataFrame with
    ``ballot`` and/or ``questionnaire``: one score per department (an array in
    the cycle's order, or a Series/dict by department id; NaN for no data). A
    component it leaves out is the default mean points. The rule is listed by
    :func:`libreview.plugins` (kind ``scoring``, empty file) and used with
    ``cycle.score(rule=rule_id)`` or by a profile whose ``scoring_rule`` names it.

    With ``check`` (default) the sanity properties are checked at once under the
    ``default`` profile; a rule that breaks one is not registered and
    :class:`libreview.PluginError` names the rule and the property. Exceptions
    raised inside the rule arrive as PluginError naming the rule. ``replace``
    lets a rule of the same id registered from Python be replaced (re-running a
    notebook cell). The function is returned unchanged.
    """

    def register(function: F) -> F:
        with _lock:
            if rule_id in _registered:
                if not replace:
                    raise PluginError(f"scoring rule id '{rule_id}' is already registered in-process")
                _core._remove_scoring_rule(rule_id)
                del _registered[rule_id]
            _core._add_python_rule(rule_id, version, summary or (function.__doc__ or "").strip().split("\n")[0],
                                   function)
            _registered[rule_id] = function
        if check:
            try:
                profile = _core._resolve_profile_for("default", dt.date.today().isoformat())
                _core._check_scoring_rule(rule_id, profile)
            except BaseException:
                unregister_scoring_rule(rule_id)
                raise
        return function

    return register


def unregister_scoring_rule(rule_id: str) -> None:
    """Removes a rule registered with :func:`scoring_rule` (nothing when absent)."""
    with _lock:
        _registered.pop(rule_id, None)
        _core._remove_scoring_rule(rule_id)


def python_rules() -> list[str]:
    """The ids of the rules registered from Python."""
    with _lock:
        return sorted(_registered)


def _unregister_all() -> None:
    for rule_id in python_rules():
        unregister_scoring_rule(rule_id)


__all__ = ["RuleInput", "scoring_rule", "unregister_scoring_rule", "python_rules"]
