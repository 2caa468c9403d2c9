"""`libreview calendar`: a profile's stage calendar for one year as a workbook (real date cells)
and an iCalendar file, read back by Python's icalendar package as a phone calendar would."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
from icalendar import Calendar

SEED_2018 = [  # plugins/regions/seed-county.toml
    ("commitment", "公开承诺", dt.date(2018, 5, 15), dt.date(2018, 6, 1)),
    ("outreach", "三联系一走访", dt.date(2018, 6, 2), dt.date(2018, 8, 31)),
    ("survey", "社情民意大调查", dt.date(2018, 7, 1), dt.date(2018, 9, 15)),
    ("hearing", "听证质询", dt.date(2018, 9, 16), dt.date(2018, 10, 31)),
    ("evaluation", "测评投票", dt.date(2018, 12, 1), dt.date(2018, 12, 20)),
]


def calendar(out: Path, profile: str, year: int) -> tuple[Calendar, Path]:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe
    subprocess.run([exe, "-q", "calendar", "--profile", profile, "--year", str(year), "--out", str(out)], check=True)
    ics = out / f"{year}年度民主评议行风工作日程.ics"
    raw = ics.read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    return Calendar.from_ical(raw), out / f"{year}年度民主评议行风工作日程.xlsx"


def test_the_ics_holds_one_all_day_event_per_stage(tmp_path: Path) -> None:
    cal, xlsx = calendar(tmp_path, "seed-county", 2018)
    events = [e for e in cal.walk("VEVENT")]
    got = [(str(e["UID"]).split("-2018-")[1].split("@")[0], str(e["SUMMARY"]), e["DTSTART"].dt,
            e["DTEND"].dt - dt.timedelta(days=1)) for e in events]
    assert got == SEED_2018
    assert all(isinstance(e["DTSTART"].dt, dt.date) and not isinstance(e["DTSTART"].dt, dt.datetime) for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal

    ws = openpyxl.load_workbook(xlsx)["工作日程"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    # The office's sheet names each stage by its Chinese name only (the id is for software: the .ics UID).
    assert [(r[1], r[2].date(), r[3].date(), r[4]) for r in rows] == [
        (n, a, b, (b - a).days + 1) for _, n, a, b in SEED_2018]


def test_text_is_escaped_and_long_lines_fold_without_splitting_a_character(tmp_path: Path) -> None:
    profile = tmp_path / "long-names.toml"
    name = "听证质询，整改“回头看”；" * 6 + "\\结束"
    profile.write_text('id = "long-names"\nname = "长名称方案"\ninherits = "default"\n\n[[stages]]\n'
                       'id = "hearing"\nname = "' + name.replace("\\", "\\\\") + '"\nstart = "10-01"\nend = "10-31"\n',
                       encoding="utf-8")
    cal, _ = calendar(tmp_path / "out", str(profile), 2019)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == name
    assert event["DTSTART"].dt == dt.date(2019, 10, 1) and event["DTEND"].dt == dt.date(2019, 11, 1)
