#pragma once
// What the roll-up shares with the package reader (private to review_city).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/error.hpp"

namespace review::package_detail {

/// A CSV member as written by csv_cell(): UTF-8 with or without BOM, RFC 4180 quoting,
/// CRLF or LF; a cell csv_cell() prefixed with `'` against formula injection is given
/// back as typed. Refused (ValidationError naming `file` and `member`) with unbalanced quotes.
[[nodiscard]] std::vector<std::vector<std::string>> parse_csv(std::string_view text, const std::string& file,
                                                              const std::string& member);

/// The index of each of `wanted` in the header row `header`, refused (ValidationError
/// naming `file`, `member` and the column) when one is missing.
[[nodiscard]] std::vector<std::size_t> columns(const std::vector<std::string>& header,
                                               const std::vector<std::string_view>& wanted,
                                               const std::string& file, const std::string& member);

/// The bytes of `file` (IoError naming it when it cannot be read).
[[nodiscard]] std::string read_file(const std::filesystem::path& file);

/// A diagnostic about `member` of the package `file`.
[[nodiscard]] Diagnostic problem(const std::string& file, const std::string& member, std::string message,
                                 std::string code = {});

}  // namespace review::package_detail
