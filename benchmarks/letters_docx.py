"""The feedback letter (反馈意见书) written with python-docx, the peer of the
docx plugin's letter (plugins/report-docx/documents.cpp, Documents::letter_body):
the same title, headings, paragraphs (figures in bold runs), tables with a
header row and alignment, numbered lists and the signature, filled with the
same figures. The figures come from Documents::letter_data (bench_driver
`letters`), so only building and saving the documents is compared; computing
the figures is left out of the python-docx side (in its favour).
"""

from __future__ import annotations

import os

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips

DASH = "—"
L, R, C = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
FLAG_ASKS = [
    ("整改逾期", "对逾期未完成的整改事项立即整改，完成后报请验收销号"),
    ("问题重犯", "对反复出现的问题查找根源，建立长效机制"),
    ("序列末位", "你单位在本序列排名末位，请主要负责人牵头制定整改方案"),
    ("自评偏高", "组织班子成员对照评议结果开展自查"),
]
CN = "零一二三四五六七八九"


def table(doc, header, rows, widths, align, total_row=False):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.width = Twips(widths[i])
        p = cell.paragraphs[0]
        p.alignment = C
        p.add_run(h).bold = True
    for n, row in enumerate(rows):
        cells = t.add_row().cells
        last = total_row and n == len(rows) - 1
        for i, v in enumerate(row):
            cells[i].width = Twips(widths[i])
            p = cells[i].paragraphs[0]
            p.alignment = align[i]
            run = p.add_run(v)
            if last:
                run.bold = True
    return t


def note(doc, text):
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.size = Pt(10.5)


def numbered(doc, items):
    for it in items:
        doc.add_paragraph(it, style="List Number")


def breakdown(doc, first, rows, k_note=None):
    table(doc, [first, "满意", "基本满意", "不满意", "不了解", "合计"],
          [[r[first_key(r)], r["satisfied"], r["basic"], r["dissatisfied"], r["unknown"], r["total"]]
           for r in rows],
          [2444, 1280, 1280, 1280, 1280, 1280], [L, C, C, C, C, C], total_row=rows[-1][first_key(rows[-1])] == "合计")


def first_key(row):
    return "group" if "group" in row else "sector"


def letter(d: dict) -> Document:
    doc = Document()
    year = d["year"]
    doc.add_heading("民主评议行风反馈意见书", 0)
    p = doc.add_paragraph("（%s年度）" % year)
    p.alignment = C
    doc.add_paragraph(d["department.name"] + "：")
    doc.add_paragraph("根据%s年度民主评议行风工作安排，经评议代表无记名测评、群众问卷测评和日常考核，"
                      "现将你单位评议结果和群众意见反馈如下，请认真研究、抓好整改。" % year)

    doc.add_heading("一、评议结果", 1)
    p = doc.add_paragraph()
    for text, bold in (("你单位综合得分", False), (d["composite"] + "分", True),
                       ("，在全县%s个参评部门中排第" % d["participating_count"], False),
                       (d["rank_overall"], True),
                       ("名，在“%s”序列%s个部门中排第" % (d["department.category"], d["category_count"]), False),
                       (d["rank_in_category"], True), ("名，评定等次为", False),
                       ("“%s”" % d["grade"], True), ("。", False)):
        p.add_run(text).bold = bold
    if d["flags"]:
        doc.add_paragraph("需要注意：%s。" % d["flags"])

    doc.add_heading("二、计分明细", 1)
    sub = 0
    for comp, label in (("ballot", "代表测评"), ("questionnaire", "群众问卷")):
        sub += 1
        doc.add_heading("（%s）%s" % (CN[sub], label), 2)
        votes = d[comp + "_votes"]
        rows = [[v["rating"], v["votes"], v["points"], v["subtotal"]] for v in votes]
        total = sum(float(v["subtotal"]) for v in votes if v["points"] != DASH)
        score = d[comp + "_score"]
        rows.append(["有效票合计 / 平均分", str(d[comp + "_valid"]), "", "%.2f / %s" % (total, score)])
        table(doc, ["评价", "票数", "每票分值", "小计"], rows, [2844, 2000, 2000, 2000], [L, R, R, R], True)
    sub += 1
    doc.add_heading("（%s）综合得分" % CN[sub], 2)
    rows = [[w["component"], w["score"], w["weight"], w["weighted"]] for w in d["weights"]]
    ded = float(d["deductions"])
    rows.append(["扣分", "", "", ("−" + d["deductions"]) if ded > 0 else d["deductions"]])
    rows.append(["综合得分", "", "", d["composite"]])
    table(doc, ["项目", "得分", "权重", "折算分"], rows, [2844, 2000, 2000, 2000], [L, R, R, R], True)
    sub += 1
    doc.add_heading("（%s）扣分明细" % CN[sub], 2)
    if ded == 0:
        doc.add_paragraph("你单位本年度无扣分。")
    else:
        table(doc, ["扣分项", "每项扣分", "涉及事项", "扣分"],
              [[x["kind"], x["points_each"], x["items"], x["points"]] for x in d["deduction_items"]],
              [2000, 1200, 4244, 1400], [L, R, L, R])
        note(doc, "扣分合计%s分（上限%s分）。" % (d["deductions"], d["deduction_cap"]))

    doc.add_heading("三、群众意见", 1)
    doc.add_heading("（一）问卷测评情况", 2)
    if d["questionnaire_groups"]:
        breakdown(doc, "对象类别", d["questionnaire_groups"])
    else:
        doc.add_paragraph("本年度无对你单位的问卷评价。")
    doc.add_heading("（二）代表测评情况", 2)
    if d["ballot_sectors"]:
        breakdown(doc, "代表界别", d["ballot_sectors"])
    else:
        doc.add_paragraph("本年度无对你单位的测评票。")
    note(doc, "注：为保护评议代表和受访群众，少于%d份的数据及可据以推算的数据以“—”表示。" % d["anonymity_k"])
    doc.add_heading("（三）社情民意调查意见", 2)
    ops = d["opinions"]
    if ops:
        doc.add_paragraph("评议代表走访调查中收集到对你单位的意见%d条，归纳如下：" % sum(int(o["times"]) for o in ops))
        numbered(doc, [o["text"] if o["times"] == "1" else "%s（%s次）" % (o["text"], o["times"]) for o in ops])
    else:
        doc.add_paragraph("评议代表走访调查中未收集到对你单位的意见。")

    doc.add_heading("四、听证质询与整改", 1)
    doc.add_heading("（一）听证质询问题", 2)
    if d["hearings"]:
        table(doc, ["日期", "质询问题", "答复要点", "整改事项"],
              [[h["held_on"], h["question"], h["answer"], h["rectification_id"]] for h in d["hearings"]],
              [1300, 3300, 3144, 1100], [C, L, L, C])
    else:
        doc.add_paragraph("本年度你单位未接受听证质询。")
    doc.add_heading("（二）整改事项", 2)
    if d["rectifications"]:
        rows = []
        for it in d["rectifications"]:
            status = it["status"] + ("（逾期）" if it["overdue"] else ("（%s）" % it["closed_on"] if it["closed_on"] else ""))
            rows.append([it["id"], it["source"], it["category"], it["description"], it["deadline"], status])
        table(doc, ["编号", "来源", "问题类别", "整改内容", "整改时限", "状态"], rows,
              [900, 1000, 1200, 3144, 1300, 1300], [C, C, L, L, C, C])
    else:
        doc.add_paragraph("本年度你单位无整改事项。")
    doc.add_heading("（三）投诉办理", 2)
    if d["complaints"]:
        doc.add_paragraph("本年度受理对你单位的投诉%s件，经查属实%s件。"
                          % (d["complaints_received"], d["complaints_substantiated"]))
        table(doc, ["编号", "受理日期", "来源", "问题类别", "是否属实", "办结日期"],
              [[c["id"], c["received_on"], c["channel"], c["category"], c["substantiated"], c["closed_on"]]
               for c in d["complaints"]],
              [1100, 1500, 1500, 2044, 1200, 1500], [C, C, C, L, C, C])
    else:
        doc.add_paragraph("本年度未受理对你单位的投诉。")

    doc.add_heading("五、自评对照", 1)
    if not d["expected_score"]:
        doc.add_paragraph("你单位未报送自评得分。")
    else:
        gap = float(d["self_gap"])
        text = "你单位自评%s分，评议综合得分%s分，" % (d["expected_score"], d["composite"])
        if gap > 0:
            text += "自评高出%s分。" % d["self_gap"]
        elif gap < 0:
            text += "自评低于评议结果%s分。" % d["self_gap"].lstrip("-")
        else:
            text += "二者一致。"
        if "自评偏高" in d["flags"]:
            text += "自评明显高于评议结果，请对照群众意见认真查找差距，正确看待评议结果。"
        doc.add_paragraph(text)

    doc.add_heading("六、整改要求", 1)
    asks = [a for label, a in FLAG_ASKS if label in d["flags"]]
    asks.append("于收到本意见书之日起30日内将整改方案书面报送%s" % d["office"])
    numbered(doc, [a + "。" for a in asks])
    doc.add_paragraph("")
    doc.add_paragraph(d["office"]).alignment = R
    doc.add_paragraph(d["date"]).alignment = R
    return doc


def write_letters(letters: list[dict], out_dir: str) -> int:
    os.makedirs(out_dir, exist_ok=True)
    for d in letters:
        letter(d).save(os.path.join(out_dir, "%s-%s.docx" % (d["department.id"], d["department.name"])))
    return len(letters)
