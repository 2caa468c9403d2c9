// Import of a cycle: the small fixture in every encoding and format, and one
// broken copy per hard error with the exact diagnostic it must give. The
// importer's lookup tables: test_ingest_tables.cpp.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <random>
#include <sstream>

#include "cycle_text.hpp"
#include "ingest/importer_internal.hpp"
#include "libreview/calendar.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"

using namespace review;
using review::test::cycle_text;
using review::test::fixture;
using review::test::Scratch;

using namespace review::test::breakage;

// ---- the valid small cycle ----------------------------------------------------------

TEST(ImportSmall, ReadsEveryTable) {
  const Cycle c = import_cycle(fixture("cycle-small"));
  EXPECT_EQ(c.info.year, 2017);
  EXPECT_EQ(c.info.region, "test-county");
  EXPECT_EQ(c.info.name, "测试县2017年度民主评议行风");
  EXPECT_EQ(c.info.as_of, (Date{2017, 12, 31}));
  ASSERT_EQ(c.info.stages.size(), 2U);
  EXPECT_EQ(c.info.stages[0].name, "公开承诺");
  EXPECT_EQ(c.info.stages[1].end, (Date{2017, 12, 20}));

  ASSERT_EQ(c.departments.size(), 5U);
  EXPECT_EQ(c.departments[3].name, "县住房和城乡建设局,县人防办");      // quoted comma
  EXPECT_EQ(c.departments[1].status, DepartmentStatus::participating);  // 参评
  EXPECT_EQ(c.departments[4].status, DepartmentStatus::exempt);
  EXPECT_EQ(c.departments[4].exempt_reason, "垂直管理单位,免于评议");
  EXPECT_EQ(c.participating_count(), 4U);

  ASSERT_EQ(c.representatives.size(), 8U);
  EXPECT_TRUE(c.representatives[1].trained);   // 是
  EXPECT_FALSE(c.representatives[5].trained);  // 否
  EXPECT_EQ(c.representative_index("R08"), 7U);

  EXPECT_EQ(c.ballots.size(), 32U);
  EXPECT_TRUE(c.ballots.group.empty());
  // Ballots are held by department, then representative, whatever the file's order.
  for (std::size_t i = 1; i < c.ballots.size(); ++i)
    EXPECT_LT(std::pair(c.ballots.department[i - 1], c.ballots.rater[i - 1]),
              std::pair(c.ballots.department[i], c.ballots.rater[i]));
  const Ballot first = c.ballot(0);
  EXPECT_EQ(first.department_id, "D01");
  EXPECT_EQ(first.representative_id, "R01");
  EXPECT_EQ(first.rating, Rating::satisfied);  // line 13: R01,D01,satisfied

  EXPECT_EQ(c.questionnaires.size(), 23U);
  EXPECT_EQ(c.responses.size(), 6U);
  EXPECT_EQ(c.respondent_groups, (std::vector<std::string>{"城镇居民", "农村居民", "企业"}));
  EXPECT_EQ(c.questionnaire_answer(4).rating, Rating::satisfied);  // 满意
  EXPECT_EQ(c.questionnaire_answer(4).respondent_group, "农村居民");
  EXPECT_EQ(c.questionnaires.group[4], 1U);

  EXPECT_EQ(c.daily_work, (std::vector<std::optional<double>>{88.5, 91, 76.25, 80, std::nullopt}));
  EXPECT_EQ(c.expected_scores, (std::vector<std::optional<double>>{92, 95, 85, 83.5, std::nullopt}));

  ASSERT_EQ(c.complaints.size(), 3U);
  EXPECT_EQ(c.complaints[1].channel, ComplaintChannel::city_referral);
  EXPECT_EQ(c.complaints[1].summary, "反映办证\"多头跑\",实为材料不全");  // doubled quotes
  EXPECT_EQ(c.complaints[2].summary, "反映税务人员\n收受礼品,已转纪检");  // embedded newline
  EXPECT_TRUE(c.complaints[2].substantiated);
  EXPECT_FALSE(c.complaints[2].closed_on);

  ASSERT_EQ(c.rectifications.size(), 3U);
  EXPECT_EQ(c.rectifications[2].source, RectificationSource::survey);
  EXPECT_EQ(c.rectifications[2].status, RectificationStatus::rectified);
  EXPECT_TRUE(c.rectifications[0].history.empty());  // history is the store's
  EXPECT_EQ(c.activities[1].kind, ActivityKind::visit);
  EXPECT_EQ(c.surveys[1].site_kind, SiteKind::school);
  EXPECT_EQ(c.surveys[1].department_id, "");
  EXPECT_EQ(c.hearings[0].rectification_id, "Z002");
  EXPECT_EQ(c.commitments[1].text, "门诊挂号等候不超过15分钟,节假日不休");

  EXPECT_EQ(c.source, fixture("cycle-small").string());
  EXPECT_EQ(c.content_hash.size(), 64U);
  EXPECT_EQ(c.content_hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

// A rating row's department is looked up through a small table of the departments found
// lately (ingest::RecentIds): with 400 departments of ids of 2 to 4 bytes, in random
// order, slots taken over by other ids, an unknown id named again, every ballot keeps its own.
TEST(ImportSmall, ManyDepartmentsEachBallotKeepsItsOwn) {
  Scratch s;
  std::mt19937 rng(400);
  std::vector<std::pair<std::string, std::string>> written;  // representative, department
  std::string departments = s.read("departments.csv"), ballots = s.read("ballots.csv");
  std::vector<std::string> ids;
  for (int k = 1; k <= 400; ++k) {
    ids.push_back(fmt::format("X{}", k));
    departments += fmt::format("{},部门{},窗口服务类,participating,,\n", ids.back(), k);
  }
  for (const char* rep : {"R01", "R02", "R03"}) {
    auto order = ids;
    std::shuffle(order.begin(), order.end(), rng);
    for (const auto& id : order) {
      ballots += fmt::format("{},{},basic\n", rep, id);
      written.emplace_back(rep, id);
    }
  }
  ballots += "R04,X0401,basic\nR04,X1,satisfied\nR05,X0401,basic\n";  // unknown twice, around a known one
  s.write("departments.csv", departments);
  s.write("ballots.csv", ballots);
  const auto problems = messages(validate_cycle(s.dir()));
  const auto unknown = std::count_if(problems.begin(), problems.end(), [](const std::string& m) {
    return m.find("ballots.csv:") != std::string::npos && m.find("X0401") != std::string::npos;
  });
  EXPECT_EQ(unknown, 2) << testing::PrintToString(problems);
  // Without the unknown rows the folder imports, each ballot with the department its row named.
  s.write("ballots.csv", ballots.substr(0, ballots.find("R04,X0401")));
  ImportOptions o;
  o.max_diagnostics = 1000;
  const auto report = validate_cycle(s.dir(), o);
  std::vector<std::pair<std::string, std::string>> read;
  if (report.ok()) {
    const Cycle c = import_cycle(s.dir());
    for (std::size_t i = 0; i < c.ballots.size(); ++i) {
      const Ballot b = c.ballot(i);
      if (b.department_id.starts_with('X')) read.emplace_back(b.representative_id, b.department_id);
    }
  }
  std::sort(written.begin(), written.end());
  std::sort(read.begin(), read.end());
  EXPECT_EQ(read, written) << testing::PrintToString(messages(report));
}

TEST(ImportSmall, ValidateReportsClean) {
  const auto report = validate_cycle(fixture("cycle-small"));
  EXPECT_TRUE(report.ok());
  EXPECT_TRUE(report.diagnostics.empty());
}

// ---- office-year.md 3: commitment statuses, questionnaires by profile, dates by stage ------

TEST(ImportSmall, CommitmentStatusesAreKeptAsTheirCodes) {
  Scratch s;
  s.replace("commitments.csv", ",fulfilled", ",已兑现");
  s.append("commitments.csv", "P003,D03,公开办事指南,2017-06-01,县电视台,2017-12-31, Unfulfilled ");
  s.append("commitments.csv", "P004,D03,延时服务,2017-06-01,县电视台,2017-12-31,");
  const Cycle c = import_cycle(s.dir());
  ASSERT_EQ(c.commitments.size(), 4U);
  EXPECT_EQ(c.commitments[0].status, "fulfilled");
  EXPECT_EQ(c.commitments[1].status, "in_progress");
  EXPECT_EQ(c.commitments[2].status, "unfulfilled");
  EXPECT_EQ(c.commitments[3].status, "");  // not given
  EXPECT_TRUE(c.commitments[0].fulfilled());
  EXPECT_EQ(c.commitments[2].kept_status(), CommitmentStatus::unfulfilled);
  EXPECT_FALSE(c.commitments[3].kept_status());
}

TEST(ImportSmall, QuestionnairesAreRequiredUnlessTheProfileSaysNot) {
  Scratch s;
  s.remove("questionnaires.csv");
  EXPECT_EQ(messages(validate_cycle(s.dir())),
            (std::vector<std::string>{"questionnaires.csv: missing required file"}));
  ImportOptions options;
  std::vector<std::string> asked;  // the profile is asked with the cycle's info from cycle.toml
  options.questionnaires_required = [&](const CycleInfo& info) {
    asked.push_back(fmt::format("{} {}", info.region, info.year));
    return false;
  };
  const Cycle c = import_cycle(s.dir(), options);
  EXPECT_EQ(c.questionnaires.size(), 0U);
  EXPECT_EQ(asked, (std::vector<std::string>{"test-county 2017"}));
  // Where the file is there, it is read whatever the profile says.
  EXPECT_GT(import_cycle(fixture("cycle-small"), options).questionnaires.size(), 0U);
}

TEST(ImportSmall, DatedFieldsKeepWhereEachDateWasRead) {
  Scratch s;
  s.replace("hearings.csv", "id,department_id,held_on", "held_on,id,department_id");
  s.replace("hearings.csv", "H001,D04,2017-08-08", "2017-08-08,H001,D04");
  s.replace("hearings.csv", "H002,D02,2017-08-08", "2017-08-09,H002,D02");
  DatedFields dated;
  ImportOptions options;
  options.dated_fields = &dated;
  const Cycle c = import_cycle(s.dir(), options);
  std::vector<std::string> got;
  for (const auto& f : dated.fields) {
    const auto& col = dated.columns.at(f.column);
    got.push_back(fmt::format("{}:{}:{} {} {} {}", col.file, f.line, f.position, col.field, col.stage,
                              f.date.to_string()));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "commitments.csv:2:4 published_on commitment 2017-06-01",
                     "commitments.csv:3:4 published_on commitment 2017-06-01",
                     "hearings.csv:2:1 held_on hearing 2017-08-08",
                     "hearings.csv:3:1 held_on hearing 2017-08-09",
                     "activities.csv:2:5 date outreach 2017-04-01",
                     "activities.csv:3:5 date outreach 2017-04-02",
                     "surveys.csv:2:5 visited_on survey 2017-04-10",
                     "surveys.csv:3:5 visited_on survey 2017-04-12",
                 }));
  // Without the option nothing is kept, and the cycle is the same.
  EXPECT_EQ(cycle_text(import_cycle(s.dir()), {.origin = false}), cycle_text(c, {.origin = false}));

  // The dates outside their stage, at the place each was read, in the language of messages.
  const std::vector<Stage> stages = {
      {"commitment", "公开承诺", Date{2017, 5, 15}, Date{2017, 5, 31}},
      {"hearing", "听证质询", Date{2017, 8, 9}, Date{2017, 10, 31}},
      {"survey", "社情民意大调查", Date{2017, 4, 1}, std::nullopt},  // no end: not checked
  };
  const Language before = language();
  set_language(Language::en);
  EXPECT_EQ(
      messages(ValidationReport{stage_warnings(dated, stages), 0}),
      (std::vector<std::string>{
          "commitments.csv:2:4: published_on is outside the stage commitment (公开承诺) (2017-05-15 to "
          "2017-05-31) (2017-06-01)",
          "commitments.csv:3:4: published_on is outside the stage commitment (公开承诺) (2017-05-15 to "
          "2017-05-31) (2017-06-01)",
          "hearings.csv:2:1: held_on is outside the stage hearing (听证质询) (2017-08-09 to 2017-10-31) "
          "(2017-08-08)",
      }));
  set_language(Language::zh);  // the column is named as the import named it: in Chinese by its Chinese name
  DatedFields dated_zh;
  options.dated_fields = &dated_zh;
  (void)import_cycle(s.dir(), options);
  const auto zh = stage_warnings(dated_zh, stages);
  ASSERT_EQ(zh.size(), 3U);
  EXPECT_EQ(
      zh[2].to_string(),
      "hearings.csv:2:1: 听证日期（held_on）不在“听证质询”阶段（2017-08-09至2017-10-31）之内 (2017-08-08)");
  EXPECT_EQ(zh[2].code, "LR-W101");
  EXPECT_EQ(zh[2].field, "held_on");
  set_language(before);
}

class ImportVariant : public testing::TestWithParam<const char*> {};

TEST_P(ImportVariant, GivesTheSameData) {
  const auto expected = cycle_text(import_cycle(fixture("cycle-small")), {.origin = false});
  const Cycle c = import_cycle(fixture(GetParam()));
  EXPECT_EQ(cycle_text(c, {.origin = false}), expected);
  EXPECT_EQ(c.content_hash.size(), 64U);
}

// GBK + Chinese headers + CRLF; UTF-8 BOM + mixed headers, reversed columns and an
// unknown column; the workbook (shared and inline strings, dates, numbers, booleans).
INSTANTIATE_TEST_SUITE_P(Encodings, ImportVariant,
                         testing::Values("cycle-small-gbk", "cycle-small-bom", "cycle-small.xlsx"));

TEST(ImportSmall, ContentHashFollowsTheBytes) {
  Scratch s;
  const auto before = import_cycle(s.dir()).content_hash;
  EXPECT_EQ(import_cycle(s.dir()).content_hash, before);
  EXPECT_EQ(import_cycle(fixture("cycle-small")).content_hash, before);
  s.replace("hearings.csv", "增设自助挂号机", "增设自助挂号机两台");
  EXPECT_NE(import_cycle(s.dir()).content_hash, before);
}

TEST(ImportSmall, RefusedImportThrowsWithEveryDiagnostic) {
  Scratch s;
  s.append("ballots.csv", "R01,D99,satisfied");
  s.append("ballots.csv", "R01,D01,很满意");
  try {
    (void)import_cycle(s.dir());
    FAIL() << "no ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.total(), 2U);
    EXPECT_EQ(e.diagnostics()[0].to_string(), "ballots.csv:34:2: unknown department id (D99)");
    EXPECT_EQ(e.diagnostics()[1].to_string(), "ballots.csv:35:3: rating not in the list (很满意)");
    EXPECT_EQ(e.diagnostics()[1].field, "rating");
    EXPECT_EQ(e.diagnostics()[1].value, "很满意");
  }
}

TEST(ImportSmall, DiagnosticsAreCappedThenCounted) {
  Scratch s;
  std::string rows;
  for (int i = 0; i < 150; ++i) rows += fmt::format("R{:03},D01,satisfied\n", 100 + i);
  s.write("ballots.csv", s.read("ballots.csv") + rows);
  const auto report = validate_cycle(s.dir());
  EXPECT_EQ(report.total, 150U);
  ASSERT_EQ(report.diagnostics.size(), 100U);
  EXPECT_EQ(report.diagnostics.back().to_string(), "ballots.csv:133:1: unknown representative id (R199)");
  try {
    (void)import_cycle(s.dir());
    FAIL() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.diagnostics().size(), 100U);
    EXPECT_EQ(e.total(), 150U);
    EXPECT_STREQ(e.what(), "ballots.csv:34:1: unknown representative id (R100) (and 149 more problems)");
  }
  ImportOptions few;
  few.max_diagnostics = 3;
  const auto capped = validate_cycle(s.dir(), few);
  EXPECT_EQ(capped.diagnostics.size(), 3U);
  EXPECT_EQ(capped.total, 150U);
}

TEST(ImportSmall, WorkbookCellsLocateDiagnostics) {
  const auto report = validate_cycle(fixture("cycle-bad.xlsx"));
  EXPECT_EQ(messages(report),
            (std::vector<std::string>{"cycle-bad.xlsx[ballots]:5:3: rating not in the list (很满意)",
                                      "cycle-bad.xlsx[questionnaires]: missing required sheet"}));
}

TEST(ImportSmall, MissingSourceIsAnError) {
  EXPECT_THROW((void)import_cycle(fixture("no-such-cycle")), Error);
  EXPECT_THROW((void)import_cycle(fixture("make_variants.py")), Error);  // a file that is no workbook
}

// ---- one broken copy per hard error ---------------------------------------------------------

class ImportBroken : public testing::TestWithParam<Broken> {};

TEST_P(ImportBroken, ReportsExactly) { expect_reports_exactly("cycle-small", GetParam()); }

const Broken kBroken[] = {
    // Spec section 2, hard errors.
    {"unknown_department",
     append("ballots.csv", "R01,D99,satisfied"),
     {"ballots.csv:34:2: unknown department id (D99)"}},
    {"unknown_department_rectification",
     append("rectifications.csv", "Z004,D77,hearing,,其他,,,open,"),
     {"rectifications.csv:5:2: unknown department id (D77)"}},
    {"unknown_representative",
     append("ballots.csv", "R99,D01,satisfied"),
     {"ballots.csv:34:1: unknown representative id (R99)"}},
    {"unknown_representative_survey",
     append("surveys.csv", "S003,R42,shop,超市,2017-04-13,D02,无"),
     {"surveys.csv:4:2: unknown representative id (R42)"}},
    {"exempt_ballot",
     append("ballots.csv", "R01,D05,satisfied"),
     {"ballots.csv:34:2: department is exempt (D05)"}},
    {"exempt_questionnaire",
     append("questionnaires.csv", "Q001,城镇居民,D05,满意"),
     {"questionnaires.csv:25:3: department is exempt (D05)"}},
    {"exempt_daily_work",
     append("daily_work.csv", "D05,90"),
     {"daily_work.csv:6:1: department is exempt (D05)"}},
    {"exempt_self_assessment",
     append("self_assessment.csv", "D05,90"),
     {"self_assessment.csv:6:1: department is exempt (D05)"}},
    {"rating_not_in_list",
     replace("ballots.csv", "R05,D03,satisfied", "R05,D03,很满意"),
     {"ballots.csv:2:3: rating not in the list (很满意)"}},
    {"rating_not_in_list_questionnaire",
     replace("questionnaires.csv", "Q001,城镇居民,D02,unknown", "Q001,城镇居民,D02,"),
     {"questionnaires.csv:3:4: rating not in the list ()"}},
    {"second_ballot",
     append("ballots.csv", "R05,D03,basic"),
     {"ballots.csv:34:2: second ballot from this representative for this department (D03)"}},
    {"score_above_100",
     replace("daily_work.csv", "D02,91", "D02,101"),
     {"daily_work.csv:3:2: score outside 0-100 (101)"}},
    {"expected_score_below_0",
     replace("self_assessment.csv", "D04,83.5", "D04,-5"),
     {"self_assessment.csv:5:2: score outside 0-100 (-5)"}},
    {"not_a_date",
     replace("complaints.csv", "2017-03-02", "2017-02-30"),
     {"complaints.csv:2:3: not a date (2017-02-30)"}},
    {"not_a_date_format",
     replace("activities.csv", "2017-04-02", "4/2/2017"),
     {"activities.csv:3:5: ambiguous date: write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (4/2/2017)"}},
    {"id_twice",
     append("complaints.csv", "C001,D02,2017-04-01,hotline,其他,false,,,"),
     {"complaints.csv:6:1: id used twice in this file (C001)"}},
    {"department_id_twice",
     append("departments.csv", "D01,重复的部门,执法监督类,participating,,"),
     {"departments.csv:7:1: id used twice in this file (D01)"}},
    {"second_answer",  // Q001 comes back after other responses: the duplicate check's fall-back
     append("questionnaires.csv", "Q001,城镇居民,D01,basic"),
     {"questionnaires.csv:25:3: second answer of this questionnaire response for this department (D01)"}},
    {"second_answer_in_its_run",  // among the rows of Q001: the per-department stamps
     replace("questionnaires.csv", "Q001,城镇居民,D03,basic", "Q001,城镇居民,D01,basic"),
     {"questionnaires.csv:4:3: second answer of this questionnaire response for this department (D01)"}},
    // Values that cannot be read.
    {"unreadable_number",
     replace("daily_work.csv", "D03,76.25", "D03,七十六"),
     {"daily_work.csv:4:2: unreadable number (七十六)"}},
    {"bad_boolean",
     replace("representatives.csv", "R04,政协委员,false", "R04,政协委员,maybe"),
     {"representatives.csv:5:3: not a boolean (maybe)"}},
    {"bad_enum",
     replace("departments.csv", "执法监督类,participating,,0371-6612315", "执法监督类,参加,,0371-6612315"),
     {"departments.csv:4:4: status not in the list (参加)"}},
    {"bad_channel",
     replace("complaints.csv", "市转办", "微信"),
     {"complaints.csv:3:4: channel not in the list (微信)"}},
    {"group_changed",
     append("questionnaires.csv", "Q001,企业,D04,basic"),
     {"questionnaires.csv:25:2: respondent group differs from an earlier row of this response (企业)"}},
    {"second_daily_work",
     append("daily_work.csv", "D01,70"),
     {"daily_work.csv:6:1: second row for this department (D01)"}},
    {"missing_value",
     append("representatives.csv", ",群众代表,true"),
     {"representatives.csv:10:1: missing value ()"}},
    // Files and columns.
    {"missing_file", remove_file("questionnaires.csv"), {"questionnaires.csv: missing required file"}},
    {"missing_departments", remove_file("departments.csv"), {"departments.csv: missing required file"}},
    {"missing_cycle_toml", remove_file("cycle.toml"), {"cycle.toml: missing required file"}},
    {"missing_column",
     replace("ballots.csv", "representative_id,department_id,rating", "代表编号,部门编号,评分"),
     {"ballots.csv:1: missing required column (rating)"}},
    {"column_twice",
     replace("ballots.csv", "representative_id,department_id,rating",
             "representative_id,部门编号,rating,部门编号"),
     {"ballots.csv:1:4: column given twice (部门编号)"}},
    {"extra_field",
     append("commitments.csv", "P003,D03,公开办事指南,2017-06-01,县电视台,2017-12-31,in_progress,多余"),
     {"commitments.csv:4:8: more fields than in the header (多余)"}},
    {"commitment_status",  // office-year.md 3: fulfilled/已兑现, in_progress/推进中, unfulfilled/未兑现
     append("commitments.csv", "P003,D03,公开办事指南,2017-06-01,县电视台,2017-12-31,open"),
     {"commitments.csv:4:7: status not in the list (open)"}},
    {"unterminated_quote",
     append("hearings.csv", "H003,D01,2017-08-09,\"为何"),
     {"hearings.csv:4:4: unterminated quoted field (为何)"}},
    {"text_after_quote",
     append("hearings.csv", "H003,D01,2017-08-09,\"为何\"迟到,答复,"),
     {"hearings.csv:4:4: text after a closing quote (迟到)"}},
    {"bad_encoding",
     write("activities.csv", "id,department_id\nA001,\xff\xff\n"),
     {"activities.csv:2: file is neither UTF-8 nor GB18030"}},
    {"nul_byte",  // a binary file, or Excel's "Unicode Text" (UTF-16): not text, whatever else it decodes as
     write("activities.csv", std::string("id,department_id\nA001,D01\nA002,D0") + '\0' + "2\n"),
     {"activities.csv:3: file is neither UTF-8 nor GB18030"}},
    {"utf16_excel_unicode_text",
     write("activities.csv", std::string("\xff\xfei\0d\0,\0d\0\n\0", 12)),
     {"activities.csv:1: file is neither UTF-8 nor GB18030"}},
    {"empty_file", write("surveys.csv", ""), {"surveys.csv:1: missing header row"}},
    // cycle.toml.
    {"year_missing",
     write("cycle.toml", "region = \"test-county\"\n"),
     {"cycle.toml: missing required key (year)"}},
    {"year_not_int",
     write("cycle.toml", "year = \"2017\"\n"),
     {"cycle.toml:1:8: year is not a whole number (2017)"}},
    {"as_of_not_date",
     write("cycle.toml", "year = 2017\nas_of = \"2017-13-01\"\n"),
     {"cycle.toml:2:9: not a date (2017-13-01)"}},
    {"stage_not_date",
     write("cycle.toml", "year = 2017\n[[stages]]\nid = \"hearing\"\nstart = \"soon\"\n"),
     {"cycle.toml:4:9: not a date (soon)"}},
};

INSTANTIATE_TEST_SUITE_P(HardErrors, ImportBroken, testing::ValuesIn(kBroken),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(ImportBroken, BadTomlNamesLineAndColumn) {
  Scratch s;
  s.write("cycle.toml", "year = 2017\nname = \n");
  const auto report = validate_cycle(s.dir());
  ASSERT_EQ(report.total, 1U);
  EXPECT_EQ(report.diagnostics[0].file, "cycle.toml");
  EXPECT_EQ(report.diagnostics[0].line, 2U);
  EXPECT_EQ(report.diagnostics[0].message, "not valid TOML");
}

TEST(ImportBroken, ProblemsInSeveralFilesComeInFileOrder) {
  Scratch s;
  s.append("surveys.csv", "S003,R42,shop,超市,2017-04-13,D02,无");
  s.append("ballots.csv", "R01,D05,satisfied");
  s.replace("departments.csv", "执法监督类,participating,,0371-6612315", "执法监督类,参加,,0371-6612315");
  EXPECT_EQ(messages(validate_cycle(s.dir())), (std::vector<std::string>{
                                                   "departments.csv:4:4: status not in the list (参加)",
                                                   "ballots.csv:34:2: department is exempt (D05)",
                                                   "surveys.csv:4:2: unknown representative id (R42)",
                                               }));
}

TEST(ImportBroken, CrlfAndQuotedNewlinesKeepLineNumbers) {
  Scratch s;
  auto text = s.read("complaints.csv");
  std::string crlf;
  for (char ch : text) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  s.write("complaints.csv", crlf +
                                "C004,D02,2017-08-01,visit,其他,否,2017-08-31,2017-09-31,\"两行\r\n摘要\"\r\n"
                                "C005,D03,2017-08-02,visit,其他,否,,,x\r\n");
  s.append("complaints.csv", "C006,D99,,,其他,否,,,");
  EXPECT_EQ(messages(validate_cycle(s.dir())), (std::vector<std::string>{
                                                   "complaints.csv:6:8: not a date (2017-09-31)",
                                                   "complaints.csv:9:2: unknown department id (D99)",
                                               }));
}

// Unquoted fields of every length up to past two words end at ',', '\n', '\r\n',
// a lone '\r' and the end of the file.
TEST(ImportBroken, UnquotedFieldsOfEveryLengthEndAtEveryStop) {
  Scratch s;
  auto text = s.read("ballots.csv");
  if (!text.ends_with('\n')) text += '\n';
  std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  std::vector<std::string> expected;
  const char* ends[] = {"\n", "\r\n", "\r"};
  for (std::size_t k = 1; k <= 19; ++k) {
    const std::string d = "D" + std::string(k, '9');
    text += "R01," + d + ",satisfied" + ends[k % 3];
    expected.push_back(fmt::format("ballots.csv:{}:2: unknown department id ({})", ++line, d));
  }
  text += "R01,D01,satisfie";  // the last field at the end of the file
  expected.push_back(fmt::format("ballots.csv:{}:3: rating not in the list (satisfie)", ++line));
  s.write("ballots.csv", text);
  EXPECT_EQ(messages(validate_cycle(s.dir())), expected);
}

TEST(ImportBroken, MissingRosterIsReportedOnce) {
  Scratch s;
  s.remove("representatives.csv");
  s.append("ballots.csv", "R99,D01,satisfied");  // not also an unknown representative
  EXPECT_EQ(messages(validate_cycle(s.dir())),
            (std::vector<std::string>{"representatives.csv: missing required file"}));
}

/// The content hash of a folder: for cycle.toml, then each table's file in the spec's order,
/// its name, NUL, its size in decimal, NUL, its bytes.
std::string reference_hash(const Scratch& s) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const char* name :
       {"cycle.toml", "departments.csv", "representatives.csv", "ballots.csv", "questionnaires.csv",
        "daily_work.csv", "self_assessment.csv", "complaints.csv", "rectifications.csv", "commitments.csv",
        "hearings.csv", "activities.csv", "surveys.csv"}) {
    if (!std::filesystem::exists(s.dir() / name)) continue;
    const std::string bytes = s.read(name);
    const std::string head = std::string(name) + '\0' + std::to_string(bytes.size()) + '\0';
    EVP_DigestUpdate(ctx, head.data(), head.size());
    EVP_DigestUpdate(ctx, bytes.data(), bytes.size());
  }
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

// A folder past the size read on a second thread (16 MiB: here a questionnaire
// file with a long unused column): the same diagnostics, in file order, and the
// hash of every file in the spec's order.
TEST(ImportSmall, LargeFolderIsReadAheadWithTheSameResults) {
  Scratch s;
  std::string answers = "response_id,respondent_group,department_id,rating,remark\n";
  const std::string remark(9000, 'x');  // 2,200 rows: 19.8 MB
  for (int q = 1000; q < 3200; ++q) answers += fmt::format("Q{},城镇居民,D01,basic,{}\n", q, remark);
  answers += "Q1000,城镇居民,D01,satisfied,\n";  // line 2202: a second answer
  s.write("questionnaires.csv", answers);
  s.append("ballots.csv", "R01,D05,satisfied");
  s.append("surveys.csv", "S003,R42,shop,超市,2017-04-13,D02,无");
  EXPECT_EQ(
      messages(validate_cycle(s.dir())),
      (std::vector<std::string>{
          "ballots.csv:34:2: department is exempt (D05)",
          "questionnaires.csv:2202:3: second answer of this questionnaire response for this department (D01)",
          "surveys.csv:4:2: unknown representative id (R42)",
      }));
  s.replace("questionnaires.csv", "Q1000,城镇居民,D01,satisfied,\n", "");
  s.replace("ballots.csv", "R01,D05,satisfied\n", "");
  s.replace("surveys.csv", "S003,R42,shop,超市,2017-04-13,D02,无\n", "");
  const Cycle c = import_cycle(s.dir());
  EXPECT_EQ(c.questionnaires.size(), 2200U);
  EXPECT_EQ(c.content_hash, reference_hash(s));
}

// The same past the size, with a file in each encoding and quotes to unescape: each file's
// SHA-256 runs on a thread of its own while the rows are checked, and takes the bytes as they
// were read (a BOM included, GB18030 before it is decoded, a `""` before it is unescaped).
TEST(ImportSmall, LargeFolderIsHashedAsReadWhileItsRowsAreChecked) {
  Scratch s;
  std::string answers = "response_id,respondent_group,department_id,rating,remark\n";
  const std::string remark(9000, 'x');
  for (int q = 1000; q < 1600; ++q) answers += fmt::format("Q{},城镇居民,D01,basic,{}\n", q, remark);
  s.write("questionnaires.csv", answers);
  s.write("ballots.csv", "\xEF\xBB\xBF" + s.read("ballots.csv"));  // UTF-8 with a BOM
  s.append("hearings.csv", "H003,D01,2017-08-09,\"为何说\"\"再等等\"\"?\",\"已答复\"\"一次办结\"\"\",");
  // activities.csv in GB18030 (as the GBK fixture has it), the file after it in UTF-8 again.
  std::filesystem::copy_file(fixture("cycle-small-gbk") / "activities.csv", s.dir() / "activities.csv",
                             std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(messages(validate_cycle(s.dir())), std::vector<std::string>{});
  for (int round = 0; round < 20; ++round) {  // the threads meet differently each time
    const Cycle c = import_cycle(s.dir());
    ASSERT_EQ(c.content_hash, reference_hash(s)) << "round " << round;
    ASSERT_EQ(c.hearings.back().question, "为何说\"再等等\"?");
    ASSERT_EQ(c.hearings.back().answer, "已答复\"一次办结\"");
    ASSERT_EQ(c.activities.front().target, "豫顺造纸厂");
    ASSERT_EQ(c.questionnaires.size(), 600U);
  }
}

// A file of a big folder that cannot be read stops the import with its error, wherever the
// threads that read, check and hash the files are: before it (ballots.csv a folder), the
// biggest file (over the limit given), or after it (surveys.csv a folder; complaints.csv and
// surveys.csv, read beside each other: the first in order is named).
TEST(ImportSmall, LargeFolderWithAFileThatCannotBeReadIsRefused) {
  for (const char* which : {"ballots.csv", "questionnaires.csv", "surveys.csv", "complaints.csv"}) {
    SCOPED_TRACE(which);
    Scratch s;
    std::string answers = "response_id,respondent_group,department_id,rating,remark\n";
    const std::string remark(9000, 'x');
    for (int q = 1000; q < 1600; ++q) answers += fmt::format("Q{},城镇居民,D01,basic,{}\n", q, remark);
    s.write("questionnaires.csv", answers);
    ImportOptions o;
    if (std::string_view(which) == "questionnaires.csv") {
      o.max_file_bytes = std::uint64_t{4} << 20;
    } else {
      s.remove(which);
      std::filesystem::create_directory(s.dir() / which);
    }
    if (std::string_view(which) == "complaints.csv") {  // and a later one: the first is named
      s.remove("surveys.csv");
      std::filesystem::create_directory(s.dir() / "surveys.csv");
    }
    for (int round = 0; round < 10; ++round) {
      try {
        (void)import_cycle(s.dir(), o);
        ADD_FAILURE() << "imported";
      } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(which), std::string::npos) << e.what();
      }
    }
  }
}

// More ballots than the fixture's, in a shuffled order: held by department, then
// representative (the counting sort of the import), each with its own rating.
TEST(ImportSmall, ManyBallotsAreOrderedByDepartmentThenRepresentative) {
  Scratch s;
  std::string deps = s.read("departments.csv"), reps = s.read("representatives.csv");
  std::vector<std::string> dep_ids{"D01", "D02", "D03", "D04"}, rep_ids;
  for (int i = 1; i <= 8; ++i) rep_ids.push_back(fmt::format("R{:02}", i));
  for (int d = 10; d < 90; ++d) {
    deps += fmt::format("D{},部门{},执法监督类,participating,,\n", d, d);
    dep_ids.push_back(fmt::format("D{}", d));
  }
  for (int r = 10; r < 70; ++r) {
    reps += fmt::format("R{},企业代表,true\n", r);
    rep_ids.push_back(fmt::format("R{}", r));
  }
  s.write("departments.csv", deps);
  s.write("representatives.csv", reps);
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t r = 0; r < rep_ids.size(); ++r)
    for (std::size_t d = 0; d < dep_ids.size(); ++d) pairs.emplace_back(r, d);
  std::mt19937 rng(2017);
  std::shuffle(pairs.begin(), pairs.end(), rng);
  const char* names[] = {"satisfied", "basic", "dissatisfied", "unknown"};
  std::string ballots = "representative_id,department_id,rating\n";
  for (auto [r, d] : pairs)
    ballots += fmt::format("{},{},{}\n", rep_ids[r], dep_ids[d], names[(r * 7 + d) % 4]);
  s.write("ballots.csv", ballots);
  const Cycle c = import_cycle(s.dir());
  ASSERT_EQ(c.ballots.size(), pairs.size());
  ASSERT_GT(c.ballots.size(), 4096U);  // past the std::sort of small imports
  for (std::size_t i = 1; i < c.ballots.size(); ++i)
    ASSERT_LT(std::pair(c.ballots.department[i - 1], c.ballots.rater[i - 1]),
              std::pair(c.ballots.department[i], c.ballots.rater[i]));
  for (std::size_t i = 0; i < c.ballots.size(); ++i) {
    const Ballot b = c.ballot(i);
    const auto r = static_cast<std::size_t>(std::find(rep_ids.begin(), rep_ids.end(), b.representative_id) -
                                            rep_ids.begin());
    const auto d = static_cast<std::size_t>(std::find(dep_ids.begin(), dep_ids.end(), b.department_id) -
                                            dep_ids.begin());
    ASSERT_EQ(to_string(b.rating), names[(r * 7 + d) % 4]) << b.representative_id << " " << b.department_id;
  }
}

// ---- big rating files read in pieces (ingest/rows.cpp, Importer::read_in_pieces) ---------------

namespace {

/// What a folder gives: every diagnostic with every field, the total, the cycle when it imports.
struct Reading {
  std::vector<std::string> diagnostics;
  std::size_t total = 0;
  std::string cycle;               ///< empty when refused
  std::size_t pieces = 0;          ///< tables read in pieces (by the validation and the import)
  std::size_t apart = 0;           ///< tables read beside each other (the same)
  std::vector<std::string> dated;  ///< the dates the stage calendar checks, with where each was read
};

Reading read_with(const std::filesystem::path& dir, ingest::ChunkedReading how, std::size_t cap) {
  const auto before = ingest::set_chunked_reading(how);
  const auto from = ingest::chunked_tables();
  const auto apart_from = ingest::tables_read_apart();
  ImportOptions o;
  o.max_diagnostics = cap;
  DatedFields dated;
  o.dated_fields = &dated;
  Reading out;
  const auto report = validate_cycle(dir, o);
  for (const auto& f : dated.fields) {
    const auto& c = dated.columns.at(f.column);
    out.dated.push_back(fmt::format("{}:{}:{}|{}|{}|{}|{}", c.file, f.line, f.position, c.field, c.header,
                                    c.stage, f.date.to_string()));
  }
  for (const auto& d : report.diagnostics)
    out.diagnostics.push_back(
        fmt::format("{}:{}:{}|{}|{}|{}|{}", d.file, d.line, d.column, d.field, d.value, d.message, d.code));
  out.total = report.total;
  if (report.ok()) out.cycle = cycle_text(import_cycle(dir, o));
  out.pieces = ingest::chunked_tables() - from;
  out.apart = ingest::tables_read_apart() - apart_from;
  ingest::set_chunked_reading(before);
  return out;
}

/// The folder read in 2, 3 and 8 pieces gives what one go gives; `tables` of its files are
/// read in pieces (the others fall back to one go).
void expect_same_in_pieces(const std::filesystem::path& dir, std::size_t tables, std::size_t cap = 1000000) {
  const auto one = read_with(dir, {~std::size_t{0}, 1}, cap);
  EXPECT_EQ(one.pieces, 0U);
  for (const unsigned parts : {2U, 3U, 8U}) {
    SCOPED_TRACE(fmt::format("{} pieces", parts));
    const auto many = read_with(dir, {0, parts}, cap);
    EXPECT_EQ(many.diagnostics, one.diagnostics);
    EXPECT_EQ(many.total, one.total);
    EXPECT_EQ(many.cycle, one.cycle);
    EXPECT_EQ(many.dated, one.dated);
    EXPECT_EQ(many.pieces, tables * (one.cycle.empty() ? 1 : 2));
  }
}

constexpr std::array<const char*, 4> kRatingNames{"满意", "basic", "dissatisfied", "不了解"};

/// The small cycle with departments D10..D89 and representatives R100..R499, each
/// representative rating every department (32,000 ballots), and 2,400 questionnaire
/// responses of 10 answers each; `row(i, line)` may change the i-th line of either file
/// (without its line end, which it may also change: `end`).
class BigFolder {
 public:
  using Tweak = std::function<void(int, std::string&, std::string&)>;
  explicit BigFolder(const Tweak& ballot = {}, const Tweak& answer = {}) {
    std::string deps = s_.read("departments.csv"), reps = s_.read("representatives.csv");
    for (int d = 10; d < 90; ++d) deps += fmt::format("D{},部门{},执法监督类,participating,,\n", d, d);
    for (int r = 100; r < 500; ++r) reps += fmt::format("R{},群众代表,true\n", r);
    s_.write("departments.csv", deps);
    s_.write("representatives.csv", reps);
    std::string ballots = "representative_id,department_id,rating,remark\n";
    int i = 0;
    for (int r = 100; r < 500; ++r)
      for (int d = 10; d < 90; ++d, ++i) {
        std::string line = fmt::format("R{},D{},{},", r, d, kRatingNames[(r + d) % 4]), end = "\n";
        if (ballot) ballot(i, line, end);
        ballots += line + end;
      }
    s_.write("ballots.csv", ballots);
    std::string answers = "response_id,respondent_group,department_id,rating,remark\n";
    i = 0;
    for (int q = 0; q < 2400; ++q)
      for (int k = 0; k < 10; ++k, ++i) {
        std::string line = fmt::format("Q{:05},{},D{},{},", q, q % 3 != 0 ? "城镇居民" : "农村居民",
                                       10 + (q + 7 * k) % 80, kRatingNames[(q + k) % 4]),
                    end = "\n";
        if (answer) answer(i, line, end);
        answers += line + end;
      }
    s_.write("questionnaires.csv", answers);
  }
  [[nodiscard]] const Scratch& scratch() const { return s_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return s_.dir(); }

 private:
  Scratch s_;
};

/// Every kind of problem a row of a rating file can have, every hundred rows or so,
/// so that some lie next to every cut: the problems come in the same order with the
/// same file:line:column whether the file is read in one go or in pieces.
void break_rows(int i, std::string& line, std::string& end) {
  auto replace = [&](const std::string& from, const std::string& to) {
    if (const auto at = line.find(from); at != std::string::npos) line.replace(at, from.size(), to);
  };
  if (i % 97 == 5) replace(",D", ",X");                  // unknown department
  if (i % 101 == 7) replace(",basic,", ",很满意,");      // a rating not in the list
  if (i % 103 == 9) line = line.substr(line.find(','));  // no rater
  if (i % 107 == 11) replace("城镇居民", "学生");        // a response changes its group
  if (i % 109 == 13) end += line + end;                  // a second rating of the pair
  // At most one field added (two quoted ones would make an escaped quote, and a file with one is
  // read in one go).
  if (i % 113 == 15)
    line += "x,surplus";  // more fields than the header
  else if (i % 127 == 17)
    line += "\"两行\n备注,\r\n第三行\"";  // a quoted field over three lines
  else if (i % 131 == 19)
    line += "\"abc\"def";  // text after a closing quote
  else if (i % 157 == 29)
    line += "a\"b";                    // a quote inside an unquoted field
  if (i % 137 == 21) end = "\r\n";     // CRLF
  if (i % 139 == 23) end += "\n\r\n";  // blank lines
  if (i % 149 == 25) end = "\r";       // a lone CR ends the record
  if (const auto at = line.find(",D"); i % 151 == 27 && at != std::string::npos)
    line.replace(at + 1, 3, "D05");      // an exempt department
  if (i % 163 == 31) line = " " + line;  // blanks around a field
}

}  // namespace

TEST(ImportInPieces, CleanFilesGiveTheSameCycle) {
  const BigFolder f;
  ASSERT_TRUE(validate_cycle(f.dir()).ok());
  expect_same_in_pieces(f.dir(), 2);
  // The ballots in no order (as votes are collected): a representative's ballots in every
  // piece, each pair in one.
  std::vector<std::string> lines;
  std::istringstream in(f.scratch().read("ballots.csv"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::shuffle(lines.begin() + 1, lines.end(), std::mt19937(17));
  std::string ballots;
  for (const auto& line : lines) ballots += line + "\n";
  f.scratch().write("ballots.csv", ballots);
  expect_same_in_pieces(f.dir(), 2);
}

TEST(ImportInPieces, ProblemsNearEveryCutComeInTheSameOrder) {
  const BigFolder f(break_rows, break_rows);
  expect_same_in_pieces(f.dir(), 2);
  expect_same_in_pieces(f.dir(), 2, 10);  // capped, then counted
}

TEST(ImportInPieces, QuotedLinesOverTheMiddleAreNotCut) {
  // A quoted field of 300,000 lines (600 kB) from a quarter of the file to past its
  // middle: the line ends in it are no record boundaries.
  std::string remark = "\"";
  for (int k = 0; k < 300000; ++k) remark += k % 1000 == 0 ? "x,\r\n" : "x\n";
  remark += "\"";
  const BigFolder f({}, [&](int i, std::string& l, std::string&) {
    if (i == 6000) l += remark;
  });
  ASSERT_TRUE(validate_cycle(f.dir()).ok());
  expect_same_in_pieces(f.dir(), 2);
}

TEST(ImportInPieces, EscapedQuotesOrRatersInTwoPiecesAreReadInOneGo) {
  {
    const BigFolder f({}, [](int i, std::string& l, std::string&) {
      if (i == 20000) l += "\"他说\"\"好\"\"\"";
    });
    ASSERT_TRUE(validate_cycle(f.dir()).ok());
    expect_same_in_pieces(f.dir(), 1);  // the ballots only
  }
  {
    // Response Q00000 again at the end, a representative again in the middle.
    const BigFolder f(
        [](int i, std::string& l, std::string&) {
          if (i == 20000) l = "R100,D11,basic,";
        },
        [](int i, std::string&, std::string& e) {
          if (i == 23999) e += "Q00000,农村居民,D11,basic,\n";
        });
    expect_same_in_pieces(f.dir(), 0);
  }
}

TEST(ImportInPieces, ResourceLimitsStopTheFileInAnyPiece) {
  const BigFolder f(
      [](int i, std::string& l, std::string&) {
        if (i == 19000) l += std::string(1025, ',');  // too many fields: past it nothing is read
      },
      [](int i, std::string& l, std::string&) {
        if (i == 9000) l += std::string(kMaxFieldBytes + 1, 'x');  // a field too long
      });
  expect_same_in_pieces(f.dir(), 2);
}

TEST(ImportInPieces, Gb18030AndABom) {
  // The questionnaires in GB18030 (group and rating names), the ballots in UTF-8 with a BOM, then
  // with an unterminated quote at the end.
  const BigFolder f({}, [](int, std::string& l, std::string&) {
    for (const auto& [utf8, gb] :
         {std::pair<std::string_view, std::string_view>{"城镇居民", "\xB3\xC7\xD5\xF2\xBE\xD3\xC3\xF1"},
          {"农村居民", "\xC5\xA9\xB4\xE5\xBE\xD3\xC3\xF1"},
          {"满意", "\xC2\xFA\xD2\xE2"},
          {"不了解", "\xB2\xBB\xC1\xCB\xBD\xE2"}})
      if (const auto at = l.find(utf8); at != std::string::npos) l.replace(at, utf8.size(), gb);
  });
  f.scratch().write("ballots.csv", "\xEF\xBB\xBF" + f.scratch().read("ballots.csv"));
  ASSERT_TRUE(validate_cycle(f.dir()).ok());
  expect_same_in_pieces(f.dir(), 2);
  f.scratch().append("ballots.csv", "R499,D11,basic,\"open\nend");
  expect_same_in_pieces(f.dir(), 2);
}

TEST(ImportInPieces, TrailingCommaAndHeaderErrors) {
  {  // a trailing comma at the very end, no line end
    const BigFolder f;
    f.scratch().write("questionnaires.csv",
                      f.scratch().read("questionnaires.csv") + "Q09999,学生,D11,basic,");
    expect_same_in_pieces(f.dir(), 2);
  }
  {  // a header without a required column: no row is read
    const BigFolder f;
    f.scratch().replace("questionnaires.csv", "department_id", "department");
    expect_same_in_pieces(f.dir(), 1);
  }
}

namespace {

/// Unicode's table of well-formed UTF-8 byte sequences (The Unicode Standard, table 3-7), byte by
/// byte: the reference the vectorised check is held to.
bool utf8_by_the_table(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = s + text.size();
  auto in = [](unsigned char b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  while (s < end) {
    const unsigned char c = *s;
    const auto left = end - s;
    std::ptrdiff_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c < 0x80) {
      n = 1;
    } else if (in(c, 0xC2, 0xDF)) {
      n = 2;
    } else if (in(c, 0xE0, 0xEF)) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (in(c, 0xF0, 0xF4)) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (left < n) return false;
    if (n > 1 && !in(s[1], lo, hi)) return false;
    for (std::ptrdiff_t k = 2; k < n; ++k)
      if (!in(s[k], 0x80, 0xBF)) return false;
    s += n;
  }
  return true;
}

}  // namespace

TEST(Utf8, EverySequenceOfUpToThreeBytesAsTheTableSays) {
  // Every 1-, 2- and 3-byte string, alone and at each offset of a 64-byte line of ASCII and
  // Chinese text (so the vector check sees it across its block boundaries).
  const std::string line = "C001-Q00001,农村群众,C001-D30,basic\nC001-Q00002,城镇居民,C001-D31,满意\n";
  std::size_t checked = 0;
  auto check = [&](const std::string& bytes) {
    ASSERT_EQ(ingest::is_valid_utf8(bytes), utf8_by_the_table(bytes)) << testing::PrintToString(bytes);
    ++checked;
  };
  for (unsigned a = 0; a < 256; ++a) {
    check(std::string(1, static_cast<char>(a)));
    for (unsigned b = 0; b < 256; ++b) {
      const std::string two{static_cast<char>(a), static_cast<char>(b)};
      check(two);
      if (a >= 0xC0 && a < 0xF8)
        for (const std::size_t at : {std::size_t{0}, std::size_t{15}, std::size_t{31}, std::size_t{63}})
          check(line.substr(0, std::min(at, line.size())) + two + line);
      if (a < 0xE0 || a > 0xF4) continue;  // a lead byte of three or four
      for (unsigned c = 0; c < 256; ++c) check(two + static_cast<char>(c));
    }
  }
  EXPECT_EQ(checked, 1'499'392U);  // 256 + 256² + 56·256·4 + 21·256²
}

TEST(Utf8, RandomTextAsTheTableSays) {
  // Chinese text with a few bytes changed at random: mostly broken a byte or two into the text.
  std::mt19937 rng(2017);
  const std::string text = "县公安局,城镇居民,满意,𠀀𝄞 bäsic\n响应速度快，服务态度好。\n";
  for (int trial = 0; trial < 200'000; ++trial) {
    std::string s;
    const auto copies = 1 + rng() % 8;
    for (unsigned k = 0; k < copies; ++k) s += text;
    for (unsigned k = rng() % 3; k > 0; --k) s[rng() % s.size()] = static_cast<char>(rng() & 0xFF);
    s.resize(rng() % (s.size() + 1));
    ASSERT_EQ(ingest::is_valid_utf8(s), utf8_by_the_table(s)) << testing::PrintToString(s);
  }
}

TEST(Utf8, ScannedPieceByPieceAsTheWholeFile) {
  // Random pieces of texts with a BOM or not, broken bytes, NUL bytes and quotes: what the
  // scan of the pieces says is what utf8_as_is() says of the whole, and the first quote.
  std::mt19937 rng(2018);
  const std::string text = "县公安局,\"城镇居民\",满意,𠀀𝄞 bäsic\n响应速度快，服务态度好。\n";
  const std::string unquoted = "县公安局,城镇居民,满意,𠀀𝄞 bäsic\n响应速度快，服务态度好。\n";
  for (int trial = 0; trial < 100'000; ++trial) {
    std::string s = rng() % 4 == 0 ? "\xEF\xBB\xBF" : "";
    for (unsigned k = 1 + rng() % 8; k > 0; --k) s += rng() % 3 == 0 ? text : unquoted;
    for (unsigned k = rng() % 3; k > 0; --k) s[rng() % s.size()] = static_cast<char>(rng() & 0xFF);
    if (rng() % 16 == 0) s[rng() % s.size()] = '\0';
    s.resize(rng() % (s.size() + 1));
    ingest::Utf8Scan scan;
    for (std::size_t from = 0; from < s.size();) {
      const std::size_t to = std::min(s.size(), from + 1 + rng() % 48);
      scan.add(s.data(), from, to);
      from = to;
    }
    ASSERT_EQ(scan.finish(s.data(), s.size()), ingest::utf8_as_is(s)) << testing::PrintToString(s);
    ASSERT_EQ(scan.first_quote(), std::min(s.find('"'), s.size())) << testing::PrintToString(s);
  }
}

// A big file is checked piece by piece as it is read (ingest::Utf8Scan), a small one once read:
// the same text gives the same problems at the same lines either way; and its first quote, known
// from the read, spares the cuts another look for quotes.
TEST(ImportSmall, BigFileCheckedAsReadAsASmallOne) {
  auto folder = [](const Scratch& s, std::size_t remark, const std::string& special, bool bom) {
    std::string answers =
        std::string(bom ? "\xEF\xBB\xBF" : "") + "response_id,respondent_group,department_id,rating,remark\n";
    const std::string chinese = "好评如潮，办事快。";  // 3-byte characters across the pieces' ends
    std::string text;
    while (text.size() < remark) text += chinese;
    for (int q = 1000; q < 1600; ++q) {
      const std::string field = text.substr(0, 3 * (remark / 3 - q % 7));
      const bool quoted = special.ends_with('"');  // the field quoted, the special closing it
      answers += fmt::format("Q{},城镇居民,D01,basic,{}\n", q,
                             q != 1550 ? field
                             : quoted  ? "\"" + field + special
                                       : field + special);
    }
    s.write("questionnaires.csv", answers);
  };
  const std::vector<std::pair<std::string, std::string>> specials = {
      {"clean", ""},
      {"a NUL byte", std::string("x\0y", 3)},
      {"a byte neither UTF-8 nor GB18030", "\xFF"},
      {"a quoted field", "引号\""},
      {"an escaped quote", "说\"\"好\"\"\""}};
  for (const auto& [what, special] : specials)
    for (const bool bom : {false, true}) {
      SCOPED_TRACE(what + (bom ? ", with a BOM" : ""));
      Scratch big, small;
      folder(big, 9000, special, bom);
      folder(small, 300, special, bom);
      ASSERT_GE(std::filesystem::file_size(big.dir() / "questionnaires.csv"), std::uintmax_t{4} << 20);
      ASSERT_LT(std::filesystem::file_size(small.dir() / "questionnaires.csv"), std::uintmax_t{4} << 20);
      const auto b = messages(validate_cycle(big.dir())), m = messages(validate_cycle(small.dir()));
      EXPECT_EQ(b, m);
      if (what == "clean" || what.find("quote") != std::string::npos) {
        EXPECT_EQ(b, std::vector<std::string>{});
        EXPECT_EQ(import_cycle(big.dir()).questionnaires.size(), 600U);
        expect_same_in_pieces(big.dir(), what == "an escaped quote" ? 1 : 2);  // ballots too
      } else {
        ASSERT_EQ(b.size(), 1U);
        if (what == "a NUL byte") {
          EXPECT_NE(b[0].find("questionnaires.csv:552"), std::string::npos) << b[0];
        }
      }
    }
}

// The tables after the ratings (complaints, rectifications, commitments, hearings, activities,
// surveys) are read beside each other in a big folder: the same rows, dates and problems in the
// same order as one table after another, whatever each file holds.
TEST(ImportInPieces, TablesAfterTheRatingsReadBesideEachOther) {
  auto expect_same = [](const std::filesystem::path& dir, bool ok) {
    const auto one = read_with(dir, {~std::size_t{0}, 1}, 1000000);
    EXPECT_EQ(one.apart, 0U);
    EXPECT_EQ(one.cycle.empty(), !ok);
    EXPECT_FALSE(one.dated.empty());
    for (const unsigned parts : {2U, 8U}) {
      SCOPED_TRACE(fmt::format("{} parts", parts));
      const auto many = read_with(dir, {0, parts}, 1000000);
      EXPECT_EQ(many.diagnostics, one.diagnostics);
      EXPECT_EQ(many.total, one.total);
      EXPECT_EQ(many.cycle, one.cycle);
      EXPECT_EQ(many.dated, one.dated);
      EXPECT_EQ(many.apart, 6U * (ok ? 2 : 1));  // by the validation, and the import when it imports
    }
    // A low cap keeps the first problems in the same order.
    if (!ok) {
      EXPECT_EQ(read_with(dir, {0, 2}, 5).diagnostics, read_with(dir, {~std::size_t{0}, 1}, 5).diagnostics);
    }
  };
  {  // clean: escaped quotes, a GB18030 file among UTF-8 ones, a table missing, one with a BOM
    Scratch s;
    std::filesystem::copy_file(fixture("cycle-small-gbk") / "activities.csv", s.dir() / "activities.csv",
                               std::filesystem::copy_options::overwrite_existing);
    s.remove("hearings.csv");
    s.write("surveys.csv", "\xEF\xBB\xBF" + s.read("surveys.csv"));
    expect_same(s.dir(), true);
  }
  {  // a problem or two in every one of them, and a file neither UTF-8 nor GB18030
    Scratch s;
    s.append("complaints.csv", "C003,D99,2017-13-01,hotline,态度,maybe,,,\"x\"y");
    s.append("complaints.csv", "C001,D01,2017-03-02,hotline,态度生硬,true,2017-03-17,,重复");
    s.append("rectifications.csv", "Z009,D01,meeting,C001,态度,描述,2017/02/30,open,");
    s.append("commitments.csv", "P009,D77,承诺,2017-06-01,县电视台,2017-12-31,open,多余");
    s.append("hearings.csv", "H009,,2017-08-09,\"为何\"\"再等\"\"\",答复,");
    s.write("activities.csv", "id,department_id\nA001,\xff\xff\n");
    s.append("surveys.csv", "S009,R99,shop,超市,7/8/2017,D02,无");
    expect_same(s.dir(), false);
    // With a big questionnaire file, loaded on a thread of its own while the rest is read.
    std::string answers = "response_id,respondent_group,department_id,rating,remark\n";
    const std::string remark(9000, 'x');
    for (int q = 1000; q < 1600; ++q) answers += fmt::format("Q{},城镇居民,D01,basic,{}\n", q, remark);
    s.write("questionnaires.csv", answers);
    expect_same(s.dir(), false);
  }
}

// A record without quotes within 64 bytes is read at once (its commas and line end found
// together): the same fields, lines and problems as field by field, on random text of commas,
// quotes, every line end, blanks, Chinese and long fields.
TEST(CsvReader, RecordsReadAtOnceAsFieldByField) {
  std::mt19937 rng(2017);
  const std::array<std::string_view, 12> pieces{",", ",",           "\"",   "\n",    "\r\n", "\r",
                                                " ", "C001-Q00001", "满意", "basic", "",     "D01"};
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const auto n = rng() % 120;
    for (unsigned k = 0; k < n; ++k) {
      text += pieces[rng() % pieces.size()];
      if (rng() % 40 == 0) text += std::string(rng() % 90, 'x');  // a field past the 64 bytes
    }
    auto read = [&](bool scan) {
      const bool before = ingest::set_csv_record_scan(scan);
      std::string bytes = text;
      ingest::Diagnostics d(100);
      ingest::CsvReader reader(bytes, "t.csv", d);
      std::vector<std::string> out;
      ingest::Record r;
      while (reader.next(r)) {
        std::string rec = fmt::format("@{}", r.line);
        for (std::size_t i = 0; i <= r.fields.size(); ++i)
          rec += fmt::format("|{}:{}", r.line_of(i), i < r.fields.size() ? r.fields[i] : "<end>");
        out.push_back(rec);
      }
      out.push_back(fmt::format("line {} stopped {}", reader.line(), reader.stopped()));
      for (const auto& p : d.take())
        out.push_back(fmt::format("{}:{}:{} {} {}", p.file, p.line, p.column, p.value, p.message));
      ingest::set_csv_record_scan(before);
      return out;
    };
    ASSERT_EQ(read(true), read(false)) << testing::PrintToString(text);
  }
}
