// Core value types: dates, enum aliases, diagnostics, rounding, errors.
#include <gtest/gtest.h>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"
#include "libreview/scoring.hpp"

using namespace review;

TEST(Date, ParsesRealDaysOnly) {
  EXPECT_EQ(Date::parse("2017-05-15"), (Date{2017, 5, 15}));
  EXPECT_EQ(Date::parse("2016-02-29"), (Date{2016, 2, 29}));
  EXPECT_FALSE(Date::parse("2017-02-29"));
  EXPECT_FALSE(Date::parse("2017/05/15"));
  EXPECT_FALSE(Date::parse("2017-5-15"));
  EXPECT_FALSE(Date::parse("yesterday"));
  EXPECT_EQ(Date::parse("2017-05-15")->to_string(), "2017-05-15");
  EXPECT_EQ((Date{1970, 1, 2}).days(), 1);
  EXPECT_LT((Date{2017, 5, 15}), (Date{2017, 6, 1}));
}

TEST(Enums, EnglishAndChineseAliases) {
  EXPECT_EQ(parse_enum<Rating>("satisfied"), Rating::satisfied);
  EXPECT_EQ(parse_enum<Rating>("基本满意"), Rating::basic);
  EXPECT_EQ(parse_enum<Rating>(" 不了解 "), Rating::unknown);
  EXPECT_EQ(parse_enum<Rating>("Dissatisfied"), Rating::dissatisfied);
  EXPECT_FALSE(parse_enum<Rating>("很满意"));
  EXPECT_EQ(parse_enum<DepartmentStatus>("免评"), DepartmentStatus::exempt);
  EXPECT_EQ(parse_enum<ComplaintChannel>("市转办"), ComplaintChannel::city_referral);
  EXPECT_EQ(parse_enum<RectificationStatus>("已销号"), RectificationStatus::verified);
  EXPECT_EQ(label_zh(Rating::basic), "基本满意");
  EXPECT_EQ(to_string(RectificationStatus::in_progress), "in_progress");
  EXPECT_EQ(parse_bool("是"), true);
  EXPECT_EQ(parse_bool("no"), false);
  EXPECT_FALSE(parse_bool("maybe"));
}

TEST(Diagnostic, FormatsFileLineColumnMessageValue) {
  Diagnostic d{"ballots.csv", 12, 3, "rating", "很满意", "rating not in the list", "LR-D137"};
  EXPECT_EQ(d.to_string(), "ballots.csv:12:3: rating not in the list (很满意)");
  ValidationError e({d, d}, 7);
  EXPECT_EQ(e.total(), 7U);
  EXPECT_STREQ(e.what(), "ballots.csv:12:3: rating not in the list (很满意) (and 6 more problems)");
}

TEST(Rounding, HalfAwayFromZeroAtTwoDecimals) {
  EXPECT_DOUBLE_EQ(round_half_away(84.125), 84.13);
  EXPECT_DOUBLE_EQ(round_half_away(84.124999), 84.12);
  EXPECT_DOUBLE_EQ(round_half_away(1.005), 1.01);  // 1.005 is 1.00499999... in binary
  EXPECT_DOUBLE_EQ(round_half_away(-2.675), -2.68);
  EXPECT_DOUBLE_EQ(round_half_away(70.0), 70.0);
}

TEST(Log, LevelsParseAndCallbackReceivesMessages) {
  EXPECT_EQ(log::parse_level("debug"), log::Level::debug);
  EXPECT_THROW(log::parse_level("loud"), Error);
  std::vector<std::string> seen;
  log::set_callback([&](std::string_view logger, log::Level, std::string_view msg) {
    seen.push_back(std::string(logger) + "|" + std::string(msg));
  });
  const auto before = log::level();
  log::set_level(log::Level::info);
  log::write("test", log::Level::info, "hello 你好");
  log::write("test", log::Level::debug, "hidden");
  log::set_callback({});
  log::set_level(before);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0], "review.test|hello 你好");
}

TEST(Cycle, IndexesAndRowsFromColumns) {
  Cycle c;
  c.departments = {{"D01", "县公安局", "执法监督类", DepartmentStatus::participating, "", ""},
                   {"D02", "县税务局", "经济管理类", DepartmentStatus::exempt, "垂直管理", ""}};
  c.representatives = {{"R001", "人大代表", true}};
  c.ballots.department = Column<std::uint32_t>(std::vector<std::uint32_t>{0});
  c.ballots.rater = Column<std::uint32_t>(std::vector<std::uint32_t>{0});
  c.ballots.rating = Column<Rating>(std::vector<Rating>{Rating::basic});
  c.build_index();
  EXPECT_EQ(c.department_index("D02"), 1U);
  EXPECT_FALSE(c.department_index("D99"));
  EXPECT_EQ(c.representative_index("R001"), 0U);
  const Ballot b = c.ballot(0);
  EXPECT_EQ(b.representative_id, "R001");
  EXPECT_EQ(b.department_id, "D01");
  EXPECT_EQ(b.rating, Rating::basic);
  EXPECT_EQ(c.participating_count(), 1U);
}

TEST(CanonicalColumn, HeadersMatchAsTheImporterMatchesThem) {
  EXPECT_EQ(canonical_column("ballots", "department_id"), "department_id");
  EXPECT_EQ(canonical_column("ballots", "Department_ID"), "department_id") << "English in any case";
  EXPECT_EQ(canonical_column("ballots", "部门编号"), "department_id");
  EXPECT_EQ(canonical_column("ballots", "代表编号"), "representative_id");
  EXPECT_EQ(canonical_column("ballots", "评价"), "rating");
  EXPECT_EQ(canonical_column("questionnaires", "问卷编号"), "response_id");
  EXPECT_EQ(canonical_column("questionnaires", "对象类别"), "respondent_group");
  EXPECT_EQ(canonical_column("ballots", "department"), "")
      << "an index column of the Python package, not the spec's";
  EXPECT_EQ(canonical_column("ballots", "response_id"), "") << "a column of another table";
  EXPECT_EQ(canonical_column("no-such-table", "rating"), "");
}
