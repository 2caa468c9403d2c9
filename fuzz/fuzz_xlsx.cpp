// Fuzz target: the .xlsx reader (libzip package, workbook, relationships, shared
// strings, styles and sheets through pugixml) and the import of a workbook.
//
// Input, two forms:
//  - a zip file (starts with "PK"): written as is and imported;
//  - otherwise a bundle of parts, each "@@@ <path>\n" followed by the part's bytes,
//    packed (stored, not compressed) into a workbook by this harness, so the
//    fuzzer mutates the XML directly instead of deflate streams.
// Anything but a review::Error (or a validation report) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string file = (fuzz::scratch() / "cycle.xlsx").string();
  if (in.starts_with("PK")) {
    fuzz::write(file, in);
  } else if (!fuzz::pack(in, file)) {
    return 0;
  }
  try {
    const auto report = review::validate_cycle(file);
    if (report.diagnostics.size() > report.total) __builtin_trap();
  } catch (const review::Error&) {
  }
  return 0;
}
