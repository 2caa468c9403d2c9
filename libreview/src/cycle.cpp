#include "libreview/cycle.hpp"

#include <fmt/format.h>

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

std::string Date::to_string() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

int Date::days() const {
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  return static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count());
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
  return Ballot{representatives.at(ballots.rater[i]).id, departments.at(ballots.department[i]).id,
                ballots.rating[i]};
}

QuestionnaireAnswer Cycle::questionnaire_answer(std::size_t i) const {
  const auto& r = responses.at(questionnaires.rater[i]);
  return QuestionnaireAnswer{r.id, respondent_groups.at(r.group),
                             departments.at(questionnaires.department[i]).id, questionnaires.rating[i]};
}

std::size_t Cycle::participating_count() const {
  std::size_t n = 0;
  for (const auto& d : departments) n += d.status == DepartmentStatus::participating ? 1 : 0;
  return n;
}

}  // namespace review
