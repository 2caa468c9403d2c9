#pragma once
/// @file ingest.hpp
/// Import of a cycle (数据导入): a folder of `cycle.toml` plus CSV files (UTF-8
/// with or without BOM, or GB18030/GBK, detected per file; English or Chinese
/// headers and enum values), or one `.xlsx` workbook with a sheet per table.
/// Every hard error of the spec is collected and reported as
/// `file:line:column: message (value)`; a refused import returns nothing.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/error.hpp"
#include "libreview/export.hpp"

namespace review {

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
