#pragma once
// The city's documents of a roll-up (private to review_city): the workbook
// (全市汇总.xlsx, libxlsxwriter through review_xlsx_book) and the report
// (全市汇总报告.docx, the OOXML writer of review_ooxml).
#include <filesystem>
#include <string>
#include <vector>

#include "libreview/rollup.hpp"

namespace review::city {

/// The grades with a word, best first, as rollup rows print them (codes), with their Chinese labels.
struct GradeColumn {
  std::string code;
  std::string label;
};
[[nodiscard]] std::vector<GradeColumn> grade_columns();

/// Departments per grade of each county, in the order of `rollup.counties`; index g of a
/// county's counts is grade_columns()[g].
[[nodiscard]] std::vector<std::vector<int>> grade_counts(const Rollup& rollup);

/// The kinds of the roll-up, sorted, each with its rows ordered by rank_in_kind.
[[nodiscard]] std::vector<std::pair<std::string, std::vector<const RollupRow*>>> kinds(const Rollup& rollup);

void write_workbook(const Rollup& rollup, const std::filesystem::path& file);
void write_report(const Rollup& rollup, const std::filesystem::path& file);

}  // namespace review::city
