// The county package and the city roll-up (package.hpp, rollup.hpp): county and kind
// read and stored, a package exported and verified, rank_in_kind by standard
// competition ranking, the kind mapping file.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "cycle_text.hpp"
#include "digest_internal.hpp"
#include "fixtures.hpp"
#include "libreview/ingest.hpp"
#include "libreview/rollup.hpp"
#include "libreview/store.hpp"
#include "libreview/testing.hpp"
#include "ooxml.hpp"

namespace fs = std::filesystem;
using namespace review;
using review::test::Scratch;
using review::test::TempDir;

namespace {

std::string sha256(std::string_view bytes) {
  detail::Sha256 h;
  h.update(bytes);
  return h.hex();
}

/// A package made by hand (as a county's libreview would write it): results.csv rows of
/// `id,name,composite,grade`, every department of `kind`.
fs::path hand_package(
    const fs::path& file, const std::string& county, int year,
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& rows) {
  std::string results =
      "department_id,department_name,category,status,composite,rank_overall,rank_in_category,grade\r\n";
  std::string departments = "department_id,department_name,category,kind\r\n";
  int rank = 0;
  for (const auto& [id, kind, composite, grade] : rows) {
    const std::string place = std::to_string(++rank);
    results += id + ",部门" + id + ",序列1,participating," + composite + "," + place + "," + place + "," +
               grade + "\r\n";
    departments += id + ",部门" + id + ",序列1," + kind + "\r\n";
  }
  const std::string manifest = R"({"format_version": 1, "libreview_version": "0.1.0", "county": ")" + county +
                               R"(", "region": "r", "year": )" + std::to_string(year) +
                               R"(, "name": "", "profile": "default", "rule": "default", "members": {)" +
                               R"("results.csv": {"sha256": ")" + sha256(results) + R"("}, )" +
                               R"("departments.csv": {"sha256": ")" + sha256(departments) + R"("}}})";
  std::ofstream(file, std::ios::binary) << docx::zip_parts(
      {{"manifest.json", manifest}, {"results.csv", results}, {"departments.csv", departments}});
  return file;
}

TEST(Package, CountyAndKindAreReadAndStored) {
  Scratch s;
  s.replace("cycle.toml", "year = 2017\n", "year = 2017\ncounty = \"测试县\"\n");
  auto deps = s.read("departments.csv");
  std::string with_kind;
  std::size_t line = 0, start = 0;
  while (start < deps.size()) {
    const auto end = deps.find('\n', start);
    with_kind += deps.substr(start, end - start) + (line++ == 0 ? ",部门类型" : ",公安") + "\n";
    start = end + 1;
  }
  s.write("departments.csv", with_kind);
  const Cycle c = import_cycle(s.dir());
  EXPECT_EQ(c.info.county, "测试县");
  ASSERT_FALSE(c.departments.empty());
  EXPECT_EQ(c.departments.front().kind, "公安");

  TempDir tmp;
  Store store(tmp.path() / "review.db");
  store.save(c);
  const Cycle back = store.load(c.info.region, c.info.year);
  EXPECT_EQ(back.info.county, "测试县");
  EXPECT_EQ(back.departments.back().kind, "公安");
}

TEST(Package, AStoreOfSchemaOneIsMigratedAndKeepsItsCycles) {
  TempDir tmp;
  const auto file = tmp.path() / "review.db";
  review::testing::RandomCycleOptions o;
  Cycle c = review::testing::random_cycle(o);
  Store(file).save(c);
  {  // back to what schema version 1 held: no county, no kind, no results, no anonymous sheets
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"ALTER TABLE cycles DROP COLUMN county", "ALTER TABLE departments DROP COLUMN kind",
          "DROP TABLE results", "DROP TABLE rectification_progress", "DROP TABLE package_members",
          "DROP TABLE packages", "DROP TABLE ballot_sheets", "PRAGMA user_version = 1"})
      EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK)
          << sql << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  Store store(file);
  EXPECT_EQ(store.schema_version(), Store::latest_schema_version());
  const Cycle back = store.load(c.info.region, c.info.year);
  EXPECT_EQ(back.departments.size(), c.departments.size());
  EXPECT_EQ(back.info.county, "");
  EXPECT_EQ(back.departments.front().kind, "");
  c.info.county = "甲县";
  c.departments.front().kind = "公安";
  store.save(c);
  EXPECT_EQ(store.load(c.info.region, c.info.year).info.county, "甲县");
  EXPECT_EQ(store.load(c.info.region, c.info.year).departments.front().kind, "公安");
}

TEST(Package, ExportedPackageIsVerifiedAndRolledUp) {
  TempDir tmp;
  std::vector<fs::path> packages;
  for (int i = 1; i <= 2; ++i) {
    review::testing::RandomCycleOptions o;
    o.seed = static_cast<std::uint64_t>(i);
    o.kinds = 3;
    Cycle c = review::testing::random_cycle(o);
    c.info.county = i == 1 ? "甲县" : "乙县";
    const auto db = tmp.path() / ("county" + std::to_string(i) + ".db");
    Store(db).save(c);
    packages.push_back(tmp.path() / ("county" + std::to_string(i) + ".lrpkg"));
    const PackageManifest m =
        export_package(db, 2017, "", packages.back(), "default", "", review::test::built_plugins());
    EXPECT_EQ(m.county, c.info.county);
    EXPECT_EQ(m.rule, "default");
  }
  const CountyPackage pkg = read_package(packages[0]);
  EXPECT_EQ(pkg.manifest.year, 2017);
  EXPECT_EQ(pkg.members.size(), 4U);
  for (const auto& [name, bytes] : pkg.members) EXPECT_EQ(bytes.find("R0001"), std::string::npos) << name;

  const Rollup r = rollup(packages);
  EXPECT_EQ(r.year, 2017);
  ASSERT_EQ(r.counties.size(), 2U);
  EXPECT_EQ(r.rows.size(), 24U);
  EXPECT_TRUE(r.unplaced.empty());
  for (const auto& row : r.rows) {
    if (row.composite.empty()) {
      EXPECT_FALSE(row.rank_in_kind) << row.department_id;
      continue;
    }
    int higher = 0;
    for (const auto& other : r.rows)
      if (other.kind == row.kind && !other.composite.empty() &&
          std::stod(other.composite) > std::stod(row.composite))
        ++higher;
    EXPECT_EQ(row.rank_in_kind, higher + 1) << row.county << " " << row.department_id;
  }
  const auto written = write_rollup(r, tmp.path() / "city");
  ASSERT_EQ(written.size(), 3U);
  for (const auto& f : written) EXPECT_GT(fs::file_size(f), 0U) << f;
}

TEST(Package, RankInKindIsStandardCompetitionRankingOfThePrintedComposite) {
  TempDir tmp;
  const auto a = hand_package(
      tmp.path() / "a.lrpkg", "甲县", 2017,
      {{"D1", "公安", "90.00", "excellent"}, {"D2", "教育", "70.10", "fair"}, {"D3", "", "88.00", "good"}});
  const auto b = hand_package(tmp.path() / "b.lrpkg", "乙县", 2017,
                              {{"D1", "公安", "90.00", "excellent"},
                               {"D2", "公安", "85.50", "good"},
                               {"D3", "教育", "70.10", "fair"}});
  const Rollup r = rollup({a, b}, {{"部门D3", "教育"}});
  ASSERT_EQ(r.rows.size(), 6U);
  EXPECT_EQ(r.rows[0].rank_in_kind, 1);  // 甲县 公安 90.00
  EXPECT_EQ(r.rows[3].rank_in_kind, 1);  // 乙县 公安 90.00: the same rank
  EXPECT_EQ(r.rows[4].rank_in_kind, 3);  // 乙县 公安 85.50: the next rank skips
  EXPECT_EQ(r.rows[2].kind, "教育");
  EXPECT_EQ(r.rows[2].rank_in_kind, 1);
  EXPECT_EQ(r.rows[1].rank_in_kind, 2);
  EXPECT_EQ(r.rows[5].rank_in_kind, 2);
  EXPECT_NE(rollup_csv(r).find("甲县,D1,部门D1,序列1,公安,90.00,1,1,excellent,1\r\n"), std::string::npos);
}

TEST(Package, PackagesOfTwoYearsOrOneCountyTwiceAreRefused) {
  TempDir tmp;
  const auto a = hand_package(tmp.path() / "a.lrpkg", "甲县", 2017, {{"D1", "公安", "90.00", "excellent"}});
  const auto b = hand_package(tmp.path() / "b.lrpkg", "乙县", 2016, {{"D1", "公安", "90.00", "excellent"}});
  const auto c = hand_package(tmp.path() / "c.lrpkg", "甲县", 2017, {{"D1", "公安", "80.00", "good"}});
  EXPECT_THROW((void)rollup({a, b}), ValidationError);
  try {
    (void)rollup({a, c});
    FAIL() << "one county twice was rolled up";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1U);
    EXPECT_NE(e.diagnostics()[0].message.find("甲县"), std::string::npos);
    EXPECT_NE(e.diagnostics()[0].message.find(a.string()), std::string::npos);
  }
}

TEST(Package, AResultsRowThatIsNoFigureIsRefusedWithItsLine) {
  TempDir tmp;
  const auto a = hand_package(tmp.path() / "a.lrpkg", "甲县", 2017,
                              {{"D1", "公安", "90.00", "excellent"}, {"D2", "公安", "九十", "good"}});
  try {
    (void)rollup({a});
    FAIL() << "a composite that is no figure was rolled up";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1U);
    EXPECT_EQ(e.diagnostics()[0].line, 3U);
    EXPECT_EQ(e.diagnostics()[0].field, "composite");
    EXPECT_EQ(e.diagnostics()[0].value, "九十");
    EXPECT_NE(e.diagnostics()[0].file.find("results.csv"), std::string::npos);
  }
}

TEST(Package, KindMappingNamesTheBadLine) {
  TempDir tmp;
  const auto file = tmp.path() / "kinds.csv";
  std::ofstream(file) << "部门,部门类型\n县公安局,公安\nD02\n县教育局,\n";
  try {
    (void)read_kind_mapping(file);
    FAIL() << "a malformed mapping was read";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_EQ(e.diagnostics()[0].line, 3U);
    EXPECT_EQ(e.diagnostics()[1].line, 4U);
    EXPECT_EQ(e.diagnostics()[1].field, "kind");
  }
  std::ofstream(file) << "department,kind\r\n县公安局,公安\r\nD02,教育\r\n";
  const auto m = read_kind_mapping(file);
  EXPECT_EQ(m.at("县公安局"), "公安");
  EXPECT_EQ(m.at("D02"), "教育");
}

}  // namespace
