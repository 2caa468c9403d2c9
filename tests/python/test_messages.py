"""The message catalogue from Python: Chinese diagnostics, and the stable code of each error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import libreview


@pytest.fixture
def bad_rating(tmp_path: Path, repo: Path) -> Path:
    """The small cycle with a Chinese ballots header and a rating that is not in the list."""
    folder = tmp_path / "cycle"
    shutil.copytree(repo / "tests" / "data" / "cycle-small", folder)
    ballots = folder / "ballots.csv"
    text = ballots.read_text(encoding="utf-8")
    text = text.replace("representative_id,department_id,rating", "代表编号,部门编号,评价", 1)
    ballots.write_text(text.replace("R05,D03,satisfied", "R05,D03,很满意", 1), encoding="utf-8")
    return folder


def test_catalogue_has_both_languages_and_unique_codes() -> None:
    entries = libreview.messages()
    codes = [e["code"] for e in entries]
    assert len(codes) == len(set(codes))
    for e in entries:
        assert re.fullmatch(r"LR-[DEGKPRSUW]\d{3}", e["code"])
        assert re.search(r"[\u4e00-\u9fff]", e["zh"]), e
        assert e["en"] and e["fix_en"] and e["fix_zh"]
        assert e["en"].count("{}") == e["zh"].count("{}")


def test_chinese_diagnostic_names_the_chinese_header(bad_rating: Path) -> None:
    libreview.set_language("zh")
    assert libreview.language() == "zh"
    with pytest.raises(libreview.ValidationError) as caught:
        libreview.load(bad_rating)
    err = caught.value
    assert err.message_code == "LR-D138"
    assert [str(d) for d in err.diagnostics] == ["ballots.csv:2:3: 评价不在可选值之内 (很满意)"]
    assert err.diagnostics[0].code == "LR-D138"
    assert err.diagnostics[0].field == "rating"


def test_english_diagnostic_keeps_the_code(bad_rating: Path) -> None:
    with pytest.raises(libreview.ValidationError) as caught:
        libreview.load(bad_rating)
    assert str(caught.value.diagnostics[0]) == "ballots.csv:2:3: 评价 not in the list (很满意)"
    assert caught.value.message_code == "LR-D138"


def test_refusal_without_diagnostics_has_its_class_code(sample: Path) -> None:
    libreview.set_language("zh")
    with pytest.raises(libreview.NotFoundError) as caught:
        libreview.load(sample / "2017").score(profile="no-such-profile")
    assert caught.value.message_code == "LR-P105"
    assert "没有地区方案“no-such-profile”" in str(caught.value)


def test_bad_language_is_refused() -> None:
    with pytest.raises(libreview.UsageError):
        libreview.set_language("fr")


def test_flags_csv_details_follow_the_language_and_codes_stay_english(sample, tmp_path) -> None:
    import csv

    import libreview

    def flags(lang: str) -> list[dict]:
        libreview.set_language(lang)
        out = tmp_path / lang
        libreview.load(sample / "2017").report("csv", out)
        with open(out / "flags.csv", encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    zh, en = flags("zh"), flags("en")
    assert [r["flag"] for r in zh] == [r["flag"] for r in en]  # codes for software, in English
    assert [r["subject_id"] for r in zh] == [r["subject_id"] for r in en]
    by_flag = {r["flag"]: r["detail"] for r in zh}
    assert "在" in by_flag["last_place"] and "序列" in by_flag["last_place"]
    assert by_flag["overdue_rectification"].startswith("逾期")
    assert all(not any(w in r["detail"] for w in ("overdue", "rank", "expected", "no data")) for r in zh)
    assert {r["flag"]: r["detail"] for r in en}["last_place"].startswith("rank ")


def test_warnings_on_the_terminal_follow_the_language(tmp_path: Path, libreview_cli: str) -> None:
    """A log line names its level in the language of messages (警告：…), its text from the catalogue."""
    import os
    import subprocess

    (tmp_path / "review_scoring_fake.so").write_text("not a plugin")
    env = dict(os.environ, LIBREVIEW_PLUGIN_PATH=str(tmp_path))
    zh = subprocess.run([libreview_cli, "--lang", "zh", "plugins"], env=env, capture_output=True, text=True,
                        check=False)
    assert zh.returncode == 0, zh.stderr
    assert "review.plugin: 警告：已拒绝加载 " in zh.stderr and "不是动态库" in zh.stderr, zh.stderr
    assert ": warning:" not in zh.stderr and " refused " not in zh.stderr, zh.stderr
    en = subprocess.run([libreview_cli, "--lang", "en", "plugins"], env=env, capture_output=True, text=True,
                        check=False)
    assert "review.plugin: warning: refused " in en.stderr and "not a shared library" in en.stderr, en.stderr
