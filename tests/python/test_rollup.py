"""The county package and the city roll-up (office-year.md section 4): two generated
counties exported and rolled up, rank_in_kind checked against a plain-Python
computation; every tamper of a package refused, nothing written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest

import libreview

# Kinds of the generated departments by name (a few share one kind), the rest left without one.
KINDS = {"县公安局": "公安", "城关派出所": "公安", "县公安局交通警察大队": "公安", "县市场监督管理局": "市场监管",
         "县财政局": "财政", "县税务局": "税务", "县人民医院": "医疗", "县中医院": "医疗", "县教育局": "教育"}


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def run(*args: str | os.PathLike) -> subprocess.CompletedProcess:
    return subprocess.run([command(), "--lang", "zh", *map(str, args)], capture_output=True, text=True)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture(scope="module")
def counties(tmp_path_factory, repo: Path) -> dict[str, Path]:
    """Two generated counties, each exported from its own store: 甲县 with a kind column in
    departments.csv, 乙县 without (its kinds come from a mapping file)."""
    root = tmp_path_factory.mktemp("rollup")
    subprocess.run([sys.executable, str(repo / "data" / "generate.py"), "--counties", "2", "--years", "2017",
                    "--responses", "300", "--out", str(root / "gen"), "--quiet"], check=True)
    packages = {}
    for index, county in ((1, "甲县"), (2, "乙县")):
        folder = root / "gen" / f"county-{index:03}" / "2017"
        toml = folder / "cycle.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + f'county = "{county}"\n', encoding="utf-8")
        if county == "甲县":
            deps = csv_rows((folder / "departments.csv").read_text(encoding="utf-8"))
            with open(folder / "departments.csv", "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=[*deps[0].keys(), "kind"], lineterminator="\n")
                w.writeheader()
                for d in deps:
                    w.writerow({**d, "kind": KINDS.get(d["name"], "")})
        store = root / f"{county}.db"
        assert run("import", folder, "--store", store).returncode == 0
        out = root / f"{county}-2017.lrpkg"
        done = run("export", "--store", store, "--year", "2017", "--out", out, "--profile", "default")
        assert done.returncode == 0, done.stderr
        packages[county] = out
    mapping = root / "部门类型.csv"
    mapping.write_text("部门,部门类型\n" + "".join(f"{n},{k}\n" for n, k in KINDS.items()), encoding="utf-8")
    packages["mapping"] = mapping
    return packages


def members(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_package(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_the_package_holds_what_the_manifest_says_and_nothing_personal(counties):
    parts = members(counties["甲县"])
    manifest = json.loads(parts["manifest.json"])
    assert manifest["county"] == "甲县" and manifest["year"] == 2017 and manifest["region"] == "sample-county-001"
    assert manifest["libreview_version"] == libreview.__version__ and manifest["format_version"] == 1
    assert manifest["profile"] and manifest["rule"] == "default"
    assert set(parts) == {"manifest.json", *manifest["members"]}
    for name, entry in manifest["members"].items():
        assert hashlib.sha256(parts[name]).hexdigest() == entry["sha256"]
    text = b"".join(parts.values()).decode("utf-8")
    # no representative code, ballot, answer or complaint summary
    assert "R001" not in text and "R0001" not in text
    assert "representative_id" not in text and "response_id" not in text and "summary" not in text
    breakdowns = csv_rows(parts["breakdowns.csv"].decode("utf-8"))
    shown = [int(r["count"]) for r in breakdowns if r["count"] and r["column"] != "合计"]
    assert shown and not [n for n in shown if 0 < n < 5]  # no cell of 1 to 4 answers shown
    assert any(r["count"] == "" for r in breakdowns)  # small cells are hidden, not dropped


def test_rank_in_kind_matches_a_plain_computation(counties, tmp_path):
    out = tmp_path / "city"
    done = run("rollup", counties["甲县"], counties["乙县"], "--kinds", counties["mapping"], "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["rollup.csv", "全市汇总.xlsx", "全市汇总报告.docx"]
    rows = csv_rows((out / "rollup.csv").read_text(encoding="utf-8"))
    assert list(rows[0]) == libreview.ROLLUP_COLUMNS

    # The independent computation: the packages' own results.csv, the kinds by name.
    printed = []
    for county in ("甲县", "乙县"):
        for r in csv_rows(members(counties[county])["results.csv"].decode("utf-8")):
            printed.append((county, r["department_id"], KINDS.get(r["department_name"], ""), r["composite"]))
    expected = {}
    for county, dep, kind, composite in printed:
        if not kind or not composite:
            expected[(county, dep)] = ""
            continue
        higher = sum(1 for _, _, k, c in printed if k == kind and c and Decimal(c) > Decimal(composite))
        expected[(county, dep)] = str(higher + 1)
    got = {(r["county"], r["department_id"]): r["rank_in_kind"] for r in rows}
    assert got == expected
    assert sum(1 for v in got.values() if v) >= 10
    # 乙县 placed through the mapping file, 甲县 through its own kind column: the same kinds
    kinds = {(r["county"], r["department_name"]): r["kind"] for r in rows}
    assert kinds[("甲县", "县公安局")] == kinds[("乙县", "县公安局")] == "公安"
    # Unplaced departments: the first twenty named on the terminal, every one in the city report.
    assert "未参加同类排名" in done.stderr and re.search(r"另有 \d+ 个，见全市汇总报告", done.stderr)
    report = "\n".join(p.text for p in docx.Document(str(out / "全市汇总报告.docx")).paragraphs)
    assert "三、未归类部门" in report and "乙县: D" in report

    frame = libreview.rollup([counties["甲县"], counties["乙县"]], kinds=counties["mapping"])
    assert [str(v) if v is not None and str(v) != "<NA>" else "" for v in frame["rank_in_kind"]] == \
        [r["rank_in_kind"] for r in rows]


def test_without_the_mapping_the_departments_without_kind_are_named(counties, tmp_path):
    frame = libreview.rollup([counties["甲县"], counties["乙县"]])
    unplaced = frame.attrs["unplaced"]
    assert any(u.startswith("乙县: D01 ") for u in unplaced)  # 乙县 has no kind column
    assert frame.loc[frame["county"] == "乙县", "rank_in_kind"].isna().all()


def refused(counties, tmp_path, bad: Path, *needles: str) -> None:
    out = tmp_path / "city"
    done = run("rollup", counties["甲县"], bad, "--out", out)
    assert done.returncode == 1, done.stdout + done.stderr
    for needle in needles:
        assert needle in done.stderr, done.stderr
    assert not out.exists()  # nothing written
    with pytest.raises(libreview.ValidationError) as error:
        libreview.rollup([counties["甲县"], bad])
    # Each problem carries its catalogue code (LR-K1xx), for software as for people.
    codes = [d.code for d in error.value.diagnostics]
    catalogue = {m["code"] for m in libreview.messages()}
    assert codes and all(c.startswith("LR-K") and c in catalogue for c in codes), codes


def test_a_changed_byte_is_refused_naming_the_member(counties, tmp_path):
    parts = members(counties["乙县"])
    data = bytearray(parts["results.csv"])
    data[-5] = ord("9") if data[-5] != ord("9") else ord("8")
    parts["results.csv"] = bytes(data)
    refused(counties, tmp_path, write_package(tmp_path / "bad.lrpkg", parts), "results.csv", "SHA-256")


def test_a_missing_member_is_refused(counties, tmp_path):
    parts = members(counties["乙县"])
    del parts["flags.csv"]
    refused(counties, tmp_path, write_package(tmp_path / "bad.lrpkg", parts), "flags.csv", "不在数据包中")


def test_an_extra_member_is_refused(counties, tmp_path):
    parts = members(counties["乙县"])
    parts["ballots.csv"] = b"representative_id,department_id,rating\n"
    refused(counties, tmp_path, write_package(tmp_path / "bad.lrpkg", parts), "ballots.csv", "清单未列出")


def test_a_renamed_member_is_refused(counties, tmp_path):
    parts = members(counties["乙县"])
    parts["flags_old.csv"] = parts.pop("flags.csv")
    refused(counties, tmp_path, write_package(tmp_path / "bad.lrpkg", parts), "flags.csv", "flags_old.csv")


def test_a_name_leaving_the_package_is_refused(counties, tmp_path):
    parts = members(counties["乙县"])
    parts["../results.csv"] = parts["results.csv"]
    refused(counties, tmp_path, write_package(tmp_path / "bad.lrpkg", parts), "../results.csv", "不安全")


def with_manifest(counties, tmp_path, **changes) -> Path:
    parts = members(counties["乙县"])
    manifest = json.loads(parts["manifest.json"])
    manifest.update(changes)
    parts["manifest.json"] = json.dumps(manifest).encode()
    return write_package(tmp_path / "bad.lrpkg", parts)


def test_an_unknown_format_version_is_refused(counties, tmp_path):
    refused(counties, tmp_path, with_manifest(counties, tmp_path, format_version=7, libreview_version="0.0.1"),
            "格式版本 7")


def test_a_package_from_a_newer_libreview_says_so(counties, tmp_path):
    refused(counties, tmp_path, with_manifest(counties, tmp_path, format_version=2, libreview_version="99.0.0"),
            "较新的 libreview 99.0.0", "升级")


def test_two_packages_of_one_county_and_year_are_refused(counties, tmp_path):
    copy = tmp_path / "again.lrpkg"
    shutil.copy(counties["甲县"], copy)
    refused(counties, tmp_path, copy, "甲县", str(counties["甲县"]))


def test_the_same_cycle_gives_the_same_package(counties, tmp_path):
    store = counties["甲县"].parent / "甲县.db"
    again = tmp_path / "again.lrpkg"
    assert run("export", "--store", store, "--year", "2017", "--out", again, "--profile", "default").returncode == 0
    assert again.read_bytes() == counties["甲县"].read_bytes()
    from_python = tmp_path / "python.lrpkg"
    manifest = libreview.export_package(store, 2017, from_python, profile="default")
    assert manifest["county"] == "甲县" and set(manifest["members"]) == {"results.csv", "flags.csv",
                                                                        "departments.csv", "breakdowns.csv"}
    assert from_python.read_bytes() == counties["甲县"].read_bytes()


def test_export_of_a_missing_year_writes_nothing(counties, tmp_path):
    out = tmp_path / "none.lrpkg"
    done = run("export", "--store", counties["甲县"].parent / "甲县.db", "--year", "2015", "--out", out,
               "--profile", "default")
    assert done.returncode != 0 and "2015" in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_city_store_holds_the_packages_and_rolls_them_up(counties, tmp_path, backend, request):
    """`libreview import X.lrpkg --store` keeps each package whole in the city's store (a file
    or the shared server); `rollup --store --year` verifies them again and rolls up the same
    rows as the files do. Re-importing a county's package replaces it."""
    store = str(tmp_path / "city.db") if backend == "sqlite" else request.getfixturevalue("pg_store")
    done = run("import", counties["甲县"], counties["乙县"], "--store", store)
    assert done.returncode == 0, done.stderr
    assert "甲县 2017" in done.stdout and "乙县 2017" in done.stdout
    assert run("import", counties["甲县"], "--store", store).returncode == 0  # replaced, not doubled
    files = run("rollup", counties["甲县"], counties["乙县"], "--kinds", counties["mapping"], "--out", tmp_path / "f")
    assert files.returncode == 0, files.stderr
    stored = run("rollup", "--store", store, "--year", "2017", "--kinds", counties["mapping"], "--out", tmp_path / "s")
    assert stored.returncode == 0, stored.stderr
    by_file = csv_rows((tmp_path / "f" / "rollup.csv").read_text(encoding="utf-8"))
    by_store = csv_rows((tmp_path / "s" / "rollup.csv").read_text(encoding="utf-8"))
    key = lambda r: (r["county"], r["department_id"])  # noqa: E731
    assert sorted(by_store, key=key) == sorted(by_file, key=key) and len(by_store) == len(by_file)
    frame = libreview.rollup(store=store, year=2017, kinds=counties["mapping"])
    assert sorted(frame["department_id"] + frame["county"]) == sorted(r["department_id"] + r["county"] for r in by_file)
    missing = run("rollup", "--store", store, "--year", "2016", "--out", tmp_path / "none")
    assert missing.returncode == 3 and "2016" in missing.stderr
    assert not (tmp_path / "none").exists()


def test_a_tampered_package_is_not_imported_and_a_store_edited_behind_its_back_is_refused(counties, tmp_path):
    import sqlite3

    store = tmp_path / "city.db"
    assert run("import", counties["甲县"], "--store", store).returncode == 0
    parts = members(counties["乙县"])
    parts["results.csv"] = parts["results.csv"].replace(b"excellent", b"good", 1)
    bad = write_package(tmp_path / "乙县-bad.lrpkg", parts)
    done = run("import", bad, "--store", store)
    assert done.returncode == 1 and "results.csv" in done.stderr
    with sqlite3.connect(store) as db:
        assert [c for (c,) in db.execute("SELECT county FROM packages")] == ["甲县"]
        # Someone edits a stored member: the roll-up verifies again and refuses it by name.
        db.execute("UPDATE package_members SET content = replace(content, 'excellent', 'good') "
                   "WHERE name = 'results.csv'")
    refused = run("rollup", "--store", store, "--year", "2017", "--out", tmp_path / "out")
    assert refused.returncode == 1 and "results.csv" in refused.stderr and "甲县" in refused.stderr
    assert not (tmp_path / "out").exists()
