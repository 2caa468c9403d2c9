"""Year over year (issue 15, office-year.md section 2): results.csv's previous_composite,
previous_rank_overall and rank_change from the store's earlier cycle, stored by run or
scored for a cycle only imported; the letters' and the report's sentences; Store.history()
and plot_trend."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

import libreview


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def ok(*args: str | os.PathLike) -> None:
    done = subprocess.run([command(), "-q", *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def rows(path: Path) -> dict[str, dict[str, str]]:
    return {r["department_id"]: r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))}


@pytest.fixture(scope="module")
def two_years(sample: Path, tmp_path_factory) -> Path:
    """2016 run alone (no store), then 2016 imported only and 2017 run with that store."""
    d = tmp_path_factory.mktemp("yoy")
    ok("run", sample / "2016", "--out", d / "alone-2016", "--format", "csv")
    ok("import", sample / "2016", "--store", d / "imported.db")
    ok("run", sample / "2017", "--store", d / "imported.db", "--out", d / "2017", "--format", "csv,docx,xlsx")
    ok("run", sample / "2016", "--store", d / "run.db", "--out", d / "run-2016", "--format", "csv")
    ok("run", sample / "2017", "--store", d / "run.db", "--out", d / "2017-after-run", "--format", "csv")
    return d


def test_results_csv_compares_with_the_earlier_cycle(two_years: Path):
    before, now = rows(two_years / "alone-2016" / "results.csv"), rows(two_years / "2017" / "results.csv")
    header = next(csv.reader(io.StringIO((two_years / "2017" / "results.csv").read_text(encoding="utf-8-sig"))))
    assert header[-3:] == ["previous_composite", "previous_rank_overall", "rank_change"]
    compared = 0
    for dep, r in now.items():
        p = before.get(dep)
        if p is None or not p["rank_overall"] or not r["rank_overall"]:
            assert r["rank_change"] == "", dep
            continue
        assert r["previous_composite"] == p["composite"], dep
        assert r["previous_rank_overall"] == p["rank_overall"], dep
        assert int(r["rank_change"]) == int(p["rank_overall"]) - int(r["rank_overall"]), dep
        compared += 1
    assert compared >= 40
    # Without a store there is nothing to compare: the columns are there and empty.
    assert all(r["previous_composite"] == r["rank_change"] == "" for r in before.values())


def test_stored_results_and_scored_imports_agree(two_years: Path):
    """The earlier cycle's figures are the results run stored or, for a cycle only
    imported, its scores under its own region's profile: the same here."""
    assert (two_years / "2017" / "results.csv").read_bytes() == \
        (two_years / "2017-after-run" / "results.csv").read_bytes()


def test_letters_and_report_state_the_change(two_years: Path):
    now = rows(two_years / "2017" / "results.csv")
    d01 = now["D01"]
    change = int(d01["rank_change"])
    word = "上升" if change > 0 else "下降"
    letter = next(p for p in (two_years / "2017" / "反馈意见书").glob("*.docx") if p.stem.endswith("县公安局"))
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert f"较上年{word}{abs(change)}位" in text
    assert f"排第{d01['previous_rank_overall']}名" in text and f"综合得分{d01['previous_composite']}分" in text
    report = docx.Document(str(next((two_years / "2017").glob("*工作报告.docx"))))
    paragraphs = [p.text for p in report.paragraphs]
    assert "（四）与上年比较" in paragraphs
    ups = sum(1 for r in now.values() if r["rank_change"] and int(r["rank_change"]) > 0)
    assert any(f"{ups}个部门名次上升" in p for p in paragraphs)
    movers = next(t for t in report.tables if [c.text for c in t.rows[0].cells][:5] ==
                  ["部门", "序列", "上年名次", "本年名次", "名次变化"])
    biggest = max((r for r in now.values() if r["rank_change"]), key=lambda r: int(r["rank_change"]))
    assert movers.rows[1].cells[0].text == biggest["department_name"]
    assert movers.rows[1].cells[4].text == f"上升{biggest['rank_change']}位"


def test_store_history_holds_every_year(two_years: Path):
    for db in ("run.db", "imported.db"):
        history = libreview.Store(two_years / db).history()
        assert list(history.columns) == libreview.HISTORY_COLUMNS
        assert sorted(set(history["year"])) == [2016, 2017]
        y2016 = history[history["year"] == 2016].set_index("department_id")
        alone = rows(two_years / "alone-2016" / "results.csv")
        for dep, r in alone.items():
            if r["composite"]:
                assert f"{y2016.loc[dep, 'composite']:.2f}" == r["composite"], (db, dep)
                assert str(y2016.loc[dep, "rank_overall"]) == r["rank_overall"], (db, dep)
    assert set(libreview.Store(two_years / "run.db").history()["source"]) == {"stored"}
    assert set(libreview.Store(two_years / "imported.db").history()["source"]) == {"scored", "stored"}


def test_plot_trend(two_years: Path, tmp_path: Path):
    pytest.importorskip("matplotlib")
    ax = libreview.Store(two_years / "run.db").plot_trend(["D01", "D03"])
    assert len(ax.get_lines()) == 2
    assert list(ax.get_lines()[0].get_xdata()) == [2016, 2017]
    ax.figure.savefig(tmp_path / "trend.png")
    assert (tmp_path / "trend.png").stat().st_size > 1000
    with pytest.raises(KeyError):
        libreview.Store(two_years / "run.db").plot_trend(["D99"])


def test_the_workbook_compares_each_sequence_with_last_year(two_years: Path, sample: Path):
    import openpyxl

    now = rows(two_years / "2017" / "results.csv")
    book = openpyxl.load_workbook(next((two_years / "2017").glob("*.xlsx")))
    sheet = book["较上年"]
    table = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    compared = {d: r for d, r in now.items() if r["rank_change"]}
    by_name = {r["department_name"]: r for r in compared.values()}
    assert len(table) == len(compared)
    for category, name, before, after, rank_before, rank_now, change, *_ in table:
        r = by_name[name]
        assert (category, f"{before:.2f}", f"{after:.2f}") == (r["category"], r["previous_composite"], r["composite"])
        assert (rank_before, rank_now, change) == (int(r["previous_rank_overall"]), int(r["rank_overall"]),
                                                   int(r["rank_change"]))
    assert len(sheet._charts) == len({r["category"] for r in compared.values()})  # one chart per sequence
    # Without an earlier cycle there is nothing to compare: no such sheet.
    alone = two_years / "alone-xlsx"
    ok("run", sample / "2016", "--out", alone, "--format", "xlsx")
    assert "较上年" not in openpyxl.load_workbook(next(alone.glob("*.xlsx"))).sheetnames


def carried_2016(sample: Path) -> list[dict[str, str]]:
    text = (sample / "2016" / "rectifications.csv").read_text(encoding="utf-8-sig")
    return [r for r in csv.DictReader(io.StringIO(text)) if r["status"] != "verified"]


def test_carried_over_items_are_in_the_letters(two_years: Path, sample: Path):
    carried = [r for r in carried_2016(sample) if r["department_id"] == "D01"]
    assert carried
    letter = next(p for p in (two_years / "2017" / "反馈意见书").glob("*.docx") if p.stem.endswith("县公安局"))
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert f"另有2016年度结转的整改事项{len(carried)}项" in text
    for r in carried:
        assert r["id"] in text


def test_carried_over_items_count_in_o_only_where_the_profile_says(two_years: Path, sample: Path, tmp_path: Path):
    profile = tmp_path / "carry-test.toml"
    profile.write_text('id = "carry-test"\nname = "结转计分"\ninherits = "seed-county"\n\n[parameters]\n'
                       "rectification.carry_over_counts = true\n", encoding="utf-8")
    store = tmp_path / "r.db"
    ok("import", sample / "2016", "--store", store)
    ok("run", sample / "2017", "--store", store, "--profile", profile, "--out", tmp_path / "b", "--format", "csv")
    plain, counted = rows(two_years / "2017" / "results.csv"), rows(tmp_path / "b" / "results.csv")
    as_of = "2017-12-31"
    late: dict[str, int] = {}
    for r in carried_2016(sample):
        if r["deadline"] and r["deadline"] < as_of and r["status"] != "rectified":
            late[r["department_id"]] = late.get(r["department_id"], 0) + 1
    moved = 0
    for dep, r in plain.items():
        if r["status"] != "participating":
            continue
        expected = min(10.0, float(r["deductions"]) + late.get(dep, 0))
        assert float(counted[dep]["deductions"]) == expected, dep
        moved += float(counted[dep]["deductions"]) != float(r["deductions"])
    assert moved > 0
