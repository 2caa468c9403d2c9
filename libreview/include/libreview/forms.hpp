#pragma once
/// @file forms.hpp
/// The paper of a cycle and the workbook it is keyed into (测评表、群众问卷、数据录入表,
/// office-year.md section 1.4): written from the cycle's roster alone (cycle.toml,
/// departments, and the representatives when there are any), before any ballot exists.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "libreview/export.hpp"

namespace review {

/// What `libreview forms` writes from.
struct FormsOptions {
  std::filesystem::path source;   ///< a cycle folder or workbook; only its roster is read
  std::filesystem::path out_dir;  ///< where the three files go
  /// Who issues the forms (印发单位), printed under the ballot and the questionnaire.
  std::string office = "县民主评议行风工作领导小组办公室";
  /// Pre-numbered sheets (测评表票数) when cycle.toml has no `[ballots] issued` and the
  /// folder no roster of representatives.
  std::size_t default_sheets = 200;
  /// Rows made ready for keying in each other table of the entry workbook (录入行数).
  std::size_t entry_rows = 1000;
  /// 对象类别 offered on the questionnaire and in the workbook's drop-down when the
  /// region profile names none: the groups of the seed county's public survey.
  std::vector<std::string> respondent_groups = {"城镇居民", "农村群众", "企业", "个体门店", "学校"};
};

/// What `libreview forms` wrote.
struct FormsResult {
  std::size_t ballot_sheets = 0;               ///< numbered ballots printed (票号 001 … N)
  std::size_t departments = 0;                 ///< participating departments on each ballot
  std::vector<std::filesystem::path> written;  ///< 测评表.docx, 群众问卷.docx, 数据录入表.xlsx
};

/// Writes into `out_dir`, all or none:
/// - `<year>年度民主评议行风测评表.docx`: one ballot per A4 page, its 票号 printed, the
///   participating departments grouped by sequence (类别) with the four boxes, no place
///   for a name;
/// - `<year>年度群众问卷.docx`: the public questionnaire;
/// - `<year>年度数据录入表.xlsx`: the entry workbook (录入表), one sheet per table with
///   the Chinese headers, drop-down lists, date validation, input prompts and frozen
///   headers, a 测评表 sheet pre-numbered with the 票号, and a 说明 sheet. Filled in and
///   saved by Excel, WPS or LibreOffice, it imports as it is (`libreview run 录入表.xlsx`).
///
/// Throws ValidationError when the roster has problems (file:line:column as import does).
REVIEW_API FormsResult write_forms(const FormsOptions& options);

}  // namespace review
