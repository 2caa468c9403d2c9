// The plugin host: discovery, refusal of broken plugins with the reason, the
// boundary that translates exceptions, and objects that keep their module loaded.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libreview/error.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

const fs::path kTestPlugins = LIBREVIEW_TEST_PLUGIN_DIR;

std::string reason_for(const PluginRegistry& reg, const std::string& file_name) {
  for (const auto& r : reg.refused())
    if (r.file.filename() == file_name) return r.reason;
  return "(not refused)";
}

Cycle one_department_cycle(const std::string& name = "test") {
  Cycle c;
  c.info.year = 2017;
  c.info.name = name;
  c.departments.push_back({"D01", "县公安局", "执法监督类", DepartmentStatus::participating, "", ""});
  c.build_index();
  return c;
}

}  // namespace

TEST(PluginRegistry, GoodPluginIsListedWithItsDescriptor) {
  PluginRegistry reg({kTestPlugins});
  const auto list = reg.list();
  auto it = std::find_if(list.begin(), list.end(), [](const PluginInfo& p) { return p.id == "test-good"; });
  ASSERT_NE(it, list.end());
  EXPECT_EQ(it->kind, PluginKind::scoring);
  EXPECT_EQ(it->version, "0.1.0");
  EXPECT_EQ(it->summary, "a constant score, for tests");
  EXPECT_EQ(it->file, kTestPlugins / "review_scoring_test_good.so");
}

TEST(PluginRegistry, WrongAbiIsRefusedBeforeAnyOfItsCodeRuns) {
  unsetenv("LIBREVIEW_TEST_WRONG_ABI_LOADED");
  PluginRegistry reg({kTestPlugins});
  EXPECT_EQ(reason_for(reg, "review_scoring_test_wrong_abi.so"),
            "built for plugin ABI 999, this libreview needs ABI " + std::to_string(LIBREVIEW_PLUGIN_ABI) +
                "; rebuild the plugin");
  EXPECT_EQ(std::getenv("LIBREVIEW_TEST_WRONG_ABI_LOADED"), nullptr) << "its static constructor ran";
}

TEST(PluginRegistry, MissingFactoryIsRefused) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_EQ(reason_for(reg, "review_scoring_test_no_factory.so"),
            "missing factory: it exports no 'libreview_plugin' (BOOST_DLL_ALIAS)");
}

TEST(PluginRegistry, SharedLibraryThatIsNotAPluginIsRefused) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_EQ(reason_for(reg, "review_scoring_test_not_plugin.so"),
            "not a libreview plugin: it exports no libreview_plugin_abi()");
}

TEST(PluginRegistry, TextFileNamedLikeAPluginIsRefused) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_EQ(reason_for(reg, "review_report_test_text.so"), "not a shared library (not an ELF file)");
}

TEST(PluginRegistry, SecondPluginWithTheSameIdIsRefusedNamingTheFirst) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_EQ(reason_for(reg, "review_scoring_test_dup_b.so"),
            "scoring plugin id 'test-dup' is already provided by " +
                (kTestPlugins / "review_scoring_test_dup_a.so").string());
  EXPECT_NO_THROW((void)reg.scoring_rule("test-dup"));
}

TEST(PluginRegistry, ThrowingFactoryBecomesPluginErrorNamingTheFile) {
  PluginRegistry reg({kTestPlugins});
  try {
    (void)reg.scoring_rule("test-throwing-factory");
    FAIL() << "no error";
  } catch (const PluginError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("review_scoring_test_throwing_factory.so"), std::string::npos) << msg;
    EXPECT_NE(msg.find("the factory cannot make its rule"), std::string::npos) << msg;
  }
}

TEST(PluginRegistry, FactoryMakingTheWrongKindIsAnError) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_THROW((void)reg.report_writer("test-wrong-kind"), PluginError);
}

TEST(PluginRegistry, ValidPluginsStillWorkBesideBrokenOnes) {
  PluginRegistry reg({kTestPlugins});
  EXPECT_GE(reg.refused().size(), 5U);
  auto rule = reg.scoring_rule("test-good");
  Cycle c = one_department_cycle();
  History h;
  RegionProfile p;
  p.id = "test";
  p.set("test.constant", 77.0);
  const Results r = rule->score(ScoringInput{c, h, p});
  ASSERT_EQ(r.departments.size(), 1U);
  EXPECT_EQ(r.departments[0].composite, 77.0);
}

TEST(PluginRegistry, ExceptionInsideThePluginArrivesAsPluginError) {
  PluginRegistry reg({kTestPlugins});
  auto rule = reg.scoring_rule("test-good");
  Cycle c = one_department_cycle("throw");
  History h;
  RegionProfile p;
  try {
    (void)rule->score(ScoringInput{c, h, p});
    FAIL() << "no error";
  } catch (const PluginError& e) {
    EXPECT_STREQ(e.what(), "scoring rule 'test-good': deliberate failure inside the plugin");
  }
}

TEST(PluginRegistry, ObjectsKeepTheirModuleLoadedAfterTheRegistryIsGone) {
  std::shared_ptr<ScoringRule> rule;
  {
    PluginRegistry reg({kTestPlugins});
    rule = reg.scoring_rule("test-good");
  }
  Cycle c = one_department_cycle();
  History h;
  RegionProfile p;
  EXPECT_EQ(rule->score(ScoringInput{c, h, p}).departments.at(0).composite, 50.0);
}

TEST(PluginRegistry, UnknownIdNamesWhatIsAvailable) {
  PluginRegistry reg({kTestPlugins});
  try {
    (void)reg.scoring_rule("nope");
    FAIL();
  } catch (const PluginError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("no scoring plugin 'nope'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("test-good"), std::string::npos) << msg;
  }
}

TEST(PluginRegistry, RelativeFoldersAreNeverSearched) {
  PluginRegistry reg({fs::path("tests/plugins"), kTestPlugins});
  const auto folders = reg.folders();
  ASSERT_EQ(folders.size(), 1U);
  EXPECT_EQ(folders[0], kTestPlugins);
  EXPECT_THROW(reg.add_folder("relative/folder"), PluginError);
}

TEST(PluginRegistry, EnvironmentPathAndDisable) {
  setenv("LIBREVIEW_PLUGIN_PATH", kTestPlugins.c_str(), 1);
  {
    PluginRegistry reg;
    ASSERT_FALSE(reg.folders().empty());
    EXPECT_EQ(reg.folders().front(), kTestPlugins);
  }
  setenv("LIBREVIEW_PLUGIN_PATH", "disable", 1);
  {
    PluginRegistry reg;
    EXPECT_TRUE(reg.folders().empty());
    EXPECT_TRUE(reg.list().empty());
    EXPECT_THROW((void)reg.scoring_rule("test-good"), PluginError);
  }
  unsetenv("LIBREVIEW_PLUGIN_PATH");
}

TEST(PluginRegistry, WorldWritableFolderIsRefused) {
  const fs::path dir = fs::temp_directory_path() / ("libreview-ww-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy_file(kTestPlugins / "review_scoring_test_good.so", dir / "review_scoring_test_good.so",
                fs::copy_options::overwrite_existing);
  fs::permissions(dir, fs::perms::all);
  PluginRegistry reg({dir});
  EXPECT_TRUE(reg.list().empty());
  EXPECT_EQ(reason_for(reg, dir.filename().string()),
            "plugin folder is world-writable; anyone could plant a plugin there");
  fs::remove_all(dir);
}

TEST(PluginRegistry, InProcessRulesAreListedAndCannotShadowModules) {
  PluginRegistry reg({kTestPlugins});
  struct Rule final : ScoringRule {
    Results score(const ScoringInput&) const override { return {}; }
  };
  reg.add_scoring_rule({PluginKind::scoring, "my-county", "1", "python rule", {}}, std::make_shared<Rule>());
  EXPECT_NO_THROW((void)reg.scoring_rule("my-county"));
  EXPECT_THROW(reg.add_scoring_rule({PluginKind::scoring, "test-good", "1", "", {}}, std::make_shared<Rule>()),
               PluginError);
  reg.remove_scoring_rule("my-county");
  EXPECT_THROW((void)reg.scoring_rule("my-county"), PluginError);
}
