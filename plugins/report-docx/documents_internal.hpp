#pragma once
/// @file documents_internal.hpp
/// What the documents' sources share (documents.cpp, annual_report.cpp,
/// letters.cpp, booklet.cpp, template_values.cpp): printed figures, dates,
/// Chinese numerals, lists, labels from the vocabulary, and the cells of the
/// tables a letter and a letter template both show.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docx_template.hpp"
#include "libreview/anonymity.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"
#include "ooxml.hpp"

namespace review::docx::detail {

inline constexpr const char* kDash = "—";  ///< a suppressed or missing figure

/// A printed figure (2 decimals), or a dash.
std::string fig(std::optional<double> v, int digits = 2);
/// 2017年5月1日.
// date_zh(): review::date_zh (report_util.hpp).
/// A period as a Chinese text writes it: 2017年5月15日至6月1日 (the year, and the month, not repeated).
std::string date_range_zh(const Date& first, const Date& last);
/// YYYY-MM-DD, or a dash.
std::string date_or_dash(const std::optional<Date>& d);
/// 一, 二, …, 九十九: Chinese numerals for section numbers.
inline std::string cn(int n) { return chinese_numeral(n); }
/// `part` of `whole` as 12.3%, or a dash when `whole` is 0.
std::string percent(std::int64_t part, std::int64_t whole);
/// The items joined by `sep` (、 by default).
std::string join(const std::vector<std::string>& items, std::string_view sep = "、");
/// The Chinese labels of flag codes, joined by 、 (throws on a code not in the vocabulary).
std::string flag_labels(const std::vector<std::string>& flags);
/// The grade's Chinese label, or a dash for none.
std::string grade_or_dash(Grade g);
/// The year-over-year sentence of a letter (较上年上升/下降 N 位, with last year's figures);
/// empty when the store held no earlier cycle with the department.
std::string change_sentence(const DepartmentResult& r);
/// A rank, or a dash for 0 (not ranked).
std::string rank_or_dash(int rank);

/// A rating breakdown as table rows: suppressed cells and totals become a dash.
std::vector<std::vector<std::string>> breakdown_rows(const SuppressedBreakdown& s);
/// The table of a breakdown whose first column is headed `first`.
TableSpec breakdown_spec(std::string first, const SuppressedBreakdown& s);

/// One rating line of a component's votes: 评价, 票数, 每票分值, 小计 (unknown is not counted).
std::vector<std::string> vote_cells(const ComponentReceipt& c, int rating);
/// One line of the composite table: 项目, 得分, 权重, 折算分, for each component in the vocabulary's order.
std::vector<std::vector<std::string>> weight_rows(const DepartmentResult& r);
/// A hearing question: 日期, 质询问题, 答复要点, 整改事项.
std::vector<std::string> hearing_cells(const Hearing& h);
/// A complaint: 编号, 受理日期, 来源, 问题类别, 是否属实, 办结日期.
std::vector<std::string> complaint_cells(const Complaint& c);

/// Sets `keys[i]` of `row` to `cells[i]` (a template list item from a table row).
void set_cells(TemplateData& row, std::initializer_list<const char*> keys,
               const std::vector<std::string>& cells);

}  // namespace review::docx::detail
