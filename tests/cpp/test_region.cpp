// Region profiles: the shipped ones, inheritance, dated parameters, stages,
// resolution by path, and malformed files named by file, line, column and key.
#include <gtest/gtest.h>

#include <fstream>

#include "fixtures.hpp"
#include "libreview/error.hpp"
#include "libreview/messages.hpp"

namespace fs = std::filesystem;
using namespace review;
using namespace review::test;

namespace {

/// A folder of profiles written by the test, searched before plugins/regions.
class ProfileFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("libreview-region-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& id, const std::string& text) {
    std::ofstream(dir_ / (id + ".toml")) << text;
    return dir_ / (id + ".toml");
  }
  [[nodiscard]] ProfileLibrary library() const { return ProfileLibrary({dir_, kProfileDir}); }
  /// The one diagnostic of resolving `id`.
  Diagnostic refusal(const std::string& id) const {
    try {
      (void)library().resolve(id, Date{2017, 12, 31});
    } catch (const ValidationError& e) {
      EXPECT_EQ(e.diagnostics().size(), 1U);
      if (!e.diagnostics().empty()) return e.diagnostics().front();
    }
    ADD_FAILURE() << id << " was not refused";
    return {};
  }
  fs::path dir_;
};

}  // namespace

TEST(Profiles, DefaultHoldsEveryNumberOfTheSpec) {
  const RegionProfile p = profile("default");
  EXPECT_EQ(p.lineage, (std::vector<std::string>{"default"}));
  EXPECT_EQ(p.scoring_rule, "default");
  EXPECT_TRUE(p.region_rules.empty());
  const std::pair<const char*, double> numbers[] = {{"points.satisfied", 100},
                                                    {"points.basic", 70},
                                                    {"points.dissatisfied", 0},
                                                    {"weights.ballot", 0.5},
                                                    {"weights.questionnaire", 0.3},
                                                    {"weights.daily_work", 0.2},
                                                    {"deductions.complaint", 2},
                                                    {"deductions.overdue", 1},
                                                    {"deductions.relapse", 2},
                                                    {"deductions.cap", 10},
                                                    {"grades.excellent", 90},
                                                    {"grades.good", 80},
                                                    {"grades.fair", 70},
                                                    {"flags.insufficient_ballots.min", 5},
                                                    {"flags.straight_lining.min_departments", 10},
                                                    {"flags.divergence.z", 2.0},
                                                    {"flags.divergence.gap", 10},
                                                    {"flags.self_overestimate.gap", 10},
                                                    {"clip.min", 0},
                                                    {"clip.max", 100},
                                                    {"rounding.digits", 2}};
  for (const auto& [key, value] : numbers) EXPECT_DOUBLE_EQ(p.number(key), value) << key;
  EXPECT_EQ(p.text("focus.category"), "");
}

TEST(Profiles, ShippedProfilesAndTheirInheritance) {
  const auto list = ProfileLibrary({kProfileDir}).list();
  std::vector<std::string> got;
  for (const auto& p : list) got.push_back(p.id + "<" + p.inherits);
  EXPECT_EQ(got, (std::vector<std::string>{"default<", "focus-theme<seed-county", "last-place-poor<default",
                                           "seed-county<default", "shortened-cycle<default"}));
  const RegionProfile focus = profile("focus-theme");
  EXPECT_EQ(focus.lineage, (std::vector<std::string>{"focus-theme", "seed-county", "default"}));
  EXPECT_EQ(focus.name, "年度重点方案");
  EXPECT_DOUBLE_EQ(focus.number("weights.ballot"), 0.5);  // from default
  EXPECT_EQ(profile("last-place-poor").region_rules, (std::vector<std::string>{"last-place-poor"}));
}

TEST(Profiles, StagesAreMonthDaysForTheCyclesYear) {
  const RegionProfile seed = profile("seed-county", Date{2017, 12, 31});
  ASSERT_FALSE(seed.stages.empty());
  EXPECT_EQ(seed.stages[0].id, "commitment");
  EXPECT_EQ(seed.stages[0].name, "公开承诺");
  EXPECT_EQ(seed.stages[0].start, (Date{2017, 5, 15}));
  EXPECT_EQ(seed.stages[0].end, (Date{2017, 6, 1}));
  EXPECT_EQ(profile("focus-theme", Date{2019, 12, 31}).stages[0].start, (Date{2019, 5, 15}));  // inherited
  const RegionProfile shortened = profile("shortened-cycle");
  EXPECT_EQ(shortened.stages.front().start, (Date{2017, 8, 1}));
  EXPECT_EQ(shortened.stages.back().id, "evaluation");
  EXPECT_EQ(shortened.stages.back().end, (Date{2017, 12, 31}));
}

TEST(Profiles, DatedParametersResolveByAsOf) {
  EXPECT_EQ(profile("focus-theme", Date{2016, 12, 31}).text("focus.category"), "");
  EXPECT_DOUBLE_EQ(profile("focus-theme", Date{2016, 12, 31}).number("focus.complaint_factor"), 1);
  EXPECT_EQ(profile("focus-theme", Date{2017, 1, 1}).text("focus.category"), "吃拿卡要");
  EXPECT_DOUBLE_EQ(profile("focus-theme", Date{2017, 1, 1}).number("focus.complaint_factor"), 2);
  EXPECT_EQ(profile("focus-theme", Date{2017, 12, 31}).text("focus.category"), "吃拿卡要");
  EXPECT_EQ(profile("focus-theme", Date{2018, 6, 30}).text("focus.category"), "态度生硬");
}

TEST_F(ProfileFolder, ChildOverridesAndDatedValuesWithoutBaseKeepTheInherited) {
  write("county-a", R"(id = "county-a"
name = "甲县"
inherits = "seed-county"
scoring_rule = "majority"
[parameters]
grades.excellent = [{ from = 2018-01-01, value = 95 }]
weights.ballot = 0.6
strata."执法监督类"."人大代表" = 1.5
)");
  const RegionProfile p2017 = library().resolve("county-a", Date{2017, 12, 31});
  EXPECT_EQ(p2017.lineage, (std::vector<std::string>{"county-a", "seed-county", "default"}));
  EXPECT_EQ(p2017.scoring_rule, "majority");
  EXPECT_DOUBLE_EQ(p2017.number("grades.excellent"), 90);  // nothing in effect yet: inherited
  EXPECT_DOUBLE_EQ(p2017.number("weights.ballot"), 0.6);
  EXPECT_DOUBLE_EQ(p2017.number("strata.执法监督类.人大代表"), 1.5);
  EXPECT_EQ(p2017.stages[0].start, (Date{2017, 5, 15}));  // from seed-county
  EXPECT_DOUBLE_EQ(library().resolve("county-a", Date{2018, 1, 1}).number("grades.excellent"), 95);
  // By path, too.
  EXPECT_EQ(library().resolve((dir_ / "county-a.toml").string(), Date{2017, 12, 31}).id, "county-a");
}

TEST_F(ProfileFolder, SyntaxErrorNamesFileLineAndColumn) {
  const auto file = write("bad-syntax",
                          "id = \"bad-syntax\"\nname = \"坏\"\ninherits = \"default\"\n[parameters]\n"
                          "weights.ballot = = 0.5\n");
  const Diagnostic d = refusal(file.string());
  EXPECT_EQ(d.file, file.string());
  EXPECT_EQ(d.line, 5U);
  EXPECT_GT(d.column, 0U);
  EXPECT_NE(d.message.find("TOML syntax error"), std::string::npos);
}

TEST_F(ProfileFolder, WrongTypeNamesLineAndKey) {
  write("bad-type",
        "id = \"bad-type\"\nname = \"坏\"\ninherits = \"default\"\n\n[parameters]\n"
        "points.basic = 70\nweights.ballot = \"half\"\n");
  const Diagnostic d = refusal("bad-type");
  EXPECT_EQ(d.line, 7U);
  EXPECT_EQ(d.column, 18U);
  EXPECT_EQ(d.field, "weights.ballot");
  EXPECT_EQ(d.to_string(), (dir_ / "bad-type.toml").string() +
                               ":7:18: expected a number (as in default), found a string (weights.ballot)");
}

TEST_F(ProfileFolder, UnknownInheritsAndCyclesAreRefused) {
  write("orphan", "id = \"orphan\"\nname = \"孤\"\ninherits = \"nowhere\"\n");
  Diagnostic d = refusal("orphan");
  EXPECT_EQ(d.line, 3U);
  EXPECT_EQ(d.field, "inherits");
  EXPECT_NE(d.message.find("no region profile 'nowhere'"), std::string::npos);
  EXPECT_EQ(d.code, "LR-P105");

  write("ping", "id = \"ping\"\nname = \"甲\"\ninherits = \"pong\"\n");
  write("pong", "id = \"pong\"\nname = \"乙\"\n\ninherits = \"ping\"\n");
  d = refusal("ping");
  EXPECT_EQ(d.file, (dir_ / "pong.toml").string());
  EXPECT_EQ(d.line, 4U);
  EXPECT_NE(d.message.find("inheritance cycle: ping → pong → ping"), std::string::npos);
  EXPECT_EQ(d.code, "LR-P131");
  {  // the same in Chinese, and the kinds of value named in Chinese
    set_language(Language::zh);
    d = refusal("ping");
    EXPECT_NE(d.message.find("继承关系成环：ping → pong → ping"), std::string::npos) << d.message;
    write("typed",
          "id = \"typed\"\nname = \"型\"\ninherits = \"default\"\n[parameters]\nweights.ballot = \"half\"\n");
    const Diagnostic t = refusal("typed");
    set_language(Language::en);
    EXPECT_NE(t.message.find("应为数字（与 default 方案一致），实为文字"), std::string::npos) << t.message;
    EXPECT_EQ(t.code, "LR-P132");
  }
}

TEST_F(ProfileFolder, TyposAndBadValuesAreRefusedWithTheirKey) {
  write("typo", "id = \"typo\"\nname = \"错\"\ninherits = \"default\"\n[parameters]\nweights.balot = 0.6\n");
  Diagnostic d = refusal("typo");
  EXPECT_EQ(d.field, "weights.balot");
  EXPECT_EQ(d.line, 5U);
  write("bad-stage",
        "id = \"bad-stage\"\nname = \"错\"\ninherits = \"default\"\n[[stages]]\nid = \"x\"\n"
        "start = \"13-01\"\nend = \"12-31\"\n");
  d = refusal("bad-stage");
  EXPECT_EQ(d.field, "stages.start");
  EXPECT_EQ(d.line, 6U);
  write("bad-dated",
        "id = \"bad-dated\"\nname = \"错\"\ninherits = \"default\"\n[parameters]\n"
        "deductions.cap = [{ value = 10 }, { from = \"2018-01-01\", value = \"twelve\" }]\n");
  d = refusal("bad-dated");
  EXPECT_EQ(d.field, "deductions.cap");
  EXPECT_EQ(d.line, 5U);
  write("wrong-name", "id = \"other\"\nname = \"错\"\ninherits = \"default\"\n");
  EXPECT_EQ(refusal("wrong-name").field, "id");
  EXPECT_THROW((void)library().resolve("no-such-profile", Date{2017, 12, 31}), Error);
}
