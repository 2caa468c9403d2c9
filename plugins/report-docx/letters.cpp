// The feedback letters (反馈意见书): one per participating department, alone
// or all in one document.
#include <fmt/format.h>

#include <algorithm>

#include "documents.hpp"
#include "documents_internal.hpp"
#include "libreview/vocabulary.hpp"

namespace review::docx {

using namespace detail;

std::string Documents::flag_sentence(std::uint32_t dept) const {
  const Department& dep = cycle_.departments[dept];
  std::vector<std::string> found;
  if (has_flag(dept, FlagCode::last_place))
    found.push_back(fmt::format("在“{}”序列中排名末位", dep.category));
  if (has_flag(dept, FlagCode::overdue_rectification)) found.push_back("有整改事项逾期未完成");
  if (has_flag(dept, FlagCode::relapse)) found.push_back("往年已整改销号的问题再次出现");
  if (has_flag(dept, FlagCode::ballot_public_divergence)) found.push_back("代表测评与群众问卷的评价差距较大");
  if (has_flag(dept, FlagCode::self_overestimate)) found.push_back("自评得分明显高于评议结果");
  if (has_flag(dept, FlagCode::insufficient_ballots)) found.push_back("有效测评票偏少，测评得分代表性不足");
  if (has_flag(dept, FlagCode::missing_component))
    found.push_back("部分评分项缺少数据，权重已按其余各项折算");
  if (found.empty()) return {};
  return fmt::format("评议中发现，你单位{}。", join(found, "，"));
}

void Documents::commitments_kept(Body& body, std::uint32_t dept) const {
  const auto& kept = commitments_[dept];
  if (kept.empty()) {
    body.paragraph("你单位本年度未录入公开承诺。");
    return;
  }
  int counts[3] = {0, 0, 0};  // by CommitmentStatus: fulfilled, in_progress, unfulfilled
  int unknown = 0;
  for (const Commitment* c : kept)
    if (const auto st = c->kept_status())
      ++counts[static_cast<int>(*st)];
    else
      ++unknown;
  std::string text = fmt::format("你单位公开承诺{}项，已兑现{}项，推进中{}项，未兑现{}项", kept.size(),
                                 counts[0], counts[1], counts[2]);
  if (unknown > 0) text += fmt::format("，{}项未报兑现情况", unknown);
  body.paragraph(text + "。");
  const TableSpec spec{.header = {"承诺内容", "完成时限", "兑现情况"},
                       .widths = {5844, 1500, 1300},
                       .align = {Align::left, Align::center, Align::center}};
  std::vector<std::vector<std::string>> rows;
  for (const Commitment* c : kept) {
    const auto st = c->kept_status();
    rows.push_back({c->text, c->due_on ? date_zh(*c->due_on) : std::string("年内"),
                    st ? std::string(label_zh(*st)) : std::string("未报")});
  }
  body.table(spec, rows);
}

void Documents::letter_body(Body& body, std::uint32_t dept) const {
  const Department& dep = cycle_.departments[dept];
  const DepartmentResult& r = result(dept);
  const int year = cycle_.info.year;
  const auto in_category = std::count_if(participating_.begin(), participating_.end(), [&](std::uint32_t d) {
    return cycle_.departments[d].category == dep.category;
  });

  if (settings_.layout == Layout::gongwen) body.issuer_mark(settings_.office, settings_.doc_no);
  body.title("民主评议行风反馈意见书");
  body.subtitle(fmt::format("（{}年度）", year));
  body.line(dep.name + "：");
  body.paragraph(
      fmt::format("根据{}年度民主评议行风工作安排，经评议代表无记名测评、群众问卷测评和日常考核，"
                  "现将你单位评议结果和群众意见反馈如下，请认真研究、抓好整改。",
                  year));

  body.heading(1, "一、评议结果");
  body.paragraph({{"你单位综合得分"},
                  {fig(r.composite) + "分", true},
                  {fmt::format("，在全县{}个参评部门中排第", participating_.size())},
                  {rank_or_dash(r.rank_overall), true},
                  {fmt::format("名，在“{}”序列{}个部门中排第", dep.category, in_category)},
                  {rank_or_dash(r.rank_in_category), true},
                  {"名，评定等次为"},
                  {"“" + grade_or_dash(r.grade) + "”", true},
                  {"。计分明细见附件。"}});
  if (const auto change = change_sentence(r); !change.empty()) body.paragraph(change);
  if (const auto found = flag_sentence(dept); !found.empty()) body.paragraph(found);

  body.heading(1, "二、群众意见");
  int sub = 0;
  body.heading(2, fmt::format("（{}）问卷测评情况", cn(++sub)));
  const SuppressedBreakdown by_group = view_.questionnaires_by_group(dept);
  const auto q_rows = breakdown_rows(by_group);
  if (q_rows.empty())
    body.paragraph("本年度无对你单位的问卷评价。");
  else
    body.table(breakdown_spec("对象类别", by_group), q_rows);
  body.heading(2, fmt::format("（{}）代表测评情况", cn(++sub)));
  const SuppressedBreakdown by_sector = view_.ballots_by_sector(dept);
  const auto b_rows = breakdown_rows(by_sector);
  if (b_rows.empty())
    body.paragraph("本年度无对你单位的测评票。");
  else
    body.table(breakdown_spec("代表界别", by_sector), b_rows);
  body.note(
      fmt::format("注：为保护评议代表和受访群众，少于{}份的数据及可据以推算的数据以“—”表示。", view_.k()));
  body.heading(2, fmt::format("（{}）社情民意调查意见", cn(++sub)));
  const auto opinions = view_.opinions(dept);
  const auto opinion_count = view_.opinion_count(dept);
  if (!opinions.empty()) {
    body.paragraph(fmt::format("评议代表走访调查中收集到对你单位的意见{}条，归纳如下：", opinion_count));
    const int list = body.start_list(ListKind::decimal);
    for (const auto& o : opinions)
      body.list_item(list, o.times > 1 ? fmt::format("{}（{}次）", o.text, o.times) : o.text);
  } else if (opinion_count > 0) {
    body.paragraph(fmt::format(
        "评议代表走访调查中收集到对你单位的意见不足{}条，为保护受访群众，不单列意见原文。", view_.k()));
  } else {
    body.paragraph("评议代表走访调查中未收集到对你单位的意见。");
  }

  body.heading(1, "三、听证质询与整改");
  sub = 0;
  body.heading(2, fmt::format("（{}）听证质询问题", cn(++sub)));
  if (hearings_[dept].empty()) {
    body.paragraph("本年度你单位未接受听证质询。");
  } else {
    const TableSpec spec{.header = {"日期", "质询问题", "答复要点", "整改事项"},
                         .widths = {1300, 3300, 3144, 1100},
                         .align = {Align::center, Align::left, Align::left, Align::center}};
    std::vector<std::vector<std::string>> rows;
    for (const Hearing* h : hearings_[dept]) rows.push_back(hearing_cells(*h));
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）整改事项", cn(++sub)));
  if (rectifications_[dept].empty()) {
    body.paragraph("本年度你单位无整改事项。");
  } else {
    const TableSpec spec{
        .header = {"编号", "来源", "问题类别", "整改内容", "整改时限", "状态"},
        .widths = {900, 1000, 1200, 3144, 1300, 1300},
        .align = {Align::center, Align::center, Align::left, Align::left, Align::center, Align::center}};
    std::vector<std::vector<std::string>> rows;
    const Date as_of = cycle_.info.judged_on();
    for (const RectificationItem* it : rectifications_[dept]) {
      std::string status(term(it->status).zh);
      if (it->overdue(as_of))
        status += "（逾期）";
      else if (it->closed_on)
        status += "（" + it->closed_on->to_string() + "）";
      rows.push_back({it->id, std::string(term(it->source).zh), it->category, it->description,
                      date_or_dash(it->deadline), status});
    }
    body.table(spec, rows);
  }
  // 上年结转: last cycle's items of this department never verified.
  std::vector<const CarriedItem*> carried;
  for (const auto& c : results_.carried_over)
    if (c.department_id == dep.id) carried.push_back(&c);
  if (!carried.empty()) {
    std::vector<std::string> ids;
    for (const auto* c : carried) ids.push_back(c->item_id);
    body.paragraph(
        fmt::format("另有{}年度结转的整改事项{}项（{}）尚未验收销号，请一并抓紧整改，完成后报请验收。",
                    carried.front()->year, carried.size(), join(ids, "、")));
  }
  body.heading(2, fmt::format("（{}）投诉办理", cn(++sub)));
  if (complaints_[dept].empty()) {
    body.paragraph("本年度未受理对你单位的投诉。");
  } else {
    const auto substantiated = std::count_if(complaints_[dept].begin(), complaints_[dept].end(),
                                             [](const Complaint* c) { return c->substantiated; });
    body.paragraph(
        fmt::format("本年度受理对你单位的投诉{}件，经查属实{}件。", complaints_[dept].size(), substantiated));
    const TableSpec spec{
        .header = {"编号", "受理日期", "来源", "问题类别", "是否属实", "办结日期"},
        .widths = {1100, 1500, 1500, 2044, 1200, 1500},
        .align = {Align::center, Align::center, Align::center, Align::left, Align::center, Align::center}};
    std::vector<std::vector<std::string>> rows;
    for (const Complaint* c : complaints_[dept]) rows.push_back(complaint_cells(*c));
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）公开承诺兑现情况", cn(++sub)));
  commitments_kept(body, dept);

  body.heading(1, "四、自评对照");
  const auto expected = dept < cycle_.expected_scores.size() ? cycle_.expected_scores[dept] : std::nullopt;
  if (!expected) {
    body.paragraph("你单位未报送自评得分。");
  } else if (r.composite) {
    const double gap = *expected - *r.composite;
    std::string text = fmt::format("你单位自评{}分，评议综合得分{}分，", fig(expected), fig(r.composite));
    if (gap > 0)
      text += fmt::format("自评高出{}分。", fig(gap));
    else if (gap < 0)
      text += fmt::format("自评低于评议结果{}分。", fig(-gap));
    else
      text += "二者一致。";
    if (has_flag(dept, FlagCode::self_overestimate))
      text += "自评明显高于评议结果，请对照群众意见认真查找差距，正确看待评议结果。";
    body.paragraph(text);
  }

  body.heading(1, "五、整改要求");
  std::vector<std::string> asks;
  if (has_flag(dept, FlagCode::overdue_rectification))
    asks.push_back("对逾期未完成的整改事项立即整改，完成后报请验收销号");
  if (has_flag(dept, FlagCode::relapse)) asks.push_back("对反复出现的问题查找根源，建立长效机制");
  if (has_flag(dept, FlagCode::last_place))
    asks.push_back("你单位在本序列排名末位，请主要负责人牵头制定整改方案");
  if (has_flag(dept, FlagCode::self_overestimate)) asks.push_back("组织班子成员对照评议结果开展自查");
  asks.push_back(
      fmt::format("针对上述群众意见、质询问题和整改事项逐项制定整改方案，明确责任人和完成时限，"
                  "于{}前书面报送{}",
                  date_zh(settings_.plan_due_on()), settings_.office));
  const int list = body.start_list(ListKind::decimal);
  for (const auto& a : asks) body.list_item(list, a + "。");

  body.line("");
  body.line("附件：计分明细");
  body.line("");
  body.line(settings_.office, Align::right);
  body.line(date_zh(settings_.date), Align::right);
  letter_annex(body, dept);
}

void Documents::letter_annex(Body& body, std::uint32_t dept) const {
  const DepartmentResult& r = result(dept);
  const Receipt& rc = r.receipt;
  body.page_break();
  body.line("附件");
  body.title("计分明细");
  body.subtitle(cycle_.departments[dept].name);
  int sub = 0;
  for (const ComponentReceipt& c : rc.components) {
    body.heading(2, fmt::format("（{}）{}", cn(++sub), label_zh(TermFamily::component, c.component)));
    const TableSpec spec{.header = {"评价", "票数", "每票分值", "小计"},
                         .widths = {2844, 2000, 2000, 2000},
                         .align = {Align::left, Align::right, Align::right, Align::right},
                         .total_row = true};
    std::vector<std::vector<std::string>> rows;
    double sum = 0;
    for (int i = 0; i < kRatingCount; ++i) {
      if (static_cast<Rating>(i) != Rating::unknown) sum += static_cast<double>(c.counts[i]) * c.points[i];
      rows.push_back(vote_cells(c, i));
    }
    rows.push_back(
        {"有效票合计 / 平均分", std::to_string(c.valid), "", fmt::format("{} / {}", fig(sum), fig(c.score))});
    body.table(spec, rows);
    if (!c.note.empty()) body.note(c.note);
  }
  body.heading(2, fmt::format("（{}）综合得分", cn(++sub)));
  {
    const TableSpec spec{.header = {"项目", "得分", "权重", "折算分"},
                         .widths = {2844, 2000, 2000, 2000},
                         .align = {Align::left, Align::right, Align::right, Align::right},
                         .total_row = true};
    std::vector<std::vector<std::string>> rows = weight_rows(r);
    rows.push_back({"扣分", "", "", r.deductions > 0 ? "−" + fig(r.deductions) : fig(r.deductions)});
    rows.push_back({"综合得分", "", "", fig(r.composite)});
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）扣分明细", cn(++sub)));
  if (rc.deductions.empty() || rc.deductions_total == 0) {
    body.paragraph("你单位本年度无扣分。");
  } else {
    const TableSpec spec{.header = {"扣分项", "每项扣分", "涉及事项", "扣分"},
                         .widths = {2000, 1200, 4244, 1400},
                         .align = {Align::left, Align::right, Align::left, Align::right}};
    std::vector<std::vector<std::string>> rows;
    for (const DeductionReceipt& d : rc.deductions)
      rows.push_back({std::string(label_zh(TermFamily::deduction, d.kind)), fig(d.points_each), join(d.items),
                      fig(d.points)});
    body.table(spec, rows);
    body.note(fmt::format("扣分合计{}分（上限{}分）。", fig(rc.deductions_total), fig(rc.deduction_cap)));
  }
  for (const auto& n : rc.notes) body.note(n);
}

std::string Documents::letter(std::uint32_t dept) const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  letter_body(body, dept);
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, cycle_.departments[dept].name + "民主评议行风反馈意见书");
}

std::string Documents::letters_combined() const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  bool first = true;
  for (std::uint32_t d : participating_) {
    if (!first) body.page_break();
    first = false;
    letter_body(body, d);
  }
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, fmt::format("{}年度民主评议行风反馈意见书汇编", cycle_.info.year));
}

void Documents::each_letter(const std::function<void(std::uint32_t, std::string)>& each,
                            StreamedBody* combined) const {
  bool first = true;
  for (std::uint32_t d : participating_) {
    pugi::xml_document doc;
    Body body(PackageMaker::new_document(doc));
    letter_body(body, d);
    if (each) {
      PackageMaker::finish_body(body.node());
      each(d, maker_.docx(doc, body, cycle_.departments[d].name + "民主评议行风反馈意见书"));
    }
    if (combined != nullptr) {
      if (!first) combined->page_break();
      combined->append(body);  // leaves out the letter's own section properties
    }
    first = false;
  }
}

std::string Documents::letters_combined(const StreamedBody& combined) const {
  return maker_.docx(combined, fmt::format("{}年度民主评议行风反馈意见书汇编", cycle_.info.year));
}

}  // namespace review::docx
