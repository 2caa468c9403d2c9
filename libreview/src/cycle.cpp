#include "libreview/cycle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

namespace review {

// ---- Date -------------------------------------------------------------------

std::optional<Date> Date::parse(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900) return std::nullopt;
  return Date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

std::optional<Date> Date::parse_written(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (auto d = parse(t)) return d;
  // YYYY then two numbers of one or two digits, each after the form's separator.
  auto number = [&](std::size_t& at, std::size_t min, std::size_t max, int& out) {
    std::size_t n = 0;
    out = 0;
    while (at < t.size() && n < max && t[at] >= '0' && t[at] <= '9') out = out * 10 + (t[at++] - '0'), ++n;
    return n >= min && (at == t.size() || t[at] < '0' || t[at] > '9');
  };
  auto literal = [&](std::size_t& at, std::string_view s) {
    if (t.substr(at, s.size()) != s) return false;
    at += s.size();
    return true;
  };
  static constexpr std::string_view kForms[][3] = {
      {"/", "/", ""}, {".", ".", ""}, {"-", "-", ""}, {"年", "月", "日"}};
  for (const auto& form : kForms) {
    std::size_t at = 0;
    int y = 0, m = 0, d = 0;
    if (!number(at, 4, 4, y) || !literal(at, form[0]) || !number(at, 1, 2, m) || !literal(at, form[1]) ||
        !number(at, 1, 2, d) || !literal(at, form[2]) || at != t.size())
      continue;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || y < 1900) return std::nullopt;
    return Date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
  }
  return std::nullopt;
}

std::string Date::to_string() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

int Date::days() const {
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

// ---- enums ------------------------------------------------------------------

namespace {

template <class E, std::size_t N>
struct EnumNames {
  std::array<std::string_view, N> en;
  std::array<std::string_view, N> zh;
};

constexpr EnumNames<Rating, 4> kRating{{"satisfied", "basic", "dissatisfied", "unknown"},
                                      {"满意", "基本满意", "不满意", "不了解"}};
constexpr EnumNames<DepartmentStatus, 2> kStatus{{"participating", "exempt"}, {"参评", "免评"}};
constexpr EnumNames<ComplaintChannel, 4> kChannel{{"hotline", "letter", "visit", "city_referral"},
                                                 {"热线", "来信", "来访", "市转办"}};
constexpr EnumNames<RectificationSource, 3> kSource{{"hearing", "complaint", "survey"},
                                                   {"听证质询", "投诉", "调查"}};
constexpr EnumNames<RectificationStatus, 4> kRectStatus{{"open", "in_progress", "rectified", "verified"},
                                                       {"未整改", "整改中", "已整改", "已销号"}};
constexpr EnumNames<ActivityKind, 4> kActivity{{"enterprise", "village", "household", "visit"},
                                              {"企业", "乡村", "农户", "走访"}};
constexpr EnumNames<SiteKind, 5> kSite{{"enterprise", "village", "school", "shop", "other"},
                                      {"企业", "农村", "学校", "门店", "其他"}};

std::string_view trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) t.remove_suffix(1);
  return t;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

template <class E, std::size_t N>
std::optional<E> parse_with(const EnumNames<E, N>& names, std::string_view text) {
  text = trim(text);
  for (std::size_t i = 0; i < N; ++i)
    if (iequals_ascii(names.en[i], text) || names.zh[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view at(const std::array<std::string_view, N>& a, E v) {
  auto i = static_cast<std::size_t>(v);
  return i < N ? a[i] : std::string_view{"?"};
}

}  // namespace

std::string_view to_string(Rating v) { return at(kRating.en, v); }
std::string_view to_string(DepartmentStatus v) { return at(kStatus.en, v); }
std::string_view to_string(ComplaintChannel v) { return at(kChannel.en, v); }
std::string_view to_string(RectificationSource v) { return at(kSource.en, v); }
std::string_view to_string(RectificationStatus v) { return at(kRectStatus.en, v); }
std::string_view to_string(ActivityKind v) { return at(kActivity.en, v); }
std::string_view to_string(SiteKind v) { return at(kSite.en, v); }
std::string_view label_zh(Rating v) { return at(kRating.zh, v); }
std::string_view label_zh(DepartmentStatus v) { return at(kStatus.zh, v); }
std::string_view label_zh(ComplaintChannel v) { return at(kChannel.zh, v); }
std::string_view label_zh(RectificationSource v) { return at(kSource.zh, v); }
std::string_view label_zh(RectificationStatus v) { return at(kRectStatus.zh, v); }
std::string_view label_zh(ActivityKind v) { return at(kActivity.zh, v); }
std::string_view label_zh(SiteKind v) { return at(kSite.zh, v); }

template <> std::optional<Rating> parse_enum<Rating>(std::string_view t) { return parse_with(kRating, t); }
template <> std::optional<DepartmentStatus> parse_enum<DepartmentStatus>(std::string_view t) {
  return parse_with(kStatus, t);
}
template <> std::optional<ComplaintChannel> parse_enum<ComplaintChannel>(std::string_view t) {
  return parse_with(kChannel, t);
}
template <> std::optional<RectificationSource> parse_enum<RectificationSource>(std::string_view t) {
  return parse_with(kSource, t);
}
template <> std::optional<RectificationStatus> parse_enum<RectificationStatus>(std::string_view t) {
  return parse_with(kRectStatus, t);
}
template <> std::optional<ActivityKind> parse_enum<ActivityKind>(std::string_view t) {
  return parse_with(kActivity, t);
}
template <> std::optional<SiteKind> parse_enum<SiteKind>(std::string_view t) { return parse_with(kSite, t); }

std::optional<bool> parse_bool(std::string_view t) {
  t = trim(t);
  for (auto s : {"true", "yes", "1", "是", "y"})
    if (iequals_ascii(t, s)) return true;
  for (auto s : {"false", "no", "0", "否", "n"})
    if (iequals_ascii(t, s)) return false;
  return std::nullopt;
}

// ---- Cycle ------------------------------------------------------------------

void Cycle::build_index() {
  department_lookup_.clear();
  representative_lookup_.clear();
  department_lookup_.reserve(departments.size());
  representative_lookup_.reserve(representatives.size());
  for (std::uint32_t i = 0; i < departments.size(); ++i) department_lookup_.emplace(departments[i].id, i);
  for (std::uint32_t i = 0; i < representatives.size(); ++i)
    representative_lookup_.emplace(representatives[i].id, i);
}

std::optional<std::uint32_t> Cycle::department_index(std::string_view id) const {
  if (auto it = department_lookup_.find(std::string(id)); it != department_lookup_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::uint32_t> Cycle::representative_index(std::string_view id) const {
  if (auto it = representative_lookup_.find(std::string(id)); it != representative_lookup_.end())
    return it->second;
  return std::nullopt;
}

Ballot Cycle::ballot(std::size_t i) const {
  const auto r = ballots.rater[i];
  return Ballot{r < representatives.size() ? representatives[r].id
                                           : ballot_sheets.at(r - representatives.size()).sheet_no,
                departments.at(ballots.department[i]).id, ballots.rating[i]};
}

QuestionnaireAnswer Cycle::questionnaire_answer(std::size_t i) const {
  const auto& r = responses.at(questionnaires.rater[i]);
  return QuestionnaireAnswer{r.id, respondent_groups.at(r.group),
                             departments.at(questionnaires.department[i]).id, questionnaires.rating[i]};
}

namespace {

/// Raters with at least one rating, and those with at least one valid vote.
BallotAccounting account(const RatingColumns& columns, std::size_t raters,
                         std::optional<std::uint32_t> issued) {
  BallotAccounting a;
  a.issued = issued;
  std::vector<std::uint8_t> seen(raters, 0);  // 1 returned, 2 with a valid vote
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto r = columns.rater[i];
    if (r >= seen.size()) seen.resize(std::size_t{r} + 1, 0);
    seen[r] = std::max<std::uint8_t>(seen[r], columns.rating[i] == Rating::unknown ? 1 : 2);
  }
  for (const auto s : seen) {
    a.returned += s > 0 ? 1 : 0;
    a.valid += s > 1 ? 1 : 0;
  }
  return a;
}

}  // namespace

BallotAccounting Cycle::ballot_accounting() const {
  return account(ballots, rater_count(), info.ballots_issued);
}

BallotAccounting Cycle::questionnaire_accounting() const {
  return account(questionnaires, responses.size(), info.questionnaires_issued);
}

std::size_t Cycle::participating_count() const {
  std::size_t n = 0;
  for (const auto& d : departments) n += d.status == DepartmentStatus::participating ? 1 : 0;
  return n;
}

}  // namespace review
