"""`libreview forms` (office-year.md 1.4): the printed ballot (测评表), the public
questionnaire and the entry workbook (数据录入表). The workbook is filled in the way a clerk
would (openpyxl standing in for the keyboard: codes and words, real date cells), saved again
by LibreOffice, and imported: it must score exactly as the sample county's own files."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exe() -> str:
    found = shutil.which("libreview", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    assert found, "the libreview command is not installed"
    return found


def forms(exe: str, source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([exe, "--lang", "zh", "forms", str(source), "--out", str(out), *extra],
                          capture_output=True, text=True)


def soffice(args: list[str], work: Path, env: dict[str, str]) -> None:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.fail("soffice is needed (libreoffice-writer-nogui, libreoffice-calc-nogui from scripts/debian-packages.txt)")
    subprocess.run([exe, f"-env:UserInstallation=file://{work}/profile", "--headless", *args],
                   check=True, capture_output=True, env=env, timeout=300)


def pdf_pages(pdf: Path, env: dict[str, str]) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, env=env).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    size = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:"))
    return pages, size


@pytest.fixture(scope="module")
def written(exe: str, sample: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    run = forms(exe, sample / "2017-sheets", out)
    assert run.returncode == 0, run.stderr
    assert "测评表 160 张，每张 47 个参评单位" in run.stdout
    return out


def test_three_files_named_by_year(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == sorted(
        ["2017年度民主评议行风测评表.docx", "2017年度群众问卷.docx", "2017年度数据录入表.xlsx"])


def test_ballot_one_numbered_anonymous_sheet_per_page(written: Path, sample: Path) -> None:
    doc = docx.Document(str(written / "2017年度民主评议行风测评表.docx"))
    numbers = [p.text for p in doc.paragraphs if p.text.startswith("票号：")]
    assert numbers == [f"票号：{i:03}" for i in range(1, 161)]  # [ballots] issued = 160
    # One table per ballot, every participating department once, by sequence, two to a row.
    assert len(doc.tables) == 160
    departments = list(csv.DictReader(io.open(sample / "2017-sheets" / "部门.csv", encoding="utf-8")))
    participating = [d for d in departments if d["status"] == "participating"]
    first = doc.tables[0]
    cells = [c.text.replace("\n", "") for row in first.rows for c in row.cells]
    assert cells[:10] == ["参评单位", "满意", "基本满意", "不满意", "不了解"] * 2
    printed = [t.split(". ", 1)[1] for t in cells if ". " in t]
    assert sorted(printed) == sorted(d["name"] for d in participating)
    sequences = [t for t in dict.fromkeys(cells) if "类（" in t]
    assert [s.split("、", 1)[1].split("（")[0] for s in sequences] == list(dict.fromkeys(d["category"] for d in participating))
    # 无记名: no line for a name or a signature anywhere on the page.
    text = "\n".join(p.text for p in doc.paragraphs)
    for asked in ("姓名：", "签名", "代表编号", "单位："):
        assert asked not in text
    assert "本表不记名" in text
    # Page breaks: every ballot after the first starts a page.
    breaks = doc.element.body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pageBreakBefore")
    assert len(breaks) == 159


def test_sixty_departments_fit_one_a4_page(exe: str, tmp_path: Path, foreign_env: dict[str, str]) -> None:
    """The spec's bound: 60 departments in five sequences, long names included, one page per ballot."""
    county = tmp_path / "county"
    county.mkdir()
    (county / "cycle.toml").write_text('year = 2018\nregion = "default"\nname = "YY县2018年度民主评议行风"\n'
                                       "[ballots]\nissued = 3\n", encoding="utf-8")
    sequences = ["执法监督类", "经济管理类", "社会服务类", "公用事业类", "垂直管理类"]
    lines = ["部门编号,部门名称,类别,状态"]
    for i in range(60):
        name = f"县第{i + 1}人力资源和社会保障服务中心" if i % 7 == 0 else f"县第{i + 1}局"
        lines.append(f"D{i + 1:02},{name},{sequences[i % 5] if i < 55 else sequences[4]},参评")
    (county / "部门.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = forms(exe, county, out)
    assert run.returncode == 0, run.stderr
    soffice(["--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out / "2018年度民主评议行风测评表.docx"),
             str(out / "2018年度群众问卷.docx")], tmp_path, foreign_env)
    pages, size = pdf_pages(tmp_path / "pdf" / "2018年度民主评议行风测评表.pdf", foreign_env)
    assert pages == 3
    assert size.startswith("595.") and "x 841." in size  # A4 in points
    pages, _ = pdf_pages(tmp_path / "pdf" / "2018年度群众问卷.pdf", foreign_env)
    assert pages <= 2


def test_questionnaire_offers_the_groups_and_every_department(written: Path) -> None:
    doc = docx.Document(str(written / "2017年度群众问卷.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "□城镇居民" in text and "□学校" in text and "本问卷不记名" in text
    assert len(doc.tables) == 1
    printed = [c.text for row in doc.tables[0].rows for c in row.cells if ". " in c.text]
    assert len(printed) == 47


def test_entry_workbook_shape(written: Path) -> None:
    wb = openpyxl.load_workbook(written / "2017年度数据录入表.xlsx")
    assert wb.sheetnames[:4] == ["说明", "评议概况", "部门", "评议代表"]
    assert wb.active.title == "说明"
    for name in ("测评表", "问卷表", "日常考核", "自评", "投诉", "整改", "公开承诺", "听证质询", "三联系一走访", "社情民意调查"):
        assert name in wb.sheetnames
    assert "测评票" not in wb.sheetnames and "问卷" not in wb.sheetnames  # the sheet forms replace the long ones
    sheet = wb["测评表"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["票号", "界别"] and len(header) == 2 + 47
    assert [sheet.cell(row=r, column=1).value for r in (2, 161)] == ["001", "160"]
    assert sheet.cell(row=162, column=1).value is None
    assert sheet.freeze_panes == "C2"
    kinds = {(dv.type, str(dv.sqref)) for dv in sheet.data_validations.dataValidation}
    assert ("list", "C2:AW161") in kinds
    rating = next(dv for dv in sheet.data_validations.dataValidation if str(dv.sqref) == "C2:AW161")
    assert "满意" in rating.formula1 and "1" in rating.formula1 and rating.promptTitle == "评价"
    complaints = wb["投诉"]
    assert [c.value for c in complaints[1]] == ["编号", "部门编号", "受理日期", "来源", "问题类别", "是否属实", "办结时限",
                                               "办结日期", "摘要"]
    by_column = {str(dv.sqref).split(":")[0][0]: dv for dv in complaints.data_validations.dataValidation}
    assert by_column["B"].type == "list" and by_column["B"].formula1.startswith("'部门'!$A$2")
    assert by_column["C"].type == "date" and by_column["F"].formula1 == '"是,否"'
    assert complaints.freeze_panes == "A2"
    overview = {r[0].value: r[1].value for r in wb["评议概况"].iter_rows(min_row=2)}
    assert overview["年度"] == 2017 and overview["测评表发放数"] == 160 and overview["问卷发放数"] == 2040
    assert overview["统计截止日期"] == dt.datetime(2017, 12, 31)


def fill_like_a_clerk(workbook: Path, county: Path) -> None:
    """data/fill_entry_workbook.py: the county's paper keyed into the workbook (codes and
    words, date cells, numbers)."""
    spec = importlib.util.spec_from_file_location("fill_entry_workbook", REPO / "data" / "fill_entry_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.fill(workbook, county)


def test_filled_by_a_clerk_saved_by_libreoffice_imports_and_scores_as_the_folder(
        exe: str, written: Path, sample: Path, tmp_path: Path, foreign_env: dict[str, str]) -> None:
    county = sample / "2017-sheets"
    filled = tmp_path / "filled" / "录入表.xlsx"
    filled.parent.mkdir()
    shutil.copy(written / "2017年度数据录入表.xlsx", filled)
    fill_like_a_clerk(filled, county)
    saved = tmp_path / "saved"
    soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(filled)], tmp_path, foreign_env)
    resaved = saved / "录入表.xlsx"
    assert resaved.exists()
    for source, name in ((filled, "openpyxl"), (resaved, "libreoffice")):
        check = subprocess.run([exe, "--lang", "zh", "validate", str(source)], capture_output=True, text=True)
        assert check.returncode == 0, (name, check.stdout, check.stderr)
        out = tmp_path / f"run-{name}"
        run = subprocess.run([exe, "-q", "run", str(source), "--out", str(out), "--format", "csv"],
                             capture_output=True, text=True)
        assert run.returncode == 0, (name, run.stderr)
        ref = tmp_path / "run-folder"
        if not ref.exists():
            done = subprocess.run([exe, "-q", "run", str(county), "--out", str(ref), "--format", "csv"],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        assert (out / "results.csv").read_bytes() == (ref / "results.csv").read_bytes(), name
        assert (out / "flags.csv").read_bytes() == (ref / "flags.csv").read_bytes(), name
    # Double entry across the two saves: the same data, whoever saved it.
    same = subprocess.run([exe, "reconcile", str(filled), str(resaved)], capture_output=True, text=True)
    assert same.returncode == 0, same.stdout


def test_unkeyed_numbered_rows_are_not_ballots(written: Path, tmp_path: Path) -> None:
    """A workbook keyed only halfway: the numbered sheets not yet keyed are not returned ballots."""
    import libreview
    wb = openpyxl.load_workbook(written / "2017年度数据录入表.xlsx")
    sheet = wb["测评表"]
    for r in range(2, 12):  # ten sheets keyed, 150 numbered rows left empty
        for c in range(3, 3 + 47):
            sheet.cell(row=r, column=c).value = 1 + (r + c) % 4
    answers = wb["问卷表"]
    for r in range(2, 7):
        answers.cell(row=r, column=1).value = f"Q{r:04}"
        answers.cell(row=r, column=2).value = "城镇居民"
        for c in range(3, 3 + 47):
            answers.cell(row=r, column=c).value = "满意"
    path = tmp_path / "half.xlsx"
    wb.save(path)
    cycle = libreview.load(path)
    assert len(cycle.ballot_sheets) == 10
    assert sorted(cycle.ballot_sheets.sheet_no) == [f"{i:03}" for i in range(1, 11)]
    cycle.report("json", tmp_path / "out")
    accounting = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["accounting"]
    assert accounting["ballots"] == {**accounting["ballots"], "issued": 160, "returned": 10}


def test_bad_roster_names_the_cell_and_writes_nothing(exe: str, sample: Path, tmp_path: Path) -> None:
    county = tmp_path / "county"
    shutil.copytree(sample / "2017-sheets", county)
    text = (county / "部门.csv").read_text(encoding="utf-8").splitlines()
    fields = text[3].split(",")
    fields[3] = "参加"
    text[3] = ",".join(fields)
    (county / "部门.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = forms(exe, county, out)
    assert run.returncode != 0
    assert "部门.csv:4:4" in run.stderr and "参加" in run.stderr and "状态" in run.stderr
    assert not out.exists() or not any(out.iterdir())


def test_ballots_of_a_roster_without_issued_follow_the_representatives(exe: str, sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = forms(exe, sample / "2017", out)  # no [ballots] issued; 150 representatives on the roll
    assert run.returncode == 0, run.stderr
    assert "测评表 150 张" in run.stdout
    wb = openpyxl.load_workbook(out / "2017年度数据录入表.xlsx")
    assert wb["测评表"].cell(row=151, column=1).value == "150"
    sectors = next(dv for dv in wb["测评表"].data_validations.dataValidation if str(dv.sqref).startswith("B"))
    assert "政协委员" in sectors.formula1


def test_python_forms_and_the_filled_workbook_loads(sample: Path, tmp_path: Path) -> None:
    import libreview
    done = libreview.forms(sample / "2017-sheets", tmp_path, office="XX县纠风办", respondent_groups=["居民", "企业"])
    assert done["ballot_sheets"] == 160 and done["departments"] == 47
    assert [p.name for p in done["written"]] == ["2017年度民主评议行风测评表.docx", "2017年度群众问卷.docx",
                                                 "2017年度数据录入表.xlsx"]
    text = "\n".join(p.text for p in docx.Document(str(done["written"][1])).paragraphs)
    assert "□居民" in text and "□城镇居民" not in text and "XX县纠风办制" in text
    filled = tmp_path / "录入表.xlsx"
    shutil.copy(done["written"][2], filled)
    fill_like_a_clerk(filled, sample / "2017-sheets")
    with pytest.raises(libreview.ValidationError) as refused:
        wb = openpyxl.load_workbook(filled)
        wb["日常考核"].cell(row=2, column=2).value = 130.0  # a score out of range, keyed past the drop-down
        wb.save(filled)
        libreview.load(filled)
    message = str(refused.value)
    assert "录入表.xlsx[日常考核]:2:2" in message and "130" in message


@pytest.mark.parametrize("name, breakage, expected", [
    ("rating_not_a_code", lambda wb: wb["测评表"].cell(row=2, column=3, value=5),
     "录入表.xlsx[测评表]:2:3"),
    ("sheet_number_twice", lambda wb: wb["测评表"].cell(row=3, column=1, value="001"),
     "录入表.xlsx[测评表]:3:1"),
    ("unknown_department_header", lambda wb: wb["测评表"].cell(row=1, column=3, value="县公安厅"),
     "录入表.xlsx[测评表]:1:3"),
    ("formula_without_cached_value", lambda wb: wb["日常考核"].cell(row=2, column=2, value="=80+5"),
     "录入表.xlsx：单元格 B2（工作表“日常考核”）是公式，但没有保存计算结果"),
    ("date_not_a_date", lambda wb: wb["投诉"].cell(row=2, column=3, value="3/2/2017"),
     "录入表.xlsx[投诉]:2:3"),
    ("returned_above_issued", lambda wb: wb["评议概况"].cell(row=7, column=2, value=100),
     "录入表.xlsx[评议概况]:7:2"),
])
def test_a_bad_entry_workbook_is_refused_at_its_cell(exe: str, written: Path, sample: Path, tmp_path: Path,
                                                     name: str, breakage, expected: str) -> None:
    """The hard errors of office-year.md 1.1-1.3 in the entry workbook: each at its sheet, row
    and column in the header's own (Chinese) wording; nothing is stored."""
    book = tmp_path / "录入表.xlsx"
    shutil.copy(written / "2017年度数据录入表.xlsx", book)
    fill_like_a_clerk(book, sample / "2017-sheets")
    wb = openpyxl.load_workbook(book)
    assert wb["评议概况"].cell(row=7, column=1).value == "测评表发放数"
    breakage(wb)
    wb.save(book)
    store = tmp_path / "review.db"
    run = subprocess.run([exe, "--lang", "zh", "import", str(book), "--store", str(store)], capture_output=True,
                         text=True)
    assert run.returncode == 1, (name, run.stdout, run.stderr)
    assert expected in run.stdout + run.stderr, (name, run.stdout, run.stderr)
    if store.exists():
        import libreview
        assert libreview.stored_cycles(store).empty


def test_from_frames_takes_the_sheet_form(sample: Path) -> None:
    """Cycle.from_frames(ballot_sheets=, questionnaire_sheets=): the wide frames an analyst reads
    from the entry workbook (codes as floats where pandas saw blanks) score exactly as the folder."""
    import pandas as pd
    import libreview
    county = sample / "2017-sheets"
    read = lambda name: pd.read_csv(county / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    sheets = read("测评表")
    coded = sheets.copy()
    codes = {"满意": 1.0, "基本满意": 2.0, "不满意": 3.0, "不了解": 4.0, "": float("nan")}
    for column in coded.columns[2:]:
        coded[column] = coded[column].map(codes)
    assert coded.dtypes.iloc[2] == "float64"
    kwargs = dict(departments=read("部门"), representatives=read("评议代表"), questionnaire_sheets=read("问卷表"),
                  daily_work=read("日常考核"), self_assessment=read("自评"), complaints=read("投诉"),
                  rectifications=read("整改"), commitments=read("公开承诺"), hearings=read("听证质询"),
                  activities=read("三联系一走访"), surveys=read("社情民意调查"), year=2017, region="seed-county",
                  as_of="2017-12-31", ballots_issued=160, questionnaires_issued=2040)
    folder = libreview.load(county)
    for frame in (sheets, coded):
        cycle = libreview.Cycle.from_frames(ballot_sheets=frame, **kwargs)
        assert len(cycle.ballot_sheets) == 150
        assert cycle.score().to_pandas().equals(folder.score().to_pandas())
        assert cycle.score().flags().equals(folder.score().flags())
    with pytest.raises(TypeError):
        libreview.Cycle.from_frames(ballot_sheets=sheets, ballots=read("测评表"), **kwargs)
    broken = sheets.copy()
    broken.iloc[1, 3] = "很满意"
    with pytest.raises(libreview.ValidationError) as refused:
        libreview.Cycle.from_frames(ballot_sheets=broken, **kwargs)
    assert "ballot_sheets:2:4" in str(refused.value) and "很满意" in str(refused.value)
