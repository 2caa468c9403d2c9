#pragma once
/// @file reconcile.hpp
/// Double entry (双录入核对): two keyings of one cycle's paper, compared value by
/// value as the import reads them (`1`, `满意` and `satisfied` are one rating;
/// `2017/7/8` and `2017年7月8日` one date). Writes nothing.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/export.hpp"
#include "libreview/ingest.hpp"

namespace review {

/// One difference between two keyings (录入差异): a value that differs, or a row
/// keyed on one side only (then `column` is empty and the other side is nothing).
///
/// Keys: anonymous ballot sheets (`ballot_sheets`) by sheet_no, a column per
/// department id (and `sector`); ballots by `representative_id/department_id`
/// (named sheets included); questionnaires by `response_id/department_id` and
/// `questionnaire_responses` by response_id (its respondent_group); daily_work and
/// self_assessment by department_id; every other table by id.
struct Difference {
  std::string table;   ///< spec table name, e.g. `ballots`
  std::string key;     ///< the row's key, parts joined by `/`
  std::string column;  ///< spec column name (a department id for sheets); empty for a row on one side only
  std::optional<std::string> a;  ///< the value in A as the import reads it; nothing: no such row in A
  std::optional<std::string> b;  ///< the value in B; nothing: no such row in B
};

/// The differences between two imported cycles, ordered by table, key and column.
REVIEW_API std::vector<Difference> reconcile(const Cycle& a, const Cycle& b);

/// Imports both sources (folders or workbooks; each refused whole by ValidationError
/// when it holds an error) and compares them.
REVIEW_API std::vector<Difference> reconcile(const std::filesystem::path& a, const std::filesystem::path& b,
                                             const ImportOptions& options = {});

/// `table:key:column: A value ≠ B value`, or `table:key: only in A` (B).
REVIEW_API std::string to_string(const Difference& d);

}  // namespace review
