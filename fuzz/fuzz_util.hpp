#pragma once
// Shared by the fuzz targets: a private scratch folder per process, reading and writing a file's bytes.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libreview/error.hpp"

namespace fuzz {

/// A fresh folder below $TMPDIR (or /tmp) for this process, removed at exit.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/libreview-fuzz-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch(), ec);
    });
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

inline void write(const std::filesystem::path& file, std::string_view bytes) {
  std::FILE* f = std::fopen(file.c_str(), "wb");
  if (f == nullptr) throw std::runtime_error("cannot write " + file.string());
  if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

/// The bytes of `file` ("" when it cannot be read).
inline std::string read(const std::filesystem::path& file) {
  std::string out;
  if (std::FILE* f = std::fopen(file.c_str(), "rb")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

/// A fuzzer over a cycle folder: the fixture's files `names` copied into scratch(); each input
/// puts the rest of its bytes in place of the file its first byte picks, and that file's
/// bytes back afterwards.
class FolderFuzz {
 public:
  FolderFuzz(const std::filesystem::path& fixture, std::vector<const char*> names)
      : names_(std::move(names)) {
    for (const char* name : names_) {
      original_.push_back(read(fixture / name));
      write(scratch() / name, original_.back());
    }
  }
  /// Writes the input into its file and calls `check(which)` (the file's place in `names`); a
  /// review::Error it throws is a refused input, a good outcome; anything else is a finding.
  template <class Check>
  void run(const std::uint8_t* data, std::size_t size, Check&& check) const {
    if (size == 0) return;
    const std::size_t which = data[0] % names_.size();
    const std::filesystem::path file = scratch() / names_[which];
    write(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
    try {
      check(which);
    } catch (const review::Error&) {
    }
    write(file, original_[which]);
  }

 private:
  std::vector<const char*> names_;
  std::vector<std::string> original_;  ///< the fixture's bytes of each file ("" when absent)
};

/// Fuzz input as a bundle of zip parts: "@@@ <path>\n" then the part's bytes, repeated.
inline constexpr std::string_view kMarker = "@@@ ";

/// Packs the bundle's parts into `file`; false when the bundle names no part.
inline bool pack(std::string_view in, const std::string& file) {
  std::vector<std::pair<std::string, std::string_view>> parts;
  std::size_t pos = in.find(kMarker);
  while (pos != std::string_view::npos) {
    const std::size_t name_start = pos + kMarker.size();
    const std::size_t eol = in.find('\n', name_start);
    if (eol == std::string_view::npos) break;
    const std::size_t next = in.find(kMarker, eol + 1);
    const std::size_t end = next == std::string_view::npos ? in.size() : next;
    parts.emplace_back(std::string(in.substr(name_start, eol - name_start)),
                       in.substr(eol + 1, end - eol - 1));
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

}  // namespace fuzz
