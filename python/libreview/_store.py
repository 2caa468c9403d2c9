"""The store as an analyst uses it: every cycle it holds and every year's results side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence, cast

import pandas as pd

from . import _core

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._cycle import PathLike

#: The columns of :meth:`Store.history`, in order.
HISTORY_COLUMNS: list[str] = [
    "region", "year", "department_id", "department_name", "category", "ballot_score", "questionnaire_score",
    "daily_work_score", "commitment_score", "deductions", "composite", "rank_overall", "rank_in_category",
    "grade", "flags", "profile", "rule", "source",
]


class Store:
    """The store (评议数据库): a SQLite file, or a ``postgresql://`` URI that a city's
    counties share. ``Store("review.db").history()`` is every stored year's results in
    one DataFrame; :meth:`plot_trend` draws departments across the years."""

    def __init__(self, where: PathLike) -> None:
        self.where = str(where)
        self._core = _core.Store(self.where)

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    def cycles(self) -> pd.DataFrame:
        """The cycles held: region, year, name, content_hash, imported_at."""
        return pd.DataFrame(self._core.cycles(), columns=["region", "year", "name", "content_hash", "imported_at"])

    def history(self) -> pd.DataFrame:
        """Every stored cycle's results (历年结果), one row per department and year:
        the components, composite, ranks, grade and flags. A cycle saved by ``run`` (or
        :meth:`Cycle.score` of a cycle loaded with a store) has its results stored
        (``source`` ``stored``); a cycle only imported is scored here under its own
        region's profile (``source`` ``scored``), as ``run`` compares with it."""
        from ._cycle import load

        stored = pd.DataFrame(self._core.results())
        frames = [stored.assign(source="stored")] if len(stored) else []
        have = set(zip(stored["region"], stored["year"])) if len(stored) else set()
        for c in self._core.cycles():
            if (c["region"], c["year"]) in have:
                continue
            results = load(store=self.where, region=c["region"], year=c["year"]).score()
            df = results.to_pandas()
            table = results._core.table()
            df = df.assign(region=c["region"], year=c["year"], profile=results.profile, rule=results.rule,
                           source="scored", commitment_score=[float("nan") if v is None else v
                                                              for v in table["commitment_score"]])
            frames.append(df.assign(rank_overall=df["rank_overall"].fillna(0).astype(int),
                                    rank_in_category=df["rank_in_category"].fillna(0).astype(int)))
        if not frames:
            return pd.DataFrame(columns=HISTORY_COLUMNS)
        out = pd.concat(frames, ignore_index=True)[HISTORY_COLUMNS]
        for col in ("rank_overall", "rank_in_category"):
            out[col] = pd.array([v if v and v > 0 else pd.NA for v in out[col]], dtype="Int64")
        return out.sort_values(["region", "year", "rank_overall", "department_id"],
                               na_position="last", kind="stable").reset_index(drop=True)

    def plot_trend(self, department_ids: Sequence[str], *, region: str | None = None,
                   ax: Axes | None = None) -> Axes:
        """Composite and rank of `department_ids` year by year (历年走势), one line each."""
        try:
            import matplotlib.pyplot as plt
            from matplotlib import rc_context
        except ImportError as e:  # pragma: no cover - matplotlib is the optional extra `plot`
            raise ImportError("Store.plot_trend() needs matplotlib: pip install 'libreview[plot]'") from e
        from ._display import cjk_font

        df = self.history()
        if region is not None:
            df = df[df["region"] == region]
        missing = [d for d in department_ids if d not in set(df["department_id"])]
        if missing:
            raise KeyError(f"no stored results for department(s) {', '.join(missing)}")
        family = cjk_font()
        rc = {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"], "axes.unicode_minus": False}
        with rc_context(cast(Any, rc)):
            if ax is None:
                _, ax = plt.subplots(figsize=(8, 4.5))
            for dep in department_ids:
                rows = df[df["department_id"] == dep].sort_values("year")
                name = rows["department_name"].iloc[-1]
                ax.plot(rows["year"], rows["composite"], marker="o", label=f"{name} ({dep})")
                for year, value, rank in zip(rows["year"], rows["composite"], rows["rank_overall"]):
                    if pd.notna(value):
                        ax.annotate(f"第{rank}名" if pd.notna(rank) else "", (year, value), fontsize="x-small",
                                    textcoords="offset points", xytext=(0, 6), ha="center")
            ax.set_xticks(sorted(set(df["year"])))
            ax.set_xlabel("年度 year")
            ax.set_ylabel("综合得分 composite")
            ax.set_title("历年综合得分走势 composite by year")
            ax.legend(fontsize="small")
        return ax


__all__ = ["Store", "HISTORY_COLUMNS"]
