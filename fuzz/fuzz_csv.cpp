// Fuzz target: the CSV reader and the import of a cycle folder (decoding, RFC 4180
// parsing, headers, every column's validation, cross-file checks) and cycle.toml.
//
// Input: the first byte picks the file (one of cycle.toml and the twelve tables),
// the rest is its content; the other files are those of tests/data/cycle-small,
// so a fuzzed table is checked against valid departments and representatives.
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

static std::unique_ptr<fuzz::FolderFuzz> g_folder;  // the fixture's files and the scratch copy

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  g_folder = std::make_unique<fuzz::FolderFuzz>(
      std::filesystem::path(LIBREVIEW_TEST_DATA) / "cycle-small",
      std::vector<const char*>{"cycle.toml", "departments.csv", "representatives.csv", "ballots.csv",
                               "questionnaires.csv", "daily_work.csv", "complaints.csv", "rectifications.csv",
                               "commitments.csv", "hearings.csv", "activities.csv", "surveys.csv",
                               "self_assessment.csv"});
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  g_folder->run(data, size, [](std::size_t) {
    const auto report = review::validate_cycle(fuzz::scratch());
    if (report.diagnostics.size() > report.total) __builtin_trap();  // more kept than counted
  });
  return 0;
}
