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
