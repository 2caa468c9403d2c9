#pragma once
// CycleBuilder: hand-computed fixtures in a few lines. Votes are given as
// counts per rating; each counted ballot comes from a fresh representative
// (so that no representative straight-lines unless a test says so) and each
// counted questionnaire answer from a fresh response.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/scoring.hpp"

namespace review::test {

class CycleBuilder {
 public:
  explicit CycleBuilder(int year = 2017) {
    c_.info.year = year;
    c_.info.region = "test";
    c_.info.name = "测试县";
    c_.info.as_of = Date{year, 12, 31};
    c_.respondent_groups = {"群众"};
  }

  CycleBuilder& department(const std::string& id, const std::string& name, const std::string& category) {
    c_.departments.push_back({id, name, category, DepartmentStatus::participating, "", ""});
    return *this;
  }
  CycleBuilder& exempt(const std::string& id, const std::string& name, const std::string& category,
                       const std::string& reason) {
    c_.departments.push_back({id, name, category, DepartmentStatus::exempt, reason, ""});
    return *this;
  }
  CycleBuilder& representative(const std::string& id, const std::string& sector = "人大代表") {
    c_.representatives.push_back({id, sector, true});
    return *this;
  }

  /// `s` satisfied, `b` basic, `x` dissatisfied and `u` unknown ballots on `dep`, each from a new
  /// representative.
  CycleBuilder& ballots(const std::string& dep, int s, int b, int x, int u = 0,
                        const std::string& sector = "群众代表") {
    const int counts[] = {s, b, x, u};
    for (int k = 0; k < kRatingCount; ++k)
      for (int i = 0; i < counts[k]; ++i) {
        const std::string rep = "A" + std::to_string(10000 + c_.representatives.size());
        representative(rep, sector);
        ballot(rep, dep, static_cast<Rating>(k));
      }
    return *this;
  }
  /// One ballot of a named representative (declared with representative()).
  CycleBuilder& ballot(const std::string& rep, const std::string& dep, Rating r) {
    ballots_.push_back({rep, dep, r});
    return *this;
  }
  /// Questionnaire answers on `dep`, each from a new response.
  CycleBuilder& answers(const std::string& dep, int s, int b, int x, int u = 0) {
    const int counts[] = {s, b, x, u};
    for (int k = 0; k < kRatingCount; ++k)
      for (int i = 0; i < counts[k]; ++i) answers_.push_back({dep, static_cast<Rating>(k)});
    return *this;
  }
  CycleBuilder& daily_work(const std::string& dep, double score) {
    daily_.emplace_back(dep, score);
    return *this;
  }
  CycleBuilder& expected(const std::string& dep, double score) {
    expected_.emplace_back(dep, score);
    return *this;
  }
  CycleBuilder& complaint(const std::string& id, const std::string& dep, const std::string& category,
                          bool substantiated = true) {
    Complaint x;
    x.id = id;
    x.department_id = dep;
    x.category = category;
    x.substantiated = substantiated;
    c_.complaints.push_back(x);
    return *this;
  }
  CycleBuilder& rectification(const std::string& id, const std::string& dep, const std::string& category,
                              const std::string& deadline, RectificationStatus status) {
    RectificationItem r;
    r.id = id;
    r.department_id = dep;
    r.category = category;
    r.deadline = Date::parse(deadline);
    r.status = status;
    c_.rectifications.push_back(r);
    return *this;
  }

  Cycle build() {
    Cycle c = c_;
    c.build_index();
    std::vector<std::uint32_t> dep, rater, group;
    std::vector<Rating> rating;
    for (const auto& b : ballots_) {
      dep.push_back(index(c.department_index(b.dep), b.dep));
      rater.push_back(index(c.representative_index(b.rep), b.rep));
      rating.push_back(b.rating);
    }
    c.ballots = {Column<std::uint32_t>(dep), Column<std::uint32_t>(rater), Column<Rating>(rating), {}};
    dep.clear(), rater.clear(), rating.clear();
    for (const auto& a : answers_) {
      rater.push_back(static_cast<std::uint32_t>(c.responses.size()));
      c.responses.push_back({"Q" + std::to_string(c.responses.size() + 1), 0});
      dep.push_back(index(c.department_index(a.dep), a.dep));
      rating.push_back(a.rating);
      group.push_back(0);
    }
    c.questionnaires = {Column<std::uint32_t>(dep), Column<std::uint32_t>(rater), Column<Rating>(rating),
                        Column<std::uint32_t>(group)};
    c.daily_work.assign(c.departments.size(), std::nullopt);
    c.expected_scores.assign(c.departments.size(), std::nullopt);
    for (const auto& [id, v] : daily_) c.daily_work[index(c.department_index(id), id)] = v;
    for (const auto& [id, v] : expected_) c.expected_scores[index(c.department_index(id), id)] = v;
    return c;
  }

 private:
  struct B {
    std::string rep, dep;
    Rating rating;
  };
  struct A {
    std::string dep;
    Rating rating;
  };
  static std::uint32_t index(std::optional<std::uint32_t> i, const std::string& id) {
    if (!i) throw std::invalid_argument("CycleBuilder: unknown id " + id);
    return *i;
  }
  Cycle c_;
  std::vector<B> ballots_;
  std::vector<A> answers_;
  std::vector<std::pair<std::string, double>> daily_, expected_;
};

/// A verified item of an earlier cycle, for History.
inline PastItem past(int year, const std::string& dep, const std::string& category) {
  return PastItem{year, dep, category, dep + "-" + category};
}

}  // namespace review::test
