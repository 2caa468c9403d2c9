#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from tests/data and plugins/regions.

Run from anywhere: python3 fuzz/make_corpus.py. The output is committed; run again
when the fixtures change. Not written here (it needs the built command):
fuzz/corpus/xlsx/entry-workbook.xlsx (and its .bundle), the entry workbook of
`libreview forms tests/data/cycle-small-sheets --sheets 20`.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fuzz" / "corpus"
FILES = ["cycle.toml", "departments.csv", "representatives.csv", "ballots.csv", "questionnaires.csv",
         "daily_work.csv", "complaints.csv", "rectifications.csv", "commitments.csv", "hearings.csv",
         "activities.csv", "surveys.csv", "self_assessment.csv"]  # the order of fuzz_csv.cpp


def put(target: str, name: str, data: bytes) -> None:
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main() -> None:
    for i, f in enumerate(FILES):
        for variant in ("cycle-small", "cycle-small-gbk", "cycle-small-bom"):
            p = ROOT / "tests" / "data" / variant / f
            if p.exists() and (variant == "cycle-small" or f.endswith(".csv") and i in (1, 3, 6)):
                put("csv", f"{variant}-{f}", bytes([i]) + p.read_bytes())
    # fuzz_sheets.cpp: the forms keyed as clerks key them, in the order of its kFiles.
    for i, f in enumerate(["cycle.toml", "测评表.csv", "问卷表.csv", "部门.csv", "评议代表.csv", "投诉.csv", "整改.csv",
                           "公开承诺.csv", "听证质询.csv", "日常考核.csv"]):
        put("sheets", f"cycle-small-sheets-{i:02}", bytes([i]) + (ROOT / "tests" / "data" / "cycle-small-sheets" / f).read_bytes())
    sample = ROOT / "data" / "sample" / "2017-sheets"
    for i, f in ((1, "测评表.csv"), (2, "问卷表.csv")):  # a real county's sheets: 160 and 2,000 rows, cut short
        lines = (sample / f).read_bytes().split(b"\n")[:40]
        put("sheets", f"sample-2017-sheets-{i:02}", bytes([i]) + b"\n".join(lines) + b"\n")
    for wb in ("cycle-small.xlsx", "cycle-bad.xlsx"):
        raw = (ROOT / "tests" / "data" / wb).read_bytes()
        put("xlsx", wb, raw)
        with zipfile.ZipFile(ROOT / "tests" / "data" / wb) as z:
            bundle = b"".join(b"@@@ " + n.encode() + b"\n" + z.read(n) for n in z.namelist())
        put("xlsx", wb + ".bundle", bundle)
    for p in sorted((ROOT / "plugins" / "report-docx" / "templates").glob("*.docx")):
        put("docx", p.name, p.read_bytes())
        with zipfile.ZipFile(p) as z:
            # The parts a template is filled in, without the big style sheets and the thumbnail.
            small = [n for n in z.namelist() if z.getinfo(n).file_size < 16384 and not n.endswith(".jpeg")]
            put("docx", p.name + ".bundle", b"".join(b"@@@ " + n.encode() + b"\n" + z.read(n) for n in small))
    # A county package (docs/city.md) of the reference results, its manifest's digests right.
    ref = ROOT / "tests" / "data" / "reference" / "csv"
    members = {"results.csv": (ref / "results.csv").read_bytes(), "flags.csv": (ref / "flags.csv").read_bytes(),
               "departments.csv": "\ufeffdepartment_id,department_name,category,kind\r\n"
                                  "D01,县公安局,执法监督类,公安\r\nD02,县市场监管局,执法监督类,\r\n".encode()}
    manifest = {"format": "libreview-county-package", "format_version": 1, "libreview_version": "0.1.0",
                "county": "测试县", "region": "test-county", "year": 2017, "name": "", "profile": "default",
                "rule": "default", "members": {n: {"sha256": hashlib.sha256(b).hexdigest()} for n, b in members.items()}}
    parts = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode(), **members}
    pkg = CORPUS / "package" / "county.lrpkg"
    pkg.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(pkg, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(zipfile.ZipInfo(n, date_time=(2000, 1, 1, 0, 0, 0)), b, zipfile.ZIP_DEFLATED)
    put("package", "county.lrpkg.bundle", b"".join(b"@@@ " + n.encode() + b"\n" + b for n, b in parts.items()))
    for p in sorted((ROOT / "plugins" / "regions").glob("*.toml")):
        text = re.sub(r'^id = ".*"$', 'id = "fuzz"', p.read_text(encoding="utf-8"), count=1, flags=re.M)
        if p.stem == "default":
            text = text.replace('id = "fuzz"', 'id = "fuzz"\ninherits = "default"', 1)
        put("toml", p.name, text.encode())


if __name__ == "__main__":
    main()
