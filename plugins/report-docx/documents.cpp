#include "documents.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "libreview/error.hpp"
#include "libreview/report_util.hpp"

namespace review::docx {

namespace {

constexpr const char* kDash = "—";  // a suppressed or missing figure

/// A printed figure (2 decimals), or a dash.
std::string fig(std::optional<double> v, int digits = 2) {
  return v ? format_figure(v, digits) : std::string(kDash);
}

std::string date_zh(const Date& d) { return fmt::format("{}年{}月{}日", d.year, d.month, d.day); }

std::string date_or_dash(const std::optional<Date>& d) { return d ? d->to_string() : std::string(kDash); }

/// 一, 二, …, 九十九: Chinese numerals for section numbers.
std::string cn(int n) {
  static const char* const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return digits[n];
  std::string s = n >= 20 ? std::string(digits[n / 10]) + "十" : "十";
  if (n % 10) s += digits[n % 10];
  return s;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return kDash;
  return format_figure(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

std::string join(const std::vector<std::string>& items, std::string_view sep = "、") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string_view flag_label(std::string_view flag) {
  static const std::map<std::string_view, std::string_view> labels = {
      {"insufficient_ballots", "有效测评票不足"},
      {"straight_lining", "评价雷同"},
      {"ballot_public_divergence", "测评票与问卷差异大"},
      {"self_overestimate", "自评偏高"},
      {"overdue_rectification", "整改逾期"},
      {"relapse", "问题重犯"},
      {"missing_component", "评分项缺失"},
      {"last_place", "序列末位"}};
  auto it = labels.find(flag);
  return it == labels.end() ? flag : it->second;
}

std::string_view component_label(std::string_view c) {
  if (c == "ballot") return "代表测评";
  if (c == "questionnaire") return "群众问卷";
  if (c == "daily_work") return "日常考核";
  return c;
}

std::string_view deduction_label(std::string_view k) {
  if (k == "complaint") return "属实投诉";
  if (k == "overdue") return "逾期未整改事项";
  if (k == "relapse") return "问题重犯";
  return k;
}

/// A rating breakdown as table rows: suppressed cells and totals become a dash.
std::vector<std::vector<std::string>> breakdown_rows(const SuppressedBreakdown& s) {
  std::vector<std::vector<std::string>> rows;
  const Breakdown& b = s.table;
  for (std::size_t r = 0; r < b.row_labels.size(); ++r) {
    if (b.row_total(r) == 0) continue;  // a group that gave no answer
    std::vector<std::string> row{b.row_labels[r]};
    for (std::size_t c = 0; c < b.column_labels.size(); ++c) {
      const auto v = s.shown(r, c);
      row.push_back(v ? std::to_string(*v) : kDash);
    }
    const auto t = s.shown_row_total(r);
    row.push_back(t ? std::to_string(*t) : kDash);
    rows.push_back(std::move(row));
  }
  if (b.show_column_totals && !rows.empty()) {
    std::vector<std::string> row{"合计"};
    std::int64_t all = 0;
    for (std::size_t c = 0; c < b.column_labels.size(); ++c) {
      all += b.column_total(c);
      row.push_back(s.column_total_suppressed[c] ? kDash : std::to_string(b.column_total(c)));
    }
    row.push_back(std::to_string(all));
    rows.push_back(std::move(row));
  }
  return rows;
}

TableSpec breakdown_spec(std::string first, const SuppressedBreakdown& s) {
  TableSpec spec;
  spec.total_row = s.table.show_column_totals;  // breakdown_rows() ends with the column totals
  spec.header = {std::move(first)};
  for (int r = 0; r < kRatingCount; ++r) spec.header.emplace_back(label_zh(static_cast<Rating>(r)));
  spec.header.emplace_back("合计");
  spec.widths = {2444, 1280, 1280, 1280, 1280, 1280};
  spec.align = {Align::left, Align::center, Align::center, Align::center, Align::center, Align::center};
  return spec;
}

std::string today_w3c(const Date& d) { return fmt::format("{}T00:00:00Z", d.to_string()); }

}  // namespace

Documents::Documents(const ReportInput& input, DocumentSettings settings)
    : cycle_(input.cycle),
      results_(input.results),
      profile_(input.profile),
      settings_(std::move(settings)),
      view_(input.cycle, static_cast<int>(input.profile.number_or("anonymity.k", kDefaultMinCell))),
      maker_(Stationery{fmt::format("{}年度民主评议行风", input.cycle.info.year), settings_.office,
                        today_w3c(settings_.date)}) {
  view_.build_index();  // every letter asks it about its department: one pass, not one per letter
  const std::size_t n = cycle_.departments.size();
  result_of_.assign(n, results_.departments.size());
  for (std::size_t i = 0; i < results_.departments.size(); ++i) {
    const std::uint32_t d = results_.departments[i].department;
    if (d >= n) throw ReportError(fmt::format("results name department #{} of a cycle of {}", d, n));
    result_of_[d] = i;
  }
  for (std::uint32_t d = 0; d < n; ++d) {
    if (result_of_[d] == results_.departments.size())
      throw ReportError("the results hold no entry for department " + cycle_.departments[d].id);
    if (cycle_.departments[d].status == DepartmentStatus::participating) participating_.push_back(d);
  }
  ranked_ = participating_;
  std::stable_sort(ranked_.begin(), ranked_.end(), [&](std::uint32_t a, std::uint32_t b) {
    const int ra = result(a).rank_overall, rb = result(b).rank_overall;
    return (ra == 0 ? 1 << 30 : ra) < (rb == 0 ? 1 << 30 : rb);
  });
  for (std::uint32_t d : participating_) {
    const std::string& c = cycle_.departments[d].category;
    if (std::find(categories_.begin(), categories_.end(), c) == categories_.end()) categories_.push_back(c);
  }
  rectifications_.resize(n);
  hearings_.resize(n);
  complaints_.resize(n);
  commitments_.resize(n);
  auto index = [&](const std::string& id) -> std::optional<std::uint32_t> {
    return cycle_.department_index(id);
  };
  for (const auto& r : cycle_.rectifications)
    if (auto d = index(r.department_id)) rectifications_[*d].push_back(&r);
  for (const auto& h : cycle_.hearings)
    if (auto d = index(h.department_id)) hearings_[*d].push_back(&h);
  for (const auto& c : cycle_.complaints)
    if (auto d = index(c.department_id)) complaints_[*d].push_back(&c);
  for (const auto& c : cycle_.commitments)
    if (auto d = index(c.department_id)) commitments_[*d].push_back(&c);
}

bool Documents::has_flag(std::uint32_t dept, std::string_view flag) const {
  const auto& f = result(dept).flags;
  return std::find(f.begin(), f.end(), flag) != f.end();
}

std::vector<std::uint32_t> Documents::flagged(std::string_view flag) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t d : ranked_)
    if (has_flag(d, flag)) out.push_back(d);
  return out;
}

bool Documents::overdue(const RectificationItem& item) const {
  return item.deadline && *item.deadline < cycle_.info.as_of &&
         item.status != RectificationStatus::rectified && item.status != RectificationStatus::verified;
}

// ---- the annual report ---------------------------------------------------------------

std::string Documents::annual_report() const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  const int year = cycle_.info.year;
  body.title(fmt::format("{}年度民主评议行风工作报告", year));
  body.subtitle(settings_.office);
  body.paragraph(
      fmt::format("按照{}年度民主评议行风工作安排，{}组织参评部门开展了公开承诺、“三联系一走访”、"
                  "社情民意大调查、听证质询、整改督查和测评投票等工作。现将全年工作开展情况、"
                  "评议结果、存在的问题和意见建议报告如下。",
                  year, settings_.office));
  work_done(body);
  results_section(body);
  problems(body);
  suggestions(body);
  body.line("");
  body.line(settings_.office, Align::right);
  body.line(date_zh(settings_.date), Align::right);
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, fmt::format("{}年度民主评议行风工作报告", year));
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
    if (first && last)
      when = *first == *last ? date_zh(*first) : fmt::format("{}至{}", date_zh(*first), date_zh(*last));
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
    std::int64_t by_status[4] = {0, 0, 0, 0}, by_source[3] = {0, 0, 0}, late = 0;
    for (const auto& r : cycle_.rectifications) {
      ++by_status[static_cast<int>(r.status)];
      ++by_source[static_cast<int>(r.source)];
      late += overdue(r) ? 1 : 0;
    }
    body.paragraph(fmt::format(
        "共形成整改事项{}项（来自听证质询{}项、投诉{}项、调查{}项），逐项督查。截至{}，已验收销号{}项，"
        "已整改待验收{}项，整改中{}项，未整改{}项；其中逾期未完成{}项。",
        cycle_.rectifications.size(), by_source[0], by_source[1], by_source[2], date_zh(cycle_.info.as_of),
        by_status[3], by_status[2], by_status[1], by_status[0], late));
  }

  // Complaints.
  sub("投诉受理");
  if (cycle_.complaints.empty()) {
    body.paragraph("本年度未受理投诉。");
  } else {
    std::int64_t by_channel[4] = {0, 0, 0, 0}, substantiated = 0, closed = 0, late = 0;
    for (const auto& c : cycle_.complaints) {
      ++by_channel[static_cast<int>(c.channel)];
      substantiated += c.substantiated ? 1 : 0;
      closed += c.closed_on ? 1 : 0;
      if (c.due_on && (c.closed_on ? *c.due_on < *c.closed_on : *c.due_on < cycle_.info.as_of)) ++late;
    }
    body.paragraph(
        fmt::format("受理投诉{}件，其中热线{}件、来信{}件、来访{}件、市纠风办转办{}件；经查属实{}件。"
                    "已办结{}件，超过办结时限{}件。",
                    cycle_.complaints.size(), by_channel[0], by_channel[1], by_channel[2], by_channel[3],
                    substantiated, closed, late));
  }

  // Evaluation.
  sub("测评投票和问卷测评");
  std::int64_t valid_ballots = 0, valid_answers = 0;
  for (Rating r : cycle_.ballots.rating) valid_ballots += r == Rating::unknown ? 0 : 1;
  for (Rating r : cycle_.questionnaires.rating) valid_answers += r == Rating::unknown ? 0 : 1;
  body.paragraph(fmt::format(
      "评议代表对参评部门无记名投票{}张（有效{}张）；群众问卷{}份，对参评部门的评价{}条（有效{}条）。",
      cycle_.ballots.size(), valid_ballots, cycle_.responses.size(), cycle_.questionnaires.size(),
      valid_answers));
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
  TableSpec spec;
  spec.header = {"名次", "部门", "序列", "测评", "问卷", "日常考核", "扣分", "综合得分", "等次"};
  spec.widths = {560, 2440, 1180, 680, 680, 980, 620, 980, 724};
  spec.align = {Align::center, Align::left,  Align::left,  Align::right, Align::right,
                Align::right,  Align::right, Align::right, Align::center};
  std::vector<std::vector<std::string>> rows;
  for (std::uint32_t d : ranked_) {
    const auto& r = result(d);
    const auto& dep = cycle_.departments[d];
    rows.push_back({r.rank_overall ? std::to_string(r.rank_overall) : kDash, dep.name, dep.category,
                    fig(r.ballot_score), fig(r.questionnaire_score), fig(r.daily_work_score),
                    fig(r.deductions), fig(r.composite),
                    r.grade == Grade::none ? kDash : std::string(label_zh(r.grade))});
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
    TableSpec cs;
    cs.header = {"序列名次", "部门", "综合得分", "全县名次", "等次", "提示"};
    cs.widths = {1100, 2440, 1100, 1100, 800, 2304};
    cs.align = {Align::center, Align::left, Align::right, Align::center, Align::center, Align::left};
    std::vector<std::vector<std::string>> crows;
    for (std::uint32_t d : in) {
      const auto& r = result(d);
      std::vector<std::string> labels;
      for (const auto& f : r.flags) labels.emplace_back(flag_label(f));
      crows.push_back({r.rank_in_category ? std::to_string(r.rank_in_category) : kDash,
                       cycle_.departments[d].name, fig(r.composite),
                       r.rank_overall ? std::to_string(r.rank_overall) : kDash,
                       r.grade == Grade::none ? kDash : std::string(label_zh(r.grade)), join(labels)});
    }
    body.table(cs, crows);
  }

  body.heading(2, "（三）等次分布");
  TableSpec gs;
  gs.header = {"序列"};
  for (Grade g : {Grade::excellent, Grade::good, Grade::fair, Grade::poor})
    gs.header.emplace_back(label_zh(g));
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
  std::int64_t straight = 0;
  for (const auto& f : results_.flags)
    straight += (f.flag == "straight_lining" && about_a_rater(f.subject_kind)) ? 1 : 0;
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
  if (const auto div = flagged("ballot_public_divergence"); !div.empty()) {
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
  const auto late = flagged("overdue_rectification");
  const auto relapsed = flagged("relapse");
  if (!late.empty() || !relapsed.empty()) {
    sub("听证质询问题整改不彻底");
    std::vector<std::string> parts;
    if (!late.empty()) {
      std::int64_t items = 0;
      for (const auto& r : cycle_.rectifications) items += overdue(r) ? 1 : 0;
      parts.push_back(fmt::format("截至{}，{}项整改事项逾期未完成，涉及{}", date_zh(cycle_.info.as_of), items,
                                  names(late)));
    }
    if (!relapsed.empty()) {
      std::vector<std::string> detail;
      for (std::uint32_t d : relapsed) {
        std::vector<std::string> cats;
        for (const auto& ded : result(d).receipt.deductions)
          if (ded.kind == "relapse") cats.insert(cats.end(), ded.items.begin(), ded.items.end());
        detail.push_back(cats.empty() ? cycle_.departments[d].name
                                      : fmt::format("{}（{}）", cycle_.departments[d].name, join(cats)));
      }
      parts.push_back(fmt::format("{}在往年已销号的问题上再次被投诉或列入整改，问题反复出现", join(detail)));
    }
    body.paragraph(join(parts, "；") + "。");
  }

  // Overrating (seed 6⑦).
  if (const auto over = flagged("self_overestimate"); !over.empty()) {
    sub("部分单位对本单位行风建设估计过高");
    std::vector<std::string> detail;
    for (std::uint32_t d : over) {
      const auto expected = d < cycle_.expected_scores.size() ? cycle_.expected_scores[d] : std::nullopt;
      detail.push_back(fmt::format("{}（自评{}分、评议{}分）", cycle_.departments[d].name, fig(expected),
                                   fig(result(d).composite)));
    }
    body.paragraph(fmt::format("{}的自评得分比评议综合得分高出{}分以上，对自身存在的问题认识不足。",
                               join(detail), profile_.number_or("flags.self_overestimate.gap", 10)));
  }

  // Data too thin to judge.
  const auto few = flagged("insufficient_ballots");
  const auto missing = flagged("missing_component");
  if (!few.empty() || !missing.empty()) {
    sub("部分部门评议数据不完整");
    std::vector<std::string> parts;
    if (!few.empty()) parts.push_back(fmt::format("{}的有效测评票偏少", names(few)));
    if (!missing.empty()) parts.push_back(fmt::format("{}缺少部分评分项，按其余项目折算", names(missing)));
    body.paragraph(join(parts, "；") + "。");
  }
  if (section == 0) body.paragraph("本年度评议中未发现需要提请注意的问题。");
}

void Documents::suggestions(Body& body) const {
  body.heading(1, "四、意见和建议");
  const int list = body.start_list(ListKind::chinese);
  auto item = [&](std::string_view text) { body.list_item(list, text); };
  std::int64_t straight = 0;
  for (const auto& f : results_.flags) straight += f.flag == "straight_lining" ? 1 : 0;
  const auto untrained = std::count_if(cycle_.representatives.begin(), cycle_.representatives.end(),
                                       [](const Representative& r) { return !r.trained; });
  if (straight > 0 || untrained > 0)
    item(fmt::format(
        "搞好评议代表培训。{}在评议活动前对全体评议代表进行培训，教给代表深入基层、问出群众心里话的方法；"
        "对评价雷同的代表予以提醒，必要时调整代表人选。",
        untrained > 0 ? fmt::format("目前尚有{}名代表未参加培训，", untrained) : std::string()));
  if (!flagged("overdue_rectification").empty() || !flagged("relapse").empty())
    item(
        "加强对质询问题整改情况的督查。对逾期未完成的整改事项逐项督办、限期销号；对反复出现的问题，"
        "由行评办会同主管部门跟踪检查，防止“质询会上过关、会后不改”。");
  if (!flagged("ballot_public_divergence").empty())
    item(
        "规范测评投票。严格无记名投票和计票程序，对测评得分与群众问卷差距异常的部门进行核查，"
        "引导各部门把功夫下在日常工作上。");
  if (!flagged("self_overestimate").empty())
    item(
        "引导参评部门正确对待评议结果。反馈意见书已列明各部门自评与评议结果的差距，"
        "请有关部门对照群众意见找问题、找差距。");
  if (const auto last = flagged("last_place"); !last.empty()) {
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

// ---- letters -------------------------------------------------------------------------

void Documents::letter_body(Body& body, std::uint32_t dept) const {
  const Department& dep = cycle_.departments[dept];
  const DepartmentResult& r = result(dept);
  const int year = cycle_.info.year;
  const auto in_category = std::count_if(participating_.begin(), participating_.end(), [&](std::uint32_t d) {
    return cycle_.departments[d].category == dep.category;
  });

  body.title("民主评议行风反馈意见书");
  body.subtitle(fmt::format("（{}年度）", year));
  body.line(dep.name + "：");
  body.paragraph(
      fmt::format("根据{}年度民主评议行风工作安排，经评议代表无记名测评、群众问卷测评和日常考核，"
                  "现将贵单位评议结果和群众意见反馈如下，请认真研究、抓好整改。",
                  year));

  body.heading(1, "一、评议结果");
  body.paragraph({{"贵单位综合得分"},
                  {fig(r.composite) + "分", true},
                  {fmt::format("，在全县{}个参评部门中排第", participating_.size())},
                  {r.rank_overall ? std::to_string(r.rank_overall) : kDash, true},
                  {fmt::format("名，在“{}”序列{}个部门中排第", dep.category, in_category)},
                  {r.rank_in_category ? std::to_string(r.rank_in_category) : kDash, true},
                  {"名，评定等次为"},
                  {"“" + std::string(r.grade == Grade::none ? kDash : label_zh(r.grade)) + "”", true},
                  {"。"}});
  if (!r.flags.empty()) {
    std::vector<std::string> labels;
    for (const auto& f : r.flags) labels.emplace_back(flag_label(f));
    body.paragraph(fmt::format("需要注意：{}。", join(labels)));
  }

  body.heading(1, "二、计分明细");
  const Receipt& rc = r.receipt;
  int sub = 0;
  for (const ComponentReceipt& c : rc.components) {
    body.heading(2, fmt::format("（{}）{}", cn(++sub), component_label(c.component)));
    TableSpec spec;
    spec.header = {"评价", "票数", "每票分值", "小计"};
    spec.widths = {2844, 2000, 2000, 2000};
    spec.align = {Align::left, Align::right, Align::right, Align::right};
    spec.total_row = true;
    std::vector<std::vector<std::string>> rows;
    double sum = 0;
    for (int i = 0; i < kRatingCount; ++i) {
      const auto rating = static_cast<Rating>(i);
      if (rating == Rating::unknown) {
        rows.push_back({std::string(label_zh(rating)), std::to_string(c.counts[i]), kDash, "不计入"});
        continue;
      }
      const double sub_total = static_cast<double>(c.counts[i]) * c.points[i];
      sum += sub_total;
      rows.push_back(
          {std::string(label_zh(rating)), std::to_string(c.counts[i]), fig(c.points[i]), fig(sub_total)});
    }
    rows.push_back(
        {"有效票合计 / 平均分", std::to_string(c.valid), "", fmt::format("{} / {}", fig(sum), fig(c.score))});
    body.table(spec, rows);
    if (!c.note.empty()) body.note(c.note);
  }
  body.heading(2, fmt::format("（{}）综合得分", cn(++sub)));
  {
    TableSpec spec;
    spec.header = {"项目", "得分", "权重", "折算分"};
    spec.widths = {2844, 2000, 2000, 2000};
    spec.align = {Align::left, Align::right, Align::right, Align::right};
    spec.total_row = true;
    const std::pair<const char*, std::optional<double>> parts[] = {{"ballot", r.ballot_score},
                                                                   {"questionnaire", r.questionnaire_score},
                                                                   {"daily_work", r.daily_work_score}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& [key, score] : parts) {
      const std::optional<double> weight = rc.weights.get(key);
      rows.push_back({std::string(component_label(key)), fig(score), fig(weight),
                      score && weight ? fig(*score * *weight) : kDash});
    }
    rows.push_back({"扣分", "", "", r.deductions > 0 ? "−" + fig(r.deductions) : fig(r.deductions)});
    rows.push_back({"综合得分", "", "", fig(r.composite)});
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）扣分明细", cn(++sub)));
  if (rc.deductions.empty() || rc.deductions_total == 0) {
    body.paragraph("贵单位本年度无扣分。");
  } else {
    TableSpec spec;
    spec.header = {"扣分项", "每项扣分", "涉及事项", "扣分"};
    spec.widths = {2000, 1200, 4244, 1400};
    spec.align = {Align::left, Align::right, Align::left, Align::right};
    std::vector<std::vector<std::string>> rows;
    for (const DeductionReceipt& d : rc.deductions)
      rows.push_back(
          {std::string(deduction_label(d.kind)), fig(d.points_each), join(d.items), fig(d.points)});
    body.table(spec, rows);
    body.note(fmt::format("扣分合计{}分（上限{}分）。", fig(rc.deductions_total), fig(rc.deduction_cap)));
  }
  for (const auto& n : rc.notes) body.note(n);

  body.heading(1, "三、群众意见");
  sub = 0;
  body.heading(2, fmt::format("（{}）问卷测评情况", cn(++sub)));
  const SuppressedBreakdown by_group = view_.questionnaires_by_group(dept);
  const auto q_rows = breakdown_rows(by_group);
  if (q_rows.empty())
    body.paragraph("本年度无对贵单位的问卷评价。");
  else
    body.table(breakdown_spec("对象类别", by_group), q_rows);
  body.heading(2, fmt::format("（{}）代表测评情况", cn(++sub)));
  const SuppressedBreakdown by_sector = view_.ballots_by_sector(dept);
  const auto b_rows = breakdown_rows(by_sector);
  if (b_rows.empty())
    body.paragraph("本年度无对贵单位的测评票。");
  else
    body.table(breakdown_spec("代表界别", by_sector), b_rows);
  body.note(
      fmt::format("注：为保护评议代表和受访群众，少于{}份的数据及可据以推算的数据以“—”表示。", view_.k()));
  body.heading(2, fmt::format("（{}）社情民意调查意见", cn(++sub)));
  const auto opinions = view_.opinions(dept);
  const auto opinion_count = view_.opinion_count(dept);
  if (!opinions.empty()) {
    body.paragraph(fmt::format("评议代表走访调查中收集到对贵单位的意见{}条，归纳如下：", opinion_count));
    const int list = body.start_list(ListKind::decimal);
    for (const auto& o : opinions)
      body.list_item(list, o.times > 1 ? fmt::format("{}（{}次）", o.text, o.times) : o.text);
  } else if (opinion_count > 0) {
    body.paragraph(fmt::format(
        "评议代表走访调查中收集到对贵单位的意见不足{}条，为保护受访群众，不单列意见原文。", view_.k()));
  } else {
    body.paragraph("评议代表走访调查中未收集到对贵单位的意见。");
  }

  body.heading(1, "四、听证质询与整改");
  sub = 0;
  body.heading(2, fmt::format("（{}）听证质询问题", cn(++sub)));
  if (hearings_[dept].empty()) {
    body.paragraph("本年度贵单位未接受听证质询。");
  } else {
    TableSpec spec;
    spec.header = {"日期", "质询问题", "答复要点", "整改事项"};
    spec.widths = {1300, 3300, 3144, 1100};
    spec.align = {Align::center, Align::left, Align::left, Align::center};
    std::vector<std::vector<std::string>> rows;
    for (const Hearing* h : hearings_[dept])
      rows.push_back({date_or_dash(h->held_on), h->question, h->answer, h->rectification_id});
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）整改事项", cn(++sub)));
  if (rectifications_[dept].empty()) {
    body.paragraph("本年度贵单位无整改事项。");
  } else {
    TableSpec spec;
    spec.header = {"编号", "来源", "问题类别", "整改内容", "整改时限", "状态"};
    spec.widths = {900, 1000, 1200, 3144, 1300, 1300};
    spec.align = {Align::center, Align::center, Align::left, Align::left, Align::center, Align::center};
    std::vector<std::vector<std::string>> rows;
    for (const RectificationItem* it : rectifications_[dept]) {
      std::string status(label_zh(it->status));
      if (overdue(*it))
        status += "（逾期）";
      else if (it->closed_on)
        status += "（" + it->closed_on->to_string() + "）";
      rows.push_back({it->id, std::string(label_zh(it->source)), it->category, it->description,
                      date_or_dash(it->deadline), status});
    }
    body.table(spec, rows);
  }
  body.heading(2, fmt::format("（{}）投诉办理", cn(++sub)));
  if (complaints_[dept].empty()) {
    body.paragraph("本年度未受理对贵单位的投诉。");
  } else {
    const auto substantiated = std::count_if(complaints_[dept].begin(), complaints_[dept].end(),
                                             [](const Complaint* c) { return c->substantiated; });
    body.paragraph(
        fmt::format("本年度受理对贵单位的投诉{}件，经查属实{}件。", complaints_[dept].size(), substantiated));
    TableSpec spec;
    spec.header = {"编号", "受理日期", "来源", "问题类别", "是否属实", "办结日期"};
    spec.widths = {1100, 1500, 1500, 2044, 1200, 1500};
    spec.align = {Align::center, Align::center, Align::center, Align::left, Align::center, Align::center};
    std::vector<std::vector<std::string>> rows;
    for (const Complaint* c : complaints_[dept])
      rows.push_back({c->id, date_or_dash(c->received_on), std::string(label_zh(c->channel)), c->category,
                      c->substantiated ? "属实" : "不属实",
                      c->closed_on ? c->closed_on->to_string() : "未办结"});
    body.table(spec, rows);
  }

  body.heading(1, "五、自评对照");
  const auto expected = dept < cycle_.expected_scores.size() ? cycle_.expected_scores[dept] : std::nullopt;
  if (!expected) {
    body.paragraph("贵单位未报送自评得分。");
  } else if (r.composite) {
    const double gap = *expected - *r.composite;
    std::string text = fmt::format("贵单位自评{}分，评议综合得分{}分，", fig(expected), fig(r.composite));
    if (gap > 0)
      text += fmt::format("自评高出{}分。", fig(gap));
    else if (gap < 0)
      text += fmt::format("自评低于评议结果{}分。", fig(-gap));
    else
      text += "二者一致。";
    if (has_flag(dept, "self_overestimate"))
      text += "自评明显高于评议结果，请对照群众意见认真查找差距，正确看待评议结果。";
    body.paragraph(text);
  }

  body.heading(1, "六、整改要求");
  std::vector<std::string> asks;
  if (has_flag(dept, "overdue_rectification"))
    asks.push_back("对逾期未完成的整改事项立即整改，完成后报请验收销号");
  if (has_flag(dept, "relapse")) asks.push_back("对反复出现的问题查找根源，建立长效机制");
  if (has_flag(dept, "last_place")) asks.push_back("贵单位在本序列排名末位，请主要负责人牵头制定整改方案");
  if (has_flag(dept, "self_overestimate")) asks.push_back("组织班子成员对照评议结果开展自查");
  asks.push_back(fmt::format("于收到本意见书之日起30日内将整改方案书面报送{}", settings_.office));
  const int list = body.start_list(ListKind::decimal);
  for (const auto& a : asks) body.list_item(list, a + "。");

  body.line("");
  body.line(settings_.office, Align::right);
  body.line(date_zh(settings_.date), Align::right);
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

// ---- the commitment booklet ------------------------------------------------------------

std::string Documents::booklet() const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  const int year = cycle_.info.year;
  body.title(fmt::format("{}年度公开承诺汇编", year));
  body.subtitle(settings_.office);
  std::set<std::string> with_commitments;
  for (const auto& c : cycle_.commitments) with_commitments.insert(c.department_id);
  body.paragraph(
      fmt::format("{}年度，{}个部门向社会公开承诺{}项，并公布了监督电话。现将各部门的公开承诺辑印成册，"
                  "发至机关、厂矿、农村、学校，以供互相学习、借鉴、监督。",
                  year, with_commitments.size(), cycle_.commitments.size()));
  // Every department, participating or exempt, by sector sequence.
  std::vector<std::string> categories;
  for (const auto& d : cycle_.departments) {
    const std::string c = d.category.empty() ? "其他" : d.category;
    if (std::find(categories.begin(), categories.end(), c) == categories.end()) categories.push_back(c);
  }
  int section = 0;
  for (const auto& c : categories) {
    body.heading(1, fmt::format("{}、{}", cn(++section), c));
    int sub = 0;
    for (std::uint32_t d = 0; d < cycle_.departments.size(); ++d) {
      const Department& dep = cycle_.departments[d];
      if ((dep.category.empty() ? "其他" : dep.category) != c) continue;
      body.heading(2, fmt::format("（{}）{}{}", cn(++sub), dep.name,
                                  dep.status == DepartmentStatus::exempt ? "（免评）" : ""));
      body.paragraph({{"监督电话：", true}, {dep.hotline.empty() ? std::string("未公布") : dep.hotline}});
      if (commitments_[d].empty()) {
        body.paragraph("未录入公开承诺。");
        continue;
      }
      const int list = body.start_list(ListKind::decimal);
      for (const Commitment* cm : commitments_[d])
        body.list_item(list,
                       cm->due_on ? fmt::format("{}（{}前完成）", cm->text, date_zh(*cm->due_on)) : cm->text);
    }
  }
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, fmt::format("{}年度公开承诺汇编", year));
}

// ---- template values ----------------------------------------------------------------------

TemplateData Documents::letter_data(std::uint32_t dept) const {
  const Department& dep = cycle_.departments[dept];
  const DepartmentResult& r = result(dept);
  TemplateData t;
  t.set("year", std::to_string(cycle_.info.year));
  t.set("cycle.name", cycle_.info.name);
  t.set("date", date_zh(settings_.date));
  t.set("office", settings_.office);
  t.set("department.id", dep.id);
  t.set("department.name", dep.name);
  t.set("department.category", dep.category);
  t.set("department.hotline", dep.hotline);
  t.set("participating_count", std::to_string(participating_.size()));
  t.set("category_count",
        std::to_string(std::count_if(participating_.begin(), participating_.end(), [&](auto d) {
          return cycle_.departments[d].category == dep.category;
        })));
  t.set("ballot_score", fig(r.ballot_score));
  t.set("questionnaire_score", fig(r.questionnaire_score));
  t.set("daily_work_score", fig(r.daily_work_score));
  t.set("deductions", fig(r.deductions));
  t.set("composite", fig(r.composite));
  t.set("rank_overall", r.rank_overall ? std::to_string(r.rank_overall) : kDash);
  t.set("rank_in_category", r.rank_in_category ? std::to_string(r.rank_in_category) : kDash);
  t.set("grade", r.grade == Grade::none ? kDash : std::string(label_zh(r.grade)));
  std::vector<std::string> labels;
  for (const auto& f : r.flags) labels.emplace_back(flag_label(f));
  t.set("flags", join(labels));
  const auto expected = dept < cycle_.expected_scores.size() ? cycle_.expected_scores[dept] : std::nullopt;
  t.set("expected_score", expected ? fig(expected) : "");
  t.set("self_gap", expected && r.composite ? fig(*expected - *r.composite) : "");

  for (const ComponentReceipt& c : r.receipt.components) {
    auto& list = t.list(c.component + "_votes");
    for (int i = 0; i < kRatingCount; ++i) {
      TemplateData& row = list.emplace_back();
      const bool counted = static_cast<Rating>(i) != Rating::unknown;
      row.set("rating", std::string(label_zh(static_cast<Rating>(i))));
      row.set("votes", std::to_string(c.counts[i]));
      row.set("points", counted ? fig(c.points[i]) : kDash);
      row.set("subtotal", counted ? fig(static_cast<double>(c.counts[i]) * c.points[i]) : "不计入");
    }
  }
  t.list("ballot_votes");
  t.list("questionnaire_votes");
  auto& weights = t.list("weights");
  const std::pair<const char*, std::optional<double>> parts[] = {{"ballot", r.ballot_score},
                                                                 {"questionnaire", r.questionnaire_score},
                                                                 {"daily_work", r.daily_work_score}};
  for (const auto& [key, score] : parts) {
    TemplateData& row = weights.emplace_back();
    const std::optional<double> weight = r.receipt.weights.get(key);
    row.set("component", std::string(component_label(key)));
    row.set("score", fig(score));
    row.set("weight", fig(weight));
    row.set("weighted", score && weight ? fig(*score * *weight) : kDash);
  }
  auto& deductions = t.list("deduction_items");
  for (const DeductionReceipt& d : r.receipt.deductions) {
    if (d.items.empty()) continue;
    TemplateData& row = deductions.emplace_back();
    row.set("kind", std::string(deduction_label(d.kind)));
    row.set("points_each", fig(d.points_each));
    row.set("items", join(d.items));
    row.set("points", fig(d.points));
  }
  auto breakdown = [&](const std::string& name, const std::string& label, const SuppressedBreakdown& s) {
    auto& list = t.list(name);
    for (const auto& cells : breakdown_rows(s)) {
      TemplateData& row = list.emplace_back();
      row.set(label, cells[0]);
      row.set("satisfied", cells[1]);
      row.set("basic", cells[2]);
      row.set("dissatisfied", cells[3]);
      row.set("unknown", cells[4]);
      row.set("total", cells[5]);
    }
  };
  breakdown("questionnaire_groups", "group", view_.questionnaires_by_group(dept));
  breakdown("ballot_sectors", "sector", view_.ballots_by_sector(dept));
  auto& opinions = t.list("opinions");
  for (const auto& o : view_.opinions(dept)) {
    TemplateData& row = opinions.emplace_back();
    row.set("text", o.text);
    row.set("times", std::to_string(o.times));
  }
  auto& hearings = t.list("hearings");
  for (const Hearing* h : hearings_[dept]) {
    TemplateData& row = hearings.emplace_back();
    row.set("held_on", date_or_dash(h->held_on));
    row.set("question", h->question);
    row.set("answer", h->answer);
    row.set("rectification_id", h->rectification_id);
  }
  auto& items = t.list("rectifications");
  for (const RectificationItem* it : rectifications_[dept]) {
    TemplateData& row = items.emplace_back();
    row.set("id", it->id);
    row.set("source", std::string(label_zh(it->source)));
    row.set("category", it->category);
    row.set("description", it->description);
    row.set("deadline", date_or_dash(it->deadline));
    row.set("status", std::string(label_zh(it->status)));
    row.set("overdue", overdue(*it) ? "逾期" : "");
    row.set("closed_on", it->closed_on ? it->closed_on->to_string() : "");
  }
  auto& complaints = t.list("complaints");
  std::int64_t substantiated = 0;
  for (const Complaint* c : complaints_[dept]) {
    substantiated += c->substantiated ? 1 : 0;
    TemplateData& row = complaints.emplace_back();
    row.set("id", c->id);
    row.set("received_on", date_or_dash(c->received_on));
    row.set("channel", std::string(label_zh(c->channel)));
    row.set("category", c->category);
    row.set("substantiated", c->substantiated ? "属实" : "不属实");
    row.set("closed_on", c->closed_on ? c->closed_on->to_string() : "未办结");
  }
  t.set("complaints_received", std::to_string(complaints_[dept].size()));
  t.set("complaints_substantiated", std::to_string(substantiated));
  return t;
}

}  // namespace review::docx
