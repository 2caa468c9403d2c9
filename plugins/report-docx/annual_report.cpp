// The annual report (工作报告): the work done, the results, the problems found
// and the suggestions, from the cycle and its results.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "documents.hpp"
#include "documents_internal.hpp"
#include "libreview/vocabulary.hpp"

namespace review::docx {

using namespace detail;

std::string Documents::annual_report() const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  const int year = cycle_.info.year;
  const bool gongwen = settings_.layout == Layout::gongwen;
  if (gongwen) body.issuer_mark(settings_.office, settings_.doc_no);
  body.title(fmt::format("{}年度民主评议行风工作报告", year));
  if (!gongwen) body.subtitle(settings_.office);
  if (!settings_.to.empty()) body.line(settings_.to + "：");
  annual_report_content(body);
  body.line("");
  body.line(settings_.office, Align::right);
  body.line(date_zh(settings_.date), Align::right);  // 成文日期
  if (gongwen) {
    body.line("");
    body.imprint(settings_.cc, settings_.office, date_zh(settings_.date));
  }
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, fmt::format("{}年度民主评议行风工作报告", year));
}

void Documents::annual_report_content(Body& body) const {
  body.paragraph(
      fmt::format("按照{}年度民主评议行风工作安排，{}组织参评部门开展了公开承诺、“三联系一走访”、"
                  "社情民意大调查、听证质询、整改督查和测评投票等工作。现将全年工作开展情况、"
                  "评议结果、存在的问题和意见建议报告如下。",
                  cycle_.info.year, settings_.office));
  work_done(body);
  results_section(body);
  problems(body);
  suggestions(body);
}

TemplateData Documents::document_data(const std::string& title) const {
  TemplateData d;
  d.set("title", title);
  d.set("year", std::to_string(cycle_.info.year));
  d.set("name", cycle_.info.name);
  d.set("county", cycle_.info.county);
  d.set("office", settings_.office);
  d.set("date", date_zh(settings_.date));
  d.set("doc_no", settings_.doc_no);
  d.set("to", settings_.to);
  d.set("cc", settings_.cc);
  return d;
}

std::string Documents::annual_report(const DocxTemplate& tpl) const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  annual_report_content(body);
  return zip_parts(tpl.fill_with_body(
      document_data(fmt::format("{}年度民主评议行风工作报告", cycle_.info.year)), body, settings_.layout));
}

void Documents::work_done(Body& body) const {
  body.heading(1, "一、工作开展情况");
  int section = 0;
  auto sub = [&](std::string_view title) { body.heading(2, fmt::format("（{}）{}", cn(++section), title)); };

  // Enrolment.
  sub("参评范围");
  std::vector<std::string> per_category;
  for (const auto& c : categories_) {
    const auto n = std::count_if(participating_.begin(), participating_.end(),
                                 [&](std::uint32_t d) { return cycle_.departments[d].category == c; });
    per_category.push_back(fmt::format("{}{}个", c, n));
  }
  std::vector<std::string> exempt;
  for (const auto& d : cycle_.departments)
    if (d.status == DepartmentStatus::exempt)
      exempt.push_back(d.exempt_reason.empty() ? d.name : fmt::format("{}（{}）", d.name, d.exempt_reason));
  body.paragraph(fmt::format("本年度共有{}个部门参加评议，分{}个序列（{}）；{}。", participating_.size(),
                             categories_.size(), join(per_category),
                             exempt.empty() ? std::string("无免评部门")
                                            : fmt::format("{}个部门免评：{}", exempt.size(), join(exempt))));
  // The year's focus theme (年度重点, a profile's focus.category).
  if (const std::string focus = profile_.text_or("focus.category", ""); !focus.empty()) {
    const double factor = profile_.number_or("focus.complaint_factor", 1);
    const auto focus_complaints =
        std::count_if(cycle_.complaints.begin(), cycle_.complaints.end(),
                      [&](const Complaint& c) { return c.substantiated && c.category == focus; });
    body.paragraph(fmt::format(
        "本年度评议以整治“{}”问题为重点，经查属实的此类投诉按{}倍扣分；全年受理此类投诉经查属实{}件。", focus,
        fig(factor, factor == static_cast<int>(factor) ? 0 : 1), focus_complaints));
  }

  // Public commitments.
  sub("公开承诺");
  if (cycle_.commitments.empty()) {
    body.paragraph("本年度未录入公开承诺。");
  } else {
    std::set<std::string> depts;
    std::optional<Date> first, last;
    std::vector<std::string> channels;
    for (const auto& c : cycle_.commitments) {
      depts.insert(c.department_id);
      if (c.published_on) {
        if (!first || *c.published_on < *first) first = c.published_on;
        if (!last || *last < *c.published_on) last = c.published_on;
      }
      if (!c.channel.empty() && std::find(channels.begin(), channels.end(), c.channel) == channels.end())
        channels.push_back(c.channel);
    }
    const auto hotlines = std::count_if(cycle_.departments.begin(), cycle_.departments.end(),
                                        [&](const Department& d) { return !d.hotline.empty(); });
    std::string when;
    if (first && last) when = date_range_zh(*first, *last) + "，";
    body.paragraph(
        fmt::format("{}{}个部门{}公开承诺{}项，公布监督电话{}部。公开承诺已辑印成《{}年度公开承诺汇编》，"
                    "供社会各界监督。",
                    when, depts.size(), channels.empty() ? "" : "通过" + join(channels),
                    cycle_.commitments.size(), hotlines, cycle_.info.year));
  }

  // Outreach.
  sub("“三联系一走访”活动");
  if (cycle_.activities.empty()) {
    body.paragraph("本年度未录入“三联系一走访”活动。");
  } else {
    std::int64_t by_kind[4] = {0, 0, 0, 0};
    std::set<std::string> depts;
    for (const auto& a : cycle_.activities) {
      ++by_kind[static_cast<int>(a.kind)];
      depts.insert(a.department_id);
    }
    body.paragraph(
        fmt::format("{}个部门开展“三联系一走访”活动{}次，其中联系重点企业{}次、联系基础较差的乡村{}次、"
                    "联系困难群众{}次、走访服务对象{}次。",
                    depts.size(), cycle_.activities.size(), by_kind[0], by_kind[1], by_kind[2], by_kind[3]));
  }

  // Surveys.
  sub("社情民意大调查");
  const auto trained = std::count_if(cycle_.representatives.begin(), cycle_.representatives.end(),
                                     [](const Representative& r) { return r.trained; });
  if (cycle_.surveys.empty()) {
    body.paragraph(fmt::format("本年度有评议代表{}名（其中参加培训{}名），未录入社情民意调查走访。",
                               cycle_.representatives.size(), trained));
  } else {
    std::int64_t by_site[5] = {0, 0, 0, 0, 0};
    std::set<std::string> depts, reps;
    std::int64_t opinions = 0;
    for (const auto& s : cycle_.surveys) {
      ++by_site[static_cast<int>(s.site_kind)];
      reps.insert(s.representative_id);
      if (!s.department_id.empty()) depts.insert(s.department_id);
      opinions += s.opinion.empty() ? 0 : 1;
    }
    body.paragraph(
        fmt::format("本年度有评议代表{}名（其中参加培训{}名），{}名代表走访调查{}次，其中企业{}次、乡村{}次、"
                    "学校{}次、门店{}次、其他{}次，收集对{}个部门的意见{}条。",
                    cycle_.representatives.size(), trained, reps.size(), cycle_.surveys.size(), by_site[0],
                    by_site[1], by_site[2], by_site[3], by_site[4], depts.size(), opinions));
  }

  // Hearings.
  sub("听证质询");
  if (cycle_.hearings.empty()) {
    body.paragraph("本年度未录入听证质询。");
  } else {
    std::set<std::string> depts, days;
    for (const auto& h : cycle_.hearings) {
      depts.insert(h.department_id);
      if (h.held_on) days.insert(h.held_on->to_string());
    }
    body.paragraph(
        fmt::format("召开听证质询会{}场，{}个部门接受质询，评议代表提出质询问题{}个，"
                    "各部门当场答复并明确了整改时限和标准。",
                    days.size(), depts.size(), cycle_.hearings.size()));
  }

  // Rectification.
  sub("整改与督查");
  if (cycle_.rectifications.empty()) {
    body.paragraph("本年度未录入整改事项。");
  } else {
    const Date as_of = cycle_.info.judged_on();
    std::int64_t by_status[4] = {0, 0, 0, 0}, by_source[3] = {0, 0, 0}, late = 0;
    for (const auto& r : cycle_.rectifications) {
      ++by_status[static_cast<int>(r.status)];
      ++by_source[static_cast<int>(r.source)];
      late += r.overdue(as_of) ? 1 : 0;
    }
    body.paragraph(fmt::format(
        "共形成整改事项{}项（来自听证质询{}项、投诉{}项、调查{}项），逐项督查。截至{}，已验收销号{}项，"
        "已整改待验收{}项，整改中{}项，未整改{}项；其中逾期未完成{}项。",
        cycle_.rectifications.size(), by_source[0], by_source[1], by_source[2], date_zh(as_of), by_status[3],
        by_status[2], by_status[1], by_status[0], late));
  }

  // Complaints.
  sub("投诉受理");
  if (cycle_.complaints.empty()) {
    body.paragraph("本年度未受理投诉。");
  } else {
    const Date as_of = cycle_.info.judged_on();
    std::int64_t by_channel[4] = {0, 0, 0, 0}, substantiated = 0, closed = 0, late = 0;
    for (const auto& c : cycle_.complaints) {
      ++by_channel[static_cast<int>(c.channel)];
      substantiated += c.substantiated ? 1 : 0;
      closed += c.closed_on ? 1 : 0;
      late += c.past_time_limit(as_of) ? 1 : 0;
    }
    body.paragraph(
        fmt::format("受理投诉{}件，其中热线{}件、来信{}件、来访{}件、市纠风办转办{}件；经查属实{}件。"
                    "已办结{}件，超过办结时限{}件。",
                    cycle_.complaints.size(), by_channel[0], by_channel[1], by_channel[2], by_channel[3],
                    substantiated, closed, late));
  }

  // Evaluation: ballots and questionnaires counted as the sheets they are (office-year.md 1.2).
  sub("测评投票和问卷测评");
  auto sheets = [](const BallotAccounting& a, std::string_view what, std::string_view unit) {
    std::string text;
    if (a.issued)
      text = fmt::format("发放{}{}{}，收回{}{}", what, *a.issued, unit, a.returned, unit);
    else
      text = fmt::format("收回{}{}{}", what, a.returned, unit);
    if (const auto rate = a.return_rate()) text += fmt::format("，回收率{:.1f}%", *rate * 100);
    return text + fmt::format("，其中有效{}{}", a.valid, unit);
  };
  body.paragraph(fmt::format("评议代表无记名测评：{}。群众问卷测评：{}。",
                             sheets(cycle_.ballot_accounting(), "测评票", "张"),
                             sheets(cycle_.questionnaire_accounting(), "问卷", "份")));

  achievements(body, sub);
}

void Documents::achievements(Body& body, const std::function<void(std::string_view)>& sub) const {
  // What the year's work achieved, drawn from the data (主要成效).
  const Date as_of = cycle_.info.judged_on();
  std::vector<std::string> done;
  if (!cycle_.rectifications.empty()) {
    const auto verified =
        std::count_if(cycle_.rectifications.begin(), cycle_.rectifications.end(),
                      [](const RectificationItem& r) { return r.status == RectificationStatus::verified; });
    const auto rectified =
        std::count_if(cycle_.rectifications.begin(), cycle_.rectifications.end(),
                      [](const RectificationItem& r) { return r.status == RectificationStatus::rectified; });
    done.push_back(
        fmt::format("群众反映和听证质询的问题{}项已整改验收销号，另有{}项已整改待验收", verified, rectified));
  }
  if (!cycle_.complaints.empty()) {
    const auto closed = std::count_if(cycle_.complaints.begin(), cycle_.complaints.end(),
                                      [](const Complaint& c) { return c.closed_on.has_value(); });
    const auto in_time =
        std::count_if(cycle_.complaints.begin(), cycle_.complaints.end(),
                      [&](const Complaint& c) { return c.closed_on && !c.past_time_limit(as_of); });
    done.push_back(
        fmt::format("受理的{}件投诉已办结{}件，其中按时办结{}件", cycle_.complaints.size(), closed, in_time));
  }
  if (!cycle_.activities.empty()) {
    std::set<std::string> depts;
    for (const auto& a : cycle_.activities) depts.insert(a.department_id);
    done.push_back(fmt::format("{}个部门开展“三联系一走访”{}次，把服务送到企业、乡村和群众身边", depts.size(),
                               cycle_.activities.size()));
  }
  if (!cycle_.commitments.empty()) {
    const auto kept =
        std::count_if(cycle_.commitments.begin(), cycle_.commitments.end(),
                      [](const Commitment& c) { return c.status == "fulfilled" || c.status == "已兑现"; });
    done.push_back(fmt::format("公开承诺{}项中已兑现{}项", cycle_.commitments.size(), kept));
  }
  if (done.empty()) return;
  sub("主要成效");
  body.paragraph(fmt::format("通过评议，{}。", join(done, "；")));
}

void Documents::results_section(Body& body) const {
  body.heading(1, "二、评议结果");
  std::vector<std::uint32_t> scored;
  for (std::uint32_t d : ranked_)
    if (result(d).composite) scored.push_back(d);
  if (!scored.empty()) {
    double sum = 0;
    for (std::uint32_t d : scored) sum += *result(d).composite;
    const auto& top = cycle_.departments[scored.front()];
    const auto& bottom = cycle_.departments[scored.back()];
    body.paragraph(fmt::format(
        "综合得分由代表测评、群众问卷和日常考核得分加权后减去扣分得出。{}个参评部门平均得分{}分，"
        "最高{}分（{}），最低{}分（{}）。",
        scored.size(), fig(sum / static_cast<double>(scored.size())), fig(result(scored.front()).composite),
        top.name, fig(result(scored.back()).composite), bottom.name));
  }
  body.heading(2, "（一）综合排名");
  const TableSpec spec{.header = {"名次", "部门", "序列", std::string(term(Component::ballot).zh),
                                  std::string(term(Component::questionnaire).zh),
                                  std::string(term(Component::daily_work).zh), "扣分", "综合得分", "等次"},
                       .widths = {560, 2440, 1180, 680, 680, 980, 620, 980, 724},
                       .align = {Align::center, Align::left, Align::left, Align::right, Align::right,
                                 Align::right, Align::right, Align::right, Align::center}};
  std::vector<std::vector<std::string>> rows;
  for (std::uint32_t d : ranked_) {
    const auto& r = result(d);
    const auto& dep = cycle_.departments[d];
    rows.push_back({rank_or_dash(r.rank_overall), dep.name, dep.category, fig(r.ballot_score),
                    fig(r.questionnaire_score), fig(r.daily_work_score), fig(r.deductions), fig(r.composite),
                    grade_or_dash(r.grade)});
  }
  body.table(spec, rows);

  body.heading(2, "（二）分序列排名");
  for (const auto& c : categories_) {
    std::vector<std::uint32_t> in;
    for (std::uint32_t d : ranked_)
      if (cycle_.departments[d].category == c) in.push_back(d);
    std::stable_sort(in.begin(), in.end(), [&](std::uint32_t a, std::uint32_t b) {
      const int ra = result(a).rank_in_category, rb = result(b).rank_in_category;
      return (ra == 0 ? 1 << 30 : ra) < (rb == 0 ? 1 << 30 : rb);
    });
    body.heading(3, fmt::format("{}（{}个部门）", c, in.size()));
    const TableSpec cs{
        .header = {"序列名次", "部门", "综合得分", "全县名次", "等次", "提示"},
        .widths = {1100, 2440, 1100, 1100, 800, 2304},
        .align = {Align::center, Align::left, Align::right, Align::center, Align::center, Align::left}};
    std::vector<std::vector<std::string>> crows;
    for (std::uint32_t d : in) {
      const auto& r = result(d);
      crows.push_back({rank_or_dash(r.rank_in_category), cycle_.departments[d].name, fig(r.composite),
                       rank_or_dash(r.rank_overall), grade_or_dash(r.grade), flag_labels(r.flags)});
    }
    body.table(cs, crows);
  }

  body.heading(2, "（三）等次分布");
  TableSpec gs;
  gs.header = {"序列"};
  for (const Grade g : kGrades) gs.header.emplace_back(term(g).zh);
  gs.header.emplace_back("合计");
  gs.widths = {2844, 1200, 1200, 1200, 1200, 1200};
  gs.align = {Align::left, Align::center, Align::center, Align::center, Align::center, Align::center};
  gs.total_row = true;
  std::vector<std::vector<std::string>> grows;
  std::int64_t totals[5] = {0, 0, 0, 0, 0};
  for (const auto& c : categories_) {
    std::int64_t n[5] = {0, 0, 0, 0, 0};
    for (std::uint32_t d : participating_)
      if (cycle_.departments[d].category == c && result(d).grade != Grade::none) {
        ++n[static_cast<int>(result(d).grade) - 1];
        ++n[4];
      }
    std::vector<std::string> row{c};
    for (int i = 0; i < 5; ++i) {
      row.push_back(std::to_string(n[i]));
      totals[i] += n[i];
    }
    grows.push_back(std::move(row));
  }
  std::vector<std::string> total_row{"合计"};
  for (std::int64_t t : totals) total_row.push_back(std::to_string(t));
  grows.push_back(std::move(total_row));
  body.table(gs, grows);
  std::vector<std::string> exempt;
  for (const auto& d : cycle_.departments)
    if (d.status == DepartmentStatus::exempt) exempt.push_back(d.name);
  if (!exempt.empty()) body.note(fmt::format("注：免评部门（{}）不参加计分和排名。", join(exempt)));
  year_over_year(body);
}

void Documents::year_over_year(Body& body) const {
  std::vector<std::uint32_t> compared;
  int previous_year = 0;
  for (std::uint32_t d : ranked_)
    if (result(d).rank_change()) {
      compared.push_back(d);
      previous_year = result(d).previous_year;
    }
  if (compared.empty()) return;
  int up = 0, down = 0, same = 0, better = 0, worse = 0;
  for (std::uint32_t d : compared) {
    const auto& r = result(d);
    const int c = *r.rank_change();
    (c > 0 ? up : c < 0 ? down : same) += 1;
    // Grades count up from excellent = 1: a smaller number is a better grade.
    if (r.previous_grade != Grade::none && r.grade != Grade::none && r.grade != r.previous_grade)
      (r.grade < r.previous_grade ? better : worse) += 1;
  }
  body.heading(2, "（四）与上年比较");
  body.paragraph(
      fmt::format("与{}年度相比，两年均参加排名的{}个部门中，{}个部门名次上升，{}个下降，{}个持平；"
                  "等次提升的{}个，等次下降的{}个。名次变化较大的部门如下。",
                  previous_year, compared.size(), up, down, same, better, worse));
  // The biggest movers: up to five each way, by places moved, then by this year's rank.
  auto movers = [&](bool rising) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t d : compared)
      if (rising ? *result(d).rank_change() > 0 : *result(d).rank_change() < 0) out.push_back(d);
    std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
      return std::abs(*result(a).rank_change()) > std::abs(*result(b).rank_change());
    });
    if (out.size() > 5) out.resize(5);
    return out;
  };
  const TableSpec spec{.header = {"部门", "序列", "上年名次", "本年名次", "名次变化", "上年等次", "本年等次"},
                       .widths = {2440, 1300, 1000, 1000, 1300, 1000, 1004},
                       .align = {Align::left, Align::left, Align::center, Align::center, Align::center,
                                 Align::center, Align::center}};
  std::vector<std::vector<std::string>> rows;
  for (const bool rising : {true, false})
    for (std::uint32_t d : movers(rising)) {
      const auto& r = result(d);
      const int c = *r.rank_change();
      rows.push_back({cycle_.departments[d].name, cycle_.departments[d].category,
                      std::to_string(r.previous_rank_overall), std::to_string(r.rank_overall),
                      fmt::format("{}{}位", c > 0 ? "上升" : "下降", std::abs(c)),
                      grade_or_dash(r.previous_grade), grade_or_dash(r.grade)});
    }
  body.table(spec, rows);
}

void Documents::problems(Body& body) const {
  body.heading(1, "三、存在的问题");
  int section = 0;
  auto sub = [&](std::string_view title) { body.heading(2, fmt::format("（{}）{}", cn(++section), title)); };
  auto names = [&](const std::vector<std::uint32_t>& ds) {
    std::vector<std::string> n;
    for (std::uint32_t d : ds) n.push_back(cycle_.departments[d].name);
    return join(n);
  };

  // Perfunctory surveys and votes (seed 6④).
  const std::string_view straight_lining = term(FlagCode::straight_lining).code;
  std::int64_t straight = 0;
  for (const auto& f : results_.flags)
    straight += (f.flag == straight_lining && about_a_rater(f.subject_kind)) ? 1 : 0;
  const auto reps = static_cast<std::int64_t>(cycle_.representatives.size());
  const auto untrained = std::count_if(cycle_.representatives.begin(), cycle_.representatives.end(),
                                       [](const Representative& r) { return !r.trained; });
  std::vector<std::uint32_t> thin;
  for (std::uint32_t d : participating_)
    if (view_.opinion_count(d) < view_.k()) thin.push_back(d);
  if (straight > 0 || untrained > 0 || (!cycle_.surveys.empty() && !thin.empty())) {
    sub("部分评议代表调查和测评流于形式");
    std::vector<std::string> parts;
    if (straight > 0)
      parts.push_back(fmt::format("有{}名评议代表对{}个以上部门全部给出同一评价，评价缺少区分度", straight,
                                  profile_.number_or("flags.straight_lining.min_departments", 10)));
    if (untrained > 0)
      parts.push_back(
          fmt::format("全体{}名评议代表中有{}名未参加培训，占{}", reps, untrained, percent(untrained, reps)));
    if (!cycle_.surveys.empty() && !thin.empty())
      parts.push_back(
          fmt::format("{}个参评部门收集到的调查意见不足{}条，调查覆盖面不够", thin.size(), view_.k()));
    body.paragraph(join(parts, "；") + "。基层群众的真实意见没有充分征求上来，影响了听证质询和测评的质量。");
  }

  // Votes and the public disagree (seed 6⑥).
  if (const auto div = flagged(FlagCode::ballot_public_divergence); !div.empty()) {
    sub("测评投票与群众评价不一致");
    std::vector<std::string> detail;
    for (std::uint32_t d : div)
      detail.push_back(fmt::format("{}（测评{}分、问卷{}分）", cycle_.departments[d].name,
                                   fig(result(d).ballot_score), fig(result(d).questionnaire_score)));
    body.paragraph(
        fmt::format("{}的代表测评得分明显高于群众问卷得分，与其他部门相比差距异常，"
                    "需关注是否存在注重测评投票、不注重日常工作的现象。",
                    join(detail)));
  }

  // Rectification not kept (seed 6⑤).
  const auto late = flagged(FlagCode::overdue_rectification);
  const auto relapsed = flagged(FlagCode::relapse);
  if (!late.empty() || !relapsed.empty()) {
    sub("听证质询问题整改不彻底");
    std::vector<std::string> parts;
    if (!late.empty()) {
      std::int64_t items = 0;
      const Date as_of = cycle_.info.judged_on();
      for (const auto& r : cycle_.rectifications) items += r.overdue(as_of) ? 1 : 0;
      parts.push_back(
          fmt::format("截至{}，{}项整改事项逾期未完成，涉及{}", date_zh(as_of), items, names(late)));
    }
    if (!relapsed.empty()) {
      std::vector<std::string> detail;
      for (std::uint32_t d : relapsed) {
        std::vector<std::string> cats;
        for (const auto& ded : result(d).receipt.deductions)
          if (ded.kind == term(DeductionKind::relapse).code)
            cats.insert(cats.end(), ded.items.begin(), ded.items.end());
        detail.push_back(cats.empty() ? cycle_.departments[d].name
                                      : fmt::format("{}（{}）", cycle_.departments[d].name, join(cats)));
      }
      parts.push_back(fmt::format("{}在往年已销号的问题上再次被投诉或列入整改，问题反复出现", join(detail)));
    }
    body.paragraph(join(parts, "；") + "。");
  }

  // Overrating (seed 6⑦).
  if (const auto over = flagged(FlagCode::self_overestimate); !over.empty()) {
    sub("部分单位对本单位行风建设估计过高");
    std::vector<std::string> detail;
    for (std::uint32_t d : over) {
      const auto expected = d < cycle_.expected_scores.size() ? cycle_.expected_scores[d] : std::nullopt;
      detail.push_back(fmt::format("{}（自评{}分、评议{}分）", cycle_.departments[d].name, fig(expected),
                                   fig(result(d).composite)));
    }
    body.paragraph(fmt::format("{}的自评得分高于评议综合得分，差距超过{}分，对自身存在的问题认识不足。",
                               join(detail), profile_.number_or("flags.self_overestimate.gap", 10)));
  }

  // Data too thin to judge.
  const auto few = flagged(FlagCode::insufficient_ballots);
  const auto missing = flagged(FlagCode::missing_component);
  if (!few.empty() || !missing.empty()) {
    sub("部分部门评议数据不完整");
    std::vector<std::string> parts;
    if (!few.empty()) parts.push_back(fmt::format("{}的有效测评票偏少", names(few)));
    if (!missing.empty()) parts.push_back(fmt::format("{}缺少部分评分项，按其余项目折算", names(missing)));
    body.paragraph(join(parts, "；") + "。");
  }
  std::vector<std::string> clean;
  if (straight == 0) clean.push_back("评议代表评价雷同");
  if (flagged(FlagCode::ballot_public_divergence).empty()) clean.push_back("测评得分与群众问卷差距异常");
  if (late.empty()) clean.push_back("整改事项逾期未完成");
  if (relapsed.empty()) clean.push_back("已销号问题再次出现");
  if (flagged(FlagCode::self_overestimate).empty()) clean.push_back("自评得分明显偏高");
  if (!clean.empty()) {
    if (section == 0) sub("核查情况");
    body.paragraph(fmt::format("经逐项核查，本年度未发现{}的情况。", join(clean, "、")));
  }
}

void Documents::suggestions(Body& body) const {
  body.heading(1, "四、意见和建议");
  const int list = body.start_list(ListKind::chinese);
  auto item = [&](std::string_view text) { body.list_item(list, text); };
  std::int64_t straight = 0;
  for (const auto& f : results_.flags) straight += f.flag == term(FlagCode::straight_lining).code ? 1 : 0;
  const auto untrained = std::count_if(cycle_.representatives.begin(), cycle_.representatives.end(),
                                       [](const Representative& r) { return !r.trained; });
  if (straight > 0 || untrained > 0)
    item(fmt::format(
        "搞好评议代表培训。{}在评议活动前对全体评议代表进行培训，教给代表深入基层、问出群众心里话的方法；"
        "对评价雷同的代表予以提醒，必要时调整代表人选。",
        untrained > 0 ? fmt::format("目前尚有{}名代表未参加培训，", untrained) : std::string()));
  if (!flagged(FlagCode::overdue_rectification).empty() || !flagged(FlagCode::relapse).empty())
    item(
        "加强对质询问题整改情况的督查。对逾期未完成的整改事项逐项督办、限期销号；对反复出现的问题，"
        "由行评办会同主管部门跟踪检查，防止“质询会上过关、会后不改”。");
  if (!flagged(FlagCode::ballot_public_divergence).empty())
    item(
        "规范测评投票。严格无记名投票和计票程序，对测评得分与群众问卷差距异常的部门进行核查，"
        "引导各部门把功夫下在日常工作上。");
  if (!flagged(FlagCode::self_overestimate).empty())
    item(
        "引导参评部门正确对待评议结果。反馈意见书已列明各部门自评与评议结果的差距，"
        "请有关部门对照群众意见找问题、找差距。");
  if (const auto last = flagged(FlagCode::last_place); !last.empty()) {
    std::vector<std::string> n;
    for (std::uint32_t d : last) n.push_back(cycle_.departments[d].name);
    item(fmt::format("对各序列末位部门（{}）进行约谈，限期报送整改方案，并作为下一年度督查重点。", join(n)));
  }
  std::int64_t substantiated = 0;
  for (const auto& c : cycle_.complaints) substantiated += c.substantiated ? 1 : 0;
  if (substantiated > 0)
    item(fmt::format("对{}件属实投诉，督促有关部门举一反三，建立长效机制。", substantiated));
  item(
      "把行风建设融入日常工作。各参评部门要结合行业特点，每年突出抓好一两个方面，做到常抓常新；"
      "行评办精简评议步骤，缩短评议时限，避免被动应付。");
}

}  // namespace review::docx
