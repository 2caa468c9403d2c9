"""Jupyter display (HTML tables, Chinese included) and the matplotlib ranking plot."""

from __future__ import annotations

import html
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from ._vocabulary import code_of, codes, label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._cycle import Cycle
    from ._results import Receipt, Results

#: Grade colours, the same fills as the Excel workbook (优秀 green, 良好 blue, 一般 yellow, 较差 red).
GRADE_COLOURS: dict[str, str] = {"excellent": "#C6EFCE", "good": "#DDEBF7", "fair": "#FFEB9C", "poor": "#FFC7CE"}


def round_half_away(value: float | None, digits: int = 2) -> float:
    """Rounds half away from zero, as printed figures are (the core's rounding; NaN stays NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return float("nan")
    from . import _core

    return float(_core._round(float(value), digits))


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{round_half_away(value, digits):.{digits}f}"


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def cycle_html(cycle: Cycle) -> str:
    """A summary table of the cycle."""
    c = cycle.counts
    rows = [
        ("年度 year", cycle.year), ("地区 region", cycle.region), ("名称 name", cycle.name),
        ("评判日 as of", cycle.as_of.isoformat()),
        ("参评部门 participating", c["participating"]), ("免评部门 exempt", c["exempt"]),
        ("评议代表 representatives", c["representatives"]), ("测评票 ballots", c["ballots"]),
        ("问卷 responses", c["responses"]), ("问卷答项 questionnaire answers", c["questionnaire_answers"]),
        ("投诉 complaints", c["complaints"]), ("整改事项 rectifications", c["rectifications"]),
        ("公开承诺 commitments", c["commitments"]), ("听证质询 hearings", c["hearings"]),
        ("来源 source", cycle.source),
    ]
    body = "".join(f"<tr><th style='text-align:left'>{_e(k)}</th><td style='text-align:left'>{_e(v)}</td></tr>"
                   for k, v in rows)
    return f"<table class='libreview-cycle'><caption>libreview.Cycle</caption>{body}</table>"


def results_html(results: Results) -> str:
    """The ranking table, grades coloured."""
    df = results.ranking()
    head = "".join(f"<th>{_e(c)}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        grade = r["等次"]
        colour = "" if grade == label("department_status", "exempt") else GRADE_COLOURS[code_of("grade", grade)]
        cells = []
        for col in df.columns:
            v = r[col]
            text = "" if v is None or (not isinstance(v, str) and _isna(v)) else (
                f"{v:.2f}" if isinstance(v, float) else str(v))
            style = f" style='background:{colour}'" if col == "等次" and colour else ""
            cells.append(f"<td{style}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = (f"{_e(results.cycle.name or results.cycle.region)} {results.cycle.year} — "
               f"rule {_e(results.rule)}, profile {_e(results.profile)}")
    return (f"<table class='libreview-results'><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _isna(v: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _receipt_lines(r: Receipt) -> list[str]:
    lines = [f"{r.department_id} {r.department_name}（{r.category}）计分明细 / score receipt"]
    if r.composite is None:
        lines.append("免评，不计分 / exempt, not scored")
        return lines
    for c in r.components:
        name = label("component", c["component"])
        counts = "，".join(f"{label('rating', rating)} {n}" for rating, n in zip(codes("rating"), c["counts"]))
        score = _fmt(c["score"]) or "无有效票 / no valid votes"
        lines.append(f"  {name} {c['component']}: {counts}; 有效 valid {c['valid']} → {score}"
                     + (f"  ({c['note']})" if c["note"] else ""))
    lines.append(f"  {label('component', 'daily_work')} daily work: {_fmt(r.daily_work) or '无 / none'}")
    if r.commitments is not None:
        k = r.commitments
        late = "、".join(k["not_fulfilled"]) or "—"
        lines.append(f"  {label('component', 'commitment')} commitment: 到期 due {k['due']}，已兑现 fulfilled "
                     f"{k['fulfilled']} → {_fmt(k['score']) or '无 / none'}（未兑现 not fulfilled: {late}）")
    weights = "，".join(f"{label('component', k)} {k} {v:g}" for k, v in sorted(r.weights.items()))
    lines.append(f"  权重 weights: {weights}")
    for d in r.deductions:
        name = label("deduction", d["kind"])
        items = "、".join(d["items"]) or "—"
        lines.append(f"  扣分 {name} {d['kind']}: {len(d['items'])} × {d['points_each']:g} = {d['points']:g} ({items})")
    lines.append(f"  扣分合计 deductions: {_fmt(r.deductions_total)} (上限 cap {r.deduction_cap:g})")
    lines.append(f"  综合得分 composite: {_fmt(r.composite)}")
    lines.append(f"  名次 rank: {r.rank_overall}（序列内 in category {r.rank_in_category}）"
                 f"  等次 grade: {r.grade_zh} {r.grade}")
    if r.flags:
        flags = "，".join(f"{label('flag', f)} {f}" for f in r.flags)
        lines.append(f"  提示 flags: {flags}")
    lines.extend(f"  注 note: {n}" for n in r.notes)
    return lines


def receipt_text(r: Receipt) -> str:
    """The receipt in Chinese and English, one line per step."""
    return "\n".join(_receipt_lines(r))


def receipt_html(r: Receipt) -> str:
    """The receipt as an HTML block, the grade coloured."""
    colour = GRADE_COLOURS.get(r.grade, "#eeeeee")
    lines = _receipt_lines(r)
    body = "<br>".join(_e(line) for line in lines[1:])
    return (f"<div class='libreview-receipt'><b>{_e(lines[0])}</b>"
            f"<div style='border-left:6px solid {colour};padding-left:8px;font-family:monospace'>{body}</div></div>")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed Noto CJK font (Sans preferred), or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for wanted in ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK JP",
                   "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei"):
        if wanted in names:
            return wanted
    for n in sorted(names):
        if "CJK" in n:
            return n
    return None


def plot_ranking(results: Results, ax: Axes | None = None, top: int | None = None) -> Axes:
    """Horizontal bars of the composites, best on top, coloured by grade."""
    try:
        import matplotlib.pyplot as plt
        from matplotlib import rc_context
        from matplotlib.patches import Patch
    except ImportError as e:  # pragma: no cover - matplotlib is the optional extra `plot`
        raise ImportError("Results.plot() needs matplotlib: pip install 'libreview[plot]'") from e
    df = results.to_pandas()
    df = df[df["composite"].notna()].sort_values(["rank_overall", "department_id"])
    if top is not None:
        df = df.head(top)
    family = cjk_font()
    rc = {"font.family": [family, "DejaVu Sans"] if family else ["DejaVu Sans"], "axes.unicode_minus": False}
    with rc_context(cast(Any, rc)):
        if ax is None:
            _, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(df) + 1)))
        names = df["department_name"].tolist()[::-1]
        values = df["composite"].tolist()[::-1]
        colours = [GRADE_COLOURS.get(g, "#cccccc") for g in df["grade"].tolist()[::-1]]
        ax.barh(range(len(names)), values, color=colours, edgecolor="#555555", linewidth=0.5)
        ax.set_yticks(range(len(names)))
        ax.set_yticklabels(names)
        lo = min(values) if values else 0
        ax.set_xlim(max(0.0, math.floor(lo / 10) * 10 - 5), 100)
        ax.set_xlabel("综合得分 composite")
        ax.set_title(f"{results.cycle.name or results.cycle.region} {results.cycle.year} 综合排名 "
                     f"({results.profile} / {results.rule})")
        ax.legend(handles=[Patch(facecolor=GRADE_COLOURS[g], edgecolor="#555555", label=f"{label('grade', g)} {g}")
                           for g in GRADE_COLOURS], loc="lower right", fontsize="small")
        for y, v in enumerate(values):
            ax.text(v + 0.3, y, _fmt(v), va="center", fontsize="x-small")
    return ax
