#pragma once
// What the forms share: the roster read once, the participating departments by sequence
// in the order departments.csv lists them, and the entry workbook's writer.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/forms.hpp"

namespace review::forms {

/// A sequence (类别) of participating departments, as printed on the ballot.
struct Sequence {
  std::string name;
  std::vector<const Department*> departments;
};

/// The roster the forms are drawn from.
struct Roster {
  Cycle cycle;                      ///< departments, representatives and cycle.toml only
  std::vector<Sequence> sequences;  ///< participating departments by sequence
  std::vector<std::string> columns;  ///< 测评表 header per department: its name, or its id when names repeat
  std::size_t sheets = 0;  ///< ballots to number: issued, else one per representative, else the default
  std::vector<std::string> sectors;  ///< the representatives' sectors (界别), in roster order
};

/// Reads the roster of options.source (ImportOptions::roster_only); throws ValidationError
/// for a bad roster and UsageError when no department participates.
Roster read_roster(const FormsOptions& options);

/// `7` of `160` → `007`: at least three digits, as many as the count has.
std::string sheet_number(std::size_t i, std::size_t count);

/// The cycle's name and `what` (`XX县2017年度民主评议行风测评表`).
std::string title_of(const Roster& r, std::string_view what);

/// Writes `bytes` to `file` (ReportError naming it when it cannot).
void write_bytes_to(const std::filesystem::path& file, std::string_view bytes);

/// 数据录入表.xlsx: the entry workbook.
void write_entry_workbook(const Roster& r, const FormsOptions& options, const std::filesystem::path& file);

}  // namespace review::forms
