// Fuzz target: the progress file reader (整改进展.csv, track.hpp): decoding, the RFC 4180
// parser, Chinese and English headers, the dates clerks write, statuses, duplicate item
// and date lines. Input: the file's bytes. Anything but a review::Error (or a clean read)
// is a finding; so is a read that keeps a line without its item, or two of one item and day.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"
#include "libreview/track.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = fuzz::scratch() / "整改进展.csv";
  fuzz::write(file, std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const review::ProgressFile progress = review::read_progress(file);
    std::set<std::pair<std::string, int>> seen;
    for (const auto& u : progress.updates) {
      if (u.item_id.empty() || u.line == 0) __builtin_trap();
      if (!seen.emplace(u.item_id, u.date.days()).second) __builtin_trap();
    }
  } catch (const review::Error&) {
    // A refused file is a good outcome; anything else escapes and is a finding.
  }
  return 0;
}
