"""Everything a Chinese reader gets is Chinese (issue 13; office-year.md section 5): the text of
every document `run` writes for the sample, under every shipped rule, holds no English word.
Ids (D01, Z2017023), figures, web and mail addresses are not words; the data's own placeholders
(the sample county is called XX县) and the sample's own wording are allowed by name."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import libreview

WORD = re.compile(r"(?<![A-Za-z0-9@./:_-])[A-Za-z]{2,}(?![A-Za-z0-9@_])")
FROM_THE_DATA = {"XX", "AB"}  # 'XX县' (the sample's name for its county), 'AB角' (a rectification's text)
# The entry workbook's 说明 names the commands to type and the programs to key with, and the
# region's id as cycle.toml gives it (seed-county).
COMMANDS = {"libreview", "forms", "validate", "reconcile", "cycle", "Excel", "WPS", "LibreOffice", "seed"}


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in doc.sections:
        for part in (s.header, s.footer, s.even_page_header, s.even_page_footer):
            out += [p.text for p in part.paragraphs]
    out += [doc.core_properties.title or ""]
    return "\n".join(out)


def xlsx_text(path: Path) -> str:
    out = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        out.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            out += [v for v in row if isinstance(v, str)]
    return "\n".join(out)


class Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    t = Text()
    t.feed(path.read_text(encoding="utf-8"))
    return "\n".join(t.parts)


@pytest.mark.parametrize("rule,profile", [("default", "seed-county"), ("majority", "seed-county"),
                                          ("weighted-strata", "seed-county"), ("default", "last-place-poor"),
                                          ("default", "focus-theme")])
def test_no_english_word_in_a_chinese_document(sample: Path, tmp_path: Path, rule: str, profile: str) -> None:
    out = tmp_path / "out"
    libreview.load(sample / "2017").report(["docx", "xlsx", "html"], out, rule=rule, profile=profile,
                                          date="2018-01-15")
    readers = {".docx": docx_text, ".xlsx": xlsx_text, ".html": html_text}
    documents = [p for p in out.rglob("*") if p.suffix in readers]
    assert len(documents) >= 50  # the report, the booklet, the combined letters, 47 letters, workbook, page
    english = {}
    for path in documents:
        for word in WORD.findall(readers[path.suffix](path)):
            if word not in FROM_THE_DATA:
                english.setdefault(word, path.name)
    assert not english, f"English words in Chinese documents ({rule}, {profile}): {english}"


def test_no_english_word_in_the_office_documents(sample: Path, tmp_path: Path, county_package) -> None:
    """The documents around the scoring, as the office issues them: the forms (测评表, 群众问卷,
    数据录入表), the rectification ledger and notices (track), the stage calendar workbook,
    and the city's roll-up workbook and report."""
    import shutil
    import subprocess
    import sys
    exe = shutil.which("libreview", path=str(Path(sys.executable).parent))
    assert exe

    def ok(*args) -> None:
        done = subprocess.run([exe, "--lang", "zh", "-q", *map(str, args)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    store = tmp_path / "review.db"
    ok("forms", sample / "2017-sheets", "--out", tmp_path / "forms")
    ok("import", sample / "2016", sample / "2017", "--store", store)
    progress = tmp_path / "整改进展.csv"
    first = next(r for r in libreview.load(sample / "2017").rectifications.itertuples())
    progress.write_text(f"整改编号,日期,状态,情况,督查人\n{first.id},2018-01-10,已销号,现场核查已整改到位,张三\n",
                        encoding="utf-8")
    ok("track", "--store", store, "--year", "2017", "--progress", progress, "--as-of", "2018-01-15",
       "--out", tmp_path / "track")
    ok("calendar", "--profile", "seed-county", "--year", "2018", "--out", tmp_path / "calendar")
    packages = [county_package(sample / "2017", "甲县", tmp_path), county_package(sample / "2017-sheets", "乙县", tmp_path)]
    ok("rollup", *packages, "--out", tmp_path / "city")
    readers = {".docx": docx_text, ".xlsx": xlsx_text, ".html": html_text}
    documents = [p for p in tmp_path.rglob("*") if p.suffix in readers and "profile" not in p.parts]
    names = {p.name for p in documents}
    for expected in ("2017年度民主评议行风测评表.docx", "2017年度群众问卷.docx", "2017年度数据录入表.xlsx",
                     "整改督办台账.xlsx", "全市汇总.xlsx", "全市汇总报告.docx"):
        assert expected in names, sorted(names)
    assert any(p.parent.name == "督办通知书" for p in documents)
    assert any(p.parent.name == "calendar" and p.suffix == ".xlsx" for p in documents)
    english = {}
    for path in documents:
        text = readers[path.suffix](path)
        allowed = FROM_THE_DATA | (COMMANDS if path.name.endswith("数据录入表.xlsx") else set())
        for word in WORD.findall(text):
            if word not in allowed:
                english.setdefault(word, path.name)
    assert not english, f"English words in the office's documents: {english}"
