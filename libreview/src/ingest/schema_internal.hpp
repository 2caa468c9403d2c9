#pragma once
// Internals of the importer: the spec's tables (names, columns, the Chinese
// header of each column), the column positions by name, and the messages of
// the diagnostics (documented in docs/data-format.md).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace review::ingest {

// ---- messages (documented in docs/data-format.md) ------------------------------

inline constexpr std::string_view kMissingFile = "missing required file";
inline constexpr std::string_view kMissingSheet = "missing required sheet";
inline constexpr std::string_view kMissingColumn = "missing required column";
inline constexpr std::string_view kMissingHeader = "missing header row";
inline constexpr std::string_view kColumnTwice = "column given twice";
inline constexpr std::string_view kExtraField = "more fields than in the header";
inline constexpr std::string_view kBadEncoding = "file is neither UTF-8 nor GB18030";
inline constexpr std::string_view kMissingValue = "missing value";
inline constexpr std::string_view kIdTwice = "id used twice in this file";
inline constexpr std::string_view kUnknownDepartment = "unknown department id";
inline constexpr std::string_view kUnknownRepresentative = "unknown representative id";
inline constexpr std::string_view kExempt = "department is exempt";
inline constexpr std::string_view kSecondBallot =
    "second ballot from this representative for this department";
inline constexpr std::string_view kSecondAnswer =
    "second answer of this questionnaire response for this department";
inline constexpr std::string_view kGroupChanged =
    "respondent group differs from an earlier row of this response";
inline constexpr std::string_view kSecondScore = "second row for this department";
inline constexpr std::string_view kScoreRange = "score outside 0-100";
inline constexpr std::string_view kBadNumber = "unreadable number";
inline constexpr std::string_view kBadDate = "not a date";
inline constexpr std::string_view kBadBool = "not a boolean";
inline constexpr std::string_view kBadToml = "not valid TOML";
inline constexpr std::string_view kMissingKey = "missing required key";
inline constexpr std::string_view kBadYear = "year is not a whole number";
inline constexpr std::string_view kNotText = "not a text value";
inline constexpr std::string_view kStageNotTable = "stage is not a table";
inline constexpr std::string_view kColumnLengths = "columns of different lengths";
inline constexpr std::string_view kTwoFiles = "two files for one table";
inline constexpr std::string_view kLongAndSheets = "ratings given both as rows and as sheets";
inline constexpr std::string_view kSheetTwice = "sheet number used twice in this file";
inline constexpr std::string_view kNotADepartmentColumn =
    "column names no department (neither an id nor a name)";
inline constexpr std::string_view kDepartmentColumnTwice = "department given twice in the header";
inline constexpr std::string_view kExemptColumn = "column names an exempt department";
inline constexpr std::string_view kBadSheetRating =
    "not a rating (satisfied/满意 or 1, basic/基本满意 or 2, dissatisfied/不满意 or 3, unknown/不了解 or 4)";
inline constexpr std::string_view kAmbiguousDate =
    "ambiguous date: write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日";
inline constexpr std::string_view kBadIssued = "issued is not a whole number";
inline constexpr std::string_view kReturnedAboveIssued = "more returned than issued";

// ---- table layouts ----------------------------------------------------------------

struct ColumnSpec {
  std::string_view name;   ///< canonical English header
  std::string_view alias;  ///< Chinese header
  bool required;
};

enum class Table : std::uint8_t {
  departments,
  representatives,
  ballots,
  questionnaires,
  daily_work,
  self_assessment,
  complaints,
  rectifications,
  commitments,
  hearings,
  activities,
  surveys,
  ballot_sheets,         ///< 测评表: one row per paper ballot, one column per department
  questionnaire_sheets,  ///< 问卷表: one row per questionnaire, one column per department
};

struct TableSpec {
  Table table;
  std::string_view name;  ///< file name without `.csv`, also the sheet name
  bool required;
  std::span<const ColumnSpec> columns;
};

// Column positions within each spec, named.
namespace dep {
enum { id, name, category, status, exempt_reason, hotline, kind };
}
namespace rep {
enum { id, sector, trained };
}
namespace bal {
enum { representative_id, department_id, rating };
}
namespace que {
enum { response_id, respondent_group, department_id, rating };
}
namespace sco {
enum { department_id, score };
}
namespace cmp {
enum { id, department_id, received_on, channel, category, substantiated, due_on, closed_on, summary };
}
namespace rec {
enum { id, department_id, source, source_ref, category, description, deadline, status, closed_on };
}
namespace com {
enum { id, department_id, text, published_on, channel, due_on, status };
}
namespace hea {
enum { id, department_id, held_on, question, answer, rectification_id };
}
namespace act {
enum { id, department_id, kind, target, date, summary };
}
namespace sht {
enum { sheet_no, sector, representative_id };
}
namespace qsh {
enum { response_id, respondent_group };
}
namespace sur {
enum { id, representative_id, site_kind, site, visited_on, department_id, opinion };
}

/// Every table, in the order they are read (departments and representatives first).
extern const std::span<const TableSpec> kTables;

/// The column of `spec` that a header cell names (its English name in any case,
/// or its Chinese alias), or spec.columns.size() when none.
std::size_t find_column(const TableSpec& spec, std::string_view header) noexcept;

/// The Chinese file and sheet name of a table (`测评票` for ballots).
std::string_view table_alias(Table table) noexcept;

/// The long table a sheet table stands for (ballots for ballot_sheets), or the table itself.
Table long_form(Table table) noexcept;

/// True when `a` and `b` are the same but for the case of ASCII letters.
bool iequals_ascii(std::string_view a, std::string_view b) noexcept;

}  // namespace review::ingest
