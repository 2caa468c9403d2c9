"""Python goes through the session's functions as the command does: report options
checked before anything is scored, stored or written; stale temporary files removed;
a cycle loaded with a store saved only once scored; a bad as_of refused."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import libreview
from libreview import _core


def dead_pid() -> int:
    """A process id that is not running: a child that has exited and been reaped."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def stored(db: Path) -> list[list]:
    return libreview.stored_cycles(db)[["region", "year"]].values.tolist()


def test_a_refused_option_writes_nothing_and_stores_nothing(sample: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "review.db", tmp_path / "out"
    cycle = libreview.load(sample / "2017", store=db)
    with pytest.raises(libreview.UsageError) as info:
        cycle.report("docx", out, documents="letters,minutes")
    message = str(info.value)
    assert "documents=letters,minutes" in message and "'minutes'" in message, message
    assert "report, letters, combined, booklet" in message, message
    with pytest.raises(libreview.UsageError) as info:
        cycle.report(["csv", "json"], out, colour="red")
    assert "colour=red" in str(info.value) and "allowed: integrity" in str(info.value), str(info.value)
    with pytest.raises(libreview.UsageError, match="template=.*no such file"):
        cycle.report("docx", out, template=tmp_path / "no-such-letter.docx")
    with pytest.raises(libreview.UsageError, match="integrity=true"):
        cycle.report("json", out, include_integrity=True)  # json reads no integrity
    assert not out.exists(), "a refused option wrote something (not even results.csv may appear)"
    assert stored(db) == [], "a refused report() stored the cycle before its options were checked"


def test_stale_temporary_files_go_when_reports_are_written(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".results.csv.tmp-{dead_pid()}-0"
    stale.write_text("half")
    cycle = libreview.load(sample / "2017")
    results = cycle.score()
    with pytest.raises(libreview.UsageError):
        cycle.report("csv", out, results=results, integrity="maybe")
    assert stale.exists() and sorted(p.name for p in out.iterdir()) == [stale.name]  # refused: untouched
    files = cycle.report("csv", out, results=results, integrity="是")
    assert sorted(f.name for f in files) == ["flags.csv", "results.csv", "诚信核查_flags.csv"]
    assert not stale.exists(), "report() did not remove the stale temporary file"


def test_report_options_lists_what_each_writer_reads() -> None:
    options = libreview.report_options()
    formats = {p["id"] for p in libreview.plugins() if p["kind"] == "report"}
    assert {o["format"] for o in options} <= formats and {"csv", "docx", "xlsx"} <= {o["format"] for o in options}
    docx = {o["name"]: o for o in libreview.report_options("docx")}
    assert {"documents", "office", "date", "template", "letter_template"} <= set(docx)
    documents = docx["documents"]
    assert documents["type"] == "choice" and documents["list"]
    assert documents["choices"] == ["report", "letters", "combined", "booklet"]
    assert documents["meaning_zh"] and documents["meaning_en"]
    assert docx["date"]["type"] == "date" and docx["template"]["type"] == "path"
    assert [o["name"] for o in libreview.report_options("csv")] == ["integrity"]
    with pytest.raises(libreview.PluginError):
        libreview.report_options("no-such-format")


def test_a_cycle_loaded_with_a_store_is_saved_once_scored(sample: Path, tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    cycle = libreview.load(sample / "2016", store=db)
    assert stored(db) == []
    with pytest.raises(libreview.NotFoundError, match="no-such-profile"):
        cycle.score(profile="no-such-profile")
    with pytest.raises(libreview.PluginError, match="no-such-rule"):
        cycle.score(rule="no-such-rule")
    assert stored(db) == [], "saved before the profile and rule were resolved"
    cycle.score()
    assert stored(db) == [["seed-county", 2016]]
    # report() scores (and so saves) only after its options are checked.
    later = libreview.load(sample / "2017", store=db)
    later.report("csv", tmp_path / "out")
    assert stored(db) == [["seed-county", 2016], ["seed-county", 2017]]
    assert "relapse" in ";".join(later.score().to_pandas()["flags"])  # 2016's history came from the store


def test_a_bad_as_of_is_refused_naming_it() -> None:
    with pytest.raises(libreview.UsageError, match="2017-13-01"):
        _core._resolve_profile_for("default", "2017-13-01")
    assert _core._resolve_profile_for("default", "2017-12-31").as_of == "2017-12-31"
    frames = dict(
        departments=pd.DataFrame({"id": ["D1"], "name": ["县公安局"], "category": ["执法"],
                                  "status": ["participating"]}),
        representatives=pd.DataFrame({"id": ["R1"]}),
        ballots=pd.DataFrame({"representative_id": ["R1"], "department_id": ["D1"], "rating": ["satisfied"]}),
        questionnaires=pd.DataFrame({"response_id": ["Q1"], "department_id": ["D1"], "rating": ["basic"]}),
    )
    with pytest.raises(libreview.ValidationError) as info:
        libreview.Cycle.from_frames(**frames, year=2017, as_of="2017-12-31 or so")
    assert [d.value for d in info.value.diagnostics] == ["2017-12-31 or so"]
    assert libreview.Cycle.from_frames(**frames, year=2017, as_of=pd.Timestamp("2017-12-31 08:00")).as_of.isoformat() \
        == "2017-12-31"


def test_frames_headers_are_matched_by_the_core() -> None:
    """Rating frames' headers go through the core's matching, as a CSV header does:
    English in any case, or the Chinese header; a column named twice is refused."""
    deps = pd.DataFrame({"ID": ["D1", "D2"], "部门名称": ["县公安局", "县税务局"], "类别": ["执法", "执法"],
                         "状态": ["参评", "参评"]})
    reps = pd.DataFrame({"Id": ["R1", "R2"]})
    ballots = pd.DataFrame({"Representative_ID": ["R1", "R2", "R1"], "部门编号": ["D1", "D1", "D2"],
                            "RATING": ["满意", "basic", "satisfied"]})
    answers = pd.DataFrame({"问卷编号": ["Q1", "Q1"], "对象类别": ["企业", "企业"], "Department_Id": ["D1", "D2"],
                            "评价": ["基本满意", "不满意"]})
    cycle = libreview.Cycle.from_frames(departments=deps, representatives=reps, ballots=ballots,
                                        questionnaires=answers, year=2017)
    assert cycle.counts["ballots"] == 3 and cycle.counts["questionnaire_answers"] == 2
    twice = ballots.assign(department_id=["D1", "D1", "D2"])
    with pytest.raises(libreview.ValidationError) as info:
        libreview.Cycle.from_frames(departments=deps, representatives=reps, ballots=twice,
                                    questionnaires=answers, year=2017)
    assert [str(d) for d in info.value.diagnostics] == ["ballots: column given twice (department_id)"]
