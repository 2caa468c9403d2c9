// Shared report helpers: atomic files, formula neutralising, CJK widths, figures.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"

namespace fs = std::filesystem;
using namespace review;

TEST(AtomicFile, AppearsWholeOnCommitAndNotAtAllOtherwise) {
  const fs::path dir = fs::temp_directory_path() / ("libreview-atomic-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  write_file_atomically(dir / "results.csv", "old\n");
  {
    AtomicFile f(dir / "results.csv");
    std::ofstream(f.temp_path()) << "half-writ";
    // destroyed without commit: a failed run
  }
  std::ifstream in(dir / "results.csv");
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "old\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1U) << "a temporary file was left behind";
  write_file_atomically(dir / "results.csv", "new\n");
  std::ifstream in2(dir / "results.csv");
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in2)), {}), "new\n");
  fs::remove_all(dir);
}

TEST(AtomicFile, CommitAllRenamesEveryFileInEveryFolder) {
  const fs::path dir = fs::temp_directory_path() / ("libreview-commit-all-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "letters");
  write_file_atomically(dir / "report.docx", "old");
  std::vector<std::unique_ptr<AtomicFile>> files;
  for (const fs::path& p :
       {dir / "report.docx", dir / "letters" / "D01.docx", dir / "letters" / "D02.docx"}) {
    files.push_back(std::make_unique<AtomicFile>(p));
    std::ofstream(files.back()->temp_path()) << p.filename().string();
  }
  files[2]->commit();  // one committed already: left as it is
  std::vector<AtomicFile*> all;
  for (const auto& f : files) all.push_back(f.get());
  commit_all(all);
  for (const auto& f : files) {
    EXPECT_TRUE(f->committed());
    std::ifstream in(f->final_path());
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(in)), {}), f->final_path().filename().string());
  }
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir)) ++count;
  EXPECT_EQ(count, 4U) << "a temporary file was left behind";  // 3 files and the letters folder

  AtomicFile never_written(dir / "missing.docx");
  std::vector<AtomicFile*> missing{&never_written};
  EXPECT_THROW(commit_all(missing), ReportError);
  EXPECT_FALSE(fs::exists(dir / "missing.docx"));
  fs::remove_all(dir);
}

TEST(AtomicFile, StaleTempFilesOfDeadProcessesAreRemoved) {
  const fs::path dir = fs::temp_directory_path() / ("libreview-stale-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "letters");
  // A process id that is not running: a child that has exited and been reaped.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const std::string d = std::to_string(dead), live = std::to_string(::getppid());
  for (const std::string& name :
       {".results.csv.tmp-" + d + "-0", "letters/.D01.docx.tmp-" + d + "-7", ".flags.csv.tmp-" + live + "-1",
        std::string(".notes.tmp-x-1"), std::string("results.csv")})
    std::ofstream(dir / name) << "x";
  EXPECT_EQ(remove_stale_temp_files(dir), 2U);
  EXPECT_FALSE(fs::exists(dir / (".results.csv.tmp-" + d + "-0")));
  EXPECT_FALSE(fs::exists(dir / ("letters/.D01.docx.tmp-" + d + "-7")));
  EXPECT_TRUE(fs::exists(dir / (".flags.csv.tmp-" + live + "-1"))) << "its writer is still running";
  EXPECT_TRUE(fs::exists(dir / ".notes.tmp-x-1"));
  EXPECT_TRUE(fs::exists(dir / "results.csv"));
  fs::remove_all(dir);
}

TEST(CsvCell, FormulaPayloadsAreNeutralised) {
  for (const char* payload :
       {"=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3",
        "\t=1+1", "\r=1+1", "＝1+1", "{=1+1}", "＠SUM(1)"}) {
    const std::string cell = csv_cell(payload);
    EXPECT_EQ(cell.front(), '"') << payload;
    EXPECT_EQ(cell[1], '\'') << payload;
  }
  EXPECT_EQ(csv_cell("县公安局"), "县公安局");
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_FALSE(looks_like_formula("84.13"));
}

TEST(DisplayWidth, ChineseCountsDouble) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("县公安局"), 8);
  EXPECT_EQ(display_width("D01 县局"), 8);
}

TEST(FormatFigure, TwoDecimalsHalfAwayFromZero) {
  EXPECT_EQ(format_figure(84.125), "84.13");
  EXPECT_EQ(format_figure(70.0), "70.00");
  EXPECT_EQ(format_figure(std::nullopt), "");
  EXPECT_EQ(format_figure(-0.001), "0.00");
}

// format_figure prints with std::to_chars; fmt's "{:.{}f}" is the reference for the same
// rounded value, at every precision a profile may set, for figures of every size.
TEST(FormatFigure, PrintsTheDigitsFmtPrints) {
  std::mt19937_64 random(20261206);
  std::uniform_real_distribution<double> score(-1000.0, 1000.0), exponent(-12.0, 300.0);
  for (int i = 0; i < 50000; ++i) {
    const double v = i % 4 == 3 ? std::pow(10.0, exponent(random)) : score(random);
    const int digits = i % 7;
    double rounded = review::round_half_away(v, digits);
    if (rounded == 0) rounded = 0;
    ASSERT_EQ(format_figure(v, digits), fmt::format("{:.{}f}", rounded, digits)) << v << " digits " << digits;
  }
  EXPECT_EQ(format_figure(1e305, 0),
            fmt::format("{:.0f}", review::round_half_away(1e305, 0)));  // past the buffer
  EXPECT_EQ(format_figure(-84.125, 2), "-84.13");
  EXPECT_EQ(format_figure(2.5, 0), "3");
}

TEST(ParallelFor, CallsEveryIndexExactlyOnce) {
  for (unsigned threads : {0U, 1U, 2U, 7U}) {
    std::vector<std::atomic<int>> seen(1000);
    review::parallel_for(
        seen.size(), [&](std::size_t i) { seen[i].fetch_add(1); }, threads);
    for (std::size_t i = 0; i < seen.size(); ++i)
      ASSERT_EQ(seen[i].load(), 1) << "index " << i << ", threads " << threads;
  }
  int calls = 0;
  review::parallel_for(0, [&](std::size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(ParallelFor, RethrowsTheFirstFailureAfterEveryThreadStopped) {
  for (unsigned threads : {1U, 2U}) {
    std::atomic<int> started{0};
    EXPECT_THROW(review::parallel_for(
                     1000,
                     [&](std::size_t i) {
                       started.fetch_add(1);
                       if (i == 3) throw review::ReportError("letter 3 cannot be filled");
                     },
                     threads),
                 review::ReportError)
        << threads << " threads";
    if (threads == 1) {
      EXPECT_EQ(started.load(), 4) << "the calls after the failure are skipped";
    }
  }
}
