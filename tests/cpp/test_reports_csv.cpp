// report-csv: results.csv and flags.csv byte for byte against the reference,
// formula-injection payloads neutralised, and files written atomically.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/report.hpp"
#include "libreview/session.hpp"

namespace fs = std::filesystem;
using namespace review;
using namespace review::test;

namespace {

class CsvReport : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() / ("libreview-csv-" + std::to_string(::getpid()));
    fs::remove_all(out_);
    fs::create_directories(out_);
    cycle_ = fixture_a();
    profile_ = profile("default");
    results_ = score_cycle(cycle_, history_a(), profile_, built_plugins());
    files_ = built_plugins().report_writer("csv")->write(ReportInput{cycle_, results_, profile_}, out_, {});
  }
  void TearDown() override { fs::remove_all(out_); }
  fs::path out_;
  Cycle cycle_;
  RegionProfile profile_;
  Results results_;
  std::vector<fs::path> files_;
};

const fs::path kReference = fs::path(LIBREVIEW_TEST_DATA) / "reference" / "csv";

}  // namespace

TEST_F(CsvReport, WritesResultsAndFlagsOnly) {
  EXPECT_EQ(files_, (std::vector<fs::path>{out_ / "results.csv", out_ / "flags.csv"}));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out_)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"flags.csv", "results.csv"}));  // no temporary file left
}

// LIBREVIEW_UPDATE_REFERENCE=1 rewrites the reference files (then read them and commit them by hand).
void update_reference_if_asked(const fs::path& file) {
  if (std::getenv("LIBREVIEW_UPDATE_REFERENCE") != nullptr)
    fs::copy_file(file, kReference / file.filename(), fs::copy_options::overwrite_existing);
}

TEST_F(CsvReport, ResultsCsvIsByteExact) {
  update_reference_if_asked(out_ / "results.csv");
  EXPECT_EQ(slurp(out_ / "results.csv"), slurp(kReference / "results.csv"));
}

TEST_F(CsvReport, FlagsCsvIsByteExact) {
  update_reference_if_asked(out_ / "flags.csv");
  EXPECT_EQ(slurp(out_ / "flags.csv"), slurp(kReference / "flags.csv"));
}

TEST_F(CsvReport, Utf8WithBomAndCrlf) {
  const std::string text = slurp(out_ / "results.csv");
  EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(text.substr(3, 14), "department_id,");
  EXPECT_NE(text.find("flags,previous_composite,previous_rank_overall,rank_change\r\n"), std::string::npos);
}

TEST_F(CsvReport, FormulaInjectionIsNeutralised) {
  const std::string text = slurp(out_ / "results.csv");
  for (const char* cell :
       {"\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\"", "\"'+1+cmd|' /C calc'!A0\"",
        "\"'@SUM(1+1)\"", "\"'-2+3\"", "\"'\t县财政局\"", "\"'\r县公安局\""})
    EXPECT_NE(text.find(std::string(",") + cell + ","), std::string::npos) << cell;
  EXPECT_EQ(text.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(text.find(",@SUM"), std::string::npos);
}

TEST_F(CsvReport, ExemptRowsHaveEmptyScores) {
  const std::string text = slurp(out_ / "results.csv");
  EXPECT_NE(text.find("D07,\"'+1+cmd|' /C calc'!A0\",执法监督类,exempt,,,,,,,,,,,,\r\n"), std::string::npos);
}

TEST_F(CsvReport, RepresentativeFlagsOnlyInTheIntegrityFileWhenAskedFor) {
  results_.flags.push_back({"straight_lining", SubjectKind::representative, "R9", "12 departments rated, all satisfied"});
  (void)built_plugins().report_writer("csv")->write(ReportInput{cycle_, results_, profile_}, out_, {});
  EXPECT_EQ(slurp(out_ / "flags.csv").find(",representative,"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_ / "诚信核查_flags.csv"));
  ReportOptions options;
  options.include_integrity = true;
  const auto files = built_plugins().report_writer("csv")->write(ReportInput{cycle_, results_, profile_}, out_, options);
  ASSERT_EQ(files.size(), 3U);
  EXPECT_EQ(files[2], out_ / "诚信核查_flags.csv");
  const std::string integrity = slurp(files[2]);
  EXPECT_NE(integrity.find("straight_lining,representative,"), std::string::npos) << integrity;
  EXPECT_EQ(slurp(out_ / "flags.csv").find(",representative,"), std::string::npos) << "flags.csv stays clean";
}

// ---- through the session (write_reports): the order every front-end shares ----

namespace {

/// A process id that is not running: a child that has exited and been reaped.
std::string dead_pid() {
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  return std::to_string(dead);
}

}  // namespace

TEST(WriteReports, ARefusedOptionWritesNothingNotEvenResultsCsvNorTheFolder) {
  const fs::path out = fs::temp_directory_path() / ("libreview-refused-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const Cycle cycle = fixture_a();
  const Scored scored{profile("default"),
                      score_cycle(cycle, history_a(), profile("default"), built_plugins())};
  ReportOptions unknown;
  unknown.values["colour"] = "red";
  EXPECT_THROW(write_reports(cycle, scored, {"csv"}, out, unknown, built_plugins()), UsageError);
  ReportOptions malformed;
  malformed.values["integrity"] = "maybe";
  try {
    write_reports(cycle, scored, {"csv"}, out, malformed, built_plugins());
    ADD_FAILURE() << "integrity=maybe was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("integrity=maybe"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out)) << "a refused option wrote something";
  // Refused in a folder with a stale temporary file: nothing is touched, not even that file.
  fs::create_directories(out);
  const std::string stale = ".results.csv.tmp-" + dead_pid() + "-0";
  std::ofstream(out / stale) << "x";
  EXPECT_THROW(write_reports(cycle, scored, {"csv"}, out, unknown, built_plugins()), UsageError);
  EXPECT_FALSE(fs::exists(out / "results.csv"));
  EXPECT_TRUE(fs::exists(out / stale));
  // Accepted: the stale file goes, and the options reach the writer normalised.
  ReportOptions integrity;
  integrity.values["integrity"] = "是";
  const auto files = write_reports(cycle, scored, {"csv"}, out, integrity, built_plugins());
  EXPECT_EQ(files.size(), 3U) << "integrity=是 adds 诚信核查_flags.csv";
  EXPECT_FALSE(fs::exists(out / stale)) << "the stale temporary file was not removed";
  EXPECT_TRUE(fs::exists(out / "results.csv"));
  fs::remove_all(out);
}

TEST(WriteReports, EveryReportWriterDeclaresTheOptionsItReads) {
  const auto declared = report_options({"csv"}, built_plugins());
  ASSERT_EQ(declared.size(), 1U);
  EXPECT_EQ(declared[0].format, "csv");
  ASSERT_EQ(declared[0].options.size(), 1U);
  const ReportOption& o = declared[0].options[0];
  EXPECT_EQ(o.name, "integrity");
  EXPECT_EQ(o.type, OptionType::boolean);
  EXPECT_EQ(o.default_value, "false");
  EXPECT_FALSE(o.meaning_zh.empty());
  EXPECT_FALSE(o.meaning_en.empty());
}
