// The documents of a cycle (documents.hpp): what they share. The annual report
// is in annual_report.cpp, the letters in letters.cpp, the booklet in
// booklet.cpp and the values of a letter template in template_values.cpp.
#include "documents.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "documents_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"

namespace review::docx {

namespace detail {

std::string fig(std::optional<double> v, int digits) {
  return v ? format_figure(v, digits) : std::string(kDash);
}

std::string date_range_zh(const Date& first, const Date& last) {
  if (first == last) return date_zh(first);
  if (first.year != last.year) return fmt::format("{}至{}", date_zh(first), date_zh(last));
  if (first.month != last.month) return fmt::format("{}至{}月{}日", date_zh(first), last.month, last.day);
  return fmt::format("{}至{}日", date_zh(first), last.day);
}

std::string date_or_dash(const std::optional<Date>& d) { return d ? d->to_string() : std::string(kDash); }

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return kDash;
  return format_figure(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string flag_labels(const std::vector<std::string>& flags) {
  std::vector<std::string> labels;
  labels.reserve(flags.size());
  for (const auto& f : flags) labels.emplace_back(label_zh(TermFamily::flag, f));
  return join(labels);
}

std::string grade_or_dash(Grade g) { return g == Grade::none ? std::string(kDash) : std::string(term(g).zh); }

std::string change_sentence(const DepartmentResult& r) {
  if (r.previous_year == 0) return {};
  if (r.previous_rank_overall == 0) return fmt::format("{}年度你单位未参加排名。", r.previous_year);
  const std::string last =
      fmt::format("{}年度综合得分{}分，排第{}名，等次为“{}”", r.previous_year, fig(r.previous_composite),
                  r.previous_rank_overall, grade_or_dash(r.previous_grade));
  const auto change = r.rank_change();
  if (!change) return fmt::format("{}。", last);
  if (*change == 0) return fmt::format("你单位名次与上年持平（{}）。", last);
  return fmt::format("你单位名次较上年{}{}位（{}）。", *change > 0 ? "上升" : "下降", std::abs(*change),
                     last);
}

std::string rank_or_dash(int rank) { return rank != 0 ? std::to_string(rank) : std::string(kDash); }

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
  for (const Term& rating : terms(TermFamily::rating)) spec.header.emplace_back(rating.zh);
  spec.header.emplace_back("合计");
  spec.widths = {2444, 1280, 1280, 1280, 1280, 1280};
  spec.align = {Align::left, Align::center, Align::center, Align::center, Align::center, Align::center};
  return spec;
}

std::vector<std::string> vote_cells(const ComponentReceipt& c, int rating) {
  const auto i = static_cast<std::size_t>(rating);
  std::string label(term(static_cast<Rating>(rating)).zh);
  if (static_cast<Rating>(rating) == Rating::unknown)
    return {label, std::to_string(c.counts[i]), kDash, "不计入"};
  return {label, std::to_string(c.counts[i]), fig(c.points[i]),
          fig(static_cast<double>(c.counts[i]) * c.points[i])};
}

std::vector<std::vector<std::string>> weight_rows(const DepartmentResult& r) {
  const std::pair<Component, std::optional<double>> parts[] = {
      {Component::ballot, r.ballot_score},
      {Component::questionnaire, r.questionnaire_score},
      {Component::daily_work, r.daily_work_score}};
  std::vector<std::vector<std::string>> rows;
  for (const auto& [component, score] : parts) {
    const Term& t = term(component);
    const std::optional<double> weight = r.receipt.weights.get(t.code);
    rows.push_back(
        {std::string(t.zh), fig(score), fig(weight), score && weight ? fig(*score * *weight) : kDash});
  }
  return rows;
}

std::vector<std::string> hearing_cells(const Hearing& h) {
  return {date_or_dash(h.held_on), h.question, h.answer, h.rectification_id};
}

std::vector<std::string> complaint_cells(const Complaint& c) {
  return {c.id,       date_or_dash(c.received_on),         std::string(term(c.channel).zh),
          c.category, c.substantiated ? "属实" : "不属实", c.closed_on ? c.closed_on->to_string() : "未办结"};
}

void set_cells(TemplateData& row, std::initializer_list<const char*> keys,
               const std::vector<std::string>& cells) {
  if (keys.size() != cells.size()) refuse<InternalError>("LR-R153", keys.size(), cells.size());
  std::size_t i = 0;
  for (const char* key : keys) row.set(key, cells[i++]);
}

}  // namespace detail

namespace {
std::string today_w3c(const Date& d) { return fmt::format("{}T00:00:00Z", d.to_string()); }
}  // namespace

Documents::Documents(const ReportInput& input, DocumentSettings settings)
    : cycle_(input.cycle),
      results_(input.results),
      profile_(input.profile),
      settings_(std::move(settings)),
      view_(input.cycle, static_cast<int>(input.profile.number_or("anonymity.k", kDefaultMinCell))),
      maker_(Stationery{settings_.layout == Layout::gongwen
                            ? std::string()
                            : fmt::format("{}年度民主评议行风", input.cycle.info.year),
                        settings_.office, today_w3c(settings_.date), settings_.layout}) {
  view_.build_index();  // every letter asks it about its department: one pass, not one per letter
  const std::size_t n = cycle_.departments.size();
  result_of_.assign(n, results_.departments.size());
  for (std::size_t i = 0; i < results_.departments.size(); ++i) {
    const std::uint32_t d = results_.departments[i].department;
    if (d >= n) refuse<ReportError>("LR-R154", d, n);
    result_of_[d] = i;
  }
  for (std::uint32_t d = 0; d < n; ++d) {
    if (result_of_[d] == results_.departments.size())
      refuse<ReportError>("LR-R155", cycle_.departments[d].id);
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

bool Documents::has_flag(std::uint32_t dept, FlagCode flag) const {
  const auto& f = result(dept).flags;
  return std::find(f.begin(), f.end(), term(flag).code) != f.end();
}

std::vector<std::uint32_t> Documents::flagged(FlagCode flag) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t d : ranked_)
    if (has_flag(d, flag)) out.push_back(d);
  return out;
}

}  // namespace review::docx
