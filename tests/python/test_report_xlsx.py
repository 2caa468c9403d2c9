"""The xlsx report read back with openpyxl, compared with reference XML, and rendered.

How the workbook gets here: the build makes ``tests/write_report_fixture``, a
small C++ program that loads the ``xlsx`` report plugin from the build's plugin
folder and writes the hand-built ``make_report_fixture()`` of ``tests/cpp/fixtures.cpp``
(with spreadsheet formula payloads in typed texts). The module fixture below
runs it into ``<build>/tests/out/xlsx/``, once plain and once with the integrity
sheet. ``<build>`` is ``$LIBREVIEW_BUILD_DIR``, else ``build/wheel`` (where scripts/run-tests.sh builds).

Reference XML: ``tests/data/reference/xlsx/`` holds parts of the plain workbook,
pretty-printed, with the document dates taken out. After a deliberate change to
the output, regenerate them and review the diff::

    LIBREVIEW_UPDATE_REFERENCE=1 .venv/bin/python -m pytest tests/python/test_report_xlsx.py -k reference

Rendering: LibreOffice (``soffice --headless --convert-to pdf``) and poppler's
``pdftotext``; those tests are skipped, saying why, when either is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.dom import minidom

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("LIBREVIEW_BUILD_DIR", ROOT / "build" / "wheel")).resolve()
REFERENCE = ROOT / "tests" / "data" / "reference" / "xlsx"
PLAIN = "2017年度民主评议行风结果.xlsx"
OFFICE = "2017年度民主评议行风结果（含诚信核查）.xlsx"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/","点此查看")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
]
SHEETS = ["排名", "执法监督类", "公共服务类", "统计", "整改台账", "投诉台账", "公开承诺"]
RANKING_HEADER = ["名次", "部门名称", "序列", "序列名次", "代表测评得分", "群众问卷得分", "日常考核得分", "扣分",
                  "综合得分", "等次", "提示与备注"]


@pytest.fixture(scope="module")
def out_dir() -> Path:
    program = BUILD / "tests" / "write_report_fixture"
    if not program.exists():
        pytest.fail(f"{program} is missing: build the project first (LIBREVIEW_BUILD_DIR={BUILD})")
    out = BUILD / "tests" / "out" / "xlsx"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, LIBREVIEW_PLUGIN_PATH="")
    for extra in ([], ["--integrity"]):
        subprocess.run([str(program), str(out), *extra], check=True, env=env, capture_output=True)
    return out


@pytest.fixture(scope="module")
def book(out_dir: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out_dir / PLAIN)


@pytest.fixture(scope="module")
def office_book(out_dir: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out_dir / OFFICE)


def rows(ws, first: int = 4) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=first)]


# ---- structure -------------------------------------------------------------------------


def test_files_and_sheet_names(out_dir: Path, book, office_book) -> None:
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([PLAIN, OFFICE])
    assert book.sheetnames == SHEETS
    assert office_book.sheetnames == SHEETS + ["诚信核查"]
    assert book.active.title == "排名"


def test_ranking_title_header_and_values(book) -> None:
    ws = book["排名"]
    assert ws["A1"].value == "2017年度民主评议行风　综合排名"
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[3]] == RANKING_HEADER
    got = rows(ws)
    assert [r[:4] for r in got] == [
        [1, "县公安局", "执法监督类", 1],
        [2, "县人民医院", "公共服务类", 1],
        [3, "县市场监督管理局", "执法监督类", 2],  # a tie: 3, 3, then 5
        [3, "县自然资源局", "执法监督类", 2],
        [5, "县教育局", "公共服务类", 2],
        [6, "县交通运输局", "执法监督类", 4],
        [7, PAYLOADS[0], "公共服务类", 3],
        [8, "县城市管理综合执法局", "执法监督类", 5],
        ["免评", "县供电公司", "公共服务类", None],  # exempt: last, no scores, the reason
    ]
    assert got[0][4:] == [94.0, 91.5, 96.0, 0.0, 93.65, "优秀", None]
    assert got[5][4:] == [80.5, 78.0, 85.0, 3.0, 77.65, "一般", "整改逾期"]
    assert got[7][4:] == [70.0, 62.0, None, 2.0, 65.0, "较差", "序列末位、评分项缺失"]
    assert got[8][4:] == [None, None, None, None, None, None, "免评：垂直管理单位，由上级统一评议"]


def test_numbers_are_numbers_with_formats(book) -> None:
    ws = book["排名"]
    for row in ws.iter_rows(min_row=4, max_row=11):
        rank, *_ = row
        assert rank.data_type == "n" and rank.number_format == "0"
        for cell in row[4:9]:
            if cell.value is not None:
                assert cell.data_type == "n", cell.coordinate
                assert cell.number_format == "0.00", cell.coordinate


def test_grade_column_has_conditional_formats(book) -> None:
    for name in ["排名", "执法监督类", "公共服务类"]:
        ws = book[name]
        grade_col = "J" if name == "排名" else "I"
        rules = {}
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                rules[rule.formula[0]] = (str(cf.sqref), rule)
        assert set(rules) == {'"优秀"', '"良好"', '"一般"', '"较差"'}, name
        for sqref, rule in rules.values():
            assert re.fullmatch(rf"{grade_col}4:{grade_col}\d+", sqref), (name, sqref)
            assert rule.type == "cellIs" and rule.operator == "equal"
            assert rule.dxf.fill is not None
        fills = {f: r.dxf.fill.bgColor.rgb[-6:] for f, (_, r) in rules.items()}
        assert fills == {'"优秀"': "C6EFCE", '"良好"': "DDEBF7", '"一般"': "FFEB9C", '"较差"': "FFC7CE"}


def test_every_sheet_frozen_filtered_and_printable(book, office_book) -> None:
    for wb in (book, office_book):
        for ws in wb.worksheets:
            assert ws.freeze_panes == "A4", ws.title
            assert ws.print_title_rows == "$3:$3", ws.title
            assert ws.page_setup.orientation == "landscape", ws.title
            assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            # fit to 1 page wide (1 is the default, which libxlsxwriter leaves out), any number tall
            assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0), ws.title
            if ws.title != "统计":
                assert ws.auto_filter.ref.startswith("A3:"), ws.title
    assert book["排名"].auto_filter.ref == "A3:K12"


def test_every_written_cell_carries_the_cjk_font(book, office_book) -> None:
    for wb in (book, office_book):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is None and not cell.has_style:
                        continue
                    assert cell.font.name == "宋体", (ws.title, cell.coordinate)
                    assert cell.font.family == 3, (ws.title, cell.coordinate)
                    # libxlsxwriter 1.1.4 drops <charset>; later versions write the 134 (GB2312) we set
                    assert cell.font.charset in (None, 134), (ws.title, cell.coordinate)


def display_width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x1100 and not 0xD800 <= ord(ch) <= 0xDFFF else 1 for ch in text)


def test_column_widths_fit_chinese_text(book) -> None:
    ws = book["排名"]
    names = [r[1] for r in rows(ws)]
    widest = max(display_width(n) for n in names)
    assert ws.column_dimensions["B"].width >= widest
    assert ws.column_dimensions["B"].width <= widest + 4
    # the header 日常考核得分 is 12 wide; the remarks column is capped and wraps
    assert ws.column_dimensions["G"].width >= 12
    assert ws.column_dimensions["K"].width <= 40


def test_category_sheets_rank_within_the_sequence(book) -> None:
    ws = book["执法监督类"]
    assert ws["A1"].value == "2017年度民主评议行风　执法监督类序列排名"
    assert [c.value for c in ws[3]][:3] == ["序列名次", "全县名次", "部门名称"]
    assert [r[:3] for r in rows(ws)] == [
        [1, 1, "县公安局"], [2, 3, "县市场监督管理局"], [2, 3, "县自然资源局"], [4, 6, "县交通运输局"],
        [5, 8, "县城市管理综合执法局"]]
    ws = book["公共服务类"]
    assert [r[:3] for r in rows(ws)] == [
        [1, 2, "县人民医院"], [2, 5, "县教育局"], [3, 7, PAYLOADS[0]], [None, "免评", "县供电公司"]]


def test_summary_table_and_charts(book, out_dir: Path) -> None:
    ws = book["统计"]
    assert [r[:2] for r in rows(ws)] == [["优秀", 2], ["良好", 3], ["一般", 2], ["较差", 1], ["参评合计", 8],
                                          ["免评", 1]]
    assert ws["C4"].value == pytest.approx(0.25) and ws["C4"].number_format == "0.0%"
    assert len(ws._charts) == 2
    with zipfile.ZipFile(out_dir / PLAIN) as z:
        charts = {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")}
    assert sorted(charts) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    grade, composite = charts["xl/charts/chart1.xml"], charts["xl/charts/chart2.xml"]
    assert "<c:barDir val=\"col\"/>" in grade and "'统计'!$A$4:$A$7" in grade and "'统计'!$B$4:$B$7" in grade
    assert "<c:barDir val=\"bar\"/>" in composite
    assert "'排名'!$B$4:$B$11" in composite and "'排名'!$I$4:$I$11" in composite  # ranked rows only
    assert 'typeface="宋体"' in composite


def test_rectification_ledger_marks_the_overdue_item(book) -> None:
    ws = book["整改台账"]
    assert [c.value for c in ws[3]] == ["编号", "部门", "来源", "来源编号", "问题类别", "整改内容", "整改时限",
                                        "状态", "销号日期", "逾期"]
    got = {r[0]: r for r in rows(ws)}
    assert list(got) == ["ZG-001", "ZG-003", "ZG-002", "ZG-005", "ZG-004", "ZG-006"]  # by department
    late = got["ZG-002"]
    assert late[1:3] == ["县交通运输局", "听证质询"] and late[7] == "整改中" and late[9] == "逾期"
    assert got["ZG-001"][6] == dt.datetime(2017, 9, 30) and got["ZG-001"][7] == "已销号"
    assert got["ZG-001"][8] == dt.datetime(2017, 9, 28)
    assert got["ZG-003"][5] == PAYLOADS[1]
    for item, row in zip(got, ws.iter_rows(min_row=4)):
        red = {c.fill.fgColor.rgb[-6:] for c in row} == {"FFC7CE"}
        assert red == (item == "ZG-002"), item
        assert (row[9].value == "逾期") == (item == "ZG-002"), item
        assert row[6].number_format == "yyyy-mm-dd" and row[6].is_date


def test_complaints_and_commitments(book, office_book) -> None:
    ws = book["投诉台账"]
    got = {r[0]: r for r in rows(ws)}
    assert got["TS-004"][3] == "市转办" and got["TS-004"][5] == "属实"
    # The departments' workbook withholds complaint summaries (they can name a complainant), as the
    # letters do; the office's own copy keeps them.
    assert "摘要" not in [c.value for c in ws[3]]
    assert not any(PAYLOADS[2] in r for r in got.values())
    assert got["TS-005"][8] == "逾期未办结"
    office = {r[0]: r for r in rows(office_book["投诉台账"])}
    assert office["TS-002"][8] == PAYLOADS[2]
    assert office["TS-005"][9] == "逾期未办结"
    ws = book["公开承诺"]
    got = {r[0]: r for r in rows(ws)}
    assert got["CN-03"][2] == PAYLOADS[3]
    assert got["CN-01"][1:3] == ["县公安局", "户籍业务一次办结，周末不打烊"]
    assert got["CN-05"][5] is None


def test_no_cell_is_a_formula_and_payloads_stay_text(book, office_book) -> None:
    seen = set()
    for wb in (book, office_book):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                    if cell.value in PAYLOADS:
                        assert cell.data_type == "s"
                        seen.add(cell.value)
    assert seen == set(PAYLOADS)


def test_integrity_sheet_only_in_the_office_copy(book, office_book, out_dir: Path) -> None:
    ws = office_book["诚信核查"]
    assert ws["A2"].value.startswith("内部材料")
    assert [c.value for c in ws[3]] == ["代表编号", "界别", "是否培训", "提示", "说明"]
    assert [r[:4] for r in rows(ws)] == [["R07", "群众代表", "否", "评价雷同"], ["R12", "人大代表", "是", "评价雷同"]]
    # the copy for departments names no representative anywhere, in any part
    with zipfile.ZipFile(out_dir / PLAIN) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8", "replace")
            assert not re.search(r"\bR\d\d\b", text), name
            assert "评价雷同" not in text, name


# ---- reference XML ---------------------------------------------------------------------

REFERENCE_PARTS = ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                   "docProps/core.xml"]


def normalised(xml: bytes) -> str:
    text = xml.decode("utf-8")
    # document dates change with every run
    text = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", r"\1\3", text)
    return minidom.parseString(text.encode("utf-8")).toprettyxml(indent="  ")


@pytest.mark.parametrize("part", REFERENCE_PARTS)
def test_reference_xml(out_dir: Path, part: str) -> None:
    with zipfile.ZipFile(out_dir / PLAIN) as z:
        got = normalised(z.read(part))
    ref = REFERENCE / (part.replace("/", "__") + ".ref")
    if os.environ.get("LIBREVIEW_UPDATE_REFERENCE") == "1":
        ref.parent.mkdir(parents=True, exist_ok=True)
        ref.write_text(got, encoding="utf-8")
    assert ref.exists(), f"no reference {ref}: regenerate with LIBREVIEW_UPDATE_REFERENCE=1"
    assert got == ref.read_text(encoding="utf-8"), f"{part} differs from {ref}"


# ---- rendering -------------------------------------------------------------------------


def test_libreoffice_renders_the_chinese_text(out_dir: Path, tmp_path: Path, foreign_env: dict[str, str]) -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.fail("LibreOffice (soffice) and poppler (pdftotext) are needed: scripts/debian-packages.txt installs them")
    # a profile of our own, so that a running LibreOffice (another test, a person) does not swallow the call
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out_dir / PLAIN)],
                   check=True, capture_output=True, timeout=240, env=foreign_env)
    pdf = tmp_path / PLAIN.replace(".xlsx", ".pdf")
    assert pdf.exists()
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, env=foreign_env).stdout
    for expected in ["综合排名", "县公安局", "县城市管理综合执法局", "县供电公司", "整改台账", "投诉台账",
                     "公开承诺", "=HYPERLINK(", "93.65", "第 1 页，共 7 页"]:
        assert expected in text, expected
