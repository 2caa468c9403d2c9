"""Ballots keyed one paper sheet per row (测评表, 问卷表), clerks' dates and file
names, ballot accounting and double entry (libreview.reconcile), on the sample
county shipped both ways (data/sample/2017 and data/sample/2017-sheets)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import libreview


@pytest.fixture(scope="module")
def exe() -> str:
    found = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert found, "the libreview command is not installed"
    return found


def run_csv(exe: str, source: Path, out: Path) -> None:
    run = subprocess.run([exe, "--lang", "en", "-q", "run", str(source), "--out", str(out), "--format", "csv"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_sheet_sample_is_what_make_sheets_writes(repo: Path, sample: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(repo / "data" / "make_sheets.py"), str(sample / "2017"), str(tmp_path)],
                   check=True)
    shipped = sample / "2017-sheets"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in shipped.iterdir())
    for p in tmp_path.iterdir():
        assert p.read_bytes() == (shipped / p.name).read_bytes(), p.name


def test_sheet_sample_scores_exactly_as_the_rows(exe: str, sample: Path, tmp_path: Path) -> None:
    run_csv(exe, sample / "2017", tmp_path / "rows")
    run_csv(exe, sample / "2017-sheets", tmp_path / "sheets")
    rows, sheets = tmp_path / "rows", tmp_path / "sheets"
    assert (sheets / "results.csv").read_bytes() == (rows / "results.csv").read_bytes()
    # flags.csv holds department flags only: identical.
    assert (sheets / "flags.csv").read_bytes() == (rows / "flags.csv").read_bytes()


def test_anonymous_sheets_flag_straight_lining_by_sheet_number(sample: Path) -> None:
    by_rows = libreview.load(sample / "2017").score().flags()
    by_sheets = libreview.load(sample / "2017-sheets").score().flags()
    cycle = libreview.load(sample / "2017-sheets")
    assert len(cycle.representatives) == 150 and len(cycle.ballot_sheets) == 150
    assert list(cycle.ballot_sheets.columns) == ["sheet_no", "sector"]
    assert cycle.ballots["representative"].min() >= 150  # every ballot from an anonymous sheet
    reps = by_rows[by_rows.subject_kind == "representative"]
    sheets = by_sheets[by_sheets.subject_kind == "sheet"]
    assert len(reps) > 0
    # Each sheet is a representative's ballot, numbered without the R (R049 -> 049).
    assert sorted(reps.subject_id.str.lstrip("R")) == sorted(sheets.subject_id)
    assert sorted(reps.detail) == sorted(sheets.detail)
    others = by_rows[by_rows.subject_kind == "department"].reset_index(drop=True)
    assert others.equals(by_sheets[by_sheets.subject_kind == "department"].reset_index(drop=True))


def test_ballot_accounting_in_results_json(sample: Path, tmp_path: Path) -> None:
    cycle = libreview.load(sample / "2017-sheets")
    cycle.report("json", tmp_path)
    accounting = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["accounting"]
    assert accounting["ballots"]["issued"] == 160
    assert accounting["ballots"]["returned"] == 150
    assert accounting["ballots"]["return_rate"] == pytest.approx(150 / 160)
    assert 0 < accounting["ballots"]["valid"] <= 150
    assert accounting["questionnaires"]["issued"] == 2040
    assert accounting["questionnaires"]["returned"] == 2000
    # The same figures from the rows, without issued.
    libreview.load(sample / "2017").report("json", tmp_path / "rows")
    rows = json.loads((tmp_path / "rows" / "results.json").read_text(encoding="utf-8"))["accounting"]
    assert rows["ballots"] == {**accounting["ballots"], "issued": None, "return_rate": None}


def test_reconcile_identical_keyings(sample: Path) -> None:
    assert libreview.reconcile(sample / "2017-sheets", sample / "2017-sheets").empty


def test_reconcile_lists_every_planted_difference(exe: str, sample: Path, tmp_path: Path) -> None:
    a = sample / "2017-sheets"
    b = tmp_path / "b"
    shutil.copytree(a, b)
    # A rating keyed as its code on one side (the same), one changed, a date written otherwise (the
    # same), a date changed, a sheet missing.
    sheets = (b / "测评表.csv").read_text(encoding="utf-8").splitlines()
    header = sheets[0].split(",")
    first = sheets[1].split(",")
    i = next(k for k in range(2, len(first)) if first[k] == "满意")
    first[i] = "1"
    j = next(k for k in range(i + 1, len(first)) if first[k] == "满意")
    first[j] = "不满意"
    sheets[1] = ",".join(first)
    dropped = sheets.pop(2).split(",")[0]
    (b / "测评表.csv").write_text("\n".join(sheets) + "\n", encoding="utf-8")
    complaints = (b / "投诉.csv").read_text(encoding="utf-8")
    complaints = complaints.replace("C2017001,D34,2017/1/6", "C2017001,D34,2017年1月6日", 1)
    complaints = complaints.replace("C2017002,D19,2017/1/13", "C2017002,D19,2017/1/14", 1)
    (b / "投诉.csv").write_text(complaints, encoding="utf-8")

    departments = {d["name"]: d["id"] for d in libreview.load(a).departments.to_dict("records")}
    diff = libreview.reconcile(a, b)
    got = sorted(map(tuple, diff.fillna("-").to_numpy().tolist()))
    assert got == sorted([
        ("ballot_sheets", first[0], departments[header[j]], "satisfied", "dissatisfied"),
        ("ballot_sheets", dropped, "", "", "-"),
        ("complaints", "C2017002", "received_on", "2017-01-13", "2017-01-14"),
    ])
    run = subprocess.run([exe, "--lang", "en", "reconcile", str(a), str(b)], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "3 difference(s)"
    assert sorted(lines[:-1]) == sorted([
        f"ballot_sheets:{dropped}: only in A",
        f"ballot_sheets:{first[0]}:{departments[header[j]]}: satisfied ≠ dissatisfied",
        "complaints:C2017002:received_on: 2017-01-13 ≠ 2017-01-14",
    ])
    same = subprocess.run([exe, "--lang", "zh", "reconcile", str(a), str(a)], capture_output=True, text=True)
    assert same.returncode == 0 and same.stdout == "两次录入一致\n"


def write_workbook(folder: Path, path: Path) -> dict[str, str]:
    """The folder as an office's workbook: sheets named by the Chinese file names, dates as
    real date cells, a daily-work score as a formula with its cached value. Returns the
    cell of that formula (sheet, reference)."""
    import csv
    import datetime as dt
    import re

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy年m月d日"})
    info = book.add_worksheet("cycle")
    info.write_row(0, 0, ["key", "value"])
    toml = (folder / "cycle.toml").read_text(encoding="utf-8")
    keys = {"year": re.search(r"year = (\d+)", toml)[1], "region": "test-county", "name": "测试县",
            "as_of": "2017-12-31", "ballots.issued": re.search(r"\[ballots\]\nissued = (\d+)", toml)[1],
            "questionnaires.issued": re.search(r"\[questionnaires\]\nissued = (\d+)", toml)[1]}
    for r, (k, v) in enumerate(keys.items(), start=1):
        info.write_string(r, 0, k)
        info.write_string(r, 1, v)
    formula = {}
    for p in sorted(folder.glob("*.csv")):
        sheet = book.add_worksheet(p.stem)
        with p.open(encoding="utf-8", newline="") as f:
            for r, row in enumerate(csv.reader(f)):
                for c, value in enumerate(row):
                    day = libreview_date(value)
                    if r > 0 and day is not None:
                        sheet.write_datetime(r, c, dt.datetime(day.year, day.month, day.day), date_format)
                    elif p.stem == "日常考核" and r == 1 and c == 1:
                        sheet.write_formula(r, c, f"={value}-1+1", None, float(value))
                        formula = {"sheet": p.stem, "cell": "B2"}
                    else:
                        sheet.write_string(r, c, value)
    book.close()
    return formula


def libreview_date(value: str):
    import datetime as dt
    import re

    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def test_workbook_with_chinese_sheet_names_date_cells_and_formulas(repo: Path, tmp_path: Path) -> None:
    folder = repo / "tests" / "data" / "cycle-small-sheets"
    book = tmp_path / "录入.xlsx"
    write_workbook(folder, book)
    from_book = libreview.load(book)
    from_folder = libreview.load(folder)
    assert from_book.score("default").to_pandas().equals(from_folder.score("default").to_pandas())
    assert libreview.reconcile(folder, book).empty
    assert libreview.reconcile(book, repo / "tests" / "data" / "cycle-small").shape[0] > 0


def test_workbook_formula_without_cached_value_is_refused_naming_the_cell(repo: Path, tmp_path: Path) -> None:
    import re

    folder = repo / "tests" / "data" / "cycle-small-sheets"
    book = tmp_path / "录入.xlsx"
    write_workbook(folder, book)
    # What a program that writes formulas without computing them leaves: <f> and no <v>.
    stripped = tmp_path / "uncomputed.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            dst.writestr(item, data)
    with pytest.raises(libreview.ValidationError) as refused:
        libreview.load(stripped)
    assert "cell B2 of sheet '日常考核' holds a formula without a cached value" in str(refused.value)


def test_workbook_two_sheets_for_one_table(tmp_path: Path) -> None:
    import xlsxwriter

    extra = tmp_path / "extra.xlsx"
    wb = xlsxwriter.Workbook(str(extra))
    wb.add_worksheet("cycle").write_row(0, 0, ["year", "2017"])
    wb.add_worksheet("departments").write_row(0, 0, ["id"])
    wb.add_worksheet("部门").write_row(0, 0, ["id"])
    wb.close()
    diagnostics = [str(d) for d in libreview.validate(extra)]
    assert "extra.xlsx[departments]: two files for one table (extra.xlsx[部门])" in diagnostics
