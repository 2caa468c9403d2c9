"""No personal data leaves (issue 18): every file written for departments, the public
and the city — results and flags CSV, results.json, the report, letters, booklet and
workbook, the public notice page, the county package, the city roll-up, the
督办通知书 — is read whole (zip members unpacked) and searched for representative
codes, questionnaire respondent ids, survey respondents' representative codes and
complaint summaries. Only the office's integrity copy (--integrity) may hold them."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def ok(*args: str | os.PathLike) -> None:
    done = subprocess.run([command(), "-q", *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def texts(root: Path) -> dict[str, str]:
    """Every file under `root` as text; zip files (docx, xlsx, lrpkg) member by member."""
    out = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if raw[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    out[f"{path.relative_to(root)}!{name}"] = z.read(name).decode("utf-8", "replace")
        else:
            out[str(path.relative_to(root))] = raw.decode("utf-8", "replace")
    return out


@pytest.fixture(scope="module")
def published(sample: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published")
    store = root.parent / f"{root.name}-review.db"
    ok("import", sample / "2016", "--store", store)
    ok("run", sample / "2017", "--store", store, "--out", root / "run")  # every format, no --integrity
    ok("export", "--store", store, "--year", "2017", "--out", root / "XX县-2017.lrpkg")
    ok("rollup", root / "XX县-2017.lrpkg", "--out", root / "city")
    ok("track", "--store", store, "--year", "2017", "--as-of", "2018-01-15", "--out", root.parent / "office")
    shutil.copytree(root.parent / "office" / "督办通知书", root / "督办通知书")  # the ledger stays in the office
    return root


def test_no_rater_or_complainant_in_anything_published(published: Path, sample: Path):
    year = sample / "2017"
    representatives = {r["id"] for r in table(year / "representatives.csv")}
    respondents = {r["response_id"] for r in table(year / "questionnaires.csv")}
    summaries = {r["summary"] for r in table(year / "complaints.csv") if len(r["summary"]) >= 8}
    assert len(representatives) >= 100 and len(respondents) >= 1000 and len(summaries) >= 50
    files = texts(published)
    kinds = {Path(name.split("!")[0]).suffix for name in files}
    assert {".csv", ".json", ".docx", ".xlsx", ".html", ".lrpkg"} <= kinds, kinds
    # Codes as whole tokens (R074 is a code; R0740 or 2R074 would be something else).
    code = re.compile(r"(?<![A-Za-z0-9])([RQ]\d{3,5})(?![0-9])")
    found = []
    for name, text in files.items():
        for token in code.findall(text):
            if token in representatives or token in respondents:
                found.append((name, token))
        found += [(name, s[:20]) for s in summaries if s in text]
    assert not found, found[:10]


def test_the_integrity_copy_is_where_they_may_appear(sample: Path, tmp_path: Path):
    """The check can find them: the office's integrity workbook names the representatives
    its integrity sheet lists, and the same scan sees them there."""
    ok("run", sample / "2017", "--out", tmp_path, "--format", "xlsx,csv", "--integrity")
    representatives = {r["id"] for r in table(sample / "2017" / "representatives.csv")}
    files = texts(tmp_path)
    assert any(rep in text for text in files.values() for rep in representatives)
