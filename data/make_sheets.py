#!/usr/bin/env python3
"""Writes the sample county's 2017 cycle as offices key it (data/sample/2017-sheets).

From data/sample/2017, deterministically (same input, same bytes):

- 测评表.csv: one row per paper ballot (票号, 界别, then one column per participating
  department headed by its name), ratings as Chinese words. The sheets are anonymous:
  票号 is the representative's number without the R (R049 -> 049), so each sheet is
  the representative's ballot and the scores are exactly those of ballots.csv.
- 问卷表.csv: one row per questionnaire (问卷编号, 对象类别, a column per department
  headed by its id), ratings as codes 1-4.
- every other table under its Chinese file name, with dates written the ways
  clerks write them (2017/7/8, 2017.7.8, 2017年7月8日);
- cycle.toml with [ballots] issued and [questionnaires] issued.

Usage: python3 data/make_sheets.py [SOURCE] [TARGET]
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATING_ZH = {"satisfied": "满意", "basic": "基本满意", "dissatisfied": "不满意", "unknown": "不了解"}
RATING_CODE = {"satisfied": "1", "basic": "2", "dissatisfied": "3", "unknown": "4"}
CANONICAL = {**{k: k for k in RATING_ZH}, **{v: k for k, v in RATING_ZH.items()}}  # rating as ballots.csv writes it
FILES = {  # English file -> (Chinese file, how its dates are written)
    "departments.csv": ("部门.csv", None),
    "representatives.csv": ("评议代表.csv", None),
    "daily_work.csv": ("日常考核.csv", None),
    "self_assessment.csv": ("自评.csv", None),
    "complaints.csv": ("投诉.csv", "{y}/{m}/{d}"),
    "rectifications.csv": ("整改.csv", "{y}年{m}月{d}日"),
    "commitments.csv": ("公开承诺.csv", "{y}.{m}.{d}"),
    "hearings.csv": ("听证质询.csv", "{y}年{m}月{d}日"),
    "activities.csv": ("三联系一走访.csv", "{y}/{m}/{d}"),
    "surveys.csv": ("社情民意调查.csv", "{y}-{m:02}-{d:02}"),
}
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    _, departments = read(source / "departments.csv")
    _, representatives = read(source / "representatives.csv")
    participating = [d for d in departments if d["status"] in ("participating", "参评")]

    # 测评表: a sheet per representative who voted, columns by department name.
    _, ballots = read(source / "ballots.csv")
    votes: dict[str, dict[str, str]] = {}
    for b in ballots:
        votes.setdefault(b["representative_id"], {})[b["department_id"]] = CANONICAL[b["rating"].strip()]
    sheets = []
    for r in representatives:
        if r["id"] not in votes:
            continue
        mine = votes[r["id"]]
        sheets.append([r["id"].lstrip("R"), r["sector"]] + [RATING_ZH.get(mine.get(d["id"], ""), "") for d in participating])
    write(target / "测评表.csv", ["票号", "界别"] + [d["name"] for d in participating], sheets)

    # 问卷表: a row per response, columns by department id, codes 1-4.
    _, answers = read(source / "questionnaires.csv")
    responses: dict[str, tuple[str, dict[str, str]]] = {}
    for a in answers:
        responses.setdefault(a["response_id"], (a["respondent_group"], {}))[1][a["department_id"]] = CANONICAL[a["rating"].strip()]
    rows = [[rid, group] + [RATING_CODE.get(mine.get(d["id"], ""), "") for d in participating]
            for rid, (group, mine) in responses.items()]
    write(target / "问卷表.csv", ["问卷编号", "对象类别"] + [d["id"] for d in participating], rows)

    for english, (chinese, form) in FILES.items():
        if not (source / english).exists():
            continue
        header, table = read(source / english)

        def cell(value: str) -> str:
            m = DATE.match(value)
            if form is None or m is None:
                return value
            return form.format(y=int(m[1]), m=int(m[2]), d=int(m[3]))

        write(target / chinese, header, [[cell(row[h]) for h in header] for row in table])

    toml = (source / "cycle.toml").read_text(encoding="utf-8").rstrip("\n")
    toml += f"\n\n[ballots]\nissued = {len(representatives) + 10}\n\n[questionnaires]\nissued = {len(responses) + 40}\n"
    (target / "cycle.toml").write_text(toml, encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else HERE / "sample" / "2017", Path(args[1]) if len(args) > 1 else HERE / "sample" / "2017-sheets")
