"""Results of scoring (评议结果), receipts (计分明细) and comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _core, _display
from ._vocabulary import label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._cycle import Cycle

#: The columns of results.csv, in order (spec section 6).
RESULT_COLUMNS: list[str] = [
    "department_id", "department_name", "category", "status", "ballot_score", "questionnaire_score",
    "daily_work_score", "deductions", "composite", "rank_overall", "rank_in_category", "grade", "flags",
    "previous_composite", "previous_rank_overall", "rank_change",
]


def _float(values: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _rank(values: list[int]) -> pd.Series:
    return pd.Series([v if v > 0 else pd.NA for v in values], dtype="Int64")


class Results:
    """The results of one cycle under one profile and rule: a row per department,
    the flags, and a receipt per department."""

    def __init__(self, cycle: Cycle, profile: _core.Profile, core: _core.Results) -> None:
        self.cycle = cycle
        self._profile = profile
        self._core = core

    @property
    def rule(self) -> str:
        """The scoring rule id the results come from."""
        return self._core.rule

    @property
    def profile(self) -> str:
        """The region profile id the results come from."""
        return self._core.profile

    @property
    def profile_lineage(self) -> list[str]:
        """The profile, then what it inherits, up to ``default``."""
        return list(self._profile.lineage)

    @property
    def parameters(self) -> dict[str, Any]:
        """Every parameter of the profile as resolved for the cycle's as_of."""
        return dict(self._profile.parameters())

    def to_pandas(self) -> pd.DataFrame:
        """One row per department with exactly the columns of results.csv.

        Scores are **unrounded** floats (NaN where results.csv is empty: exempt
        departments, missing components); results.csv prints them rounded half
        away from zero to the profile's ``rounding.digits`` (2). Ranks are
        nullable integers (<NA> when not ranked), ``grade`` is English as in
        results.csv (``grade_zh`` in :meth:`ranking`), ``flags`` is
        ``;``-separated and sorted. Where the profile weights K (``weights.K`` > 0,
        承诺兑现), a ``commitment_score`` column follows ``daily_work_score``."""
        t = self._core.table()
        deps = self.cycle._core.departments()
        idx = list(t["department"])
        return pd.DataFrame({
            "department_id": [deps["id"][i] for i in idx],
            "department_name": [deps["name"][i] for i in idx],
            "category": [deps["category"][i] for i in idx],
            "status": [deps["status"][i] for i in idx],
            "ballot_score": _float(t["ballot_score"]),
            "questionnaire_score": _float(t["questionnaire_score"]),
            "daily_work_score": _float(t["daily_work_score"]),
            "deductions": _float(t["deductions"]),
            "composite": _float(t["composite"]),
            "rank_overall": _rank(t["rank_overall"]),
            "rank_in_category": _rank(t["rank_in_category"]),
            "grade": list(t["grade"]),
            "flags": [";".join(f) for f in t["flags"]],
            "commitment_score": _float(t["commitment_score"]),
            "previous_composite": _float(t["previous_composite"]),
            "previous_rank_overall": _rank(t["previous_rank_overall"]),
            "rank_change": pd.array(list(t["rank_change"]), dtype="Int64"),
        }, columns=self._columns())

    def _columns(self) -> list[str]:
        if not float(self.parameters.get("weights.K", 0)) > 0:
            return RESULT_COLUMNS
        at = RESULT_COLUMNS.index("daily_work_score") + 1
        return [*RESULT_COLUMNS[:at], "commitment_score", *RESULT_COLUMNS[at:]]

    def ranking(self) -> pd.DataFrame:
        """The ranked departments, best first, with Chinese headings (名次, 部门,
        序列, 序列名次, 综合得分 rounded as printed, 等次, 提示); exempt ones last.
        Grades and flags are in the words of every report (the core's vocabulary):
        等次 优秀/良好/一般/较差 (免评 for exempt departments), 提示 the flags'
        labels joined by 、 as in the workbook."""
        df = self.to_pandas()
        digits = int(self.parameters.get("rounding.digits", 2))
        out = pd.DataFrame({
            "名次": df["rank_overall"],
            "部门编号": df["department_id"],
            "部门": df["department_name"],
            "序列": df["category"],
            "序列名次": df["rank_in_category"],
            "综合得分": [_display.round_half_away(v, digits) for v in df["composite"]],
            "等次": [label("grade", g) if g else label("department_status", "exempt") for g in df["grade"]],
            "提示": ["、".join(label("flag", f) for f in flags.split(";") if f) for flags in df["flags"]],
        })
        order = df["rank_overall"].fillna(10**9).astype("int64").to_numpy().argsort(kind="stable")
        return out.iloc[order].reset_index(drop=True)

    def flags(self) -> pd.DataFrame:
        """Every flag for people to review: flag, subject_kind (department or
        representative), subject_id, detail. This is the office's full list: the
        representative-level flags (straight_lining) are included here, while
        ``flags.csv`` holds department flags only (spec section 5)."""
        return pd.DataFrame(self._core.flags(), columns=["flag", "subject_kind", "subject_id", "detail"])

    def receipt(self, department_id: str) -> Receipt:
        """The computation of one department's score spelled out (计分明细)."""
        ids = self.cycle._core.departments()["id"]
        try:
            i = ids.index(department_id)
        except ValueError:
            raise KeyError(f"no department {department_id!r} in this cycle") from None
        return Receipt(self._core.receipt(self.cycle._core, i))

    def plot(self, ax: Axes | None = None, *, top: int | None = None) -> Axes:
        """Draws the ranking (composite per department, best on top, bars coloured
        by grade) with matplotlib and returns the Axes. Chinese names use a Noto
        CJK font when one is installed. ``top`` keeps the best ``top`` departments."""
        return _display.plot_ranking(self, ax=ax, top=top)

    def __repr__(self) -> str:
        n = int(self.to_pandas()["composite"].notna().sum())
        return f"<libreview.Results {self.cycle.year} rule={self.rule!r} profile={self.profile!r}: {n} scored>"

    def _repr_html_(self) -> str:
        return _display.results_html(self)


class Receipt:
    """How a department's score was computed (计分明细): the components with their
    vote counts and points, daily work, the weights as applied, each deduction
    with the items behind it, the composite, rank, grade and flags."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.department_id: str = data["department_id"]
        self.department_name: str = data["department_name"]
        self.category: str = data["category"]
        self.status: str = data["status"]
        self.components: list[dict[str, Any]] = list(data["components"])
        self.daily_work: float | None = data["daily_work"]
        #: K (承诺兑现) where the profile weights it: due, fulfilled, not_fulfilled (ids), score.
        self.commitments: dict[str, Any] | None = data["commitments"]
        self.weights: dict[str, float] = dict(data["weights"])
        self.deductions: list[dict[str, Any]] = list(data["deductions"])
        self.deduction_cap: float = data["deduction_cap"]
        self.deductions_total: float = data["deductions_total"]
        self.composite_unclipped: float | None = data["composite_unclipped"]
        self.composite: float | None = data["composite"]
        self.rank_overall: int = data["rank_overall"]
        self.rank_in_category: int = data["rank_in_category"]
        self.grade: str = data["grade"]
        self.grade_zh: str = data["grade_zh"]
        self.flags: list[str] = list(data["flags"])
        self.notes: list[str] = list(data["notes"])

    def to_dict(self) -> dict[str, Any]:
        """Everything in the receipt as plain data."""
        return dict(self._data)

    def __str__(self) -> str:
        return _display.receipt_text(self)

    def __repr__(self) -> str:
        return f"<libreview.Receipt {self.department_id} {self.department_name}: composite {self.composite}>"

    def _repr_html_(self) -> str:
        return _display.receipt_html(self)


def compare(cycle: Cycle, profiles: Sequence[str] | None = None, rules: Sequence[str] | None = None) -> pd.DataFrame:
    """Scores ``cycle`` under several profiles and/or rules and shows what moved.

    ``profiles=["seed-county", "focus-theme"]`` scores under each with the
    profile's own rule; ``rules=["default", "majority"]`` under the cycle's
    profile with each rule; lists of the same length pair up, a list of one
    applies to every variant. One row per department (indexed by id, ordered by
    the first variant's rank), with ``composite``, ``rank`` and ``grade`` per
    variant (columns ``composite[<label>]``, ...; the label is the profile, or
    ``profile/rule`` when rules are given), then ``rank_change`` (first variant's
    rank minus the last's: positive moved up), ``grade_change`` (``good → fair``)
    and ``moved`` (rank or grade changed)."""
    ps: list[str | None] = list(profiles) if profiles else [None]
    rs: list[str | None] = list(rules) if rules else [None]
    n = max(len(ps), len(rs))
    if len(ps) not in (1, n) or len(rs) not in (1, n):
        raise ValueError("profiles and rules must be lists of the same length, or one of them of length 1")
    variants = [(ps[i if len(ps) > 1 else 0], rs[i if len(rs) > 1 else 0]) for i in range(n)]
    if n < 2:
        raise ValueError("compare needs at least two profiles or rules")
    deps = cycle.departments
    out = pd.DataFrame({"department_name": deps["name"].to_numpy(), "category": deps["category"].to_numpy()},
                       index=pd.Index(deps["id"], name="department_id"))
    labels = []
    for p, r in variants:
        res = cycle.score(p, r)
        label = res.profile if rules is None else f"{res.profile}/{res.rule}"
        labels.append(label)
        df = res.to_pandas().set_index("department_id")
        out[f"composite[{label}]"] = df["composite"]
        out[f"rank[{label}]"] = df["rank_overall"]
        out[f"grade[{label}]"] = df["grade"]
    first, last = labels[0], labels[-1]
    out["rank_change"] = (out[f"rank[{first}]"] - out[f"rank[{last}]"]).astype("Int64")
    ga, gb = out[f"grade[{first}]"], out[f"grade[{last}]"]
    out["grade_change"] = [f"{a} → {b}" if a != b else "" for a, b in zip(ga, gb)]
    out["moved"] = (out["rank_change"].fillna(0) != 0) | (ga != gb)
    order = out[f"rank[{first}]"].fillna(10**9).astype("int64").to_numpy().argsort(kind="stable")
    return out.iloc[order]


__all__ = ["Results", "Receipt", "compare", "RESULT_COLUMNS"]
