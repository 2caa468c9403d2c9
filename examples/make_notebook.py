"""Writes examples/analyst.ipynb (without outputs) from the cells below.

    .venv/bin/python examples/make_notebook.py

Edit the cells here, not the notebook; tests/python/test_notebook.py runs it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS: list[tuple[str, str]] = [
    ("md", """# 分析员的一天 — an analyst's day with libreview

The sample county (`data/sample/2016` and `2017`): load the two years into a store, check a
refused folder, score, read the ranking and a receipt, compare two profiles, write a rule in
Python, plot, and write the reports. Everything is written into a temporary folder."""),
    ("code", """import shutil
import tempfile
from pathlib import Path

import pandas as pd
import libreview

SAMPLE = next(p / "data" / "sample" for p in [Path.cwd(), *Path.cwd().parents] if (p / "data" / "sample").is_dir())
WORK = Path(tempfile.mkdtemp(prefix="libreview-analyst-"))
STORE = WORK / "review.db"
print(libreview.__version__, SAMPLE)"""),
    ("md", """## 1. Load 载入

2016 goes into the store first, so that 2017 sees its verified rectification items (relapse, 问题重犯).
A cycle loaded with a store is saved there by its first `score()`, as `libreview run --store` saves it
only once the profile and rule are resolved."""),
    ("code", """libreview.load(SAMPLE / "2016", store=STORE).score()
cycle = libreview.load(SAMPLE / "2017", store=STORE)
cycle"""),
    ("code", """libreview.stored_cycles(STORE)"""),
    ("code", """cycle.departments.head()"""),
    ("md", """## 2. Validate 校验

A copy of 2017 with two bad ballots: the folder is refused whole and every problem is listed
as `file:line:column: message (value)`."""),
    ("code", """broken = WORK / "broken-2017"
shutil.copytree(SAMPLE / "2017", broken)
with open(broken / "ballots.csv", "a", encoding="utf-8") as f:
    f.write("R999,D01,satisfied\\nR001,D01,很满意\\n")
for d in libreview.validate(broken):
    print(d)
try:
    libreview.load(broken)
except libreview.ValidationError as err:
    print(f"refused: {err.total} problem(s)")"""),
    ("md", """## 3. Score 计分

Under the cycle's own profile (`seed-county`). `to_pandas()` has the columns of `results.csv`,
unrounded; the ranking below rounds as printed."""),
    ("code", """results = cycle.score()
results"""),
    ("code", """results.to_pandas().head()"""),
    ("code", """results.flags().groupby("flag").size()"""),
    ("md", """## 4. A receipt 计分明细

How one department's score was computed, step by step."""),
    ("code", """print(results.receipt("D01"))"""),
    ("code", """last = results.ranking().dropna(subset=["名次"]).iloc[-1]["部门编号"]
results.receipt(last)"""),
    ("md", """## 5. Compare two profiles 方案比较

`focus-theme` makes complaints of the year's focus category count double."""),
    ("code", """moved = libreview.compare(cycle, profiles=["seed-county", "focus-theme"])
moved[moved["moved"]]"""),
    ("md", """## 6. A county's own rule in Python 自定义计分规则

The function gets the vote counts by department (satisfied, basic, dissatisfied, unknown) as
numpy arrays and returns the ballot and questionnaire scores; daily work, deductions, ranks,
grades and flags follow the profile. The rule is checked against the same sanity properties as
a C++ plugin when it is registered."""),
    ("code", """import numpy as np

@libreview.scoring_rule("my-county", summary="basic satisfaction counts 60 points")
def my_county(view: libreview.RuleInput) -> dict[str, np.ndarray]:
    points = [100.0, 60.0, 0.0]   # satisfied, basic, dissatisfied
    return {
        "ballot": view.mean_points(view.ballots, points),
        "questionnaire": view.mean_points(view.questionnaires, points),
    }

mine = cycle.score(rule="my-county")
libreview.compare(cycle, rules=["default", "my-county"]).head(10)"""),
    ("md", """## 7. Plot 排名图"""),
    ("code", """%matplotlib inline
ax = results.plot()"""),
    ("md", """## 8. Reports 报表

Through the report plugins, into the temporary folder."""),
    ("code", """out = WORK / "reports"
written = []
for fmt in [p["id"] for p in libreview.plugins() if p["kind"] == "report"]:
    written += cycle.report(fmt, out, results=results)
written += cycle.report("xlsx", out / "office", results=results, include_integrity=True)
for f in written:
    print(f.relative_to(WORK))"""),
    ("code", """pd.read_csv(out / "results.csv").head()"""),
    ("md", """## 9. Year over year 历年比较

The generator makes a county of four years (2015 to 2018; its history starts in 2015, so its
2016 and 2017 are not the sample's). Each year is run through one store, as the office does:
results.csv then says how each department moved (`previous_rank_overall`, `rank_change`),
`Store.history()` holds every year's results and `plot_trend` draws departments across them."""),
    ("code", """import subprocess, sys
YEARS = WORK / "four-years"
subprocess.run([sys.executable, str(SAMPLE.parent / "generate.py"), "--years", "2015,2016,2017,2018",
                "--out", str(YEARS), "--quiet"], check=True, capture_output=True)
history_store = WORK / "history.db"
for year in (2015, 2016, 2017, 2018):
    libreview.load(YEARS / str(year), store=history_store).score()  # scored, then saved with its results
store = libreview.Store(history_store)
history = store.history()
history.pivot_table(index="department_name", columns="year", values="rank_overall").head(8)"""),
    ("code", """y2018 = libreview.load(store=history_store, region=history["region"][0], year=2018).score().to_pandas()
y2018.sort_values("rank_change", ascending=False)[
    ["department_name", "previous_rank_overall", "rank_overall", "rank_change"]].head(5)"""),
    ("code", """ax = store.plot_trend(["D01", "D03", "D30"])"""),
    ("code", """libreview.unregister_scoring_rule("my-county")
shutil.rmtree(WORK)"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    target = Path(__file__).resolve().parent / "analyst.ipynb"
    nbformat.write(build(), target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
