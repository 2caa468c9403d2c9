#pragma once
// The test fixtures, one header for every test (tests/cpp/fixtures.cpp holds
// the larger canned cycles):
//  - CycleBuilder: hand-computed cycles in a few lines. Votes are given as
//    counts per rating; each counted ballot comes from a fresh representative
//    (so that no representative straight-lines unless a test says so) and each
//    counted questionnaire answer from a fresh response.
//  - the folders where the tests find plugins and profiles;
//  - the canned cycles: fixture_a() / history_a() (scoring, CSV report),
//    sample_cycle() / sample_results() (docx report, anonymity) and
//    make_report_fixture() (xlsx report, privacy, the xlsx benchmark).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
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

inline const std::filesystem::path kPluginDir = LIBREVIEW_BUILD_PLUGIN_DIR;
inline const std::filesystem::path kProfileDir =
    std::filesystem::path(LIBREVIEW_SOURCE_DIR) / "plugins" / "regions";

/// The bytes of a file ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The built plugins, nothing else.
inline PluginRegistry& built_plugins() {
  static PluginRegistry registry({kPluginDir});
  return registry;
}

/// A profile of plugins/regions resolved for 2017-12-31 (or `as_of`).
inline RegionProfile profile(const std::string& id, Date as_of = Date{2017, 12, 31}) {
  return ProfileLibrary({kProfileDir}).resolve(id, as_of);
}

// clang-format off
/// Fixture A, computed by hand under `default` (points 100/70/0, weights .5/.3/.2):
///
/// | dept | cat  | B          | Q          | W      | D                     | composite          | rank | in cat |
/// |------|------|------------|------------|--------|-----------------------|--------------------|------|--------|
/// | D01  | 执法 | 10S = 100  | 8S 2B = 94 | 90     | 0                     | 96.2               | 1    | 1      |
/// | D02  | 执法 | 6S 4B = 88 | 5S 5B = 85 | 80     | 0                     | 85.5               | 2    | 2      |
/// | D03  | 经济 | 6S 4B = 88 | 5S 5B = 85 | 80     | 0                     | 85.5               | 2    | 1      |
/// | D04  | 执法 | 5S 5X = 50 | none       | 70     | 2·2 + 1·1 = 5         | 39/0.7 − 5 = 50.71 | 6    | 3      |
/// | D05  | 经济 | 10B = 70   | 10B = 70   | 70     | 2·4+1·2+2·1 = 12 → 10 | 60                 | 5    | 3      |
/// | D06  | 经济 | 5S 5B = 85 | 5S 5B = 85 | 80.625 | 0                     | 84.125 → 84.13     | 4    | 2      |
/// | D07  | 执法 | exempt (免评) |         |        |                       |                    |      |        |
///
/// Names carry formula-injection payloads (for the CSV report). D03 expects 96
/// (gap 10.5: self_overestimate), D02 expects 95.5 (gap 10: not flagged).
// clang-format on
inline Cycle fixture_a() {
  return CycleBuilder()
      .department("D01", "\r县公安局", "执法监督类")
      .department("D02", "县市场监管局", "执法监督类")
      .department("D03", "\t县财政局", "经济管理类")
      .department("D04", "-2+3", "执法监督类")
      .department("D05", "@SUM(1+1)", "经济管理类")
      .department("D06", "=HYPERLINK(\"http://evil.example\",\"点我\")", "经济管理类")
      .exempt("D07", "+1+cmd|' /C calc'!A0", "执法监督类", "垂直管理")
      .ballots("D01", 10, 0, 0)
      .answers("D01", 8, 2, 0)
      .daily_work("D01", 90)
      .ballots("D02", 6, 4, 0)
      .answers("D02", 5, 5, 0)
      .daily_work("D02", 80)
      .expected("D02", 95.5)
      .ballots("D03", 6, 4, 0)
      .answers("D03", 5, 5, 0)
      .daily_work("D03", 80)
      .expected("D03", 96)
      .ballots("D04", 5, 0, 5)
      .daily_work("D04", 70)
      .complaint("C06", "D04", "态度生硬")
      .complaint("C07", "D04", "态度生硬")
      .complaint("C08", "D04", "态度生硬", false)
      .rectification("Z05", "D04", "态度生硬", "2017-11-30", RectificationStatus::open)
      .ballots("D05", 0, 10, 0)
      .answers("D05", 0, 10, 0)
      .daily_work("D05", 70)
      .complaint("C01", "D05", "吃拿卡要")
      .complaint("C02", "D05", "吃拿卡要")
      .complaint("C03", "D05", "办事拖拉")
      .complaint("C04", "D05", "乱收费")
      .complaint("C05", "D05", "态度生硬", false)
      .rectification("Z01", "D05", "乱收费", "2017-06-30", RectificationStatus::open)
      .rectification("Z02", "D05", "乱收费", "2017-09-01", RectificationStatus::in_progress)
      .rectification("Z03", "D05", "乱收费", "2017-03-01", RectificationStatus::rectified)
      .rectification("Z04", "D05", "乱收费", "2017-12-31", RectificationStatus::open)
      .ballots("D06", 5, 5, 0)
      .answers("D06", 5, 5, 0)
      .daily_work("D06", 80.625)
      .build();
}

/// History of fixture A: D05 relapses in 吃拿卡要 only (态度生硬 was complained of but
/// not substantiated; 乱收费 is of the same year; D01 has nothing in 办事拖拉).
inline History history_a() {
  History h;
  h.verified_items = {past(2016, "D05", "吃拿卡要"), past(2015, "D05", "吃拿卡要"),
                      past(2016, "D05", "态度生硬"), past(2017, "D05", "乱收费"),
                      past(2016, "D01", "办事拖拉")};
  return h;
}

/// The report-test cycle (2017, as of 2017-12-31), built by hand, with results
/// computed by the spec's default rule (section 3) in sample_results(): 8
/// participating departments in 2 sector sequences and 1 exempt one, 15
/// representatives in 3 sectors (3 untrained), 60 questionnaire responses in 3
/// groups, commitments, outreach, surveys with opinions, hearings,
/// rectification items (one overdue), complaints, self-assessments and flags.
///
/// Figures the report tests check (B, Q, composite, rank, grade):
///   1 D03 县税务局              95.71  90.51  94.01  优秀
///   2 D05 县教育局              87.33  85.59  87.34  良好
///   3 D01 县公安局              86.43  79.82  85.56  良好
///   4 D08 国网XX县供电公司      97.86  58.62  84.31  良好  (ballot–public divergence)
///   5 D02 县市场监督管理局      76.67  75.86  78.69  一般
///   6 D06 县卫生健康局          78.67  78.62  78.12  一般  (1 substantiated complaint)
///   7 D07 县人力资源和社会保障局 74.67  77.24  77.31  一般  (last of 社会服务类)
///   8 D04 县交通运输局          67.86  62.11  61.56  较差  (deductions 7, overdue, relapse,
///                                                          self-overestimate, last of 执法监督类)
Cycle sample_cycle();

/// The results of `c` by the spec's default rule, computed here (no scoring plugin).
Results sample_results(const Cycle& c);

/// A hand-built cycle and its results for the xlsx report and privacy tests:
/// nine departments in two sector sequences (one exempt), a tie, a department
/// without a daily-work score, rectification items (one overdue), complaints,
/// commitments, department flags and representative flags (straight_lining).
/// With `payloads`, typed texts carry spreadsheet formula payloads
/// (=HYPERLINK, +cmd|, @SUM, -2+3) that must stay text in every output.
/// The formula payloads put into typed texts of the fixture.
inline constexpr const char* kFormulaPayloads[] = {
    "=HYPERLINK(\"http://evil.example/\",\"点此查看\")",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
};

struct ReportFixture {
  Cycle cycle;
  Results results;
  RegionProfile profile;
};

/// The fixture described above. `extra_items` adds that many more rectification
/// items, complaints and commitments (for timing a larger workbook).
ReportFixture make_report_fixture(bool payloads = true, std::size_t extra_items = 0);

}  // namespace review::test
