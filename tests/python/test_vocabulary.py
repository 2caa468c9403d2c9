"""One word per concept (spec office-year section 5): the same department's flags,
grade, components and deductions read the same in its feedback letter, the
annual report, the workbook, results.csv/flags.csv and Python, and every one of
those words is the core's vocabulary (``libreview.vocabulary()``).

The sample county is scored as ``libreview run`` does it (2016 saved into a
store first, so that 2017 has relapses), and the docx, xlsx and csv reports are
written from the same results and read back with python-docx, openpyxl and the
csv module.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import libreview
from libreview import _core
from libreview._vocabulary import code_of, codes, label

#: Words the outputs used before the vocabulary was one: none may come back
#: (as patterns: 问卷得分 alone, not within 群众问卷得分).
RETIRED = ["问题反弹", "缺少分项", "票评与问卷背离", "有效票不足", "测评票得分", "(?<!群众)问卷得分",
           "(?<!序列)末位、"]


@pytest.fixture(scope="module")
def written(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("vocabulary")
    store = base / "review.db"
    libreview.load(sample / "2016", store=store).score()  # saved once scored, as `libreview run` saves
    cycle = libreview.load(sample / "2017", store=store)
    results = cycle.score()
    out = base / "2017"
    for fmt in ("csv", "xlsx", "docx"):
        cycle.report(fmt, out, results=results)
    return {"cycle": cycle, "results": results, "out": out}


@pytest.fixture(scope="module")
def csv_flags(written: dict) -> dict[str, list[str]]:
    """Department id -> flag codes, from results.csv."""
    with open(written["out"] / "results.csv", encoding="utf-8-sig", newline="") as f:
        return {r["department_id"]: [x for x in r["flags"].split(";") if x] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def csv_grades(written: dict) -> dict[str, str]:
    with open(written["out"] / "results.csv", encoding="utf-8-sig", newline="") as f:
        return {r["department_id"]: r["grade"] for r in csv.DictReader(f)}


def names(written: dict) -> dict[str, str]:
    deps = written["cycle"].departments
    return dict(zip(deps["id"], deps["name"]))


def split_labels(text: str | None) -> list[str]:
    return [x for x in (text or "").split("、") if x]


def test_the_vocabulary_is_the_cores() -> None:
    words = libreview.vocabulary()
    assert list(words.columns) == ["family", "code", "zh", "en"]
    assert not words.duplicated(["family", "code"]).any() and not words.duplicated(["family", "zh"]).any()
    for family, terms in _core.vocabulary().items():
        assert [t["code"] for t in terms] == codes(family)
        for t in terms:
            assert label(family, t["code"]) == t["zh"] and label(family, t["code"], "en") == t["en"]
        assert len({t["zh"] for t in terms}) == len(terms), family
    assert codes("grade") == ["excellent", "good", "fair", "poor"]
    assert label("flag", "relapse") == label("deduction", "relapse") == "问题重犯"
    assert label("flag", "last_place") == "序列末位"
    with pytest.raises(KeyError, match="county_special_rule"):
        label("flag", "county_special_rule")
    with pytest.raises(KeyError):
        label("colour", "red")


def test_flags_csv_agrees_with_results_csv(written: dict, csv_flags: dict[str, list[str]]) -> None:
    by_department: dict[str, list[str]] = defaultdict(list)
    with open(written["out"] / "flags.csv", encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            assert r["subject_kind"] == "department"  # flags.csv may leave the office
            by_department[r["subject_id"]].append(r["flag"])
    assert {d: sorted(f) for d, f in by_department.items()} == {d: f for d, f in csv_flags.items() if f}
    seen = {f for fs in csv_flags.values() for f in fs}
    # The sample shows most flags; each is a code of the vocabulary.
    assert seen >= {"last_place", "relapse", "overdue_rectification", "self_overestimate", "missing_component",
                    "ballot_public_divergence"}
    assert seen <= set(codes("flag"))


def test_one_word_per_flag_and_grade_in_every_output(written: dict, csv_flags: dict[str, list[str]],
                                                     csv_grades: dict[str, str]) -> None:
    out = written["out"]
    name_of = names(written)
    expected_flags = {d: [label("flag", f) for f in fs] for d, fs in csv_flags.items()}
    expected_grade = {d: label("grade", g) for d, g in csv_grades.items() if g}

    # The letter: 评定等次为“X”, and what the checks found as a sentence (评议中发现，你单位…), not as tags.
    letters = {}
    for path in sorted((out / "反馈意见书").glob("*.docx")):
        dep = path.name.split("-", 1)[0]
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        grade = re.search(r"评定等次为“([^”]+)”", text)
        assert "需要注意" not in text, dep
        letters[dep] = (grade[1] if grade else None, "评议中发现，你单位" in text)
    participating = set(expected_grade)
    assert set(letters) == participating

    # The annual report: each sequence's table 序列名次, 部门, 综合得分, 全县名次, 等次, 提示.
    report = Document(str(out / "2017年度民主评议行风工作报告.docx"))
    in_report = {}
    for table in report.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["序列名次", "部门"]:
            for row in table.rows[1:]:
                cells = [c.text for c in row.cells]
                in_report[cells[1]] = (cells[4], split_labels(cells[5]))

    # The workbook: 排名, columns 部门名称, 等次, 提示与备注.
    ws = openpyxl.load_workbook(out / "2017年度民主评议行风结果.xlsx")["排名"]
    header = [c.value for c in ws[3]]
    name_col, grade_col, remark_col = header.index("部门名称"), header.index("等次"), header.index("提示与备注")
    in_book = {row[name_col]: (row[grade_col], split_labels(row[remark_col]))
               for row in ws.iter_rows(min_row=4, values_only=True)}

    # Python: Results.ranking(), its HTML and the receipts.
    ranking = written["results"].ranking().set_index("部门编号")
    page = written["results"]._repr_html_()

    for dep in sorted(participating):
        words = (expected_grade[dep], expected_flags[dep])
        assert letters[dep] == (words[0], bool(words[1])), f"letter of {dep}"
        assert in_report[name_of[dep]] == words, f"annual report, {dep}"
        assert in_book[name_of[dep]] == words, f"workbook, {dep}"
        assert (ranking.loc[dep, "等次"], split_labels(ranking.loc[dep, "提示"])) == words, f"ranking(), {dep}"
        receipt = str(written["results"].receipt(dep))
        assert f"等次 grade: {words[0]} {csv_grades[dep]}" in receipt
        for code, word in zip(csv_flags[dep], words[1]):
            assert f"{word} {code}" in receipt, (dep, code)
        assert f">{words[0]}</td>" in page
    exempt = set(csv_grades) - participating
    assert exempt and all(ranking.loc[d, "等次"] == label("department_status", "exempt") for d in exempt)


def test_one_word_per_component_and_deduction(written: dict) -> None:
    out = written["out"]
    results = written["results"]
    components = [label("component", c) for c in ("ballot", "questionnaire", "daily_work")]
    assert components == ["代表测评", "群众问卷", "日常考核"]
    # The annual report's ranking table and the workbook's ranking sheet head their columns with them.
    report = Document(str(out / "2017年度民主评议行风工作报告.docx"))
    assert any([c.text for c in t.rows[0].cells][3:6] == components for t in report.tables)
    ws = openpyxl.load_workbook(out / "2017年度民主评议行风结果.xlsx")["排名"]
    assert [c.value for c in ws[3]][4:7] == [f"{c}得分" for c in components]

    # A department with every deduction: its letter's 扣分明细 and its receipt name them alike.
    deducted = [d for d in results.to_pandas()["department_id"]
                if sum(1 for x in results.receipt(d).deductions if x["items"]) >= 2]
    assert deducted
    for dep in deducted:
        receipt = results.receipt(dep)
        letter = next((out / "反馈意见书").glob(f"{dep}-*.docx"))
        doc = Document(str(letter))
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "扣分项")
        in_letter = [r.cells[0].text for r in table.rows[1:]]
        assert in_letter == [label("deduction", x["kind"]) for x in receipt.deductions]
        headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
        for c in receipt.components:
            assert any(h.endswith(label("component", c["component"])) for h in headings), c["component"]
        text = str(receipt)
        for x in receipt.deductions:
            assert f"扣分 {label('deduction', x['kind'])} {x['kind']}" in text
        for c in receipt.components:
            assert f"{label('component', c['component'])} {c['component']}" in text


def test_no_retired_word_in_any_output(written: dict) -> None:
    out = written["out"]
    texts = []
    for path in out.rglob("*.docx"):
        doc = Document(str(path))
        texts += [p.text for p in doc.paragraphs]
        texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    book = openpyxl.load_workbook(out / "2017年度民主评议行风结果.xlsx")
    texts += [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    results = written["results"]
    texts.append(results._repr_html_())
    texts += [str(results.receipt(d)) for d in results.to_pandas()["department_id"]]
    everything = "\n".join(texts)
    for word in RETIRED:
        assert not re.search(word, everything), word
    # Every grade word the outputs show is one of the vocabulary's.
    for grade in re.findall(r"评定等次为“([^”]+)”", everything):
        assert code_of("grade", grade)
