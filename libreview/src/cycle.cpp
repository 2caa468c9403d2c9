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

Date Date::from_days(int days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return Date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
              static_cast<unsigned>(ymd.day())};
}

// (The enum names and parse_bool live in vocabulary.cpp, with the rest of the vocabulary.)

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

std::optional<CommitmentStatus> Commitment::kept_status() const {
  if (status.empty()) return std::nullopt;
  // The codes the import and the store write, before the labels and spellings parse_enum also reads.
  for (const auto v :
       {CommitmentStatus::fulfilled, CommitmentStatus::in_progress, CommitmentStatus::unfulfilled})
    if (status == to_string(v)) return v;
  return parse_enum<CommitmentStatus>(status);
}

}  // namespace review
