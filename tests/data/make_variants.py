#!/usr/bin/env python3
"""Writes the variants of tests/data/cycle-small that must import to identical data.

    python3 tests/data/make_variants.py

- cycle-small-gbk/  Chinese headers, GBK encoding, CRLF line ends
- cycle-small-bom/  UTF-8 with BOM, English and Chinese headers mixed, columns
                    in reverse order, and an extra column the importer ignores
- cycle-small.xlsx  one sheet per table plus `cycle` and `stages`: shared and
                    inline strings, numbers, dates as serial numbers under a date
                    format, booleans
- cycle-bad.xlsx    the same with one rating not in the list (ballots!C5) and
                    no `questionnaires` sheet

Standard library only (csv, zipfile); the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "cycle-small")

# The Chinese header of each column (docs/data-format.md), by table.
ALIASES = {
    "departments": {"id": "部门编号", "name": "部门名称", "category": "类别", "status": "状态",
                    "exempt_reason": "免评原因", "hotline": "监督电话"},
    "representatives": {"id": "代表编号", "sector": "界别", "trained": "是否培训"},
    "ballots": {"representative_id": "代表编号", "department_id": "部门编号", "rating": "评价"},
    "questionnaires": {"response_id": "问卷编号", "respondent_group": "对象类别",
                       "department_id": "部门编号", "rating": "评价"},
    "daily_work": {"department_id": "部门编号", "score": "日常考核得分"},
    "self_assessment": {"department_id": "部门编号", "expected_score": "自评得分"},
    "complaints": {"id": "编号", "department_id": "部门编号", "received_on": "受理日期", "channel": "来源",
                   "category": "问题类别", "substantiated": "是否属实", "due_on": "办结时限",
                   "closed_on": "办结日期", "summary": "摘要"},
    "rectifications": {"id": "编号", "department_id": "部门编号", "source": "来源", "source_ref": "来源编号",
                       "category": "问题类别", "description": "整改内容", "deadline": "整改时限",
                       "status": "状态", "closed_on": "销号日期"},
    "commitments": {"id": "编号", "department_id": "部门编号", "text": "承诺内容", "published_on": "公开日期",
                    "channel": "公开渠道", "due_on": "完成时限", "status": "状态"},
    "hearings": {"id": "编号", "department_id": "部门编号", "held_on": "听证日期", "question": "质询问题",
                 "answer": "答复", "rectification_id": "整改编号"},
    "activities": {"id": "编号", "department_id": "部门编号", "kind": "类型", "target": "对象", "date": "日期",
                   "summary": "摘要"},
    "surveys": {"id": "编号", "representative_id": "代表编号", "site_kind": "地点类型", "site": "地点",
                "visited_on": "走访日期", "department_id": "部门编号", "opinion": "意见"},
}
DATE_COLUMNS = {"received_on", "due_on", "closed_on", "deadline", "published_on", "held_on", "date",
                "visited_on", "start", "end", "as_of"}
NUMBER_COLUMNS = {"score", "expected_score", "year"}
BOOLEAN_COLUMNS = {"trained", "substantiated"}
TRUE = {"true", "yes", "是", "1"}
FALSE = {"false", "no", "否", "0"}


def read_table(name: str) -> list[list[str]]:
    with open(os.path.join(BASE, name + ".csv"), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_csv(path: str, rows: list[list[str]], encoding: str, newline: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def reset(folder: str) -> str:
    path = os.path.join(HERE, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def gbk_variant() -> None:
    out = reset("cycle-small-gbk")
    for table, aliases in ALIASES.items():
        rows = read_table(table)
        rows[0] = [aliases[h] for h in rows[0]]
        write_csv(os.path.join(out, table + ".csv"), rows, "gbk", "\r\n")
    with open(os.path.join(BASE, "cycle.toml"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(out, "cycle.toml"), "wb") as f:
        f.write(text.encode("gbk"))


def bom_variant() -> None:
    out = reset("cycle-small-bom")
    for table, aliases in ALIASES.items():
        rows = read_table(table)
        header = [aliases[h] if i % 2 else h for i, h in enumerate(rows[0])]
        rows = [list(reversed(r)) + ["备注"] for r in [header] + rows[1:]]
        rows[0][-1] = "remark"
        write_csv(os.path.join(out, table + ".csv"), rows, "utf-8-sig", "\n")
    shutil.copy(os.path.join(BASE, "cycle.toml"), os.path.join(out, "cycle.toml"))


# ---- xlsx ------------------------------------------------------------------------

EPOCH = dt.date(1899, 12, 30)
FIXED_TIME = (2017, 1, 1, 0, 0, 0)


def column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("A") + r) + s
    return s


class Sheets:
    """Builds worksheets, keeping the shared strings of the whole workbook."""

    def __init__(self) -> None:
        self.shared: list[str] = []
        self.index: dict[str, int] = {}
        self.sheets: list[tuple[str, str]] = []

    def cell(self, ref: str, column: str, value: str, row: int) -> str:
        if value == "":
            return ""
        if column in DATE_COLUMNS:
            serial = (dt.date.fromisoformat(value) - EPOCH).days
            style = 1 + row % 2  # built-in format 14 and a custom yyyy-mm-dd
            return f'<c r="{ref}" s="{style}"><v>{serial}</v></c>'
        if column in NUMBER_COLUMNS:
            return f'<c r="{ref}"><v>{value}</v></c>'
        if column in BOOLEAN_COLUMNS and value.lower() in TRUE | FALSE:
            return f'<c r="{ref}" t="b"><v>{1 if value.lower() in TRUE else 0}</v></c>'
        if row % 2:
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        if value not in self.index:
            self.index[value] = len(self.shared)
            self.shared.append(value)
        return f'<c r="{ref}" t="s"><v>{self.index[value]}</v></c>'

    def add(self, name: str, rows: list[list[str]], columns: list[str]) -> None:
        out = []
        for r, values in enumerate(rows, start=1):
            cells = "".join(
                self.cell(f"{column_letter(c)}{r}", columns[c] if r > 1 else "", v, r) for c, v in enumerate(values))
            out.append(f'<row r="{r}">{cells}</row>')
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<sheetData>{"".join(out)}</sheetData></worksheet>')
        self.sheets.append((name, xml))


def write_xlsx(path: str, tables: dict[str, list[list[str]]], cycle_rows: list[list[str]],
               stage_rows: list[list[str]]) -> None:
    sheets = Sheets()
    # The `cycle` sheet: key/value rows, values typed by key (year a number, as_of a date).
    rows_xml = []
    for r, (key, value) in enumerate([["key", "value"]] + cycle_rows, start=1):
        typed = key if r > 1 else ""
        rows_xml.append(f'<row r="{r}">{sheets.cell(f"A{r}", "", key, r)}{sheets.cell(f"B{r}", typed, value, r)}</row>')
    sheets.sheets.append(("cycle", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                   '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                   f'<sheetData>{"".join(rows_xml)}</sheetData></worksheet>'))
    sheets.add("stages", stage_rows, stage_rows[0])
    for name, rows in tables.items():
        sheets.add(name, rows, rows[0])

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {ns} {rns}><sheets>' +
                "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, (n, _) in enumerate(sheets.sheets, start=1)) + "</sheets></workbook>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            "".join(f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, len(sheets.sheets) + 1)) +
            f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rIdT" Type="{rel}/styles" Target="styles.xml"/></Relationships>')
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {ns} count="{len(sheets.shared)}" '
              f'uniqueCount="{len(sheets.shared)}">' +
              "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in sheets.shared) + "</sst>")
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {ns}>'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
              '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>' +
                     "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
                             for i in range(1, len(sheets.sheets) + 1)) +
                     f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
                     f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/></Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    parts = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
             ("xl/_rels/workbook.xml.rels", rels), ("xl/sharedStrings.xml", shared), ("xl/styles.xml", styles)]
    parts += [(f"xl/worksheets/sheet{i}.xml", xml) for i, (_, xml) in enumerate(sheets.sheets, start=1)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def xlsx_variants() -> None:
    tables = {t: read_table(t) for t in ALIASES}
    cycle_rows = [["year", "2017"], ["region", "test-county"], ["name", "测试县2017年度民主评议行风"],
                  ["as_of", "2017-12-31"]]
    stage_rows = [["id", "name", "start", "end"], ["commitment", "公开承诺", "2017-05-15", "2017-06-01"],
                  ["evaluation", "测评投票", "2017-12-01", "2017-12-20"]]
    write_xlsx(os.path.join(HERE, "cycle-small.xlsx"), tables, cycle_rows, stage_rows)
    bad = {t: [list(r) for r in rows] for t, rows in tables.items()}
    bad["ballots"][4][2] = "很满意"  # row 5, column C
    del bad["questionnaires"]
    write_xlsx(os.path.join(HERE, "cycle-bad.xlsx"), bad, cycle_rows, stage_rows)


if __name__ == "__main__":
    gbk_variant()
    bom_variant()
    xlsx_variants()
