// Fuzz target: the county package reader (上报数据包, libreview/src/package: the zip within
// its limits and names, manifest.json, the SHA-256 of every member) and the roll-up of
// what it holds (the CSV members, rank_in_kind), with review_city linked in.
//
// Input: a zip file (starts with "PK"), or a bundle of parts "@@@ <path>\n<bytes>" packed
// (stored) by this harness. Anything but a review::Error is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"
#include "libreview/rollup.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto file = fuzz::scratch() / "county.lrpkg";
  if (in.starts_with("PK")) {
    fuzz::write(file, in);
  } else if (!fuzz::pack(in, file.string())) {
    return 0;
  }
  try {
    const review::Rollup r = review::rollup({file}, {{"D01", "公安"}});
    (void)review::rollup_csv(r);
  } catch (const review::Error&) {
  }
  return 0;
}
