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
#include <string>
#include <vector>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kFiles[] = {
    "cycle.toml",     "departments.csv", "representatives.csv", "ballots.csv",     "questionnaires.csv",
    "daily_work.csv", "complaints.csv",  "rectifications.csv",  "commitments.csv", "hearings.csv",
    "activities.csv", "surveys.csv",     "self_assessment.csv"};
constexpr std::size_t kFileCount = sizeof(kFiles) / sizeof(kFiles[0]);

std::vector<std::string> g_original;  // the fixture's bytes of each file ("" when absent)

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  const fs::path base = fs::path(LIBREVIEW_TEST_DATA) / "cycle-small";
  for (const char* name : kFiles) {
    g_original.push_back(fuzz::read(base / name));
    fuzz::write(fuzz::scratch() / name, g_original.back());
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t which = data[0] % kFileCount;
  const fs::path file = fuzz::scratch() / kFiles[which];
  fuzz::write(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  try {
    const auto report = review::validate_cycle(fuzz::scratch());
    if (report.diagnostics.size() > report.total) __builtin_trap();  // more kept than counted
  } catch (const review::Error&) {
    // A refused input is a good outcome; anything else escapes and is a finding.
  }
  fuzz::write(file, g_original[which]);
  return 0;
}
