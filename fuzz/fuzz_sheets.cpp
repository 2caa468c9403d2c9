// Fuzz target: the paper forms keyed as clerks key them (office-year.md 1.1-1.3): ballot
// and questionnaire sheets (测评表.csv, 问卷表.csv: one row per paper sheet, one column per
// department by id or name, codes or words), Chinese file names, clerks' date forms,
// `[ballots] issued`, and the roster-only read of `libreview forms`.
//
// Input: the first byte picks the file (cycle.toml or one of the folder's tables under its
// Chinese name), the rest is its content; the other files are those of
// tests/data/cycle-small-sheets. Each input is validated whole, then read as a roster.
// Anything but a review::Error (or a clean validation report) is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"

namespace fs = std::filesystem;

static std::unique_ptr<fuzz::FolderFuzz> g_folder;  // the fixture's files and the scratch copy

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  const fs::path base = fs::path(LIBREVIEW_TEST_DATA) / "cycle-small-sheets";
  // Every file of the fixture, so that the fuzzed one is read beside valid others.
  for (const auto& e : fs::directory_iterator(base))
    fuzz::write(fuzz::scratch() / e.path().filename(), fuzz::read(e.path()));
  g_folder = std::make_unique<fuzz::FolderFuzz>(
      base, std::vector<const char*>{"cycle.toml", "测评表.csv", "问卷表.csv", "部门.csv", "评议代表.csv",
                                     "投诉.csv", "整改.csv", "公开承诺.csv", "听证质询.csv", "日常考核.csv"});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  g_folder->run(data, size, [](std::size_t which) {
    const auto report = review::validate_cycle(fuzz::scratch());
    if (report.diagnostics.size() > report.total) __builtin_trap();  // more kept than counted
    review::ImportOptions roster;
    roster.roster_only = true;
    const auto read = review::validate_cycle(fuzz::scratch(), roster);
    // A fuzzed table outside the roster (cycle.toml 0, 部门 3, 评议代表 4) is not read by it.
    const bool in_roster = which == 0 || which == 3 || which == 4;
    if (!in_roster && read.total != 0) __builtin_trap();
  });
  return 0;
}
