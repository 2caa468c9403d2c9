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


QUARTERS = [dt.date(2017, 3, 31), dt.date(2017, 6, 30), dt.date(2017, 9, 30), dt.date(2017, 12, 31)]


def quarterly_files(sample: Path, folder: Path) -> tuple[Path, list[Path], list[dict[str, str]]]:
    """The sample's 2017 cycle as it stood at the hearings (every item open), and four
    quarterly progress files that bring each item to the status the sample ends the year
    with: 整改中 in the quarter after it was set, 已整改/已销号 on its closing day."""
    start = folder / "2017-open"
    shutil.copytree(sample / "2017", start)
    final = items(sample)
    with open(start / "rectifications.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(final[0].keys()), lineterminator="\n")
        w.writeheader()
        for r in final:
            w.writerow({**r, "status": "open", "closed_on": ""})
    lines: list[list[tuple[dt.date, dict[str, str], str]]] = [[], [], [], []]
    for r in final:
        if r["status"] == "open":
            continue
        closed = dt.date.fromisoformat(r["closed_on"]) if r["closed_on"] else None
        if r["status"] == "in_progress" or closed is None:
            lines[1].append((dt.date(2017, 5, 20), r, "整改中"))
            continue
        q = next(i for i, end in enumerate(QUARTERS) if closed <= end)
        lines[q].append((closed, r, "已销号" if r["status"] == "verified" else "已整改"))
    files = []
    for q, rows in enumerate(lines):
        path = folder / f"整改进展-Q{q + 1}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("整改编号,日期,状态,情况,督查人\n")
            for day, r, status in sorted(rows, key=lambda x: (x[0], x[1]["id"])):
                f.write(f"{r['id']},{day.year}年{day.month}月{day.day}日,{status},第{q + 1}季度督查,督查组\n")
        files.append(path)
    return start, files, final


def test_a_year_of_quarterly_progress_keeps_the_history_and_the_ledger_right(sample: Path, tmp_path: Path):
    start, files, final = quarterly_files(sample, tmp_path)
    store = tmp_path / "review.db"
    assert run("import", start, "--store", store).returncode == 0
    for q, (path, as_of) in enumerate(zip(files, QUARTERS)):
        out = tmp_path / f"Q{q + 1}"
        done = run("track", "--store", store, "--year", "2017", "--progress", path, "--as-of", as_of.isoformat(),
                   "--out", out)
        assert done.returncode == 0, done.stderr
        # Independently: what is closed by this quarter's end, what is overdue then.
        closed_by = {r["id"] for r in final if r["status"] in ("rectified", "verified") and r["closed_on"]
                     and dt.date.fromisoformat(r["closed_on"]) <= as_of}
        late = {r["id"] for r in final if r["deadline"] and dt.date.fromisoformat(r["deadline"]) < as_of
                and r["id"] not in closed_by}
        book = out / "整改督办台账.xlsx"
        assert {r[1] for r in sheet_rows(book, "逾期未完成")} == late, f"Q{q + 1}"
        assert {r[1] for r in sheet_rows(book, "本期销号")} == {
            r["id"] for r in final if r["id"] in closed_by
            and (q == 0 or dt.date.fromisoformat(r["closed_on"]) > QUARTERS[q - 1])}, f"Q{q + 1}"
        # Applying the same file again changes nothing.
        again = run("track", "--store", store, "--year", "2017", "--progress", path, "--as-of", as_of.isoformat(),
                    "--out", tmp_path / f"Q{q + 1}-again")
        assert again.returncode == 0 and "已登记整改进展 0 条" in again.stdout, again.stdout + again.stderr
    # At the year's end every item stands where the sample ends it, each with its whole history.
    cycle = libreview.load(store=store, region="seed-county", year=2017)
    stored = cycle.rectifications.set_index("id")
    for r in final:
        assert stored.loc[r["id"], "status"] == r["status"], r["id"]
    records = sheet_rows(tmp_path / "Q4" / "整改督办台账.xlsx", "进展记录")
    lines = [line.split(",") for f in files for line in f.read_text(encoding="utf-8").splitlines()[1:]]
    assert len(records) == len(lines)  # each line once, re-applications not repeated
    # Each item's status history: open at the import, then one change per line, in order.
    import sqlite3

    with sqlite3.connect(store) as db:
        kept = {}
        for item, status, on in db.execute("SELECT item_id, status, on_date FROM rectification_history "
                                           "ORDER BY item_id, seq"):
            kept.setdefault(item, []).append((status, on))
    words = {"整改中": "in_progress", "已整改": "rectified", "已销号": "verified"}
    for item, day, status, *_ in lines:
        y, rest = day.split("年")
        m, d = rest.rstrip("日").split("月")
        assert (words[status], f"{y}-{int(m):02}-{int(d):02}") in kept[item], item
    for r in final:
        ours = [s for s, _ in kept[r["id"]]]
        assert ours[0] == "open" and len(ours) == 1 + sum(1 for line in lines if line[0] == r["id"]), r["id"]


def test_a_duplicate_item_and_date_is_refused(sample: Path, store: str, tmp_path: Path):
    late = sorted(overdue(items(sample)))
    progress = tmp_path / "progress.csv"
    progress.write_text("item_id,date,status,note,inspector\n"
                        f"{late[0]},2018-01-10,in_progress,first,张三\n"
                        f"{late[0]},2018/1/10,rectified,second,张三\n", encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--out", tmp_path / "out")
    assert done.returncode == 1 and "progress.csv:3:1: 同一整改事项同一日期出现两次" in done.stderr
    # A line for an item and date recorded before, with other words, is refused too.
    progress.write_text(f"item_id,date,status,note,inspector\n{late[0]},2018-01-10,in_progress,first,张三\n",
                        encoding="utf-8")
    assert run("track", "--store", store, "--year", "2017", "--progress", progress, "--out", tmp_path / "a").returncode == 0
    progress.write_text(f"item_id,date,status,note,inspector\n{late[0]},2018-01-10,rectified,changed,张三\n",
                        encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--out", tmp_path / "b")
    assert done.returncode == 1 and "progress.csv:2:1: 该整改事项该日期已登记了不同的进展" in done.stderr
    assert not (tmp_path / "b").exists()


def test_city_referred_complaints_are_followed_the_same_way(sample: Path, store: str, tmp_path: Path):
    text = (sample / "2017" / "complaints.csv").read_text(encoding="utf-8-sig")
    referred = [r for r in csv.DictReader(io.StringIO(text)) if r["channel"] == "city_referral"]
    open_ones = sorted(r["id"] for r in referred if not r["closed_on"])
    assert len(open_ones) >= 2
    progress = tmp_path / "progress.csv"
    progress.write_text(f"item_id,date,status,note,inspector\n{open_ones[0]},2018-01-08,已销号,已答复市行评办,张三\n",
                        encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--as-of", "2018-01-12",
               "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    rows = {r[0]: r for r in sheet_rows(tmp_path / "out" / "整改督办台账.xlsx", "市转办投诉")}
    assert set(rows) == {r["id"] for r in referred}
    assert rows[open_ones[0]][5].date() == dt.date(2018, 1, 8) and rows[open_ones[0]][6] == "已办结"
    due = {r["id"]: dt.date.fromisoformat(r["due_on"]) for r in referred}
    for other in open_ones[1:]:
        assert rows[other][6] == ("逾期未答复" if due[other] < dt.date(2018, 1, 12) else "待答复"), other
    stored = libreview.load(store=store, region="seed-county", year=2017).complaints.set_index("id")
    assert str(stored.loc[open_ones[0], "closed_on"])[:10] == "2018-01-08"


def test_notices_of_departments_with_nothing_overdue_now_are_withdrawn(sample: Path, store: str, tmp_path: Path):
    """The notices folder holds the current ledger's notices only: once a department's overdue
    items are closed, the notice an earlier ledger wrote for it is removed (an office sends what
    it finds there); the others are rewritten."""
    out = tmp_path / "out"
    assert run("track", "--store", store, "--year", "2017", "--as-of", "2018-01-15", "--out", out).returncode == 0
    before = sorted(p.name for p in (out / "督办通知书").iterdir())
    rows = items(sample)
    late = overdue(rows)
    by_department: dict[str, list[str]] = {}
    for r in rows:
        if r["id"] in late:
            by_department.setdefault(r["department_id"], []).append(r["id"])
    department, ids = sorted(by_department.items())[0]
    progress = tmp_path / "progress.csv"
    progress.write_text("item_id,date,status,note,inspector\n" +
                        "".join(f"{i},2018-01-12,verified,已核查销号,张三\n" for i in ids), encoding="utf-8")
    keep = out / "督办通知书" / "说明.txt"  # not a notice: left alone
    keep.write_text("科室备注", encoding="utf-8")
    done = run("track", "--store", store, "--year", "2017", "--progress", progress, "--as-of", "2018-01-15",
               "--out", out)
    assert done.returncode == 0, done.stderr
    after = sorted(p.name for p in (out / "督办通知书").iterdir())
    withdrawn = [n for n in before if n.startswith(department + "-")]
    assert len(withdrawn) == 1 and withdrawn[0] not in after
    assert sorted(set(before) - set(withdrawn) | {"说明.txt"}) == after
