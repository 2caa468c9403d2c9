// Fuzz target: the region profile reader (TOML syntax, keys, dated parameters,
// stage calendars, inheritance) and profile resolution.
//
// Input: the text of a profile `fuzz.toml`, read beside the shipped `default.toml`
// and the other shipped profiles (so `inherits` resolves); the target lists the profiles, then
// resolves `fuzz` for 2017-12-31. Anything but a review::Error is a finding.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"
#include "libreview/region.hpp"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  // The shipped profiles, so that `inherits` of any of them resolves.
  for (const auto& e : fs::directory_iterator(fs::path(LIBREVIEW_SOURCE_DIR) / "plugins/regions"))
    if (e.path().extension() == ".toml")
      fs::copy_file(e.path(), fuzz::scratch() / e.path().filename(), fs::copy_options::overwrite_existing);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::write(fuzz::scratch() / "fuzz.toml", std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    const review::ProfileLibrary library(std::vector<fs::path>{fuzz::scratch()});
    (void)library.list();
    const auto profile = library.resolve("fuzz", review::Date{2017, 12, 31});
    if (profile.lineage.empty() || profile.lineage.front() != "fuzz") __builtin_trap();
  } catch (const review::Error&) {
  }
  return 0;
}
