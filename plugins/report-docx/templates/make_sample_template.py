"""Builds feedback-letter.docx, the sample letter template of the `docx` report plugin.

An office's template is any .docx with placeholders (docs/templates.md). This
one is made with python-docx, as an office's clerk would make one in Word: a
red letterhead, the office's fonts, a score table and an item table whose
second row repeats per item. One placeholder is split over three runs on
purpose (Word does that when a word is retyped or spell-checked) to show that
the plugin still finds it.

    python plugins/report-docx/templates/make_sample_template.py

rewrites feedback-letter.docx beside this script (needs `pip install python-docx`).
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
RED = RGBColor(0xC0, 0x00, 0x00)


def set_fonts(rpr_owner, east_asia: str, latin: str = "Times New Roman") -> None:
    """Sets all four font slots (w:ascii, w:hAnsi, w:eastAsia, w:cs) of a style or run."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(slot), name)


def bottom_border(paragraph, color: str = "C00000", size: int = 18) -> None:
    """The red rule under a letterhead."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def table(document, header, row):
    """A bordered table: a header row and one row of placeholders (the loop row)."""
    t = document.add_table(rows=2, cols=len(header))
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, text in enumerate(row):
        t.rows[1].cells[i].paragraphs[0].add_run(text)
    return t


def build(path: Path) -> None:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(14)
    set_fonts(normal.element, "SimSun")
    for name in ("Title", "Heading 1", "Heading 2"):
        style = styles[name]
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(style.element, "SimHei")
    styles["Title"].font.size = Pt(22)
    styles["Heading 1"].font.size = Pt(16)
    set_fonts(styles["Table Grid"].element, "SimSun")

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = "{{year}}年度民主评议行风"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER

    letterhead = doc.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = letterhead.add_run("{{office}}")
    run.font.size = Pt(24)
    run.font.bold = True
    run.font.color.rgb = RED
    set_fonts(run._r, "SimHei")
    bottom_border(letterhead)

    title = doc.add_paragraph("{{year}}年度民主评议行风反馈意见书", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # The salutation: {{department.name}} split over three runs, as Word often stores it.
    salutation = doc.add_paragraph()
    first = salutation.add_run("{{depart")
    first.bold = True
    salutation.add_run("ment.na").italic = True
    salutation.add_run("me}}：")

    doc.add_paragraph(
        "经评议代表测评、群众问卷测评和日常考核，你单位{{year}}年度综合得分{{composite}}分，"
        "在全县{{participating_count}}个参评部门中排第{{rank_overall}}名，"
        "在{{department.category}}{{category_count}}个部门中排第{{rank_in_category}}名，"
        "评定等次为“{{grade}}”。"
    )

    doc.add_paragraph("一、计分明细", style="Heading 1")
    t = table(doc, ["项目", "得分", "权重", "折算分"],
              ["{{#weights}}{{component}}", "{{score}}", "{{weight}}", "{{weighted}}{{/weights}}"])
    row = t.add_row().cells
    row[0].paragraphs[0].add_run("扣分")
    row[3].paragraphs[0].add_run("{{deductions}}")
    row = t.add_row().cells
    row[0].paragraphs[0].add_run("综合得分").bold = True
    row[3].paragraphs[0].add_run("{{composite}}").bold = True

    doc.add_paragraph("二、群众问卷（按对象类别）", style="Heading 1")
    table(doc, ["对象类别", "满意", "基本满意", "不满意", "不了解", "合计"],
          ["{{#questionnaire_groups}}{{group}}", "{{satisfied}}", "{{basic}}", "{{dissatisfied}}",
           "{{unknown}}", "{{total}}{{/questionnaire_groups}}"])
    doc.add_paragraph("注：少于5份的数据以“—”表示。")

    doc.add_paragraph("三、社情民意调查意见", style="Heading 1")
    doc.add_paragraph("{{#opinions}}{{text}}（{{times}}次）{{/opinions}}", style="List Number")
    doc.add_paragraph("{{^opinions}}收集到的意见不足5条，为保护受访群众，不单列原文。{{/opinions}}")

    doc.add_paragraph("四、整改事项", style="Heading 1")
    table(doc, ["编号", "整改内容", "整改时限", "状态"],
          ["{{#rectifications}}{{id}}", "{{description}}", "{{deadline}}", "{{status}}{{overdue}}{{/rectifications}}"])
    doc.add_paragraph("{{^rectifications}}本年度无整改事项。{{/rectifications}}")

    doc.add_paragraph("五、自评对照", style="Heading 1")
    doc.add_paragraph("{{#expected_score}}你单位自评{{expected_score}}分，比评议综合得分高{{self_gap}}分。{{/expected_score}}")
    doc.add_paragraph("{{^expected_score}}你单位未报送自评得分。{{/expected_score}}")

    for text in ("{{office}}", "{{date}}"):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    core = doc.core_properties
    core.title = "民主评议行风反馈意见书（样式模板）"
    core.author = "libreview"
    doc.save(str(path))


if __name__ == "__main__":
    build(HERE / "feedback-letter.docx")
    print(HERE / "feedback-letter.docx")
