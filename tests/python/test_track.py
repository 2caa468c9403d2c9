"""Following rectification through the year (issue 15, office-year.md section 3):
`libreview track` applies a progress file to the stored items (history kept, all or
nothing), and writes 整改督办台账.xlsx and a 督办通知书 per department with overdue items."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

import libreview

AS_OF = dt.date(2018, 1, 15)


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def run(*args: str | os.PathLike) -> subprocess.CompletedProcess:
    return subprocess.run([command(), "--lang", "zh", *map(str, args)], capture_output=True, text=True)


def items(sample: Path) -> list[dict[str, str]]:
    text = (sample / "2017" / "rectifications.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def overdue(rows: list[dict[str, str]], as_of: dt.date = AS_OF) -> set[str]:
    return {r["id"] for r in rows if r["deadline"] and dt.date.fromisoformat(r["deadline"]) < as_of
            and r["status"] not in ("rectified", "verified")}


@pytest.fixture
def store(sample: Path, tmp_path: Path, request) -> str:
    where = str(tmp_path / "review.db") if not hasattr(request, "param") else request.getfixturevalue("pg_store")
    done = run("import", sample / "2016", sample / "2017", "--store", where)
    assert done.returncode == 0, done.stderr
    return where


def sheet_rows(book: Path, name: str) -> list[tuple]:
    ws = openpyxl.load_workbook(book)[name]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]


def test_the_ledger_and_the_notices_without_progress(sample: Path, store: str, tmp_path: Path):
    done = run("track", "--store", store, "--year", "2017", "--as-of", "2018-01-15", "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    late = overdue(items(sample))
    assert f"逾期未完成 {len(late)} 项" in done.stdout
    book = tmp_path / "out" / "整改督办台账.xlsx"
    assert openpyxl.load_workbook(book).sheetnames == ["汇总", "逾期未完成", "30日内到期", "本期销号", "上年结转",
                                                       "市转办投诉", "进展记录"]
    rows = sheet_rows(book, "逾期未完成")
    assert {r[1] for r in rows} == late
    for r in rows:  # 整改时限 a real date, 逾期天数 a number
        assert isinstance(r[5], dt.datetime) and r[7] == (AS_OF - r[5].date()).days
    soon = {r["id"] for r in items(sample) if r["deadline"] and r["status"] not in ("rectified", "verified")
            and 0 <= (dt.date.fromisoformat(r["deadline"]) - AS_OF).days <= 30}
    assert {r[1] for r in sheet_rows(book, "30日内到期")} == soon
    # 上年结转: the 2016 items never verified
    text16 = (sample / "2016" / "rectifications.csv").read_text(encoding="utf-8-sig")
    carried = {r["id"] for r in csv.DictReader(io.StringIO(text16)) if r["status"] != "verified"}
    assert {r[1] for r in sheet_rows(book, "上年结转")} == carried
    # One notice per department with overdue items, naming each of them and a reply date.
    departments = {r["department_id"] for r in items(sample) if r["id"] in late}
    notices = sorted((tmp_path / "out" / "督办通知书").glob("*.docx"))
    assert {p.name.split("-")[0] for p in notices} == departments
    first = docx.Document(str(notices[0]))
    text = "\n".join(p.text for p in first.paragraphs)
    ids = {c.text for t in first.tables for row in t.rows[1:] for c in row.cells[:1]}
    dep = notices[0].name.split("-")[0]
    assert ids == {r["id"] for r in items(sample) if r["id"] in late and r["department_id"] == dep}
    assert "整改督办通知书" in text and "2018年1月25日前" in text and "2018年1月15日" in text


def test_progress_is_applied_with_its_history_and_closes_items(sample: Path, store: str, tmp_path: Path):
    late = sorted(overdue(items(sample)))
    progress = tmp_path / "整改进展.csv"
    progress.write_text("整改编号,日期,状态,情况,督查人\n"
                        f"{late[0]},2018/1/10,已整改,已制定制度并落实,张三\n"
                        f"{late[1]},2018年1月12日,已销号,现场核查属实,李四\n", encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--as-of", "2018-01-15",
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "已登记整改进展 2 条" in done.stdout and "本期销号 2 项" in done.stdout
    book = tmp_path / "out" / "整改督办台账.xlsx"
    assert {r[1] for r in sheet_rows(book, "逾期未完成")} == set(late[2:])
    assert {r[1] for r in sheet_rows(book, "本期销号")} == {late[0], late[1]}
    records = sheet_rows(book, "进展记录")
    assert [(r[1], r[3], r[4], r[5]) for r in records] == [(late[0], "已整改", "已制定制度并落实", "张三"),
                                                           (late[1], "已销号", "现场核查属实", "李四")]
    stored = libreview.load(store=store, region="seed-county", year=2017).rectifications.set_index("id")
    assert stored.loc[late[0], "status"] == "rectified" and str(stored.loc[late[0], "closed_on"])[:10] == "2018-01-10"
    assert stored.loc[late[1], "status"] == "verified"
    # Re-importing the year keeps the progress records (the inspectors' word).
    assert run("import", sample / "2017", "--store", store).returncode == 0
    again = run("track", "--store", store, "--year", "2017", "--as-of", "2018-01-15", "--out", tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert len(sheet_rows(tmp_path / "again" / "整改督办台账.xlsx", "进展记录")) == 2


def test_a_bad_progress_file_changes_nothing_and_writes_nothing(sample: Path, store: str, tmp_path: Path):
    verified = next(r["id"] for r in items(sample) if r["status"] == "verified")
    late = sorted(overdue(items(sample)))
    progress = tmp_path / "progress.csv"
    progress.write_text("item_id,date,status,note,inspector\n"
                        f"{late[0]},2018-01-10,verified,ok,张三\n"
                        f"{verified},2018-01-11,in_progress,,李四\n"
                        "Z9999999,2018-01-12,rectified,,王五\n"
                        f"{late[1]},1/12/2018,rectified,,王五\n", encoding="utf-8")
    before = libreview.load(store=store, region="seed-county", year=2017).rectifications
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--out", tmp_path / "out")
    assert done.returncode == 1
    assert "progress.csv:5:2:" in done.stderr and "1/12/2018" in done.stderr  # the date, read first
    assert not (tmp_path / "out").exists()
    progress.write_text("\n".join(progress.read_text(encoding="utf-8").splitlines()[:4]) + "\n", encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--out", tmp_path / "out")
    assert done.returncode == 1
    assert "progress.csv:3:3: 状态倒退但未写明情况" in done.stderr
    assert "progress.csv:4:1: 数据库中该年度没有这一整改事项 (Z9999999)" in done.stderr
    assert not (tmp_path / "out").exists()
    after = libreview.load(store=store, region="seed-county", year=2017).rectifications
    assert after.equals(before)  # the good first line was not applied either


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
def test_track_on_the_shared_server(sample: Path, store: str, tmp_path: Path):
    late = sorted(overdue(items(sample)))
    progress = tmp_path / "progress.csv"
    progress.write_text(f"item_id,date,status,note,inspector\n{late[0]},2018-01-10,verified,核查,张三\n",
                        encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--as-of", "2018-01-15",
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert {r[1] for r in sheet_rows(tmp_path / "out" / "整改督办台账.xlsx", "逾期未完成")} == set(late[1:])
