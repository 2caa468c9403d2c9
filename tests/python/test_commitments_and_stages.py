"""Through the year (office-year.md 3): commitments kept (K), the shortened cycle against
seed-county on the sample, and the stage calendar used by `libreview validate`.

Expectations are computed here from the sample's CSV files and the profiles' TOML, not from
libreview's own numbers."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

import libreview


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe
    env = {**os.environ, "LANG": "C", "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run([exe, *args], check=check, capture_output=True, text=True, env=env)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def figure(text: str) -> float | None:
    return float(text) if text else None


def run_results(tmp: Path, source: Path, profile: str) -> dict[str, dict[str, str]]:
    out = tmp / profile
    cli("-q", "run", str(source), "--profile", profile, "--out", str(out), "--format", "csv")
    return {r["department_id"]: r for r in rows(out / "results.csv")}


def ranking(results: dict[str, dict[str, str]]) -> list[str]:
    ranked = [r for r in results.values() if r["rank_overall"]]
    return [r["department_id"] for r in sorted(ranked, key=lambda r: (int(r["rank_overall"]), r["department_id"]))]


def k_by_hand(folder: Path, as_of: dt.date) -> dict[str, float]:
    """K of office-year.md 3: fulfilled ÷ commitments due by as_of × 100 (no due date: Dec 31)."""
    due: dict[str, int] = {}
    kept: dict[str, int] = {}
    for c in rows(folder / "commitments.csv"):
        due_on = day(c["due_on"]) if c["due_on"] else dt.date(as_of.year, 12, 31)
        if due_on > as_of:
            continue
        due[c["department_id"]] = due.get(c["department_id"], 0) + 1
        kept[c["department_id"]] = kept.get(c["department_id"], 0) + (c["status"] in ("fulfilled", "已兑现"))
    return {d: kept[d] / n * 100 for d, n in due.items()}


def test_shortened_cycle_ranks_the_sample_otherwise_and_compare_says_why(tmp_path: Path, sample: Path) -> None:
    source = sample / "2017"
    seed = run_results(tmp_path, source, "seed-county")
    short = run_results(tmp_path, source, "shortened-cycle")
    assert ranking(seed) != ranking(short)

    # The shortened cycle's composite, independently: 0.5·B + 0.5·K − D (B and D are the same
    # figures under both profiles), renormalised to B − D where no commitment is due.
    k = k_by_hand(source, dt.date(2017, 12, 31))
    checked = 0
    for d, r in short.items():
        if not r["composite"]:
            assert r["status"] == "exempt"
            continue
        b, deductions = float(seed[d]["ballot_score"]), float(seed[d]["deductions"])
        assert float(r["ballot_score"]) == b and float(r["deductions"]) == deductions
        expected = (0.5 * b + 0.5 * k[d]) if d in k else b
        expected = min(100.0, max(0.0, expected - deductions))
        assert abs(float(r["composite"]) - expected) <= 0.006, (d, r["composite"], expected)
        checked += 1
    assert checked == 47

    out = cli("--lang", "en", "compare", str(source), "--profile", "seed-county", "--profile", "shortened-cycle").stdout
    assert "A: seed-county / default\nB: shortened-cycle / default" in out
    for line in ("weights.K: 0 → 0.5", "weights.questionnaire: 0.3 → 0", "weights.daily_work: 0.2 → 0",
                 "required.questionnaires: true → false"):
        assert f"    {line}\n" in out
    # The department that moved most, with K and each side's weights as applied.
    moved = {d: abs(int(seed[d]["rank_overall"]) - int(short[d]["rank_overall"]))
             for d in seed if seed[d]["rank_overall"] and short[d]["rank_overall"]}
    top = max(moved.values())
    lines = out.split("moved most (components; weights as applied, A | B):\n")[1].splitlines()
    first = lines[0].strip().split(":")[0].split()[0]
    assert moved[first] == top
    assert f"commitment {k[first]:.2f}" in lines[0] and "ballot 0.5, commitment 0.5 →" in lines[0]
    zh = cli("--lang", "zh", "compare", str(source), "--profile", "seed-county", "--profile", "shortened-cycle").stdout
    assert "为何不同：\n  方案参数（A → B）：\n" in zh and "承诺兑现 0.5" in zh


def test_the_python_results_carry_k_where_weighted(sample: Path) -> None:
    cycle = libreview.load(sample / "2017")
    plain = cycle.score()
    assert list(plain.to_pandas().columns) == libreview.RESULT_COLUMNS
    assert plain.receipt("D01").commitments is None
    short = cycle.score(profile="shortened-cycle")
    df = short.to_pandas().set_index("department_id")
    at = libreview.RESULT_COLUMNS.index("daily_work_score") + 1
    assert list(short.to_pandas().columns)[at] == "commitment_score"
    k = k_by_hand(sample / "2017", dt.date(2017, 12, 31))
    for d, value in k.items():
        if df.loc[d, "status"] == "participating":
            assert df.loc[d, "commitment_score"] == pytest.approx(value)
    receipt = short.receipt("D01")
    assert receipt.commitments["score"] == pytest.approx(k["D01"])
    assert receipt.weights["commitment"] == pytest.approx(0.5)
    assert "承诺兑现 commitment" in str(receipt)


def test_the_shortened_cycle_needs_no_questionnaires(tmp_path: Path, sample: Path) -> None:
    folder = tmp_path / "2017"
    shutil.copytree(sample / "2017", folder)
    for name in ("questionnaires.csv", "hearings.csv", "surveys.csv"):
        (folder / name).unlink()
    refused = cli("--lang", "en", "validate", str(folder), check=False)
    assert refused.returncode == 1 and "questionnaires.csv: missing required file" in refused.stdout
    ok = cli("--lang", "en", "validate", str(folder), "--profile", "shortened-cycle")
    assert ok.stdout.startswith("ok: seed-county 2017")
    results = run_results(tmp_path, folder, "shortened-cycle")
    assert sum(1 for r in results.values() if r["composite"]) == 47
    assert all(r["questionnaire_score"] == "" for r in results.values())
    assert not any("missing_component" in r["flags"] for r in results.values() if r["department_id"] in
                   k_by_hand(folder, dt.date(2017, 12, 31)))
    # A cycle whose own region is the shortened cycle needs no --profile.
    toml = (folder / "cycle.toml").read_text(encoding="utf-8").replace('"seed-county"', '"shortened-cycle"')
    (folder / "cycle.toml").write_text(toml, encoding="utf-8")
    assert cli("--lang", "en", "validate", str(folder)).stdout.startswith("ok: shortened-cycle 2017")
    assert libreview.load(folder).score().profile == "shortened-cycle"


def stage_windows(repo: Path, profile: str, year: int) -> dict[str, tuple[dt.date, dt.date]]:
    stages = tomllib.loads((repo / "plugins" / "regions" / f"{profile}.toml").read_text(encoding="utf-8"))["stages"]
    return {s["id"]: (day(f"{year}-{s['start']}"), day(f"{year}-{s['end']}")) for s in stages}


def test_validate_warns_of_dates_outside_their_stage(repo: Path, sample: Path) -> None:
    windows = stage_windows(repo, "seed-county", 2017)
    expected = []
    for file, field, stage in (("commitments.csv", "published_on", "commitment"), ("hearings.csv", "held_on", "hearing"),
                               ("activities.csv", "date", "outreach"), ("surveys.csv", "visited_on", "survey")):
        with (sample / "2017" / file).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            column = header.index(field) + 1
            for row in reader:
                start, end = windows[stage]
                if row[column - 1] and not start <= day(row[column - 1]) <= end:
                    expected.append((file, reader.line_num, column, row[column - 1], stage))
    hearings = [e for e in expected if e[0] == "hearings.csv"]
    surveys = [e for e in expected if e[0] == "surveys.csv"]
    assert hearings and surveys  # the sample's hearings and surveys fall outside seed-county's windows

    done = cli("--lang", "zh", "validate", str(sample / "2017"))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("数据无误：seed-county 2017")
    assert lines[-1] == f"阶段日程提示 {len(expected)} 条（阶段安排取自方案“seed-county”），仅供核对，数据已通过检查"
    shown = lines[1:-1]
    assert len(shown) == 101 and shown[-1] == f"……另有 {len(expected) - 100} 条阶段日程提示"
    names = {"commitment": "公开承诺", "hearing": "听证质询", "outreach": "三联系一走访", "survey": "社情民意大调查"}
    headers = {"commitments.csv": "公开日期（published_on）", "hearings.csv": "听证日期（held_on）",
               "activities.csv": "日期（date）", "surveys.csv": "走访日期（visited_on）"}
    want = [f"{file}:{line}:{column}: {headers[file]}不在“{names[stage]}”阶段（{windows[stage][0]}至{windows[stage][1]}）"
            f"之内 ({value})" for file, line, column, value, stage in expected]
    assert shown[:-1] == want[:100]

    en = cli("--lang", "en", "validate", str(sample / "2017")).stdout
    h = hearings[0]
    assert (f"{h[0]}:{h[1]}:{h[2]}: held_on is outside the stage hearing (听证质询) "
            f"({windows['hearing'][0]} to {windows['hearing'][1]}) ({h[3]})") in en
    assert f"{len(expected)} calendar warning(s) (stages from profile 'seed-county')" in en

    # Stages of cycle.toml come first: the small fixture's window holds its commitments; no warning.
    small = cli("--lang", "en", "validate", str(repo / "tests" / "data" / "cycle-small")).stdout
    assert small.count("\n") == 1 and small.startswith("ok: test-county 2017")


def test_a_bad_commitment_status_is_refused_where_it_stands(tmp_path: Path, sample: Path) -> None:
    folder = tmp_path / "2017"
    shutil.copytree(sample / "2017", folder)
    text = (folder / "commitments.csv").read_text(encoding="utf-8")
    (folder / "commitments.csv").write_text(text.replace(",fulfilled\n", ",已完成\n", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.endswith(",fulfilled"))
    done = cli("--lang", "zh", "validate", str(folder), check=False)
    assert done.returncode == 1
    assert f"commitments.csv:{line}:7: 状态（status）不在可选值之内 (已完成)" in done.stdout


def test_the_calendar_as_a_data_frame() -> None:
    df = libreview.calendar("shortened-cycle", 2019)
    assert list(df.columns) == libreview.CALENDAR_COLUMNS
    assert list(df.itertuples(index=False, name=None)) == [
        ("commitment", "公开承诺", dt.date(2019, 8, 1), dt.date(2019, 8, 31), 31),
        ("implementation", "办实事", dt.date(2019, 9, 1), dt.date(2019, 12, 15), 106),
        ("evaluation", "年底测评投票", dt.date(2019, 12, 16), dt.date(2019, 12, 31), 16),
    ]
    assert isinstance(df, pd.DataFrame)


def test_letters_and_the_booklet_show_each_commitments_status(tmp_path: Path, sample: Path) -> None:
    import docx

    cli("run", str(sample / "2017"), "--out", str(tmp_path), "--format", "docx")
    commitments = rows(sample / "2017" / "commitments.csv")
    labels = {"fulfilled": "已兑现", "in_progress": "推进中", "unfulfilled": "未兑现"}
    for dep in ("D01", "D05"):
        mine = [c for c in commitments if c["department_id"] == dep]
        letter = next((tmp_path / "反馈意见书").glob(f"{dep}-*.docx"))
        document = docx.Document(str(letter))
        text = "\n".join(p.text for p in document.paragraphs)
        counts = [sum(c["status"] == s for c in mine) for s in labels]
        assert f"你单位公开承诺{len(mine)}项，已兑现{counts[0]}项，推进中{counts[1]}项，未兑现{counts[2]}项" in text
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "承诺内容")
        assert [(r.cells[0].text, r.cells[2].text) for r in table.rows[1:]] == \
            [(c["text"], labels[c["status"]]) for c in mine]
    booklet = "\n".join(p.text for p in docx.Document(str(next(tmp_path.glob("*公开承诺汇编.docx")))).paragraphs)
    for c in commitments[:20]:
        assert labels[c["status"]] in booklet.split(c["text"], 1)[1].split("\n", 1)[0], c["id"]


def test_the_focus_theme_is_in_the_reports_text(tmp_path: Path, sample: Path) -> None:
    import docx

    cli("run", str(sample / "2017"), "--profile", "focus-theme", "--out", str(tmp_path), "--format", "docx")
    complaints = rows(sample / "2017" / "complaints.csv")
    n = sum(c["category"] == "吃拿卡要" and c["substantiated"] in ("true", "是", "yes", "1") for c in complaints)
    report = docx.Document(str(next(tmp_path.glob("*工作报告.docx"))))
    text = "\n".join(p.text for p in report.paragraphs)
    assert f"本年度评议以整治“吃拿卡要”问题为重点，经查属实的此类投诉按2倍扣分；全年受理此类投诉经查属实{n}件。" in text
    cli("run", str(sample / "2017"), "--out", str(tmp_path / "plain"), "--format", "docx")
    plain = docx.Document(str(next((tmp_path / "plain").glob("*工作报告.docx"))))
    assert not any("为重点" in p.text for p in plain.paragraphs)  # seed-county has no theme
