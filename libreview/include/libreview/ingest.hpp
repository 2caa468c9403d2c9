#pragma once
/// @file ingest.hpp
/// Import of a cycle (数据导入): a folder of `cycle.toml` plus CSV files (UTF-8
/// with or without BOM, or GB18030/GBK, detected per file; English or Chinese
/// headers and enum values), or one `.xlsx` workbook with a sheet per table.
/// Every hard error of the spec is collected and reported as
/// `file:line:column: message (value)`; a refused import returns nothing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

/// A column of dated records whose dates the stage calendar checks (带日期的列):
/// commitments.published_on (stage `commitment`), hearings.held_on (`hearing`),
/// surveys.visited_on (`survey`) and activities.date (`outreach`).
struct DatedColumn {
  std::string file;    ///< the file (or workbook sheet) as diagnostics name it
  std::string field;   ///< the spec's column: `published_on`, `held_on`, `visited_on`, `date`
  std::string header;  ///< the column as a message names it in the language of the import (公开日期（published_on）)
  std::string stage;   ///< the stage its dates belong to: `commitment`, `hearing`, `survey`, `outreach`
};

/// Where one date of a DatedColumn was read (日期的位置).
struct DatedField {
  std::uint32_t column = 0;    ///< index into DatedFields::columns
  std::uint32_t line = 0;      ///< as a diagnostic's line
  std::uint32_t position = 0;  ///< as a diagnostic's column
  Date date;
};

/// The dates the stage calendar checks, with where each was read (ImportOptions::dated_fields).
struct DatedFields {
  std::vector<DatedColumn> columns;
  std::vector<DatedField> fields;
};

/// How to import.
struct ImportOptions {
  std::size_t max_diagnostics = 100;  ///< diagnostics kept; beyond that only counted
  /// The largest CSV file of a folder read (单个文件上限): kMaxInputFileBytes unless a
  /// province office merging every county into one cycle raises it; the other limits stay.
  std::uint64_t max_file_bytes = kMaxInputFileBytes;
  /// Whether the cycle's profile requires questionnaires (问卷是否必需), asked with the
  /// cycle's year, region and as_of (once cycle.toml is read) where the cycle has none.
  /// Unset: required (review-cycle.md section 2). session.hpp's import_options() asks the
  /// profile's `required.questionnaires` (false in `shortened-cycle`).
  std::function<bool(const CycleInfo&)> questionnaires_required;
  /// When set, the import adds the dates the stage calendar checks and where each was read
  /// (nothing else is kept: the Cycle holds no positions).
  DatedFields* dated_fields = nullptr;
  /// Reads only the roster (名册): cycle.toml (or the workbook's 评议概况 sheet), departments
  /// and, when present, representatives; the other tables are neither read nor required.
  /// What `libreview forms` needs before any ballot exists.
  bool roster_only = false;
};

/// What validation found: every problem (up to the cap) and how many in all.
struct ValidationReport {
  std::vector<Diagnostic> diagnostics;
  std::size_t total = 0;  ///< every problem found, also those beyond the cap
  [[nodiscard]] bool ok() const noexcept { return total == 0; }
};

/// A table handed over in memory (内存表格), e.g. a pandas DataFrame: text
/// cells by column, read and checked exactly as the CSV file of the same name.
/// In diagnostics the file is `name`, the line the 1-based row (row 1 is the
/// first row of data) and the column the 1-based position in `header`.
struct TextTable {
  std::string name;                               ///< `departments`, `complaints`, ... (a spec file without .csv)
  std::vector<std::string> header;                ///< column names, English or Chinese
  std::vector<std::vector<std::string>> columns;  ///< the cells, one vector per header column, all equally long
};

/// Where a code column of a RatingTable came from in the caller's own table, so that a
/// diagnostic names the caller's column (来源列): its header, its 1-based position, and
/// whether its codes are signed integers reinterpreted (shown negative, e.g. pandas'
/// -1 for a missing Categorical code).
struct CodeColumnOrigin {
  std::string name;
  std::size_t position = 0;
  bool signed_codes = false;
};

/// Ratings handed over as integer columns (评价编码列), e.g. numpy arrays
/// borrowed without a copy. Each of department, rater, rating and group is a
/// code: with its dictionary (`*_values`) given, an index into it (a pandas
/// Categorical or factorized column; 0xFFFFFFFF or 0xFF means missing); without,
/// the value itself: the department's row in the departments table, the
/// representative's row (ballots) or the response number (questionnaires), the
/// Rating (0 satisfied, 1 basic, 2 dissatisfied, 3 unknown). Columns without a
/// dictionary are kept as they are (borrowed); the others are mapped into new ones.
struct RatingTable {
  std::string name;  ///< `ballots` or `questionnaires`, the file named in diagnostics
  Column<std::uint32_t> department;
  std::vector<std::string> department_values;  ///< department ids, or empty
  Column<std::uint32_t> rater;
  std::vector<std::string> rater_values;  ///< representative or response ids, or empty
  Column<std::uint8_t> rating;
  std::vector<std::string> rating_values;  ///< rating labels (English or Chinese), or empty
  Column<std::uint32_t> group;             ///< questionnaires: respondent group codes (may be empty)
  std::vector<std::string> group_values;   ///< the groups' names (needed when `group` is given)
  /// Where department, rater, rating and group came from, in that order (for diagnostics).
  std::array<CodeColumnOrigin, 4> origin{{{"department", 1}, {"rater", 2}, {"rating", 3}, {"group", 4}}};
};

/// A cycle handed over in memory (内存中的周期): the cycle.toml keys and tables.
struct CycleTables {
  CycleInfo info;                  ///< year, region, name, as_of (stages optional)
  std::vector<TextTable> tables;   ///< departments and representatives required, others optional
  std::optional<RatingTable> ballots;         ///< instead of a `ballots` text table
  std::optional<RatingTable> questionnaires;  ///< instead of a `questionnaires` text table
  std::string source = "tables";  ///< what Cycle::source says
};

/// Builds and validates a cycle from tables in memory, with every check of
/// import_cycle(); throws ValidationError with every diagnostic when anything
/// is wrong. Ballots and questionnaires given as RatingTable keep their order.
REVIEW_API Cycle import_tables(CycleTables tables, const ImportOptions& options = {});

/// The spec's name of the column of `table` (`ballots`, `departments`, ...: a
/// file without .csv) that the header cell `header` names (列名匹配): its
/// English name in any case, or its Chinese header (`部门编号`), exactly as
/// the importer matches the headers of CSV files, sheets and TextTable.
/// Empty when it names none of the table's columns, or there is no such table.
REVIEW_API std::string canonical_column(std::string_view table, std::string_view header);

/// A column of an input table (输入表的列).
struct InputColumn {
  std::string_view name;   ///< the spec's English header: `department_id`
  std::string_view alias;  ///< the Chinese header: `部门编号`
  bool required = false;
};

/// An input table of the spec (输入表): its file name without `.csv` (also the sheet name),
/// its Chinese file and sheet name, whether a cycle needs it, and its columns in the
/// spec's order. `ballot_sheets` and `questionnaire_sheets` list their fixed columns only
/// (then one column per department).
struct InputTable {
  std::string_view name;   ///< `departments`, `ballot_sheets`, ...
  std::string_view alias;  ///< `部门`, `测评表`, ...
  bool required = false;
  std::vector<InputColumn> columns;
};

/// Every input table, in the order the importer reads them.
[[nodiscard]] REVIEW_API std::vector<InputTable> input_tables();

/// Reads and validates a cycle from a folder or a workbook. Throws
/// ValidationError with every diagnostic when anything is wrong.
REVIEW_API Cycle import_cycle(const std::filesystem::path& source, const ImportOptions& options = {});

/// Reads and validates without throwing for bad data (I/O failures still throw).
REVIEW_API ValidationReport validate_cycle(const std::filesystem::path& source,
                                           const ImportOptions& options = {});

}  // namespace review
