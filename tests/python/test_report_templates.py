"""The office's own template for the annual report and the commitment booklet (issue 13,
docs/templates.md): the office's letterhead and wording with placeholders, `{{body}}` where
the document's text goes. Made here with python-docx as an office makes one in Word, filled
for the sample, read back with python-docx and converted by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

import libreview


def office_template(path: Path, heading_font: str = "黑体") -> Path:
    """A letterhead an office would draw: the issuer's mark in red, the number, the title, a
    principal recipient, the text, the signature; a header and a footer; its own Heading 1."""
    d = docx.Document()
    mark = d.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("{{office}}")
    run.font.size = Pt(26)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    d.add_paragraph("{{doc_no}}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("{{title}}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("{{#to}}{{to}}：{{/to}}")
    d.add_paragraph("{{body}}")
    d.add_paragraph("{{office}}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("{{date}}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.sections[0].header.paragraphs[0].text = "{{year}}年度 内部资料 注意保存"
    d.sections[0].footer.paragraphs[0].text = "{{office}}印"
    h1 = d.styles["Heading 1"]
    h1.font.name = heading_font
    h1.font.size = Pt(15)
    d.save(str(path))
    return path


def test_report_and_booklet_in_the_office_template(sample: Path, tmp_path: Path, foreign_env) -> None:
    template = office_template(tmp_path / "报告模板.docx")
    out = tmp_path / "out"
    libreview.load(sample / "2017").report("docx", out, report_template=str(template),
                                          booklet_template=str(template), office="XX县纠风办",
                                          doc_no="XX纠风办〔2018〕1号", to="县委、县政府", date="2018-01-15")
    report = docx.Document(str(out / "2017年度民主评议行风工作报告.docx"))
    texts = [p.text for p in report.paragraphs]
    assert texts[:4] == ["XX县纠风办", "XX纠风办〔2018〕1号", "2017年度民主评议行风工作报告", "县委、县政府："]
    assert texts[-2:] == ["XX县纠风办", "2018年1月15日"]
    assert texts[4].startswith("按照2017年度民主评议行风工作安排")
    for heading in ("一、工作开展情况", "二、评议结果", "三、存在的问题", "四、意见和建议"):
        assert heading in texts
    assert report.sections[0].header.paragraphs[0].text == "2017年度 内部资料 注意保存"
    assert report.sections[0].footer.paragraphs[0].text == "XX县纠风办印"
    assert len(report.tables) >= 3  # the results' tables came along
    everything = "\n".join(texts + [c.text for t in report.tables for r in t.rows for c in r.cells])
    assert "{{" not in everything and "libreview-body" not in everything
    # The office's red mark kept its run formatting; its Heading 1 style is the one used.
    assert report.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    heading = next(p for p in report.paragraphs if p.text == "一、工作开展情况")
    assert heading.style.name == "Heading 1" and heading.style.font.name == "黑体"
    # Numbered lists became numbered text: no numbering part is needed in the office's file.
    assert "word/numbering.xml" not in zipfile.ZipFile(out / "2017年度民主评议行风工作报告.docx").namelist() or \
        b"w:numId" not in zipfile.ZipFile(out / "2017年度民主评议行风工作报告.docx").read("word/document.xml")

    booklet = docx.Document(str(out / "2017年度公开承诺汇编.docx"))
    btexts = [p.text for p in booklet.paragraphs]
    assert btexts[2] == "2017年度公开承诺汇编"
    assert any(t.startswith("1. ") for t in btexts)  # commitments numbered in the text
    assert any(t.startswith("监督电话：") for t in btexts)

    # LibreOffice opens both as a person would.
    soffice = shutil.which("soffice")
    assert soffice, "soffice is needed (scripts/debian-packages.txt)"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(out / "2017年度民主评议行风工作报告.docx"),
                    str(out / "2017年度公开承诺汇编.docx")], check=True, capture_output=True, timeout=300,
                   env=foreign_env)
    text = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "2017年度民主评议行风工作报告.pdf"), "-"],
                          capture_output=True, text=True, check=True, env=foreign_env).stdout
    flat = text.replace(" ", "")  # pdftotext spaces Latin letters and digits apart from Chinese
    assert "XX纠风办〔2018〕1号" in flat and "四、意见和建议" in flat


def test_a_template_without_body_or_with_an_unknown_name_is_refused(sample: Path, tmp_path: Path) -> None:
    cycle = libreview.load(sample / "2017")
    no_body = docx.Document()
    no_body.add_paragraph("{{title}}")
    no_body.save(str(tmp_path / "no-body.docx"))
    with pytest.raises(libreview.ReportError) as refused:
        cycle.report("docx", tmp_path / "out", report_template=str(tmp_path / "no-body.docx"))
    assert "{{body}}" in str(refused.value) and "no-body.docx" in str(refused.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))
    typo = office_template(tmp_path / "typo.docx")
    d = docx.Document(str(typo))
    d.add_paragraph("{{offcie}}")
    d.save(str(typo))
    with pytest.raises(libreview.ReportError) as refused:
        cycle.report("docx", tmp_path / "out2", booklet_template=str(typo))
    assert "offcie" in str(refused.value)
    assert refused.value.message_code == "LR-R124"


def test_a_template_refusal_comes_in_chinese_under_its_code(sample: Path, tmp_path: Path) -> None:
    """The clerk reads the refusal in Chinese (--lang zh, a zh_* locale); software reads its code."""
    typo = office_template(tmp_path / "typo.docx")
    d = docx.Document(str(typo))
    d.add_paragraph("{{offcie}}")
    d.save(str(typo))
    libreview.set_language("zh")
    with pytest.raises(libreview.ReportError) as refused:
        libreview.load(sample / "2017").report("docx", tmp_path / "out", booklet_template=str(typo))
    message = str(refused.value)
    assert refused.value.message_code == "LR-R124"
    assert f"模板 {typo}（word/document.xml）：未知的占位符 {{{{offcie}}}}" in message, message
    assert "docx" in message.split("：", 1)[0], message  # the writer's name, then a full-width colon
    no_body = docx.Document()
    no_body.add_paragraph("{{title}}")
    no_body.save(str(tmp_path / "no-body.docx"))
    with pytest.raises(libreview.ReportError) as refused:
        libreview.load(sample / "2017").report("docx", tmp_path / "out", report_template=str(tmp_path / "no-body.docx"))
    assert refused.value.message_code == "LR-R129"
    assert f"模板 {tmp_path / 'no-body.docx'}：没有只含 {{{{body}}}} 的段落（正文放在该处）" in str(refused.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))
