"""The analyst's API: load, from_frames, score, receipts, compare, reports, Python rules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import libreview
from libreview import _core

NUMBERS = ["ballot_score", "questionnaire_score", "daily_work_score", "deductions", "composite"]
RATINGS = ["satisfied", "basic", "dissatisfied", "unknown"]


def command() -> str:
    exe = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert exe, "the libreview command is not installed"
    return exe


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every CSV of a sample folder as text frames, as an analyst would read them."""
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("*.csv"))}


def assert_same_results(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.columns) == libreview.RESULT_COLUMNS
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-9)


@pytest.fixture(scope="module")
def cycle2017(sample: Path) -> libreview.Cycle:
    return libreview.load(sample / "2017")


@pytest.fixture(scope="module")
def results2017(cycle2017: libreview.Cycle) -> libreview.Results:
    return cycle2017.score()


# ---- load and the command -----------------------------------------------------------------


def test_load_score_equals_libreview_run(sample: Path, tmp_path: Path) -> None:
    exe = command()
    for year in (2016, 2017):
        run = subprocess.run([exe, "run", str(sample / str(year)), "--store", str(tmp_path / "cli.db"),
                              "--out", str(tmp_path / f"cli-{year}"), "--format", "csv"],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    libreview.load(sample / "2016", store=tmp_path / "py.db").score()
    results = libreview.load(sample / "2017", store=tmp_path / "py.db").score()
    got = results.to_pandas()

    expected = pd.read_csv(tmp_path / "cli-2017" / "results.csv", dtype={"flags": str, "grade": str},
                           keep_default_na=False, na_values={c: [""] for c in NUMBERS})
    assert list(expected.columns) == list(got.columns)
    for c in ["department_id", "department_name", "category", "status"]:
        assert got[c].tolist() == expected[c].tolist(), c
    for c in NUMBERS:
        rounded = [libreview._display.round_half_away(v) for v in got[c]]
        np.testing.assert_array_equal(np.array(rounded), expected[c].to_numpy(dtype=float), err_msg=c)
    for c in ["rank_overall", "rank_in_category"]:
        exp = pd.to_numeric(expected[c].replace("", None)).astype("Int64")
        assert got[c].tolist() == exp.tolist(), c
    assert got["grade"].tolist() == expected["grade"].tolist()
    assert got["flags"].tolist() == expected["flags"].tolist()
    assert "relapse" in ";".join(got["flags"])  # the history came from the store
    flags = pd.read_csv(tmp_path / "cli-2017" / "flags.csv", dtype=str, keep_default_na=False)
    # flags.csv holds department flags only (spec section 5); Results.flags() is the
    # office's full list, representative-level flags included.
    all_flags = results.flags()
    assert (all_flags["subject_kind"] == "representative").any()
    department_flags = all_flags[all_flags["subject_kind"] == "department"].reset_index(drop=True)
    pd.testing.assert_frame_equal(department_flags, flags)


def test_run_passes_report_options_and_the_office_template(sample: Path, tmp_path: Path) -> None:
    from docx import Document

    exe = command()
    template = Path(__file__).resolve().parents[2] / "plugins" / "report-docx" / "templates" / "feedback-letter.docx"
    out = tmp_path / "letters"
    run = subprocess.run([exe, "--lang", "en", "-q", "run", str(sample / "2017"), "--out", str(out), "--format", "docx",
                          "--template", str(template), "--set", "documents=letters",
                          "--set", "office=测试县纠风办", "--set", "date=2018-01-15"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert written and all(p.startswith("反馈意见书/") for p in written), written  # documents=letters only
    letter = Document(str(out / written[0]))
    text = "\n".join(p.text for p in letter.paragraphs)
    text += "\n".join(c.text for t in letter.tables for r in t.rows for c in r.cells)
    assert "测试县纠风办" in text and "{{" not in text

    bad = subprocess.run([exe, "--lang", "en", "run", str(sample / "2017"), "--out", str(tmp_path / "bad"),
                          "--set", "office"], capture_output=True, text=True)
    assert bad.returncode == 2 and "KEY=VALUE" in bad.stderr, bad.stderr
    refused = subprocess.run([exe, "--lang", "en", "run", str(sample / "2017"), "--out", str(tmp_path / "refused"),
                              "--format", "docx", "--set", "documents=letters,minutes"], capture_output=True, text=True)
    assert refused.returncode != 0 and "minutes" in refused.stderr, refused.stderr
    assert not list((tmp_path / "refused").rglob("*.docx"))  # the refused writer left nothing


def test_load_from_store_by_region_and_year(sample: Path, tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    libreview.load(sample / "2016", store=db).score()
    direct = libreview.load(sample / "2017", store=db).score().to_pandas()
    stored = libreview.stored_cycles(db)
    assert stored[["region", "year"]].values.tolist() == [["seed-county", 2016], ["seed-county", 2017]]
    by_path = libreview.load("seed-county/2017", store=db)
    by_keywords = libreview.load(store=db, region="seed-county", year=2017)
    assert by_path.year == 2017 and by_path.region == "seed-county"
    assert_same_results(by_path.score().to_pandas(), direct)
    assert_same_results(by_keywords.score().to_pandas(), direct)
    with pytest.raises(libreview.StoreError):
        libreview.load("seed-county/2031", store=db)
    with pytest.raises(TypeError):
        libreview.load(store=db, region="seed-county")


def test_cycle_properties(cycle2017: libreview.Cycle) -> None:
    import datetime as dt

    assert cycle2017.year == 2017 and cycle2017.region == "seed-county"
    assert cycle2017.name == "XX县2017年度民主评议行风" and cycle2017.as_of == dt.date(2017, 12, 31)
    assert cycle2017.counts["departments"] == 53 and cycle2017.counts["exempt"] == 6
    deps = cycle2017.departments
    assert deps.loc[0, "name"] == "县公安局" and (deps["status"] == "exempt").sum() == 6
    assert list(deps.columns[:6]) == ["id", "name", "category", "status", "exempt_reason", "hotline"]
    b = cycle2017.ballots
    assert len(b) == cycle2017.counts["ballots"] and list(b["rating"].cat.categories) == RATINGS
    assert len(cycle2017.complaints) == cycle2017.counts["complaints"]


# ---- from_frames ---------------------------------------------------------------------------


def frames_kwargs(folder: Path) -> dict:
    t = read_tables(folder)
    return dict(departments=t["departments"], representatives=t["representatives"], ballots=t["ballots"],
                questionnaires=t["questionnaires"], daily_work=t["daily_work"],
                self_assessment=t["self_assessment"], complaints=t["complaints"],
                rectifications=t["rectifications"], commitments=t["commitments"], hearings=t["hearings"],
                activities=t["activities"], surveys=t["surveys"])


def test_from_frames_equals_load(sample: Path, results2017: libreview.Results) -> None:
    cycle = libreview.Cycle.from_frames(**frames_kwargs(sample / "2017"), year=2017, region="seed-county",
                                        name="XX县2017年度民主评议行风", as_of="2017-12-31")
    assert cycle.counts == results2017.cycle.counts
    assert_same_results(cycle.score().to_pandas(), results2017.to_pandas())


def index_form(kw: dict) -> dict:
    """Ballots and questionnaires as integer index columns with coded ratings."""
    deps = kw["departments"]["id"].tolist()
    reps = kw["representatives"]["id"].tolist()
    b, q = kw["ballots"], kw["questionnaires"]
    out = dict(kw)
    out["ballots"] = pd.DataFrame({
        "department": pd.Categorical(b["department_id"], categories=deps).codes.astype(np.uint32),
        "representative": pd.Categorical(b["representative_id"], categories=reps).codes.astype(np.uint32),
        "rating": pd.Categorical(b["rating"], categories=RATINGS),
    })
    codes, _ = pd.factorize(q["response_id"])
    out["questionnaires"] = pd.DataFrame({
        "department": pd.Categorical(q["department_id"], categories=deps).codes.astype(np.int32),
        "response": codes.astype(np.uint32),
        "respondent_group": pd.Categorical(q["respondent_group"]),
        "rating": pd.Categorical(q["rating"], categories=RATINGS).codes.astype(np.uint8),
    })
    return out


def test_from_frames_borrows_numpy_columns(sample: Path, results2017: libreview.Results) -> None:
    kw = index_form(frames_kwargs(sample / "2017"))
    cycle = libreview.Cycle.from_frames(**kw, year=2017, region="seed-county", as_of="2017-12-31")
    b, q = kw["ballots"], kw["questionnaires"]
    for frame, col in [(b, "department"), (b, "representative"), (q, "department"), (q, "response"),
                       (q, "rating")]:
        assert cycle._shares_memory(frame[col].to_numpy()), col
    assert cycle._shares_memory(b["rating"].array.codes)
    # the cycle's own views are the frame's memory
    assert np.shares_memory(cycle.ballots["department"].to_numpy(), b["department"].to_numpy())
    # a respondent group is dictionary-encoded: mapped, not borrowed
    assert not cycle._shares_memory(q["respondent_group"].array.codes)
    assert_same_results(cycle.score().to_pandas(), results2017.to_pandas())
    # the cycle keeps the arrays alive after the frames are gone
    view = cycle.ballots["department"].to_numpy().copy()
    del kw, b, q
    import gc

    gc.collect()
    np.testing.assert_array_equal(cycle.ballots["department"].to_numpy(), view)


def test_from_frames_converts_other_dtypes(sample: Path, results2017: libreview.Results) -> None:
    kw = index_form(frames_kwargs(sample / "2017"))
    b = kw["ballots"]
    kw["ballots"] = pd.DataFrame({"department": b["department"].astype(np.int64),
                                  "representative": b["representative"].astype(np.int64),
                                  "rating": b["rating"].astype(str).map({"satisfied": "满意", "basic": "基本满意",
                                                                          "dissatisfied": "不满意", "unknown": "不了解"})})
    cycle = libreview.Cycle.from_frames(**kw, year=2017, region="seed-county")
    assert not cycle._shares_memory(kw["ballots"]["department"].to_numpy())
    assert_same_results(cycle.score().to_pandas(), results2017.to_pandas())


def test_from_frames_two_million_ratings_zero_copy() -> None:
    """Two million ballots of the benchmark's shape are taken without a copy and counted whole
    (how fast is benchmarks/bench_from_frames.py's business, not this test's)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_from_frames import frames

    f = frames(2_000_000)
    cycle = libreview.Cycle.from_frames(**f, year=2017)
    assert cycle.counts["ballots"] == 2_000_000
    assert cycle._shares_memory(f["ballots"]["department"].to_numpy())
    assert cycle._shares_memory(f["ballots"]["rating"].array.codes)


def small(**over) -> dict:
    base = dict(
        departments=pd.DataFrame({"id": ["D1", "D2", "D3"], "name": ["县公安局", "县税务局", "县供电公司"],
                                  "category": ["执法", "执法", "服务"],
                                  "status": ["participating", "participating", "exempt"]}),
        representatives=pd.DataFrame({"id": ["R1", "R2"]}),
        ballots=pd.DataFrame({"representative_id": ["R1", "R2", "R1"], "department_id": ["D1", "D1", "D2"],
                              "rating": ["satisfied", "basic", "满意"]}),
        questionnaires=pd.DataFrame({"response_id": ["Q1", "Q1"], "department_id": ["D1", "D2"],
                                     "rating": ["basic", "dissatisfied"]}),
    )
    base.update(over)
    return base


def diagnostics(**over) -> list[str]:
    with pytest.raises(libreview.ValidationError) as info:
        libreview.Cycle.from_frames(**small(**over), year=2017)
    assert isinstance(info.value, ValueError)
    return [str(d) for d in info.value.diagnostics]


def test_from_frames_small_is_valid() -> None:
    cycle = libreview.Cycle.from_frames(**small(), year=2017)
    assert cycle.counts["ballots"] == 3 and cycle.region == "default"


def test_validation_unknown_ids_and_exempt() -> None:
    got = diagnostics(ballots=pd.DataFrame({"representative_id": ["R1", "R9", "R1"],
                                            "department_id": ["D1", "D1", "D3"], "rating": ["basic"] * 3}))
    assert got == ["ballots:2:1: unknown representative id (R9)", "ballots:3:2: department is exempt (D3)"]


def test_validation_index_columns_and_rating_codes() -> None:
    got = diagnostics(ballots=pd.DataFrame({"department": np.array([0, 7, 1, -1], dtype=np.int32),
                                            "representative": np.array([0, 0, 5, 1], dtype=np.uint32),
                                            "rating": np.array([0, 1, 9, 2], dtype=np.uint8)}))
    assert got == ["ballots:2:1: unknown department index (7)", "ballots:3:2: unknown representative index (5)",
                   "ballots:3:3: rating not in the list (9)", "ballots:4:1: missing value (-1)"]


def test_validation_duplicates_and_bad_rating_text() -> None:
    got = diagnostics(ballots=pd.DataFrame({"representative_id": ["R1", "R1"], "department_id": ["D1", "D1"],
                                            "rating": ["basic", "satisfied"]}),
                      questionnaires=pd.DataFrame({"response_id": ["Q1", "Q1", "Q2"],
                                                   "department_id": ["D2", "D2", "D1"],
                                                   "rating": ["basic", "basic", "很满意"]}))
    assert got == ["ballots:2:2: second ballot from this representative for this department (D1)",
                   "questionnaires:2:2: second answer of this questionnaire response for this department (D2)",
                   "questionnaires:3:3: rating not in the list (很满意)"]


def test_validation_text_tables_and_missing_columns() -> None:
    deps = small()["departments"].copy()
    deps.loc[1, "id"] = "D1"
    got = diagnostics(departments=deps, daily_work=pd.DataFrame({"department_id": ["D1"], "score": [120.0]}))
    assert "departments:2:1: id used twice in this file (D1)" in got
    assert "daily_work:1:2: score outside 0-100 (120.0)" in got
    with pytest.raises(libreview.ValidationError) as info:
        libreview.Cycle.from_frames(**small(ballots=pd.DataFrame({"department_id": ["D1"]})), year=2017)
    assert [(d.file, d.field, d.message) for d in info.value.diagnostics] == [
        ("ballots", "representative_id", "missing required column"), ("ballots", "rating", "missing required column")]


def test_validate_reports_a_broken_folder(sample: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(sample / "2017", broken)
    with open(broken / "ballots.csv", "a", encoding="utf-8") as f:
        f.write("R999,D01,satisfied\nR001,D01,很满意\n")
    found = [str(d) for d in libreview.validate(broken)]
    assert any("unknown representative id (R999)" in d for d in found)
    assert any("rating not in the list (很满意)" in d for d in found)
    with pytest.raises(libreview.ValidationError) as info:
        libreview.load(broken, store=tmp_path / "r.db")
    assert [str(d) for d in info.value.diagnostics] == found
    assert libreview.stored_cycles(tmp_path / "r.db").empty  # nothing stored
    assert libreview.validate(sample / "2017") == []


# ---- results --------------------------------------------------------------------------------


def test_to_pandas_is_unrounded_with_results_csv_columns(results2017: libreview.Results) -> None:
    df = results2017.to_pandas()
    assert list(df.columns) == libreview.RESULT_COLUMNS and len(df) == 53
    scored = df[df["status"] == "participating"]
    assert scored["composite"].notna().all() and df.loc[df["status"] == "exempt", "composite"].isna().all()
    assert any(v != round(v, 2) for v in scored["composite"])  # unrounded
    assert sorted(scored["rank_overall"].tolist())[0] == 1
    assert set(scored["grade"]) <= {"excellent", "good", "fair", "poor"}


def test_receipt(results2017: libreview.Results) -> None:
    r = results2017.receipt("D01")
    row = results2017.to_pandas().set_index("department_id").loc["D01"]
    assert r.composite == pytest.approx(row["composite"]) and r.rank_overall == row["rank_overall"]
    assert [c["component"] for c in r.components] == ["ballot", "questionnaire"]
    assert sum(r.components[0]["counts"]) == 150 and r.weights["ballot"] == 0.5
    text = str(r)
    assert "县公安局" in text and "综合得分 composite" in text and "扣分" in text
    assert "县公安局" in r._repr_html_()
    with pytest.raises(KeyError):
        results2017.receipt("D99")


def test_repr_html_has_chinese(cycle2017: libreview.Cycle, results2017: libreview.Results) -> None:
    assert "XX县2017年度民主评议行风" in cycle2017._repr_html_() and "参评部门" in cycle2017._repr_html_()
    page = results2017._repr_html_()
    assert "县公安局" in page and "优秀" in page and "#C6EFCE" in page
    assert results2017.ranking()["名次"].iloc[0] == 1


def test_plot_draws_with_cjk_font(results2017: libreview.Results) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    assert libreview._display.cjk_font(), "no Noto CJK font found (fonts-noto-cjk)"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: fail on it
        ax = results2017.plot()
        ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 47 and labels[-1] == results2017.ranking()["部门"].iloc[0]
    plt.close(ax.figure)


def test_compare_profiles(cycle2017: libreview.Cycle) -> None:
    df = libreview.compare(cycle2017, profiles=["seed-county", "focus-theme"])
    a = cycle2017.score("seed-county").to_pandas().set_index("department_id")
    b = cycle2017.score("focus-theme").to_pandas().set_index("department_id")
    assert df.index.name == "department_id" and len(df) == 53
    assert df["rank[seed-county]"].equals(a["rank_overall"].reindex(df.index))
    assert df["rank[focus-theme]"].equals(b["rank_overall"].reindex(df.index))
    moved = (a["rank_overall"] != b["rank_overall"]).fillna(False) | (a["grade"] != b["grade"])
    assert df["moved"].sum() == moved.sum() > 0
    assert df["rank[seed-county]"].iloc[0] == 1
    rules = libreview.compare(cycle2017, rules=["default", "majority"])
    assert "rank[seed-county/majority]" in rules.columns


def test_report_writes_files(results2017: libreview.Results, tmp_path: Path) -> None:
    cycle = results2017.cycle
    files = cycle.report("csv", tmp_path / "csv", results=results2017)
    assert sorted(f.name for f in files) == ["flags.csv", "results.csv"]
    csv = pd.read_csv(tmp_path / "csv" / "results.csv", keep_default_na=False, na_values={"composite": [""]})
    np.testing.assert_allclose(csv["composite"], results2017.to_pandas()["composite"].round(2), atol=0.0051)
    xlsx = cycle.report("xlsx", tmp_path / "xlsx", include_integrity=True)
    assert len(xlsx) == 1 and xlsx[0].exists() and "诚信核查" in xlsx[0].name
    with pytest.raises(libreview.PluginError):
        cycle.report("no-such-format", tmp_path / "none")


def test_profiles_and_plugins() -> None:
    ids = [p["id"] for p in libreview.profiles()]
    assert {"default", "seed-county", "focus-theme"} <= set(ids)
    assert any(p["kind"] == "report" and p["id"] == "csv" for p in libreview.plugins())


# ---- Python scoring rules ------------------------------------------------------------------


def test_python_rule_scores_like_the_default(cycle2017: libreview.Cycle, results2017: libreview.Results) -> None:
    @libreview.scoring_rule("py-default", summary="the default rule, in Python")
    def rule(view: libreview.RuleInput) -> dict:
        assert view.ballots.shape == (len(view.departments), 4) and view.points[0] == 100
        return {"ballot": view.mean_points(view.ballots), "questionnaire": view.mean_points(view.questionnaires)}

    try:
        listed = [p for p in libreview.plugins() if p["id"] == "py-default"]
        assert listed == [{"kind": "scoring", "id": "py-default", "version": "1.0.0",
                           "summary": "the default rule, in Python", "file": ""}]
        got = cycle2017.score(rule="py-default")
        assert got.rule == "py-default"
        expected = results2017.to_pandas()
        assert_same_results(got.to_pandas(), expected)
        # from another thread, the GIL released by score() and taken again inside the rule
        box: list = []
        t = threading.Thread(target=lambda: box.append(cycle2017.score("default", rule="py-default")))
        t.start()
        t.join()
        assert box and box[0].rule == "py-default"
    finally:
        libreview.unregister_scoring_rule("py-default")
    assert "py-default" not in [p["id"] for p in libreview.plugins()]
    with pytest.raises(libreview.PluginError, match="py-default"):
        cycle2017.score(rule="py-default")


def test_python_rule_strict_points_changes_scores(cycle2017: libreview.Cycle) -> None:
    @libreview.scoring_rule("py-strict")
    def strict(view: libreview.RuleInput) -> pd.DataFrame:
        points = [100.0, 50.0, 0.0]
        return pd.DataFrame({"ballot": view.mean_points(view.ballots, points)}, index=view.departments["id"])

    try:
        got = cycle2017.score(rule="py-strict").to_pandas()
        base = cycle2017.score().to_pandas()
        scored = got["status"] == "participating"
        assert (got.loc[scored, "ballot_score"] <= base.loc[scored, "ballot_score"] + 1e-9).all()
        assert (got.loc[scored, "ballot_score"] < base.loc[scored, "ballot_score"]).any()
        np.testing.assert_allclose(got["questionnaire_score"], base["questionnaire_score"])  # default Q
    finally:
        libreview.unregister_scoring_rule("py-strict")


def test_broken_python_rule_is_refused_naming_the_property() -> None:
    with pytest.raises(libreview.PluginError, match=r"py-upside-down.*'monotone'"):
        @libreview.scoring_rule("py-upside-down")
        def upside_down(view: libreview.RuleInput) -> dict:
            return {"ballot": 100 - view.mean_points(view.ballots)}
    assert "py-upside-down" not in [p["id"] for p in libreview.plugins()]
    assert "py-upside-down" not in libreview.python_rules()


def test_exception_in_python_rule_is_a_plugin_error(cycle2017: libreview.Cycle) -> None:
    calls = []

    @libreview.scoring_rule("py-fragile", check=False)
    def fragile(view: libreview.RuleInput) -> dict:
        calls.append(1)
        raise ZeroDivisionError("no votes to divide")

    try:
        with pytest.raises(libreview.PluginError) as info:
            cycle2017.score(rule="py-fragile")
        assert "scoring rule 'py-fragile'" in str(info.value) and "ZeroDivisionError" in str(info.value)
        assert "no votes to divide" in str(info.value) and calls
    finally:
        libreview.unregister_scoring_rule("py-fragile")


def test_reregistered_rule_is_checked_again(cycle2017: libreview.Cycle) -> None:
    @libreview.scoring_rule("py-again")
    def good(view: libreview.RuleInput) -> dict:
        return {"ballot": view.mean_points(view.ballots)}

    cycle2017.score(rule="py-again")  # checked under seed-county and cached
    libreview.unregister_scoring_rule("py-again")

    @libreview.scoring_rule("py-again", check=False)
    def bad(view: libreview.RuleInput) -> dict:
        return {"ballot": 100 - view.mean_points(view.ballots)}

    try:
        with pytest.raises(libreview.PluginError, match="monotone"):
            cycle2017.score(rule="py-again")
    finally:
        libreview.unregister_scoring_rule("py-again")
