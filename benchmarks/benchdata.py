"""Benchmark data: counties from data/generate.py, and one merged province folder.

The generator writes one folder per county (``DIR/county-NNN/2017``), each a
cycle of its own (ids D01.., R001.., Q00001.. restart in every county). The
merged folder is one cycle holding every county: every id is prefixed with the
county's number (``C001-D01``), so ids stay unique, and the sector sequences
(categories) are shared, so ranking within category runs over the province.
Stdlib only.
"""

from __future__ import annotations

import csv
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GENERATOR = os.path.join(ROOT, "data", "generate.py")
YEAR = 2017

# Columns that hold ids (own or referring), per file; every one gets the county prefix.
ID_COLUMNS = {
    "departments.csv": ["id"],
    "representatives.csv": ["id"],
    "ballots.csv": ["representative_id", "department_id"],
    "questionnaires.csv": ["response_id", "department_id"],
    "daily_work.csv": ["department_id"],
    "complaints.csv": ["id", "department_id"],
    "rectifications.csv": ["id", "department_id", "source_ref"],
    "commitments.csv": ["id", "department_id"],
    "hearings.csv": ["id", "department_id", "rectification_id"],
    "activities.csv": ["id", "department_id"],
    "surveys.csv": ["id", "representative_id", "department_id"],
    "self_assessment.csv": ["department_id"],
}


def generator_args(counties: int) -> list[str]:
    """The exact generator options the benchmarks use."""
    return ["--counties", str(counties), "--years", str(YEAR), "--seed", "2017"]


def counties_dir(cache: str, counties: int) -> str:
    """``cache/cNNN`` holding county-001..county-NNN/2017, generated once."""
    out = os.path.join(cache, "c%03d" % counties)
    done = os.path.join(out, ".complete")
    if not os.path.exists(done):
        subprocess.run([sys.executable, GENERATOR, *generator_args(counties), "--out", out, "--quiet"],
                       check=True)
        open(done, "w").close()
    return out


def county_folders(root: str) -> list[str]:
    if os.path.exists(os.path.join(root, str(YEAR), "cycle.toml")):  # --counties 1 writes DIR/<year>
        return [os.path.join(root, str(YEAR))]
    return sorted(glob.glob(os.path.join(root, "county-*", str(YEAR))))


def merged_dir(cache: str, counties: int) -> str:
    """``cache/mNNN/2017``: every county of ``counties_dir`` as one province cycle."""
    src = counties_dir(cache, counties)
    out = os.path.join(cache, "m%03d" % counties, str(YEAR))
    done = os.path.join(out, ".complete")
    if os.path.exists(done):
        return out
    os.makedirs(out, exist_ok=True)
    folders = county_folders(src)
    for name, cols in ID_COLUMNS.items():
        writer = None
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as fo:
            for folder in folders:
                path = os.path.join(folder, name)
                if not os.path.exists(path):
                    continue
                prefix = "C" + os.path.basename(os.path.dirname(folder)).split("-")[-1] + "-"
                with open(path, encoding="utf-8-sig", newline="") as fi:
                    reader = csv.reader(fi)
                    header = next(reader)
                    idx = [header.index(c) for c in cols]
                    if writer is None:
                        writer = csv.writer(fo, lineterminator="\n")
                        writer.writerow(header)
                    for row in reader:
                        for i in idx:
                            if row[i]:
                                row[i] = prefix + row[i]
                        writer.writerow(row)
    with open(os.path.join(out, "cycle.toml"), "w", encoding="utf-8") as f:
        f.write('year = %d\nregion = "default"\nname = "样本省%d个县%d年度民主评议行风"\nas_of = "%d-12-31"\n'
                % (YEAR, len(folders), YEAR, YEAR))
    open(done, "w").close()
    return out


def count_ratings(folder: str) -> int:
    n = 0
    for name in ("ballots.csv", "questionnaires.csv"):
        with open(os.path.join(folder, name), "rb") as f:
            n += f.read().count(b"\n") - 1
    return n


def entry_workbook(cache: str, libreview_cmd: str) -> str:
    """``cache/entry/录入表.xlsx``: the entry workbook `libreview forms` writes for the sample
    county's sheets (data/sample/2017-sheets: 160 numbered sheets × 47 departments, 2,000
    questionnaires, every other table), filled in by data/fill_entry_workbook.py as a clerk
    keys it; made once."""
    out = os.path.join(cache, "entry")
    book = os.path.join(out, "录入表.xlsx")
    done = os.path.join(out, ".complete")
    if os.path.exists(done):
        return book
    sheets = os.path.join(ROOT, "data", "sample", "2017-sheets")
    subprocess.run([libreview_cmd, "-q", "forms", sheets, "--out", out], check=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "data", "fill_entry_workbook.py"),
                    os.path.join(out, "2017年度数据录入表.xlsx"), sheets, book], check=True)
    open(done, "w").close()
    return book


def national_packages(cache: str, libreview_cmd: str, counties: int = 2800) -> list[str]:
    """``cache/p2800``: ``counties`` county packages of 2017 for the city roll-up at the scale
    of the whole country. The 100 generated counties of ``counties_dir(cache, 100)`` are each
    imported and exported as a county office does (``libreview export``); the packages beyond
    100 are those again under another county's name (manifest.json's ``county`` rewritten;
    the members and their SHA-256 unchanged, so every package verifies). Made once."""
    import hashlib
    import json
    import zipfile
    out = os.path.join(cache, "p%04d" % counties)
    done = os.path.join(out, ".complete")
    names = [os.path.join(out, "county-%04d.lrpkg" % (i + 1)) for i in range(counties)]
    if os.path.exists(done):
        return names
    os.makedirs(out, exist_ok=True)
    real = []
    for i, folder in enumerate(county_folders(counties_dir(cache, 100))):
        db = os.path.join(out, "county.db")
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        subprocess.run([libreview_cmd, "-q", "import", folder, "--store", db], check=True)
        pkg = os.path.join(out, "real-%03d.lrpkg" % (i + 1))
        subprocess.run([libreview_cmd, "-q", "export", "--store", db, "--year", str(YEAR), "--profile", "default",
                        "--out", pkg], check=True)
        real.append(pkg)
    for i, name in enumerate(names):
        with zipfile.ZipFile(real[i % len(real)]) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        manifest = json.loads(parts["manifest.json"])
        manifest["county"] = "县%04d" % (i + 1)
        parts["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
            for n, b in parts.items():
                z.writestr(zipfile.ZipInfo(n, date_time=(2018, 1, 15, 0, 0, 0)), b, zipfile.ZIP_DEFLATED)
        assert hashlib.sha256(parts["results.csv"]).hexdigest() == manifest["members"]["results.csv"]["sha256"]
    for f in real:
        os.remove(f)
    open(done, "w").close()
    return names
