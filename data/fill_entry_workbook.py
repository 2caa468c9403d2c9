"""Keys a county's paper into the entry workbook `libreview forms` wrote (数据录入表.xlsx), the
way a clerk would: ratings as codes 1-4 on even rows and as words on odd ones, dates as date
cells, scores as numbers. The paper is a cycle folder in the sheet form (测评表.csv,
问卷表.csv, the other tables under any header the importer reads), e.g. data/sample/2017-sheets.

    python data/fill_entry_workbook.py 2017年度数据录入表.xlsx data/sample/2017-sheets [OUT.xlsx]

The tests (tests/python/test_forms.py) and the benchmark of the xlsx import
(benchmarks/run.py, xlsx_import_vs_calamine) fill the workbook with it."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

import openpyxl

# The entry workbook's sheets of the other tables, by the spec's table name.
TABLES = {"日常考核": "daily_work", "自评": "self_assessment", "投诉": "complaints", "整改": "rectifications",
          "公开承诺": "commitments", "听证质询": "hearings", "三联系一走访": "activities", "社情民意调查": "surveys"}
DATES = {"received_on", "due_on", "closed_on", "deadline", "published_on", "held_on", "date", "visited_on"}
CODES = {"满意": 1, "基本满意": 2, "不满意": 3, "不了解": 4}


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def parse_date(text: str) -> dt.datetime:
    """The clerks' date forms (2017-05-15, 2017/5/15, 2017.5.15, 2017年5月15日)."""
    y, m, d = (int(x) for x in re.split(r"[-/.年月日]", text.strip())[:3])
    return dt.datetime(y, m, d)


def fill(workbook: Path, county: Path, out: Path | None = None) -> Path:
    from libreview import _core  # the importer's own header matching

    wb = openpyxl.load_workbook(workbook)
    departments = {row[0]: row[1] for row in read_csv(county / "部门.csv")[1]}
    for sheet_name in ("测评表", "问卷表"):
        header, rows = read_csv(county / f"{sheet_name}.csv")
        sheet = wb[sheet_name]
        columns = {c.value: c.column for c in sheet[1]}
        for r, row in enumerate(rows, start=2):
            for h, value in zip(header, row):
                cell = sheet.cell(row=r, column=columns[departments.get(h, h)])
                if h == "票号" and cell.value not in (None, value):
                    raise ValueError(f"{sheet_name} row {r}: printed 票号 {cell.value}, paper {value}")
                cell.value = CODES[value] if value in CODES and r % 2 == 0 and h not in ("票号", "问卷编号") \
                    else (value or None)
    for sheet_name, table in TABLES.items():
        path = county / f"{sheet_name}.csv"
        if not path.exists():
            continue
        header, rows = read_csv(path)
        sheet = wb[sheet_name]
        columns = {_core._canonical_column(table, c.value): c.column for c in sheet[1]}
        for r, row in enumerate(rows, start=2):
            for h, value in zip(header, row):
                if not value:
                    continue
                name = _core._canonical_column(table, h)
                if name in DATES:
                    value = parse_date(value)
                elif name in ("score", "expected_score"):
                    value = float(value)
                sheet.cell(row=r, column=columns[name]).value = value
    target = out or workbook
    wb.save(target)
    return target


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    fill(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) == 4 else None)
