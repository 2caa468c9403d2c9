// Fuzz target: the .xlsx reader (libzip package, workbook, relationships, shared
// strings, styles and sheets through pugixml) and the import of a workbook.
//
// Input, two forms:
//  - a zip file (starts with "PK"): written as is and imported;
//  - otherwise a bundle of parts, each "@@@ <path>\n" followed by the part's bytes,
//    packed (stored, not compressed) into a workbook by this harness, so the
//    fuzzer mutates the XML directly instead of deflate streams.
// Anything but a review::Error (or a validation report) is a finding.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/log.hpp"

namespace {

constexpr std::string_view kMarker = "@@@ ";

/// Packs the bundle's parts into `file`; false when the bundle names no part.
bool pack(std::string_view in, const std::string& file) {
  std::vector<std::pair<std::string, std::string_view>> parts;
  std::size_t pos = in.find(kMarker);
  while (pos != std::string_view::npos) {
    const std::size_t name_start = pos + kMarker.size();
    const std::size_t eol = in.find('\n', name_start);
    if (eol == std::string_view::npos) break;
    const std::size_t next = in.find(kMarker, eol + 1);
    const std::size_t end = next == std::string_view::npos ? in.size() : next;
    parts.emplace_back(std::string(in.substr(name_start, eol - name_start)), in.substr(eol + 1, end - eol - 1));
    pos = next;
  }
  if (parts.empty()) return false;
  int err = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) return false;
  for (const auto& [name, bytes] : parts) {
    zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    if (src == nullptr) continue;
    const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      continue;
    }
    zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string file = (fuzz::scratch() / "cycle.xlsx").string();
  if (in.starts_with("PK")) {
    fuzz::write(file, in);
  } else if (!pack(in, file)) {
    return 0;
  }
  try {
    const auto report = review::validate_cycle(file);
    if (report.diagnostics.size() > report.total) __builtin_trap();
  } catch (const review::Error&) {
  }
  return 0;
}
