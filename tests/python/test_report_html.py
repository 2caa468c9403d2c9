"""The public notice page (report-html, office-year.md section 5), read back by a real browser:
Debian's chromium, headless, loads the file the plugin wrote and gives its DOM; a phone-sized
screenshot and an A4 print are made the same way. The page must be self-contained, list every
participating department of each sequence with its composite and grade as results.csv has them,
and show typed text as text."""

from __future__ import annotations

import csv
import html.parser
import shutil
import subprocess
from pathlib import Path

import pytest

import libreview

PAGE = "2017年度民主评议行风结果公示.html"
GRADE_ZH = {"excellent": "优秀", "good": "良好", "fair": "一般", "poor": "较差"}


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is installed by the project's set-up (scripts/debian-packages.txt)"
    return exe


def browser(foreign_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", *args],
                          capture_output=True, text=True, timeout=120, env=foreign_env, check=True)


class Page(html.parser.HTMLParser):
    """The DOM as chromium serialised it: tables' rows by section, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.sections: dict[str, list[list[str]]] = {}
        self._section: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "section" and "sequence" in (attrs.get("class") or ""):
            self._section = attrs["aria-label"]
            self.sections[self._section] = []
        elif tag == "tr" and self._section:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._section:
                self.sections[self._section].append(self._row)
            self._row = None
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(sample: Path, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("html")
    cycle = libreview.load(sample / "2017")
    cycle.report(["csv", "html"], out, date="2018-01-15", contact="0371-6611111")
    return out / PAGE, out / "results.csv"


def dom(path: Path, foreign_env: dict[str, str]) -> Page:
    p = Page()
    p.feed(browser(foreign_env, "--dump-dom", path.as_uri()).stdout)
    return p


def test_the_page_is_self_contained(page) -> None:
    text = page[0].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in text
    for outside in ("<script", "<link", " src=", "@import", "url(", "http://", "https://"):
        if outside == "http://":  # the SVG namespace is a name, not a fetch
            text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert outside not in text, outside
    assert '<meta name="viewport"' in text and "@media print" in text and "size:A4" in text


def test_chromium_shows_every_sequence_as_results_csv_has_it(page, foreign_env) -> None:
    path, results = page
    with open(results, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["status"] == "participating"]
    p = dom(path, foreign_env)
    expected: dict[str, list[list[str]]] = {}
    for r in sorted(rows, key=lambda r: int(r["rank_in_category"])):
        expected.setdefault(r["category"], []).append(
            [r["rank_in_category"], r["department_name"], r["composite"], GRADE_ZH[r["grade"]], r["rank_overall"]])
    assert set(p.sections) == set(expected)
    for seq, want in expected.items():
        got = p.sections[seq]
        assert got[0] == ["序列名次", "部门", "综合得分", "等次", "全县名次"]
        assert got[1:] == want, seq
    body = "".join(p.text)
    assert "公示期为2018年1月15日起7天" in body and "0371-6611111" in body
    # Nothing about raters, flags or complaints reaches the public.
    for private in ("R001", "straight_lining", "序列末位", "投诉"):
        assert private not in body, private
    # Accessible tables: a caption and scoped headers on each.
    assert sum(1 for t, _ in p.tags if t == "caption") == len(expected)
    assert all(a.get("scope") in ("col", "row") for t, a in p.tags if t == "th")


def test_typed_text_stays_text(repo: Path, tmp_path: Path, foreign_env) -> None:
    folder = tmp_path / "cycle"
    shutil.copytree(repo / "tests" / "data" / "cycle-small", folder)
    deps = folder / "departments.csv"
    hostile = '<script>alert(1)</script>=1+1 & "引号"'
    text = deps.read_text(encoding="utf-8").replace("县公安局", hostile.replace('"', '""').join('""'), 1)
    deps.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    libreview.load(folder).report("html", out, profile="default", date="2018-01-15")
    written = next(out.glob("*.html"))
    p = dom(written, foreign_env)
    assert not any(t == "script" for t, _ in p.tags)
    assert hostile in "".join(p.text)


def test_reads_on_a_phone_and_prints_on_a4(page, tmp_path: Path, foreign_env, repo: Path) -> None:
    shot = tmp_path / "phone.png"
    browser(foreign_env, "--window-size=390,1600", f"--screenshot={shot}", page[0].as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width = int.from_bytes(data[16:20], "big")
    assert width == 390
    pdf = tmp_path / "notice.pdf"
    browser(foreign_env, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page[0].as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, env=foreign_env).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert "595.92 x 842.88" in size or "595 x 842" in size or "(A4)" in size, size
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages")).split()[-1])
    assert pages >= 4  # a page per sequence (four in the sample), then the distribution
