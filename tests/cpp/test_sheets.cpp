// Ballots keyed one paper sheet per row (测评表, 问卷表), Chinese file names,
// clerks' dates and ballot accounting (docs/data-format.md; office-year.md
// 1.1-1.3): the sheets read as the rows they stand for, and every hard error
// with the exact diagnostic it must give. Double entry (reconcile.hpp) at the end.
#include <gtest/gtest.h>

#include <functional>

#include "cycle_text.hpp"
#include "fixtures.hpp"
#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/reconcile.hpp"

using namespace review;
using review::test::cycle_text;
using review::test::fixture;
using review::test::Scratch;

using namespace review::test::breakage;

namespace {

/// The text of a cycle with anonymous sheet numbers written as the representatives' codes (01 -> R01).
std::string as_rows(const Cycle& c) {
  std::string t = cycle_text(c, {.origin = false});
  for (std::size_t at = 0; (at = t.find("ballot|", at)) != std::string::npos; at += 7) t.insert(at + 7, "R");
  return t;
}

}  // namespace

TEST(Sheets, ReadAsTheRowsTheyStandFor) {
  const Cycle rows = import_cycle(fixture("cycle-small"));
  const Cycle sheets = import_cycle(fixture("cycle-small-sheets"));
  EXPECT_EQ(as_rows(sheets), cycle_text(rows, {.origin = false}));
  ASSERT_EQ(sheets.ballot_sheets.size(), 8U);
  EXPECT_EQ(sheets.ballot_sheets[2].sheet_no, "03");
  EXPECT_EQ(sheets.ballot_sheets[2].sector, "政协委员");
  EXPECT_EQ(sheets.rater_count(), 16U);
  EXPECT_EQ(sheets.info.ballots_issued, 18U);
  EXPECT_EQ(sheets.info.questionnaires_issued, 46U);
}

TEST(Sheets, ScoreAsTheRowsAndFlagSheetsByNumber) {
  // R01 (sheet 01) rates every department satisfied; the fixture has 4: lower the bar to 3.
  Scratch r("cycle-small"), s("cycle-small-sheets");
  r.replace("ballots.csv", "R01,D03,dissatisfied", "R01,D03,satisfied");
  r.replace("ballots.csv", "R01,D04,basic", "R01,D04,satisfied");
  s.replace("测评表.csv", "01,人大代表,满意,满意,不满意,基本满意", "01,人大代表,满意,满意,满意,满意");
  const Cycle rows = import_cycle(r.dir());
  const Cycle sheets = import_cycle(s.dir());
  auto profile = review::test::profile("default");
  profile.set("flags.straight_lining.min_departments", 3.0);
  const Results a = score_cycle(rows, {}, profile, review::test::built_plugins());
  const Results b = score_cycle(sheets, {}, profile, review::test::built_plugins());
  ASSERT_EQ(a.departments.size(), b.departments.size());
  for (std::size_t i = 0; i < a.departments.size(); ++i) {
    EXPECT_EQ(a.departments[i].composite, b.departments[i].composite);
    EXPECT_EQ(a.departments[i].ballot_score, b.departments[i].ballot_score);
    EXPECT_EQ(a.departments[i].flags, b.departments[i].flags);
  }
  std::vector<std::string> fa, fb;
  for (const auto& f : a.flags)
    fa.push_back(fmt::format("{}|{}|{}|{}", f.flag, to_string(f.subject_kind), f.subject_id, f.detail));
  for (const auto& f : b.flags)
    fb.push_back(fmt::format("{}|{}|{}|{}", f.flag, to_string(f.subject_kind), f.subject_id, f.detail));
  EXPECT_NE(std::find(fa.begin(), fa.end(),
                      "straight_lining|representative|R01|4 departments rated, all satisfied"),
            fa.end())
      << fmt::format("{}", fmt::join(fa, "\n"));
  for (auto& f : fa)
    if (f.starts_with("straight_lining|representative|R"))
      f = "straight_lining|sheet|" + f.substr(std::string("straight_lining|representative|R").size());
  EXPECT_EQ(fa, fb);
}

TEST(Sheets, BallotAccountingCountsSheetsNotRows) {
  const Cycle c = import_cycle(fixture("cycle-small-sheets"));
  const auto b = c.ballot_accounting();
  EXPECT_EQ(b.issued, 18U);
  EXPECT_EQ(b.returned, 8U);
  EXPECT_EQ(b.valid, 8U);
  EXPECT_DOUBLE_EQ(*b.return_rate(), 8.0 / 18.0);
  const auto q = c.questionnaire_accounting();
  EXPECT_EQ(q.returned, 6U);
  EXPECT_EQ(q.issued, 46U);
  // A sheet of boxes all 不了解 is returned but not valid; a pre-numbered row left empty is not returned.
  Scratch s("cycle-small-sheets");
  s.append("测评表.csv", "09,群众代表,不了解,不了解,,");
  s.append("测评表.csv", "10,,,,,");
  const auto more = import_cycle(s.dir()).ballot_accounting();
  EXPECT_EQ(more.returned, 9U);
  EXPECT_EQ(more.valid, 8U);
  // The rows give the same figures (representatives who voted), without issued.
  const auto rows = import_cycle(fixture("cycle-small")).ballot_accounting();
  EXPECT_EQ(rows.returned, 8U);
  EXPECT_FALSE(rows.issued);
  EXPECT_FALSE(rows.return_rate());
}

TEST(Sheets, NamedSheetsAreTheRepresentativesBallots) {
  Scratch s("cycle-small-sheets");
  s.write("测评表.csv", "票号,代表编号,D01,县人民医院\n001,R01,1,满意\n002,,basic,\n003,R02,,\n");
  const Cycle c = import_cycle(s.dir());
  ASSERT_EQ(c.ballots.size(), 3U);
  ASSERT_EQ(c.ballot_sheets.size(), 1U);
  EXPECT_EQ(c.ballot(0).representative_id, "R01");
  EXPECT_EQ(c.ballot(1).representative_id, "002");
  EXPECT_EQ(c.ballot(2).representative_id, "R01");
  EXPECT_EQ(c.ballot(2).department_id, "D02");
  EXPECT_EQ(c.ballot_accounting().returned, 2U);  // sheet 003 is empty: not returned
}

TEST(Sheets, ClerksDateForms) {
  for (const auto* t :
       {"2017-07-08", "2017/7/8", "2017/07/08", "2017.7.8", "2017年7月8日", " 2017年07月08日 "})
    EXPECT_EQ(Date::parse_written(t), (Date{2017, 7, 8})) << t;
  for (const auto* t : {"7/8/2017", "8/7/2017", "17/7/8", "2017/7/8/", "2017/13/1", "2017年2月30日",
                        "2017-7-8x", "2017/7.8", "2017年7月8", ""})
    EXPECT_FALSE(Date::parse_written(t)) << t;
}

// ---- hard errors (office-year.md 1.1-1.3) ---------------------------------------------

class SheetsBroken : public testing::TestWithParam<Broken> {};

TEST(Sheets, RosterOnlyReadsTheCycleTheDepartmentsAndTheRepresentatives) {
  // What `libreview forms` reads before any ballot exists: a broken ballot cell or a missing
  // questionnaire is not its concern; a broken roster still is, at its cell.
  Scratch s("cycle-small-sheets");
  s.replace("测评表.csv", "01,人大代表,满意", "01,人大代表,5");
  std::filesystem::remove(s.dir() / "问卷表.csv");
  ImportOptions roster;
  roster.roster_only = true;
  EXPECT_FALSE(validate_cycle(s.dir()).ok());
  const Cycle c = import_cycle(s.dir(), roster);
  EXPECT_EQ(c.departments.size(), import_cycle(fixture("cycle-small-sheets")).departments.size());
  EXPECT_EQ(c.representatives.size(), 8U);
  EXPECT_EQ(c.ballots.size(), 0U);
  EXPECT_EQ(c.info.ballots_issued, 18U);
  std::filesystem::remove(s.dir() / "评议代表.csv");  // a roster without representatives is fine too
  EXPECT_TRUE(validate_cycle(s.dir(), roster).ok());
  s.replace("部门.csv", "D01,", "D01,\n");
  std::filesystem::remove(s.dir() / "部门.csv");
  const auto report = validate_cycle(s.dir(), roster);
  ASSERT_EQ(report.total, 1U);
  EXPECT_EQ(report.diagnostics.front().file, "departments.csv");
}

TEST_P(SheetsBroken, ReportsExactly) { expect_reports_exactly("cycle-small-sheets", GetParam()); }

const std::string kRatingWords =
    "not a rating (satisfied/满意 or 1, basic/基本满意 or 2, dissatisfied/不满意 or 3, unknown/不了解 or 4)";

const Broken kBroken[] = {
    {"rows_and_sheets",
     [](const Scratch& s) {
       s.write("ballots.csv", "representative_id,department_id,rating\nR01,D01,满意\n");
     },
     {"ballots.csv: ratings given both as rows and as sheets (测评表.csv)"}},
    {"questionnaire_rows_and_sheets",
     write("questionnaires.csv", "response_id,department_id,rating\nQ001,D01,满意\n"),
     {"questionnaires.csv: ratings given both as rows and as sheets (问卷表.csv)"}},
    {"two_files_for_one_table",
     copy("部门.csv", "departments.csv"),
     {"departments.csv: two files for one table (部门.csv)"}},
    {"two_files_for_an_optional_table",
     copy("投诉.csv", "complaints.csv"),
     {"complaints.csv: two files for one table (投诉.csv)"}},
    {"unknown_department_column",
     replace("测评表.csv", "票号,界别,县公安局", "票号,界别,县公安厅"),
     {"测评表.csv:1:3: column names no department (neither an id nor a name) (县公安厅)"}},
    {"exempt_department_column",
     replace("测评表.csv", "县人防办\"\n", "县人防办\",县税务局\n"),
     {"测评表.csv:1:7: column names an exempt department (县税务局)"}},
    {"department_twice_by_id_and_name",
     replace("测评表.csv", "县人防办\"\n", "县人防办\",D01\n"),
     {"测评表.csv:1:7: department given twice in the header (D01)"}},
    {"questionnaire_unknown_department_column",
     replace("问卷表.csv", "D04\n", "D09\n"),
     {"问卷表.csv:1:6: column names no department (neither an id nor a name) (D09)"}},
    {"sheet_number_twice",
     append("测评表.csv", "03,群众代表,满意,,,"),
     {"测评表.csv:10:1: sheet number used twice in this file (03)"}},
    {"response_number_twice",
     append("问卷表.csv", "Q003,企业,1,,,"),
     {"问卷表.csv:8:1: sheet number used twice in this file (Q003)"}},
    {"cell_not_a_rating",
     replace("测评表.csv", "01,人大代表,满意", "01,人大代表,5"),
     {"测评表.csv:2:3: " + kRatingWords + " (5)"}},
    {"questionnaire_cell_not_a_rating",
     replace("问卷表.csv", "Q001,城镇居民,1", "Q001,城镇居民,0"),
     {"问卷表.csv:2:3: " + kRatingWords + " (0)"}},
    {"sheet_no_missing", append("测评表.csv", ",群众代表,满意,,,"), {"测评表.csv:10:1: missing value ()"}},
    {"representative_not_on_the_roll",
     write("测评表.csv", "票号,代表编号,D01\n01,R01,满意\n02,R99,满意\n"),
     {"测评表.csv:3:2: unknown representative id (R99)"}},
    {"named_sheets_second_ballot",
     write("测评表.csv", "票号,代表编号,D01\n01,R01,满意\n02,R01,2\n"),
     {"测评表.csv:3:3: second ballot from this representative for this department (2)"}},
    {"returned_above_issued",
     replace("cycle.toml", "issued = 18", "issued = 7"),
     {"cycle.toml:20:10: more returned than issued (8)"}},
    {"questionnaires_returned_above_issued",
     replace("cycle.toml", "issued = 46", "issued = 5"),
     {"cycle.toml:23:10: more returned than issued (6)"}},
    {"issued_not_a_number",
     replace("cycle.toml", "issued = 18", "issued = \"many\""),
     {"cycle.toml:20:10: issued is not a whole number (many)"}},
    {"ambiguous_date",
     replace("投诉.csv", "2017/3/2", "3/2/2017"),
     {"投诉.csv:2:3: ambiguous date: write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (3/2/2017)"}},
    {"ambiguous_date_as_of",
     replace("cycle.toml", "as_of = \"2017-12-31\"", "as_of = \"12/31/2017\""),
     {"cycle.toml:5:9: ambiguous date: write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (12/31/2017)"}},
    {"not_a_date_in_chinese_form",
     replace("整改.csv", "2017年", "2017 年"),
     {"整改.csv:2:7: not a date (2017 年4月30日)"}},
};

INSTANTIATE_TEST_SUITE_P(All, SheetsBroken, testing::ValuesIn(kBroken),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- double entry ----------------------------------------------------------------------

TEST(Reconcile, SameDataKeyedDifferentlyHasNoDifference) {
  Scratch b("cycle-small-sheets");
  b.replace("测评表.csv", "01,人大代表,满意", "01,人大代表,1");
  b.replace("投诉.csv", "2017/3/2", "2017年3月2日");
  EXPECT_TRUE(reconcile(fixture("cycle-small-sheets"), b.dir()).empty());
}

TEST(Reconcile, ListsEveryPlantedDifference) {
  Scratch b("cycle-small-sheets");
  b.replace("测评表.csv", "02,人大代表,满意,不满意", "02,人大代表,满意,基本满意");  // a rating
  b.replace("测评表.csv", "08,群众代表,基本满意,不了解,满意,满意\n", "");           // a sheet missing
  b.replace("问卷表.csv", "Q001,城镇居民,1,4,2,", "Q001,城镇居民,1,4,2,1");         // a box filled
  b.replace("投诉.csv", "2017/3/17", "2017/3/18");                                  // a date
  b.replace("评议代表.csv", "R08,群众代表", "R08,企业代表");                        // a sector
  std::vector<std::string> got;
  for (const auto& d : reconcile(fixture("cycle-small-sheets"), b.dir())) got.push_back(to_string(d));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "ballot_sheets:02:D02: dissatisfied ≠ basic",
                     "ballot_sheets:08: only in A",
                     "complaints:C001:due_on: 2017-03-17 ≠ 2017-03-18",
                     "questionnaires:Q001/D04: only in B",
                     "representatives:R08:sector: 群众代表 ≠ 企业代表",
                 }));
}
