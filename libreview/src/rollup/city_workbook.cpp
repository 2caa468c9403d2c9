// The city workbook (全市汇总.xlsx): every county's ranking, the distribution of grades
// per county with a chart, and one sheet per kind of department comparing it across
// the counties (同类排名).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/scoring.hpp"
#include "libreview/vocabulary.hpp"
#include "package/messages_internal.hpp"
#include "rollup/city_internal.hpp"
#include "xlsx_book.hpp"

namespace review::city {

using xlsx::Book;
using xlsx::Formats;
using xlsx::Sheet;

std::vector<GradeColumn> grade_columns() {
  std::vector<GradeColumn> out;
  for (Grade g : kGrades) out.push_back({std::string(term(g).code), std::string(term(g).zh)});
  return out;
}

std::vector<std::vector<int>> grade_counts(const Rollup& rollup) {
  const auto grades = grade_columns();
  std::map<std::string, std::size_t> county_at;
  for (std::size_t i = 0; i < rollup.counties.size(); ++i) county_at[rollup.counties[i].manifest.county] = i;
  std::vector<std::vector<int>> counts(rollup.counties.size(), std::vector<int>(grades.size(), 0));
  for (const auto& r : rollup.rows)
    for (std::size_t g = 0; g < grades.size(); ++g)
      if (r.grade == grades[g].code) ++counts[county_at.at(r.county)][g];
  return counts;
}

std::vector<std::pair<std::string, std::vector<const RollupRow*>>> kinds(const Rollup& rollup) {
  std::map<std::string, std::vector<const RollupRow*>> by_kind;
  for (const auto& r : rollup.rows)
    if (!r.kind.empty()) by_kind[r.kind].push_back(&r);
  std::vector<std::pair<std::string, std::vector<const RollupRow*>>> out(by_kind.begin(), by_kind.end());
  for (auto& [kind, rows] : out)
    std::stable_sort(rows.begin(), rows.end(), [](const RollupRow* a, const RollupRow* b) {
      const int ra = a->rank_in_kind.value_or(1 << 30), rb = b->rank_in_kind.value_or(1 << 30);
      return ra < rb;
    });
  return out;
}

namespace {

constexpr lxw_row_t kHeaderRow = 2;

void number_cell(Sheet& sheet, lxw_row_t row, lxw_col_t col, const std::string& printed, lxw_format* format) {
  if (printed.empty())
    sheet.blank(row, col, format);
  else
    sheet.number(row, col, std::strtod(printed.c_str(), nullptr), format);
}

std::string grade_label(const std::string& code) {
  return code.empty() ? std::string() : std::string(label_zh(TermFamily::grade, code));
}

void ranking_sheet(Book& book, const Rollup& rollup, const std::string& title) {
  Sheet sheet = book.add_sheet("各县排名");
  const Formats& f = sheet.formats();
  sheet.title(title + "　各县排名",
              fmt::format("{} 个县（市、区），{} 个部门", rollup.counties.size(), rollup.rows.size()), 9);
  sheet.header(kHeaderRow, {"县（市、区）", "部门编号", "部门名称", "类别", "部门类型", "综合得分", "总排名",
                            "序列排名", "等次", "同类排名"});
  lxw_row_t row = kHeaderRow + 1;
  for (const auto& r : rollup.rows) {
    sheet.text(row, 0, r.county, f.text);
    sheet.text(row, 1, r.department_id, f.center);
    sheet.text(row, 2, r.department_name, f.text);
    sheet.text(row, 3, r.category, f.text);
    sheet.text(row, 4, r.kind, f.text);
    number_cell(sheet, row, 5, r.composite, f.figure);
    number_cell(sheet, row, 6, r.rank_overall, f.integer);
    number_cell(sheet, row, 7, r.rank_in_category, f.integer);
    sheet.text(row, 8, grade_label(r.grade), f.center);
    number_cell(sheet, row, 9, r.rank_in_kind ? std::to_string(*r.rank_in_kind) : std::string(), f.integer);
    ++row;
  }
  sheet.autofilter(kHeaderRow, row - 1, 9);
  sheet.print_setup();
  sheet.fit_columns();
}

void grades_sheet(Book& book, const Rollup& rollup, const std::string& title) {
  Sheet sheet = book.add_sheet("等次分布");
  const Formats& f = sheet.formats();
  const auto grades = grade_columns();
  const auto counts = grade_counts(rollup);
  const auto last_col = static_cast<lxw_col_t>(grades.size() + 1);
  sheet.title(title + "　各县等次分布", "按县统计各等次的部门数（免评部门不计）", last_col);
  std::vector<const char*> labels{"县（市、区）"};
  for (const auto& g : grades) labels.push_back(g.label.c_str());
  labels.push_back("合计");
  sheet.header(kHeaderRow, labels);
  lxw_row_t row = kHeaderRow + 1;
  for (std::size_t c = 0; c < rollup.counties.size(); ++c) {
    sheet.text(row, 0, rollup.counties[c].manifest.county, f.text);
    int total = 0;
    for (std::size_t g = 0; g < grades.size(); ++g) {
      sheet.number(row, static_cast<lxw_col_t>(g + 1), counts[c][g], f.integer);
      total += counts[c][g];
    }
    sheet.number(row, last_col, total, f.total);
    ++row;
  }
  const lxw_row_t last = row - 1;
  sheet.print_setup();
  sheet.fit_columns(8);

  // A stacked column chart: one column per county, one coloured part per grade.
  lxw_chart* chart = workbook_add_chart(book.get(), LXW_CHART_COLUMN_STACKED);
  static constexpr const char* kTitle = "各县等次分布（部门数）";
  if (chart == nullptr) refuse<ReportError>("LR-R158", kTitle);
  lxw_chart_font title_font = xlsx::chart_font(12, true);
  lxw_chart_font axis_font = xlsx::chart_font(10, false);
  for (std::size_t g = 0; g < grades.size(); ++g) {
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, sheet.name().c_str(), kHeaderRow + 1, 0, last, 0);
    const auto col = static_cast<lxw_col_t>(g + 1);
    chart_series_set_values(series, sheet.name().c_str(), kHeaderRow + 1, col, last, col);
    chart_series_set_name_range(series, sheet.name().c_str(), kHeaderRow, col);
    lxw_chart_fill fill{};
    fill.color = xlsx::kGradeColours[g + 1].font;
    chart_series_set_fill(series, &fill);
  }
  chart_title_set_name(chart, kTitle);
  chart_title_set_name_font(chart, &title_font);
  chart_axis_set_num_font(chart->x_axis, &axis_font);
  chart_axis_set_num_font(chart->y_axis, &axis_font);
  chart_axis_set_min(chart->y_axis, 0);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
  chart_legend_set_font(chart, &axis_font);
  lxw_chart_options opt{};
  opt.x_offset = 10;
  opt.y_offset = 4;
  opt.x_scale = std::max(1.0, static_cast<double>(rollup.counties.size()) / 8.0);
  opt.y_scale = 1.2;
  xlsx::check_chart(worksheet_insert_chart_opt(sheet.get(), kHeaderRow, last_col + 2, chart, &opt), kTitle);
}

void kind_sheet(Book& book, const std::string& kind, const std::vector<const RollupRow*>& rows,
                const std::string& title) {
  Sheet sheet = book.add_sheet("类型-" + kind);
  const Formats& f = sheet.formats();
  sheet.title(title + "　" + kind + "　各县比较",
              fmt::format("{} 个部门，按综合得分排列（同类排名）", rows.size()), 6);
  sheet.header(kHeaderRow,
               {"同类排名", "县（市、区）", "部门名称", "综合得分", "总排名", "序列排名", "等次"});
  lxw_row_t row = kHeaderRow + 1;
  for (const RollupRow* r : rows) {
    number_cell(sheet, row, 0, r->rank_in_kind ? std::to_string(*r->rank_in_kind) : std::string(), f.integer);
    sheet.text(row, 1, r->county, f.text);
    sheet.text(row, 2, r->department_name, f.text);
    number_cell(sheet, row, 3, r->composite, f.figure);
    number_cell(sheet, row, 4, r->rank_overall, f.integer);
    number_cell(sheet, row, 5, r->rank_in_category, f.integer);
    sheet.text(row, 6, grade_label(r->grade), f.center);
    ++row;
  }
  sheet.print_setup();
  sheet.fit_columns();
}

void unplaced_sheet(Book& book, const Rollup& rollup, const std::string& title) {
  Sheet sheet = book.add_sheet("未归类部门");
  const Formats& f = sheet.formats();
  sheet.title(title + "　未归类部门", "数据包和部门类型对照表都没有给出部门类型，不参加同类排名", 3);
  sheet.header(kHeaderRow, {"县（市、区）: 部门编号 部门名称"});
  lxw_row_t row = kHeaderRow + 1;
  for (const auto& u : rollup.unplaced) sheet.text(row++, 0, u, f.text);
  sheet.print_setup();
  sheet.fit_columns();
}

}  // namespace

void write_workbook(const Rollup& rollup, const std::filesystem::path& file) {
  const std::string title = fmt::format(fmt::runtime(package_msg::kCityTitle), rollup.year);
  Book book(file);
  grades_sheet(book, rollup, title);
  ranking_sheet(book, rollup, title);
  for (const auto& [kind, rows] : kinds(rollup)) kind_sheet(book, kind, rows, title);
  if (!rollup.unplaced.empty()) unplaced_sheet(book, rollup, title);
  book.close();
}

}  // namespace review::city
