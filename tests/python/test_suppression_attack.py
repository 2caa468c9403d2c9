"""An adversary against k = 5 suppression (issue 18): every breakdown table of every letter of
the sample's run, read back with python-docx, solved exactly for its hidden cells (shown as —)
with integer programming (scipy.optimize.milp): cells integer >= 0, the shown cells, the shown
row totals, the shown column totals (合计 row) and the grand total.

Two knowledge levels: the outsider knows only these equations; the rule-aware adversary also
knows that a hidden cell is a small cell (1-4) or a complementary one (any count), and that a
table with hidden cells hides at least one small cell. For each hidden cell we minimise and maximise it.
Fails if any hidden cell is determined: a non-zero one (which includes a small cell 1-4 narrowed
to one value) would be a leak, a zero one a cell the totals force that should have been shown.
Run over the sample and two generated counties (one with 400 questionnaires: more small cells).
The B and Q averages and the receipt's rating counts are linear in the column totals the tables
already show, so they add no equation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from scipy.optimize import Bounds, LinearConstraint, milp

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "2017"
DASH = "—"


def libreview() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe
    return exe


GENERATOR = Path(__file__).resolve().parents[2] / "data" / "generate.py"
# Generated counties beside the sample: two seeds, and fewer questionnaires (more small cells).
COUNTIES = {"sample": None, "seed-11": ["--seed", "11"], "seed-23-few-answers": ["--seed", "23", "--responses", "400"]}
# LIBREVIEW_ATTACK_COUNTIES=sample limits the run (the sanitized CI run: the attack is Python, the
# sanitizers need only one run of the command).
if os.environ.get("LIBREVIEW_ATTACK_COUNTIES"):
    COUNTIES = {k: v for k, v in COUNTIES.items() if k in os.environ["LIBREVIEW_ATTACK_COUNTIES"].split(",")}


@pytest.fixture(scope="module", params=list(COUNTIES))
def letters(request, tmp_path_factory) -> tuple[str, list[Path]]:
    out = tmp_path_factory.mktemp("attack")
    folder, profile = SAMPLE, []
    if COUNTIES[request.param] is not None:  # a generated county's region has no profile of its own
        profile = ["--profile", "default"]
        subprocess.run([sys.executable, str(GENERATOR), "--counties", "1", "--years", "2017", "--quiet",
                        "--out", str(out / "data"), *COUNTIES[request.param]], check=True)
        folder = out / "data" / "2017"
    subprocess.run([libreview(), "-q", "run", str(folder), *profile, "--out", str(out / "run")], check=True)
    found = sorted(p for p in (out / "run").rglob("*.docx") if p.parent.name == "反馈意见书")
    assert len(found) >= 40
    return request.param, found


def breakdown_tables(path: Path) -> list[list[list[str]]]:
    tables = []
    for t in Document(str(path)).tables:
        rows = [[c.text.strip() for c in r.cells] for r in t.rows]
        if rows and rows[0][0] in ("代表界别", "对象类别") and rows[0][-1] == "合计":
            tables.append(rows[1:])
    return tables


def attack(rows: list[list[str]], rule_aware: bool) -> list[tuple[int, int, int]]:
    """(min, max, row) for every hidden rating cell of one table (rows include the 合计 row)."""
    body = [r for r in rows if r[0] != "合计"]
    totals = next((r for r in rows if r[0] == "合计"), None)
    ncol = len(body[0]) - 2  # rating columns
    grand = int(totals[-1]) if totals and totals[-1] != DASH else None
    index: dict[tuple[int, int], int] = {}  # (row, col) -> variable; col == ncol is the row total
    for i, r in enumerate(body):
        for j, v in enumerate(r[1:]):
            if v == DASH:
                index[(i, j)] = len(index)
    if not index:
        return []
    cells = [k for k in index if k[1] < ncol]
    n = len(index) + (len(cells) if rule_aware else 0)
    big = grand if grand is not None else 10_000
    a, lo, hi = [], [], []

    def value(i, j):
        return None if (i, j) in index else int(body[i][1 + j])

    for i in range(len(body)):  # row: sum of cells == row total
        row = np.zeros(n)
        rhs = 0.0
        for j in range(ncol):
            v = value(i, j)
            if v is None:
                row[index[(i, j)]] += 1
            else:
                rhs -= v
        t = value(i, ncol)
        if t is None:
            row[index[(i, ncol)]] -= 1
        else:
            rhs += t
        a.append(row); lo.append(rhs); hi.append(rhs)
    if totals:
        for j in range(ncol + 1):
            if totals[1 + j] == DASH:
                continue
            row = np.zeros(n)
            rhs = float(totals[1 + j])
            for i in range(len(body)):
                v = value(i, j)
                if v is None:
                    row[index[(i, j)]] += 1
                else:
                    rhs -= v
            a.append(row); lo.append(rhs); hi.append(rhs)
    lb = np.zeros(n)
    ub = np.full(n, float(big))
    integrality = np.ones(n)
    if rule_aware:  # s = 1: the cell is small (1..4): x >= s, x <= 4 + big (1 - s)
        for s, k in enumerate(cells):
            x, b = index[k], len(index) + s
            ub[b] = 1
            row = np.zeros(n); row[x] = 1; row[b] = -1
            a.append(row); lo.append(0); hi.append(np.inf)
            row = np.zeros(n); row[x] = 1; row[b] = big - 4
            a.append(row); lo.append(-np.inf); hi.append(big)
        row = np.zeros(n)  # suppression starts from a small cell: the table hides at least one
        row[len(index):] = 1
        a.append(row); lo.append(1); hi.append(np.inf)
    constraints = LinearConstraint(np.array(a), lo, hi)
    result = []
    for k in cells:
        c = np.zeros(n); c[index[k]] = 1
        bounds = []
        for sign in (1, -1):
            r = milp(sign * c, constraints=constraints, integrality=integrality, bounds=Bounds(lb, ub))
            assert r.success, r.message
            bounds.append(round(sign * r.fun))
        result.append((bounds[0], bounds[1], k[0]))
    return result


@pytest.mark.parametrize("rule_aware", [False, True], ids=["outsider", "rule-aware"])
def test_no_hidden_cell_of_a_letter_is_recovered(letters, rule_aware, capsys):
    county, letters = letters
    tables = hidden = determined = narrowed = 0
    leaks = []
    for path in letters:
        for rows in breakdown_tables(path):
            tables += 1
            for low, high, row in attack(rows, rule_aware):
                hidden += 1
                determined += low == high
                narrowed += high - low == 1
                if low == high and low > 0:
                    leaks.append((path.name, rows[row][0], low))
    with capsys.disabled():
        print(f"\nattack ({'rule-aware' if rule_aware else 'outsider'}, {len(letters)} letters of "
              f"{county}): {tables} tables, {hidden} hidden cells, "
              f"{determined} determined, {narrowed} narrowed to two values")
    assert tables > 0 and hidden > 0
    assert leaks == []
    assert determined == 0, "a hidden cell the published totals force should have been shown"
