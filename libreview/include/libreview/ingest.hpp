#pragma once
/// @file ingest.hpp
/// Import of a cycle (数据导入): a folder of `cycle.toml` plus CSV files (UTF-8
/// with or without BOM, or GB18030/GBK, detected per file; English or Chinese
/// headers and enum values), or one `.xlsx` workbook with a sheet per table.
/// Every hard error of the spec is collected and reported as
/// `file:line:column: message (value)`; a refused import returns nothing.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/export.hpp"

namespace review {

/// Limits of the readers (读取限制). Input beyond them is refused with a clear
/// error in bounded memory, whatever its shape (docs/reliability.md, docs/data-format.md):
/// a CSV file, cycle.toml or workbook larger than kMaxInputFileBytes is not read
/// (review::Error); a CSV field or workbook cell longer than kMaxFieldBytes, or a
/// record of more than kMaxFieldsPerRecord fields (a cell right of that column),
/// is a diagnostic and the rest of that file is not read. A workbook is refused
/// (review::Error) when a part's uncompressed size exceeds kMaxWorkbookPartBytes,
/// the parts read total more than kMaxWorkbookBytes uncompressed (a zip bomb),
/// a part nests XML deeper than kMaxXmlDepth, a cell lies right of column
/// kMaxFieldsPerRecord or holds more than kMaxFieldBytes, or a sheet's cells
/// (shared strings copied into each) hold more than kMaxInputFileBytes of text.
inline constexpr std::uint64_t kMaxInputFileBytes = std::uint64_t{128} << 20;    ///< 128 MiB per file
inline constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 20;              ///< 1 MiB per field or cell
inline constexpr std::size_t kMaxFieldsPerRecord = 1024;                         ///< fields or columns per record
inline constexpr std::uint64_t kMaxWorkbookPartBytes = std::uint64_t{64} << 20;  ///< 64 MiB per part
inline constexpr std::uint64_t kMaxWorkbookBytes = std::uint64_t{256} << 20;     ///< 256 MiB of parts in all
inline constexpr int kMaxXmlDepth = 64;  ///< element nesting in a workbook part (real ones nest about 6)

/// How to import.
struct ImportOptions {
  std::size_t max_diagnostics = 100;  ///< diagnostics kept; beyond that only counted
};

/// What validation found: every problem (up to the cap) and how many in all.
struct ValidationReport {
  std::vector<Diagnostic> diagnostics;
  std::size_t total = 0;  ///< every problem found, also those beyond the cap
  [[nodiscard]] bool ok() const noexcept { return total == 0; }
};

/// Reads and validates a cycle from a folder or a workbook. Throws
/// ValidationError with every diagnostic when anything is wrong.
REVIEW_API Cycle import_cycle(const std::filesystem::path& source, const ImportOptions& options = {});

/// Reads and validates without throwing for bad data (I/O failures still throw).
REVIEW_API ValidationReport validate_cycle(const std::filesystem::path& source,
                                           const ImportOptions& options = {});

}  // namespace review
