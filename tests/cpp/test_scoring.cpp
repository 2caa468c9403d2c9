// Scoring: the default rule against hand-computed fixtures, every flag at its
// threshold, relapse from History, the other rules, the region rule, and the
// sanity properties (also refusing deliberately broken rules).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "fixtures.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring_kit.hpp"
#include "libreview/testing.hpp"
#include "scoring_kit_internal.hpp"

using namespace review;
using namespace review::test;

namespace {

Results score(const Cycle& c, const History& h = {}, const std::string& profile_id = "default",
              const std::string& rule = {}) {
  return score_cycle(c, h, profile(profile_id), built_plugins(), rule);
}

const DepartmentResult& of(const Cycle& c, const Results& r, const std::string& id) {
  return r.departments.at(*c.department_index(id));
}

bool has_flag(const DepartmentResult& r, const std::string& flag) {
  return std::find(r.flags.begin(), r.flags.end(), flag) != r.flags.end();
}

std::vector<std::string> subjects(const Results& r, const std::string& flag) {
  std::vector<std::string> out;
  for (const auto& f : r.flags)
    if (f.flag == flag) out.push_back(f.subject_id);
  return out;
}

/// Scoring a big cycle on `n` threads while it lives (two also on a machine of one core).
struct ScoringThreads {
  explicit ScoringThreads(unsigned n) : before(kit::set_scoring_threads(n)) {}
  ~ScoringThreads() { kit::set_scoring_threads(before); }
  ScoringThreads(const ScoringThreads&) = delete;
  ScoringThreads& operator=(const ScoringThreads&) = delete;
  unsigned before;
};

}  // namespace

// ---- fixture A, hand-computed ---------------------------------------------------

TEST(DefaultRule, ComponentsCompositesAndRanksAsComputedByHand) {
  const Cycle c = fixture_a();
  const Results r = score(c, history_a());
  EXPECT_EQ(r.rule, "default");
  EXPECT_EQ(r.profile, "default");
  const auto& d01 = of(c, r, "D01");
  EXPECT_DOUBLE_EQ(*d01.ballot_score, 100);
  EXPECT_DOUBLE_EQ(*d01.questionnaire_score, 94);
  EXPECT_DOUBLE_EQ(*d01.daily_work_score, 90);
  EXPECT_NEAR(*d01.composite, 96.2, 1e-9);
  EXPECT_EQ(d01.grade, Grade::excellent);
  EXPECT_NEAR(*of(c, r, "D02").composite, 85.5, 1e-9);
  EXPECT_EQ(*of(c, r, "D02").composite, *of(c, r, "D03").composite);
  EXPECT_NEAR(*of(c, r, "D04").composite, 39.0 / 0.7 - 5, 1e-9);
  EXPECT_NEAR(*of(c, r, "D05").composite, 60, 1e-9);
  EXPECT_NEAR(*of(c, r, "D06").composite, 84.125, 1e-9);

  // Standard competition ranking: 1, 2, 2, 4, 5, 6 overall; within category too.
  const std::pair<const char*, std::pair<int, int>> ranks[] = {
      {"D01", {1, 1}}, {"D02", {2, 2}}, {"D03", {2, 1}}, {"D06", {4, 2}}, {"D05", {5, 3}}, {"D04", {6, 3}}};
  for (const auto& [id, rank] : ranks) {
    EXPECT_EQ(of(c, r, id).rank_overall, rank.first) << id;
    EXPECT_EQ(of(c, r, id).rank_in_category, rank.second) << id;
  }
  EXPECT_EQ(of(c, r, "D02").grade, Grade::good);
  EXPECT_EQ(of(c, r, "D05").grade, Grade::poor);
}

TEST(DefaultRule, RoundsHalfAwayFromZeroAtXxx5) {
  const Cycle c = fixture_a();
  const Results r = score(c);
  EXPECT_EQ(format_figure(of(c, r, "D06").composite), "84.13");
  EXPECT_EQ(format_figure(of(c, r, "D04").composite), "50.71");
}

TEST(DefaultRule, MissingComponentRenormalisesWeightsAndFlags) {
  const Cycle c = fixture_a();
  const Results r = score(c);
  const auto& d04 = of(c, r, "D04");
  EXPECT_FALSE(d04.questionnaire_score);
  EXPECT_NEAR(d04.receipt.weights.at("ballot"), 0.5 / 0.7, 1e-12);
  EXPECT_NEAR(d04.receipt.weights.at("daily_work"), 0.2 / 0.7, 1e-12);
  EXPECT_EQ(d04.receipt.weights.at("questionnaire"), 0);
  EXPECT_TRUE(has_flag(d04, "missing_component"));
  EXPECT_FALSE(has_flag(of(c, r, "D01"), "missing_component"));
}

TEST(DefaultRule, DeductionsListTheirItemsAndStopAtTheCap) {
  const Cycle c = fixture_a();
  const Results r = score(c, history_a());
  const auto& d05 = of(c, r, "D05");
  EXPECT_DOUBLE_EQ(d05.deductions, 10);
  EXPECT_DOUBLE_EQ(d05.receipt.deductions_total, 10);
  EXPECT_DOUBLE_EQ(d05.receipt.deduction_cap, 10);
  ASSERT_EQ(d05.receipt.deductions.size(), 3U);
  EXPECT_EQ(d05.receipt.deductions[0].kind, "complaint");
  EXPECT_EQ(d05.receipt.deductions[0].items, (std::vector<std::string>{"C01", "C02", "C03", "C04"}));
  EXPECT_DOUBLE_EQ(d05.receipt.deductions[0].points, 8);
  EXPECT_EQ(d05.receipt.deductions[1].kind, "overdue");
  EXPECT_EQ(d05.receipt.deductions[1].items, (std::vector<std::string>{"Z01", "Z02"}));
  EXPECT_EQ(d05.receipt.deductions[2].kind, "relapse");
  EXPECT_EQ(d05.receipt.deductions[2].items, (std::vector<std::string>{"吃拿卡要"}));
  EXPECT_NEAR(*d05.receipt.composite_unclipped, 60, 1e-9);
  const auto& d04 = of(c, r, "D04");
  EXPECT_DOUBLE_EQ(d04.deductions, 5);  // below the cap: 2·2 + 1·1
  EXPECT_EQ(d04.receipt.deductions[0].items, (std::vector<std::string>{"C06", "C07"}));
}

TEST(DefaultRule, ReceiptsAreFilled) {
  const Cycle c = fixture_a();
  const Results r = score(c);
  const auto& d02 = of(c, r, "D02");
  ASSERT_EQ(d02.receipt.components.size(), 2U);
  const auto& b = d02.receipt.components[0];
  EXPECT_EQ(b.component, "ballot");
  EXPECT_EQ(b.counts[0], 6);
  EXPECT_EQ(b.counts[1], 4);
  EXPECT_EQ(b.valid, 10);
  EXPECT_DOUBLE_EQ(b.points[1], 70);
  EXPECT_DOUBLE_EQ(*b.score, 88);
  EXPECT_EQ(d02.receipt.components[1].component, "questionnaire");
  EXPECT_DOUBLE_EQ(*d02.receipt.daily_work, 80);
  EXPECT_NEAR(*d02.receipt.composite_unclipped, 85.5, 1e-9);
}

TEST(DefaultRule, ExemptDepartmentsAreListedNeverScoredOrRanked) {
  const Cycle c = fixture_a();
  const Results r = score(c);
  ASSERT_EQ(r.departments.size(), c.departments.size());
  const auto& d07 = of(c, r, "D07");
  EXPECT_FALSE(d07.composite);
  EXPECT_FALSE(d07.ballot_score);
  EXPECT_EQ(d07.rank_overall, 0);
  EXPECT_EQ(d07.rank_in_category, 0);
  EXPECT_EQ(d07.grade, Grade::none);
  EXPECT_TRUE(d07.flags.empty());
  EXPECT_EQ(d07.receipt.notes, (std::vector<std::string>{"免评：垂直管理"}));
  EXPECT_EQ(of(c, r, "D04").rank_in_category, 3);  // D07 shares the category and does not count
}

TEST(DefaultRule, FlagsOfFixtureA) {
  const Cycle c = fixture_a();
  const Results r = score(c, history_a());
  std::vector<std::string> got;
  for (const auto& f : r.flags) got.push_back(f.flag + ":" + f.subject_id);
  EXPECT_EQ(got, (std::vector<std::string>{"last_place:D04", "last_place:D05", "missing_component:D04",
                                           "overdue_rectification:D04", "overdue_rectification:D05",
                                           "relapse:D05", "self_overestimate:D03"}));
  EXPECT_EQ(of(c, r, "D05").flags,
            (std::vector<std::string>{"last_place", "overdue_rectification", "relapse"}));
}

TEST(DefaultRule, RelapseOnlyFromEarlierVerifiedItemsOfTheSameCategory) {
  const Cycle c = fixture_a();
  EXPECT_FALSE(has_flag(of(c, score(c), "D05"), "relapse"));  // no history, no relapse
  History h;
  h.verified_items = {past(2016, "D04", "态度生硬")};  // D04 has substantiated complaints of it
  const Results r = score(c, h);
  EXPECT_TRUE(has_flag(of(c, r, "D04"), "relapse"));
  EXPECT_DOUBLE_EQ(of(c, r, "D04").deductions, 7);
  h.verified_items = {past(2016, "D04", "吃拿卡要")};  // a category D04 has nothing of
  EXPECT_FALSE(has_flag(of(c, score(c, h), "D04"), "relapse"));
}

// ---- every flag at its threshold -------------------------------------------------

TEST(Flags, InsufficientBallotsBelowFiveValid) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "A")
                      .department("D2", "乙", "A")
                      .department("D3", "丙", "A")
                      .ballots("D1", 4, 0, 0)
                      .ballots("D2", 5, 0, 0)
                      .ballots("D3", 4, 0, 0, 3)  // unknown is no valid vote
                      .build();
  const Results r = score(c);
  EXPECT_EQ(subjects(r, "insufficient_ballots"), (std::vector<std::string>{"D1", "D3"}));
}

TEST(Flags, StraightLiningFromTenDepartmentsAllTheSame) {
  CycleBuilder b;
  b.representative("R10").representative("R09").representative("R-mixed").representative("R-unknowns");
  for (int d = 1; d <= 10; ++d) {
    const std::string id = "D" + std::to_string(d);
    b.department(id, id, "A").ballots(id, 5, 0, 0);
    b.ballot("R10", id, Rating::satisfied);
    b.ballot("R-mixed", id, d == 7 ? Rating::basic : Rating::satisfied);
    b.ballot("R-unknowns", id, Rating::dissatisfied);
    if (d < 10) b.ballot("R09", id, Rating::satisfied);
  }
  b.department("D11", "D11", "A").ballot("R-unknowns", "D11", Rating::unknown);
  const Cycle c = b.build();
  const Results r = score(c);
  EXPECT_EQ(subjects(r, "straight_lining"), (std::vector<std::string>{"R-unknowns", "R10"}));
  for (const auto& f : r.flags) {
    if (f.flag == "straight_lining") {
      EXPECT_EQ(f.subject_kind, SubjectKind::representative);
    }
  }
}

namespace {
// Six departments, B = Q except D6: B = 100, Q = 100 − gap.
Cycle divergence_cycle(int departments, int q_satisfied, int q_basic) {
  CycleBuilder b;
  for (int d = 1; d <= departments; ++d) {
    const std::string id = "D" + std::to_string(d);
    b.department(id, id, "A").ballots(id, 10, 0, 0);
    if (d < departments)
      b.answers(id, 10, 0, 0);
    else
      b.answers(id, q_satisfied, q_basic, 0);
  }
  return b.build();
}
}  // namespace

TEST(Flags, BallotPublicDivergenceNeedsZAboveTwoAndGapAboveTen) {
  // 6 departments, one outlier: z = √5 ≈ 2.24. Gap 12 (Q = 88) flags, gap 10 (Q = 90) does not.
  EXPECT_EQ(subjects(score(divergence_cycle(6, 6, 4)), "ballot_public_divergence"),
            (std::vector<std::string>{"D6"}));
  EXPECT_TRUE(subjects(score(divergence_cycle(6, 6, 3)), "ballot_public_divergence").empty());
  // 5 departments, one outlier: z = √4 = 2, not above 2, even with gap 30.
  EXPECT_TRUE(subjects(score(divergence_cycle(5, 0, 10)), "ballot_public_divergence").empty());
}

TEST(Flags, SelfOverestimateAboveTenPoints) {
  const Cycle c = fixture_a();
  const Results r = score(c);
  EXPECT_TRUE(has_flag(of(c, r, "D03"), "self_overestimate"));   // 96 − 85.5 = 10.5
  EXPECT_FALSE(has_flag(of(c, r, "D02"), "self_overestimate"));  // 95.5 − 85.5 = 10
}

TEST(Flags, OverdueRectificationOnlyBeforeAsOfAndNotClosed) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "A")
                      .department("D2", "乙", "A")
                      .ballots("D1", 5, 0, 0)
                      .ballots("D2", 5, 0, 0)
                      .rectification("Z1", "D1", "x", "2017-12-30", RectificationStatus::in_progress)
                      .rectification("Z2", "D2", "x", "2017-12-31", RectificationStatus::open)
                      .rectification("Z3", "D2", "x", "2017-01-31", RectificationStatus::verified)
                      .build();
  const Results r = score(c);
  EXPECT_EQ(subjects(r, "overdue_rectification"), (std::vector<std::string>{"D1"}));
  EXPECT_DOUBLE_EQ(of(c, r, "D1").deductions, 1);
  EXPECT_DOUBLE_EQ(of(c, r, "D2").deductions, 0);
}

TEST(Flags, LastPlaceOfEachCategoryIncludingTies) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "A")
                      .department("D2", "乙", "A")
                      .department("D3", "丙", "A")
                      .department("D4", "丁", "B")
                      .ballots("D1", 5, 0, 0)
                      .ballots("D2", 0, 5, 0)
                      .ballots("D3", 0, 5, 0)
                      .ballots("D4", 5, 0, 0)
                      .build();
  const Results r = score(c);
  EXPECT_EQ(subjects(r, "last_place"), (std::vector<std::string>{"D2", "D3", "D4"}));
  EXPECT_EQ(of(c, r, "D3").rank_in_category, 2);
}

TEST(Grades, ThresholdsOnThePrintedFigure) {
  const auto p = kit::Parameters::from(profile("default"));
  EXPECT_EQ(kit::grade_for(90, p), Grade::excellent);
  EXPECT_EQ(kit::grade_for(89.995, p), Grade::excellent);  // printed 90.00
  EXPECT_EQ(kit::grade_for(89.994, p), Grade::good);
  EXPECT_EQ(kit::grade_for(80, p), Grade::good);
  EXPECT_EQ(kit::grade_for(79.99, p), Grade::fair);
  EXPECT_EQ(kit::grade_for(70, p), Grade::fair);
  EXPECT_EQ(kit::grade_for(69.99, p), Grade::poor);
}

// ---- profiles change the numbers --------------------------------------------------

TEST(Profiles, FocusThemeDoublesComplaintsOfTheYearsCategory) {
  const Cycle c = fixture_a();  // D05: 2 substantiated 吃拿卡要 complaints, D04: 2 of 态度生硬
  const RegionProfile focus2017 = profile("focus-theme", Date{2017, 12, 31});
  const Results r = score_cycle(c, {}, focus2017, built_plugins());
  const auto& d05 = of(c, r, "D05");
  ASSERT_EQ(d05.receipt.deductions.size(), 4U);
  EXPECT_EQ(d05.receipt.deductions[1].kind, "complaint_focus");
  EXPECT_EQ(d05.receipt.deductions[1].items, (std::vector<std::string>{"C01", "C02"}));
  EXPECT_DOUBLE_EQ(d05.receipt.deductions[1].points_each, 4);
  EXPECT_DOUBLE_EQ(of(c, r, "D04").deductions, 5);  // 态度生硬 is 2018's theme
  Cycle c2018 = fixture_a();
  c2018.info.year = 2018;
  c2018.info.as_of = Date{2018, 12, 31};
  const Results r2018 = score_cycle(c2018, {}, profile("focus-theme", Date{2018, 12, 31}), built_plugins());
  EXPECT_DOUBLE_EQ(of(c2018, r2018, "D04").deductions, 9);  // 2 × 4 + 1 overdue
}

// K, commitments kept (承诺兑现, office-year.md 3): fulfilled ÷ due by as_of × 100.
namespace {
Cycle fixture_a_with_commitments() {
  Cycle c = fixture_a();
  auto commit = [&](const char* id, const char* dep, std::optional<Date> due, const char* status) {
    c.commitments.push_back(Commitment{id, dep, "办实事", Date{2017, 8, 10}, "县电视台", due, status});
  };
  commit("P1", "D01", Date{2017, 9, 30}, "fulfilled");
  commit("P2", "D01", Date{2017, 12, 31}, "已兑现");  // a stored Chinese status counts too
  commit("P3", "D01", Date{2017, 11, 30}, "in_progress");
  commit("P4", "D01", Date{2018, 3, 31}, "in_progress");  // due after as_of: not counted
  commit("P5", "D05", std::nullopt, "unfulfilled");       // no time limit: due Dec 31
  commit("P6", "D05", Date{2017, 10, 31}, "");            // no status: not fulfilled
  commit("P7", "D07", Date{2017, 10, 31}, "fulfilled");   // exempt: never scored
  return c;
}
}  // namespace

TEST(CommitmentsKept, KIsFulfilledOverDueAndMovesNothingUnweighted) {
  const Cycle c = fixture_a_with_commitments();
  const auto kept = kit::commitments_kept(c);
  const auto& k01 = kept[*c.department_index("D01")];
  EXPECT_EQ(k01.due, 3);
  EXPECT_EQ(k01.fulfilled, 2);
  EXPECT_EQ(k01.not_fulfilled, (std::vector<std::string>{"P3"}));
  EXPECT_NEAR(*k01.score, 200.0 / 3, 1e-12);
  EXPECT_EQ(*kept[*c.department_index("D05")].score, 0);
  EXPECT_FALSE(kept[*c.department_index("D02")].score);  // none due: no K

  // Under default (weights.K = 0) every figure is fixture A's, and the receipt does not list K.
  const Results plain = score(fixture_a(), history_a());
  const Results r = score(c, history_a());
  for (std::size_t i = 0; i < r.departments.size(); ++i) {
    EXPECT_EQ(r.departments[i].composite, plain.departments[i].composite);
    EXPECT_EQ(r.departments[i].flags, plain.departments[i].flags);
    EXPECT_FALSE(r.departments[i].receipt.weights.contains("commitment"));
    EXPECT_FALSE(r.departments[i].receipt.commitments);
  }
  EXPECT_NEAR(*of(c, r, "D01").commitment_score, 200.0 / 3, 1e-12);
  EXPECT_FALSE(of(c, r, "D07").commitment_score);
}

TEST(CommitmentsKept, WeightedKJoinsTheCompositeAndTheReceipt) {
  const Cycle c = fixture_a_with_commitments();
  RegionProfile p = profile("default");
  p.set("weights.K", 0.5);
  const Results r = score_cycle(c, history_a(), p, built_plugins());
  const auto& d01 = of(c, r, "D01");  // B 100, Q 94, W 90, K 66.67: weights .5 .3 .2 .5 over 1.5
  EXPECT_NEAR(*d01.composite, (0.5 * 100 + 0.3 * 94 + 0.2 * 90 + 0.5 * 200.0 / 3) / 1.5, 1e-9);
  EXPECT_NEAR(d01.receipt.weights.at("commitment"), 0.5 / 1.5, 1e-12);
  ASSERT_TRUE(d01.receipt.commitments);
  EXPECT_EQ(d01.receipt.commitments->due, 3);
  EXPECT_EQ(d01.receipt.commitments->not_fulfilled, (std::vector<std::string>{"P3"}));
  const auto& d02 = of(c, r, "D02");  // no commitment due: K renormalised away, and said so
  EXPECT_NEAR(*d02.composite, 85.5, 1e-9);
  EXPECT_TRUE(has_flag(d02, "missing_component"));
  EXPECT_EQ(d02.receipt.weights.at("commitment"), 0);
  EXPECT_LT(*of(c, r, "D05").composite, *of(c, score(c, history_a()), "D05").composite);  // K = 0 weighs
  p.set("weights.K", -1.0);
  EXPECT_THROW((void)score_cycle(c, history_a(), p, built_plugins()), UsageError);
}

TEST(CommitmentsKept, TheShortenedCycleScoresBallotsAndCommitments) {
  const RegionProfile p = profile("shortened-cycle");
  EXPECT_DOUBLE_EQ(p.number("weights.K"), 0.5);
  EXPECT_FALSE(p.flag_or("required.questionnaires", true));
  EXPECT_TRUE(profile("seed-county").flag_or("required.questionnaires", false));
  const Cycle c = fixture_a_with_commitments();
  const Results r = score_cycle(c, history_a(), p, built_plugins());
  const auto& d01 = of(c, r, "D01");  // 0.5·B + 0.5·K − D, Q and W unweighted
  EXPECT_NEAR(*d01.composite, 0.5 * 100 + 0.5 * 200.0 / 3, 1e-9);
  EXPECT_EQ(d01.receipt.weights.at("questionnaire"), 0);
  EXPECT_EQ(d01.receipt.weights.at("daily_work"), 0);
  // D04 has no questionnaire (unweighted here) and no commitment: B alone, 50 − 5.
  EXPECT_NEAR(*of(c, r, "D04").composite, 45, 1e-9);
}

TEST(RegionRule, LastPlaceBelow75IsGradedPoor) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "A")
                      .department("D2", "乙", "A")
                      .department("D3", "丙", "B")
                      .department("D4", "丁", "B")
                      .ballots("D1", 10, 0, 0)
                      .ballots("D2", 1, 9, 0)  // (100 + 630) / 10 = 73: fair, last in A
                      .ballots("D3", 10, 0, 0)
                      .ballots("D4", 8, 2, 0)  // 94: last in B but not below 75
                      .build();
  const Results plain = score(c);
  EXPECT_EQ(of(c, plain, "D2").grade, Grade::fair);
  const Results r = score(c, {}, "last-place-poor");
  EXPECT_EQ(of(c, r, "D2").grade, Grade::poor);
  EXPECT_EQ(of(c, r, "D4").grade, Grade::excellent);
  ASSERT_FALSE(of(c, r, "D2").receipt.notes.empty());
  EXPECT_NE(of(c, r, "D2").receipt.notes.back().find("末位较差"), std::string::npos);
}

// ---- the other rules ----------------------------------------------------------------

TEST(MajorityRule, VerdictsByMajorityWithQuorum) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "A")
                      .department("D2", "乙", "A")
                      .department("D3", "丙", "A")
                      .department("D4", "丁", "A")
                      .ballots("D1", 6, 0, 4)  // 6 > 10/2: satisfied
                      .ballots("D2", 5, 1, 4)  // 5 is not > 5; 6 is: basic
                      .ballots("D3", 2, 3, 5)  // 5 is not > 5: dissatisfied
                      .ballots("D4", 4, 0, 0)  // 4 valid < quorum 5: no verdict
                      .daily_work("D4", 80)
                      .build();
  const Results r = score(c, {}, "default", "majority");
  EXPECT_EQ(r.rule, "majority");
  EXPECT_DOUBLE_EQ(*of(c, r, "D1").ballot_score, 100);
  EXPECT_DOUBLE_EQ(*of(c, r, "D2").ballot_score, 70);
  EXPECT_DOUBLE_EQ(*of(c, r, "D3").ballot_score, 0);
  EXPECT_FALSE(of(c, r, "D4").ballot_score);
  EXPECT_DOUBLE_EQ(*of(c, r, "D4").composite, 80);
  EXPECT_TRUE(has_flag(of(c, r, "D4"), "missing_component"));
  EXPECT_NE(of(c, r, "D2").receipt.components[0].note.find("多数结论为“基本满意”"), std::string::npos);
}

TEST(WeightedStrataRule, WeighsBallotsBySectorPerCategory) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "执法监督类")
                      .department("D2", "乙", "经济管理类")
                      .ballots("D1", 1, 0, 0, 0, "人大代表")
                      .ballots("D1", 0, 0, 1, 0, "群众代表")
                      .ballots("D2", 1, 0, 0, 0, "人大代表")
                      .ballots("D2", 0, 0, 1, 0, "群众代表")
                      .build();
  RegionProfile p = profile("default");
  p.set("strata.*.人大代表", 3.0);
  p.set("strata.经济管理类.人大代表", 1.0);
  const Results r = score_cycle(c, {}, p, built_plugins(), "weighted-strata");
  EXPECT_DOUBLE_EQ(*of(c, r, "D1").ballot_score, 75);  // (3·100 + 1·0) / 4
  EXPECT_DOUBLE_EQ(*of(c, r, "D2").ballot_score, 50);  // (1·100 + 1·0) / 2
}

TEST(WeightedStrataRule, ABadParameterIsRefusedInChineseUnderItsCode) {
  const Cycle c = CycleBuilder()
                      .department("D1", "甲", "执法监督类")
                      .ballots("D1", 1, 0, 0, 0, "人大代表")
                      .ballots("D1", 0, 0, 1, 0, "群众代表")
                      .build();
  set_language(Language::zh);
  struct English {
    ~English() { set_language(Language::en); }
  } back_to_english;
  auto refusal = [&](const std::string& key, double weight) -> std::pair<std::string, std::string> {
    RegionProfile p = profile("default");
    p.set(key, weight);
    try {
      (void)score_cycle(c, {}, p, built_plugins(), "weighted-strata");
    } catch (const UsageError& e) {
      return {e.message_code(), e.what()};
    }
    return {"", "no error"};
  };
  // After the rule's name (named by the host) and a full-width colon, the plugin's words.
  const auto [shape_code, shape] = refusal("strata.人大代表", 2.0);
  EXPECT_EQ(shape_code, "LR-P134");
  EXPECT_TRUE(shape.ends_with("：地区方案“default”：参数“strata.人大代表”须写作 strata.序列.界别")) << shape;
  EXPECT_NE(shape.find("weighted-strata"), std::string::npos) << shape;
  const auto [weight_code, weight] = refusal("strata.*.人大代表", -1.0);
  EXPECT_EQ(weight_code, "LR-P135");
  EXPECT_TRUE(weight.ends_with("：地区方案“default”：参数“strata.*.人大代表”须为不小于 0 的权重")) << weight;
  set_language(Language::en);
  const auto [en_code, en] = refusal("strata.人大代表", 2.0);
  EXPECT_EQ(en_code, "LR-P134");
  EXPECT_EQ(en,
            "scoring rule 'weighted-strata': profile 'default': parameter 'strata.人大代表' must be "
            "strata.<category>.<sector>");
}

// ---- sanity properties ------------------------------------------------------------------

TEST(Properties, HoldForEveryBuiltInRule) {
  RegionProfile strata = profile("default");
  strata.set("strata.*.人大代表", 2.0);
  strata.set("strata.序列1.企业代表", 0.5);
  for (const char* rule : {"default", "majority", "weighted-strata"}) {
    EXPECT_NO_THROW(check_scoring_rule(rule, profile("default"), 11, 40, built_plugins())) << rule;
    EXPECT_NO_THROW(check_scoring_rule(rule, profile("focus-theme"), 12, 10, built_plugins())) << rule;
    EXPECT_NO_THROW(check_scoring_rule(rule, strata, 13, 10, built_plugins())) << rule;
  }
}

namespace {

/// Wraps the default rule and breaks its results in one way.
class BrokenRule final : public ScoringRule {
 public:
  enum class Way { inverted, ranks_all_one, jitter, constant };
  BrokenRule(std::shared_ptr<ScoringRule> inner, Way way) : inner_(std::move(inner)), way_(way) {}
  Results score(const ScoringInput& in) const override {
    Results r = inner_->score(in);
    for (auto& d : r.departments) {
      if (!d.composite) continue;
      switch (way_) {
        case Way::inverted:
          d.composite = 100 - *d.composite;
          break;
        case Way::ranks_all_one:
          break;
        case Way::jitter:
          d.composite = std::min(100.0, *d.composite + 1e-6 * static_cast<double>(calls_++ % 3));
          break;
        case Way::constant:
          d.composite = 50;
          break;
      }
    }
    kit::rank(in.cycle, r.departments);
    if (way_ == Way::ranks_all_one)
      for (auto& d : r.departments) d.rank_overall = d.composite ? 1 : 0;
    return r;
  }

 private:
  std::shared_ptr<ScoringRule> inner_;
  Way way_;
  mutable std::atomic<int> calls_{0};
};

std::string refusal(BrokenRule::Way way, const std::string& id) {
  PluginRegistry& reg = built_plugins();
  reg.add_scoring_rule(PluginInfo{PluginKind::scoring, id, "0", "broken on purpose", {}},
                       std::make_shared<BrokenRule>(reg.scoring_rule("default"), way));
  std::string message;
  try {
    (void)score_cycle(fixture_a(), {}, profile("default"), reg, id);
  } catch (const PluginError& e) {
    message = e.what();
  }
  reg.remove_scoring_rule(id);
  return message;
}

}  // namespace

TEST(Properties, BrokenInProcessRulesAreRefusedNamingTheProperty) {
  const std::string inverted = refusal(BrokenRule::Way::inverted, "test-inverted");
  EXPECT_NE(inverted.find("scoring rule 'test-inverted' breaks the property 'monotone'"), std::string::npos)
      << inverted;
  const std::string ranks = refusal(BrokenRule::Way::ranks_all_one, "test-ranks");
  EXPECT_NE(ranks.find("'test-ranks' breaks the property 'ranks_agree'"), std::string::npos) << ranks;
  const std::string jitter = refusal(BrokenRule::Way::jitter, "test-jitter");
  EXPECT_NE(jitter.find("'test-jitter' breaks the property 'deterministic'"), std::string::npos) << jitter;
  const std::string constant = refusal(BrokenRule::Way::constant, "test-constant");
  EXPECT_NE(constant.find("'test-constant' breaks the property 'all_dissatisfied_minimum'"),
            std::string::npos)
      << constant;
}

TEST(Properties, EachRegistryChecksItsOwnRules) {
  // The registry remembers which rules passed (check_rule_once): a registry made later, even at
  // the address of one that is gone, checks its own rule of the same id again.
  auto score_in_new_registry = [](BrokenRule::Way way) {
    auto registry = std::make_unique<PluginRegistry>(std::vector<std::filesystem::path>{kPluginDir});
    const auto good = registry->scoring_rule("default");
    std::shared_ptr<ScoringRule> rule = good;
    if (way != BrokenRule::Way::ranks_all_one) rule = std::make_shared<BrokenRule>(good, way);
    registry->add_scoring_rule(PluginInfo{PluginKind::scoring, "test-same-id", "0", "", {}}, rule);
    (void)score_cycle(fixture_a(), {}, profile("default"), *registry, "test-same-id");
  };
  // ranks_all_one stands for "the default rule itself" here: it passes.
  for (int round = 0; round < 3; ++round) {
    EXPECT_NO_THROW(score_in_new_registry(BrokenRule::Way::ranks_all_one));
    EXPECT_THROW(score_in_new_registry(BrokenRule::Way::inverted), PluginError);
  }
  // Within one registry a passed check is remembered, and forgotten with the rule.
  PluginRegistry& reg = built_plugins();
  int checks = 0;
  reg.check_rule_once("test-count", "default|2017-12-31", [&] { ++checks; });
  reg.check_rule_once("test-count", "default|2017-12-31", [&] { ++checks; });
  reg.check_rule_once("test-count", "seed-county|2017-12-31", [&] { ++checks; });
  EXPECT_EQ(checks, 2);
  reg.remove_scoring_rule("test-count");
  reg.check_rule_once("test-count", "default|2017-12-31", [&] { ++checks; });
  EXPECT_EQ(checks, 3);
  // A check that throws is not remembered.
  EXPECT_THROW(reg.check_rule_once("test-throws", "k", [] { throw PluginError("no"); }), PluginError);
  reg.check_rule_once("test-throws", "k", [&] { ++checks; });
  EXPECT_EQ(checks, 4);
}

TEST(Pipeline, ResultsAreCheckedAfterScoring) {
  const Cycle c = fixture_a();
  Results r = score(c);
  EXPECT_NO_THROW(check_results(c, r, profile("default"), "test"));
  r.departments[0].rank_overall = 3;
  EXPECT_THROW(check_results(c, r, profile("default"), "test"), PluginError);
  r = score(c);
  r.departments[6].composite = 50;  // D07 is exempt
  r.departments[6].grade = Grade::poor;
  EXPECT_THROW(check_results(c, r, profile("default"), "test"), PluginError);
}

TEST(Pipeline, RankCheckAgreesWithTheRankingOnTiesAndEveryWrongRank) {
  // check_results() verifies ranks from the order they claim; it must accept exactly kit::rank()'s.
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const Cycle c = review::testing::random_cycle(
        {.seed = seed, .departments = 4 + seed * 3, .categories = 1 + seed % 4});
    Results r = score(c);
    for (auto& d : r.departments)  // many ties, within and across categories
      if (d.composite && seed % 2 == 0) d.composite = std::round(*d.composite / 10) * 10;
    kit::rank(c, r.departments);
    ASSERT_NO_THROW(check_results(c, r, profile("default"), "test")) << seed;
    const int n = static_cast<int>(r.departments.size());
    for (std::size_t i = 0; i < r.departments.size(); ++i) {
      for (int field = 0; field < 2; ++field) {
        for (int value = 0; value <= n + 1; ++value) {
          Results wrong = r;
          int& rank = field == 0 ? wrong.departments[i].rank_overall : wrong.departments[i].rank_in_category;
          const bool same = rank == value;
          rank = value;
          if (same)
            EXPECT_NO_THROW(check_results(c, wrong, profile("default"), "test"));
          else
            EXPECT_THROW(check_results(c, wrong, profile("default"), "test"), PluginError)
                << seed << " " << i << " " << field << " " << value;
        }
      }
    }
  }
}

TEST(Pipeline, SameInputSameOutputAndRandomCyclesAreReproducible) {
  const Cycle a = review::testing::random_cycle({.seed = 5});
  const Cycle b = review::testing::random_cycle({.seed = 5});
  ASSERT_EQ(a.ballots.size(), b.ballots.size());
  EXPECT_TRUE(std::equal(a.ballots.rating.begin(), a.ballots.rating.end(), b.ballots.rating.begin()));
  const Results ra = score(a, review::testing::random_history(a, 5));
  const Results rb = score(b, review::testing::random_history(b, 5));
  for (std::size_t i = 0; i < ra.departments.size(); ++i) {
    EXPECT_EQ(ra.departments[i].composite, rb.departments[i].composite);
    EXPECT_EQ(ra.departments[i].flags, rb.departments[i].flags);
  }
}

// ---- the tally of a big cycle on two threads ------------------------------------

TEST(Tally, ABigCycleCountedOnTwoThreadsAsOnOne) {
  const ScoringThreads two(2);
  Cycle c = review::testing::random_cycle(
      {.seed = 11, .departments = 60, .exempt = 2, .representatives = 3000, .responses = 160'000});
  const std::size_t n = c.departments.size();
  ASSERT_GT(c.ballots.size() + c.questionnaires.size(), std::size_t{400'000});  // the two-thread path
  const auto p = kit::Parameters::from(profile("default"));
  const auto both = kit::mean_point_scores(c, p);
  const auto ballots = kit::tally(c.ballots, n, c.rater_count());
  const auto questionnaires = kit::tally(c.questionnaires, n, 0);
  EXPECT_EQ(both.ballots.by_department, ballots.by_department);
  EXPECT_EQ(both.ballots.by_rater, ballots.by_rater);
  EXPECT_EQ(both.questionnaires.by_department, questionnaires.by_department);
  EXPECT_EQ(both.questionnaires.by_rater.size(), 0U);

  // A bad row is named as one thread would: the ballots' first, then the questionnaires' first.
  auto refused_row = [&](const Cycle& cycle) {
    try {
      (void)kit::mean_point_scores(cycle, p);
    } catch (const InternalError& e) {
      return std::string(e.what());
    }
    return std::string("no refusal");
  };
  auto names = [&](const Cycle& cycle, std::size_t row) {
    const std::string what = refused_row(cycle);
    EXPECT_NE(what.find(fmt::format("row {}:", row)), std::string::npos) << what;
  };
  auto with = []<class T>(const Column<T>& column, std::size_t row, T value) {
    std::vector<T> v(column.span().begin(), column.span().end());
    v.at(row) = value;
    return Column<T>(std::move(v));
  };
  const std::size_t last = c.questionnaires.size() - 1;
  c.questionnaires.department = with(c.questionnaires.department, last, static_cast<std::uint32_t>(n));
  names(c, last + 1);
  c.questionnaires.department = with(c.questionnaires.department, 3, static_cast<std::uint32_t>(n + 7));
  names(c, 4);
  const std::size_t late = c.ballots.size() - 2;
  c.ballots.rating = with(c.ballots.rating, late, static_cast<Rating>(9));
  names(c, late + 1);
}

TEST(Tally, ABigCycleDeductionsGatheredBesideItsCommitments) {
  const ScoringThreads two(2);
  Cycle c = review::testing::random_cycle({.seed = 12, .departments = 60});
  const History h = review::testing::random_history(c, 12);
  ASSERT_FALSE(c.complaints.empty());
  ASSERT_FALSE(c.rectifications.empty());
  const char* statuses[] = {"fulfilled", "in_progress", "unfulfilled", ""};
  for (std::size_t d = 0; d < c.departments.size(); ++d)  // random cycles have none
    c.commitments.push_back(Commitment{fmt::format("P{}", d), c.departments[d].id, "办实事", Date{2017, 5, 1},
                                       "县电视台", Date{2017, static_cast<unsigned>(8 + d % 5), 10},
                                       statuses[d % 4]});
  // Copies under new ids until the cycle is big enough for the second thread.
  const auto complaints = c.complaints;
  const auto items = c.rectifications;
  const auto commitments = c.commitments;
  for (int copy = 1; c.complaints.size() + c.rectifications.size() + c.commitments.size() < 20'000; ++copy) {
    for (auto x : complaints) c.complaints.push_back((x.id += fmt::format("-{}", copy), x));
    for (auto x : items) c.rectifications.push_back((x.id += fmt::format("-{}", copy), x));
    for (auto x : commitments) c.commitments.push_back((x.id += fmt::format("-{}", copy), x));
  }
  const Results r = score(c, h);
  const auto p = kit::Parameters::from(profile("default"));
  const auto ded = kit::deductions(c, h, p);
  const auto kept = kit::commitments_kept(c);
  std::size_t listed = 0;
  for (std::size_t d = 0; d < c.departments.size(); ++d) {
    if (c.departments[d].status == DepartmentStatus::exempt) continue;
    const auto& got = r.departments[d];
    EXPECT_EQ(got.deductions, ded[d].total) << d;
    EXPECT_EQ(got.commitment_score, kept[d].score) << d;
    ASSERT_EQ(got.receipt.deductions.size(), ded[d].items.size()) << d;
    for (std::size_t i = 0; i < ded[d].items.size(); ++i) {
      EXPECT_EQ(got.receipt.deductions[i].kind, ded[d].items[i].kind);
      EXPECT_EQ(got.receipt.deductions[i].items, ded[d].items[i].items) << d << ' ' << i;
      listed += got.receipt.deductions[i].items.size();
    }
  }
  EXPECT_GT(listed, std::size_t{1000});

  // A complaint of an unknown department is refused from the second thread as from one.
  c.complaints.back().department_id = "不存在的部门";
  try {
    (void)score(c, h);
    ADD_FAILURE() << "no refusal";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("不存在的部门"), std::string::npos) << e.what();
  }
}

TEST(Tally, ABigCycleScoredOnTwoThreadsAsOnOne) {
  Cycle c = review::testing::random_cycle(
      {.seed = 13, .departments = 1'200, .exempt = 40, .representatives = 400, .responses = 30'000});
  const History h = review::testing::random_history(c, 13);
  const auto complaints = c.complaints;
  for (int copy = 1; c.complaints.size() + c.rectifications.size() + c.commitments.size() < 20'000; ++copy)
    for (auto x : complaints) c.complaints.push_back((x.id += fmt::format("-{}", copy), x));
  ASSERT_GE(c.ballots.size() + c.questionnaires.size(), std::size_t{400'000});

  Results one, two;
  {
    ScoringThreads t(1);
    one = score(c, h);
  }
  {
    ScoringThreads t(2);
    two = score(c, h);
  }
  ASSERT_EQ(one.departments.size(), two.departments.size());
  std::size_t flagged = 0;
  for (std::size_t d = 0; d < one.departments.size(); ++d) {
    const auto &a = one.departments[d], &b = two.departments[d];
    EXPECT_EQ(a.composite, b.composite) << d;
    EXPECT_EQ(a.ballot_score, b.ballot_score) << d;
    EXPECT_EQ(a.questionnaire_score, b.questionnaire_score) << d;
    EXPECT_EQ(a.deductions, b.deductions) << d;
    EXPECT_EQ(a.rank_overall, b.rank_overall) << d;
    EXPECT_EQ(a.rank_in_category, b.rank_in_category) << d;
    EXPECT_EQ(a.grade, b.grade) << d;
    EXPECT_EQ(a.flags, b.flags) << d;
    EXPECT_EQ(a.receipt.notes, b.receipt.notes) << d;
    ASSERT_EQ(a.receipt.deductions.size(), b.receipt.deductions.size()) << d;
    for (std::size_t i = 0; i < a.receipt.deductions.size(); ++i)
      EXPECT_EQ(a.receipt.deductions[i].items, b.receipt.deductions[i].items) << d;
    flagged += a.flags.empty() ? 0 : 1;
  }
  EXPECT_GT(flagged, std::size_t{100});
  ASSERT_EQ(one.flags.size(), two.flags.size());
  for (std::size_t i = 0; i < one.flags.size(); ++i) {
    EXPECT_EQ(one.flags[i].flag, two.flags[i].flag) << i;
    EXPECT_EQ(one.flags[i].subject_id, two.flags[i].subject_id) << i;
    EXPECT_EQ(one.flags[i].detail, two.flags[i].detail) << i;
  }
}
