"""The Word documents of the `docx` report plugin, read back with python-docx and LibreOffice.

The documents are written by the GoogleTest `DocxOutputs.*` (tests/cpp/test_report_docx.cpp)
from the hand-built fixture (sample_cycle() of tests/cpp/fixtures.hpp) into <build>/tests/out/docx;
The build folder is $LIBREVIEW_BUILD_DIR (default build/wheel, where scripts/run-tests.sh builds).
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document

BUILD = Path(os.environ.get("LIBREVIEW_BUILD_DIR", Path(__file__).resolve().parents[2] / "build" / "wheel")).resolve()
OUT = BUILD / "tests" / "out" / "docx"
SOURCE = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

REPORT = OUT / "2017年度民主评议行风工作报告.docx"
COMBINED = OUT / "2017年度民主评议行风反馈意见书汇编.docx"
BOOKLET = OUT / "2017年度公开承诺汇编.docx"
LETTERS = OUT / "反馈意见书"

# The fixture: id -> (name, sequence, composite, overall rank, rank in sequence, grade).
FIXTURE = {
    "D01": ("县公安局", "执法监督类", "85.56", 3, 2, "良好"),
    "D02": ("县市场监督管理局", "执法监督类", "78.69", 5, 3, "一般"),
    "D03": ("县税务局", "执法监督类", "94.01", 1, 1, "优秀"),
    "D04": ("县交通运输局", "执法监督类", "61.56", 8, 4, "较差"),
    "D05": ("县教育局", "社会服务类", "87.34", 2, 1, "良好"),
    "D06": ("县卫生健康局", "社会服务类", "78.12", 6, 3, "一般"),
    "D07": ("县人力资源和社会保障局", "社会服务类", "77.31", 7, 4, "一般"),
    "D08": ("国网XX县供电公司", "社会服务类", "84.31", 4, 2, "良好"),
}
EXEMPT = "县气象局"


@pytest.fixture(scope="module", autouse=True)
def outputs_exist():
    """Writes the fixture's documents with the GoogleTest that makes them (so this file
    also runs on its own), then checks they are there."""
    exe = BUILD / "tests" / "test_report_docx"
    if exe.exists():
        subprocess.run(
            [str(exe), "--gtest_filter=DocxOutputs.*:DocxTemplate.TheSampleTemplateFillsEveryLetter"],
            check=True, capture_output=True, env={**os.environ, "LIBREVIEW_PLUGIN_PATH": ""},
        )
    if not REPORT.exists():
        pytest.fail(f"{REPORT} is missing: build the tests (LIBREVIEW_BUILD_TESTS=ON) first")


def texts(document):
    return [p.text for p in document.paragraphs]


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_with_header(document, first_cells):
    for table in document.tables:
        if [c.text for c in table.rows[0].cells][: len(first_cells)] == first_cells:
            return table
    raise AssertionError(f"no table with header {first_cells}")


def test_annual_report_reads_like_the_seed():
    doc = Document(str(REPORT))
    paragraphs = doc.paragraphs
    # 公文: the issuing office's mark (版头) in red, then the title.
    assert paragraphs[0].text == "XX县民主评议行风工作领导小组办公室"
    titles = [p for p in paragraphs if p.style.name == "Title"]
    assert [p.text for p in titles] == ["2017年度民主评议行风工作报告"]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、工作开展情况", "二、评议结果", "三、存在的问题", "四、意见和建议"]
    body = "\n".join(texts(doc))
    assert "本年度共有8个部门参加评议，分2个序列（执法监督类4个、社会服务类4个）；1个部门免评：县气象局" in body
    assert "公开承诺11项" in body
    assert "受理投诉4件" in body and "经查属实3件" in body
    assert "其中逾期未完成1项" in body
    assert re.search(r"R\d\d|Q\d\d\d", body) is None, "no representative or respondent id"

    ranking = rows(table_with_header(doc, ["名次", "部门"]))
    assert ranking[0] == ["名次", "部门", "序列", "代表测评", "群众问卷", "日常考核", "扣分", "综合得分", "等次"]
    by_name = {r[1]: r for r in ranking[1:]}
    assert set(by_name) == {v[0] for v in FIXTURE.values()}
    for name, sequence, composite, rank, _, grade in FIXTURE.values():
        row = by_name[name]
        assert (row[0], row[2], row[7], row[8]) == (str(rank), sequence, composite, grade), row
    assert EXEMPT not in by_name

    grades = rows(table_with_header(doc, ["序列", "优秀"]))
    assert grades[-1] == ["合计", "1", "3", "3", "1", "8"]


def test_every_participating_department_has_a_letter_with_its_figures():
    files = sorted(p.name for p in LETTERS.glob("*.docx"))
    assert files == sorted(f"{i}-{v[0]}.docx" for i, v in FIXTURE.items())
    for dept_id, (name, sequence, composite, rank, rank_in, grade) in FIXTURE.items():
        doc = Document(str(LETTERS / f"{dept_id}-{name}.docx"))
        lines = texts(doc)
        title = lines.index("民主评议行风反馈意见书")
        assert lines[title + 2] == f"{name}："
        assert (f"你单位综合得分{composite}分，在全县8个参评部门中排第{rank}名，在“{sequence}”序列4个部门中排第"
                f"{rank_in}名，评定等次为“{grade}”。计分明细见附件。") in lines
        weights = rows(table_with_header(doc, ["项目", "得分", "权重", "折算分"]))
        assert weights[-1] == ["综合得分", "", "", composite]
        for table in doc.tables:
            for row in rows(table):
                for cell in row:
                    assert re.search(r"R\d\d|Q\d\d\d", cell) is None, (dept_id, cell)


def test_letter_shows_suppressed_cells_as_dashes():
    doc = Document(str(LETTERS / "D01-县公安局.docx"))
    sectors = rows(table_with_header(doc, ["代表界别"]))
    assert ["企业代表", "0", "—", "—", "—", "5"] in sectors
    assert "办证窗口排队时间长（2次）" in texts(doc)


def test_combined_letters_have_one_letter_per_page():
    doc = Document(str(COMBINED))
    titles = [p for p in doc.paragraphs if p.text == "民主评议行风反馈意见书"]
    assert len(titles) == len(FIXTURE)
    xml = zipfile.ZipFile(COMBINED).read("word/document.xml").decode()
    # A page break between letters, and one before each letter's annex (附件：计分明细).
    assert xml.count('<w:br w:type="page"/>') == 2 * len(FIXTURE) - 1


def test_booklet_lists_every_department_by_sequence():
    doc = Document(str(BOOKLET))
    headings1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings1 == ["一、执法监督类", "二、社会服务类"]
    headings2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "（五）县气象局（免评）" in headings2
    assert "监督电话：0391-1234110" in texts(doc)


@pytest.mark.parametrize("path", [REPORT, COMBINED, BOOKLET, LETTERS / "D04-县交通运输局.docx"])
def test_every_run_style_names_an_east_asian_font(path):
    with zipfile.ZipFile(path) as z:
        styles = ElementTree.fromstring(z.read("word/styles.xml"))
        settings = ElementTree.fromstring(z.read("word/settings.xml"))
        document = ElementTree.fromstring(z.read("word/document.xml"))
    fonts = styles.findall(f".//{W}rFonts")
    assert len(fonts) == len(styles.findall(f"{W}style")) + 1  # every style, and the defaults
    for f in fonts:
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert f.get(W + slot), (path.name, slot)
    defaults = styles.find(f"{W}docDefaults//{W}rFonts")
    # The default layout is GB/T 9704's: body 仿宋, 一级标题 黑体.
    assert defaults.get(W + "eastAsia") == "仿宋_GB2312"
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']//{W}rFonts")
    assert heading.get(W + "eastAsia") == "黑体"
    assert settings.find(f"{W}themeFontLang").get(W + "eastAsia") == "zh-CN"
    assert styles.find(f"{W}docDefaults//{W}lang").get(W + "eastAsia") == "zh-CN"
    # Runs carry no font of their own that could lack the East Asian slot.
    for f in document.findall(f".//{W}rFonts"):
        assert f.get(W + "eastAsia")
    # Tables repeat their header row.
    for table in document.findall(f".//{W}tbl"):
        assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None


def test_template_outputs_hold_no_placeholder():
    folder = OUT / "template"
    files = list(folder.rglob("*.docx"))
    assert len(files) == len(FIXTURE) + 1
    for f in files:
        doc = Document(str(f))
        everything = texts(doc) + [c for t in doc.tables for r in rows(t) for c in r]
        everything += [p.text for s in doc.sections for p in s.header.paragraphs]
        assert not any("{{" in t or "}}" in t for t in everything), f
    letter = Document(str(folder / "反馈意见书" / "D04-县交通运输局.docx"))
    assert "县交通运输局：" in texts(letter)  # the placeholder the template split over three runs
    assert letter.sections[0].header.paragraphs[0].text == "2017年度民主评议行风"


def test_sample_template_is_reproducible(tmp_path):
    script = SOURCE / "plugins" / "report-docx" / "templates" / "make_sample_template.py"
    sys.path.insert(0, str(script.parent))
    try:
        import make_sample_template
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "feedback-letter.docx"
    make_sample_template.build(fresh)
    committed = script.parent / "feedback-letter.docx"
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
        assert zipfile.ZipFile(fresh).read(part) == zipfile.ZipFile(committed).read(part), part


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, foreign_env):
    """Every document converted by LibreOffice: key -> PDF."""
    soffice = shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if not soffice or not pdftotext:
        pytest.fail("soffice and pdftotext are needed (libreoffice-writer-nogui, poppler-utils)")
    work = tmp_path_factory.mktemp("pdf")
    sources = {"report": REPORT, "combined": COMBINED, "booklet": BOOKLET,
               "letter": LETTERS / "D08-国网XX县供电公司.docx", "template": OUT / "template" / COMBINED.name}
    for key, src in sources.items():
        shutil.copy(src, work / f"{key}.docx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work)] + [str(work / f"{k}.docx") for k in sources],
                   check=True, capture_output=True, timeout=300, env=foreign_env)
    for key in sources:
        assert (work / f"{key}.pdf").exists(), f"LibreOffice did not convert {key}"
    return {key: work / f"{key}.pdf" for key in sources}


@pytest.fixture(scope="module")
def pdf_texts(pdfs, foreign_env):
    return {key: subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                text=True, env=foreign_env).stdout for key, pdf in pdfs.items()}


def test_gongwen_page_as_libreoffice_lays_it_out(pdfs, foreign_env):
    """GB/T 9704-2012 as a person sees it: A4, the type area 28 mm from the left edge and
    156 mm wide, body lines 28.95 pt apart (22 lines in the 225 mm type area, ±1), 28
    characters to a full line (±1)."""
    for key in ("report", "letter"):
        info = subprocess.run(["pdfinfo", str(pdfs[key])], capture_output=True, text=True, check=True,
                              env=foreign_env).stdout
        assert "(A4)" in info, info
        xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdfs[key]), "-"],
                             capture_output=True, text=True, check=True, env=foreign_env).stdout
        lines = [(float(m[0]), float(m[1]), float(m[2]), m[3]) for m in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', xml, re.S)]
        body = [(x0, y, x1, "".join(re.findall(r">([^<]*)</word>", words))) for x0, y, x1, words in lines
                if abs(x0 - 28 / 25.4 * 72) < 2]  # lines that start at the left edge of the type area
        assert len(body) >= 3, (key, lines[:5])
        steps = sorted(b[1] - a[1] for a, b in zip(body, body[1:]) if 0 < b[1] - a[1] < 40)
        pitch = steps[len(steps) // 2]
        assert abs(pitch - 28.95) < 0.5, (key, steps)
        assert 21 <= (225 / 25.4 * 72) / pitch <= 23
        widest = max(body, key=lambda b: b[2] - b[0])
        assert abs((widest[2] - widest[0]) - 156 / 25.4 * 72) < 16, (key, widest)  # one 16 pt character
        assert 27 <= len(widest[3]) <= 29, (key, widest[3])


def test_pdf_of_every_document_shows_the_chinese_names(pdf_texts):
    squeeze = {k: re.sub(r"\s+", "", v) for k, v in pdf_texts.items()}
    for name, *_ in FIXTURE.values():
        assert name in squeeze["report"], name
        assert name in squeeze["combined"], name
        assert name in squeeze["booklet"], name
        assert name in squeeze["template"], name
    assert EXEMPT in squeeze["booklet"]
    assert "国网XX县供电公司：" in squeeze["letter"]
    assert "二、评议结果" in squeeze["report"]
    assert "—1—" in squeeze["report"], "page numbers in the footer"
