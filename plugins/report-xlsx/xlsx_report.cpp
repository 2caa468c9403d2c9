// The `xlsx` report plugin: one Excel workbook of a cycle's results (评议结果工作簿),
// for the county leadership and the departments. See README.md beside this file
// for the file name, the sheets and the choices behind them.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"
#include "xlsx_book.hpp"

namespace fs = std::filesystem;

namespace review::xlsx {

namespace {

constexpr lxw_row_t kHeaderRow = 2;  // row 0: title, row 1: subtitle
constexpr lxw_row_t kFirstDataRow = kHeaderRow + 1;
constexpr double kChartHeight = 288;  // libxlsxwriter's default chart height, px

/// The workbook's file name: `<year>年度民主评议行风结果.xlsx`, and a name of its
/// own for the office's copy with the integrity sheet, so that one never
/// overwrites (or is sent out as) the other.
std::string workbook_file_name(int year, bool integrity) {
  return integrity ? fmt::format("{}年度民主评议行风结果（含诚信核查）.xlsx", year)
                   : fmt::format("{}年度民主评议行风结果.xlsx", year);
}

/// Columns a ranking table can show.
enum class Col {
  rank,
  county_rank,
  rank_in_category,
  name,
  category,
  ballot,
  questionnaire,
  daily_work,
  deductions,
  composite,
  grade,
  remarks
};

/// A word of the vocabulary as libxlsxwriter takes it (every Term is over a string literal).
const char* word(const Term& t) { return t.zh.data(); }

const char* header_of(Col c) {
  static constexpr std::array<const char*, 12> kHeaders{
      // Col's order
      "名次",         "全县名次",     "序列名次", "部门名称", "序列", "代表测评得分",
      "群众问卷得分", "日常考核得分", "扣分",     "综合得分", "等次", "提示与备注"};
  return kHeaders.at(static_cast<std::size_t>(c));
}

/// One department as a ranking row.
struct RankRow {
  std::uint32_t index = 0;  ///< into Cycle::departments
  const Department* department = nullptr;
  const DepartmentResult* result = nullptr;  ///< none when the results hold nothing for it
  [[nodiscard]] bool exempt() const { return department->status == DepartmentStatus::exempt; }
  [[nodiscard]] int rank() const { return result != nullptr && !exempt() ? result->rank_overall : 0; }
  [[nodiscard]] int rank_in_category() const {
    return result != nullptr && !exempt() ? result->rank_in_category : 0;
  }
};

/// Where the ranked rows of the 排名 sheet are, for the composite chart.
struct RankingRange {
  lxw_row_t first = 0;
  lxw_row_t last = 0;
  lxw_col_t name_col = 0;
  lxw_col_t composite_col = 0;
  bool empty = true;
};

/// Orders rows as printed: ranked by `rank_of` (ties in the cycle's order), then
/// participating departments without a rank, then exempt departments.
template <class RankOf>
void sort_rows(std::vector<RankRow>& rows, RankOf rank_of) {
  auto group = [&](const RankRow& r) { return r.exempt() ? 2 : rank_of(r) > 0 ? 0 : 1; };
  std::sort(rows.begin(), rows.end(), [&](const RankRow& a, const RankRow& b) {
    if (group(a) != group(b)) return group(a) < group(b);
    if (group(a) == 0 && rank_of(a) != rank_of(b)) return rank_of(a) < rank_of(b);
    return a.index < b.index;
  });
}

/// A commitment's status as the office writes it (承诺兑现情况): its word in the vocabulary
/// (已兑现, 推进中, 未兑现); any other text (a cycle stored before statuses were checked) as it is.
std::string commitment_status_zh(const Commitment& c) {
  const auto status = c.kept_status();
  return status ? std::string(label_zh(*status)) : c.status;
}

class WorkbookWriter {
 public:
  WorkbookWriter(const ReportInput& in, const ReportOptions& options, const fs::path& file)
      : in_(in), options_(options), book_(file) {
    collect_rows();
    title_ = in.cycle.info.name.empty() ? fmt::format("{}年度民主评议行风", in.cycle.info.year)
                                        : xml_safe_text(in.cycle.info.name);
    as_of_ = in.cycle.info.as_of.to_string();
  }

  void write() {
    set_properties();
    const RankingRange ranked = ranking_sheet();
    category_sheets();
    summary_sheet(ranked);
    year_over_year_sheet();
    rectification_sheet();
    complaint_sheet();
    commitment_sheet();
    if (options_.include_integrity) integrity_sheet();
    book_.close();
  }

 private:
  // ---- data ------------------------------------------------------------------

  void collect_rows() {
    const auto& departments = in_.cycle.departments;
    std::vector<const DepartmentResult*> by_department(departments.size(), nullptr);
    for (const auto& r : in_.results.departments) {
      if (r.department >= departments.size())
        refuse<ReportError>("LR-R154", r.department, departments.size());
      by_department[r.department] = &r;
    }
    rows_.reserve(departments.size());
    for (std::uint32_t i = 0; i < departments.size(); ++i) {
      rows_.push_back({i, &departments[i], by_department[i]});
      if (std::find(categories_.begin(), categories_.end(), departments[i].category) == categories_.end())
        categories_.push_back(departments[i].category);
    }
  }

  /// The department's name for a ledger row, or the id as given when it is unknown.
  [[nodiscard]] const std::string& department_name(const std::string& id) const {
    const auto i = in_.cycle.department_index(id);
    return i ? in_.cycle.departments[*i].name : id;
  }
  /// Ledger order: by department in the cycle's order (unknown ones last), then as given.
  template <class Item>
  [[nodiscard]] std::vector<const Item*> by_department(const std::vector<Item>& items) const {
    std::vector<std::pair<std::uint32_t, const Item*>> keyed;
    keyed.reserve(items.size());
    for (const auto& item : items)
      keyed.emplace_back(in_.cycle.department_index(item.department_id).value_or(UINT32_MAX), &item);
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const Item*> out;
    out.reserve(keyed.size());
    for (const auto& k : keyed) out.push_back(k.second);
    return out;
  }

  [[nodiscard]] std::string profile_label() const {
    return in_.profile.name.empty() ? in_.results.profile : in_.profile.name;
  }

  [[nodiscard]] std::string subtitle(std::string_view what) const {
    return fmt::format("{}　　截至 {}", what, as_of_);
  }

  void set_properties() {
    std::string title = title_ + "结果";
    std::string subject = "民主评议行风结果";
    std::string author = "libreview";
    std::string comments = xml_safe_text(fmt::format(
        "{}，地区方案“{}”，截至{}", scoring_rule_label(in_.results.rule), profile_label(), as_of_));
    lxw_doc_properties props{};
    props.title = title.data();
    props.subject = subject.data();
    props.author = author.data();
    props.comments = comments.data();
    if (workbook_set_properties(book_.get(), &props) != LXW_NO_ERROR) refuse<ReportError>("LR-R156");
  }

  // ---- ranking tables ----------------------------------------------------------

  [[nodiscard]] std::string remarks(const RankRow& row) const {
    if (row.exempt())
      return row.department->exempt_reason.empty() ? "免评" : "免评：" + row.department->exempt_reason;
    std::string out;
    if (row.result == nullptr || row.rank() == 0) out = "未排名";
    if (row.result != nullptr)
      for (const auto& flag : row.result->flags) {
        if (!out.empty()) out += "、";
        out += label_zh(TermFamily::flag, flag);
      }
    return out;
  }

  /// Writes the header and rows of a ranking table from kHeaderRow; returns the last row written.
  lxw_row_t ranking_table(Sheet& sheet, const std::vector<RankRow>& rows, const std::vector<Col>& cols) {
    const Formats& f = sheet.formats();
    std::vector<const char*> labels;
    for (Col c : cols) labels.push_back(header_of(c));
    sheet.header(kHeaderRow, labels);
    sheet.cap_column(static_cast<lxw_col_t>(cols.size() - 1), 40);  // remarks, last
    lxw_row_t r = kFirstDataRow;
    for (const RankRow& row : rows) {
      const DepartmentResult* res = row.exempt() ? nullptr : row.result;
      for (lxw_col_t c = 0; c < cols.size(); ++c) {
        switch (cols[c]) {
          case Col::rank:
          case Col::county_rank:
            if (row.exempt())
              sheet.text(r, c, "免评", f.center);
            else if (row.rank() > 0)
              sheet.number(r, c, row.rank(), f.integer);
            else
              sheet.blank(r, c, f.integer);
            break;
          case Col::rank_in_category:
            if (row.rank_in_category() > 0)
              sheet.number(r, c, row.rank_in_category(), f.integer);
            else
              sheet.blank(r, c, f.integer);
            break;
          case Col::name:
            sheet.text(r, c, row.department->name, f.text);
            break;
          case Col::category:
            sheet.text(r, c, row.department->category, f.text);
            break;
          case Col::ballot:
            sheet.number_or_blank(r, c, figure(res, &DepartmentResult::ballot_score), f.figure);
            break;
          case Col::questionnaire:
            sheet.number_or_blank(r, c, figure(res, &DepartmentResult::questionnaire_score), f.figure);
            break;
          case Col::daily_work:
            sheet.number_or_blank(r, c, figure(res, &DepartmentResult::daily_work_score), f.figure);
            break;
          case Col::deductions:
            if (res != nullptr)
              sheet.number(r, c, round_half_away(res->deductions), f.figure);
            else
              sheet.blank(r, c, f.figure);
            break;
          case Col::composite:
            sheet.number_or_blank(r, c, figure(res, &DepartmentResult::composite), f.figure);
            break;
          case Col::grade:
            if (res != nullptr && res->grade != Grade::none)
              sheet.text(r, c, word(term(res->grade)), f.center);
            else
              sheet.blank(r, c, f.center);
            break;
          case Col::remarks:
            sheet.wrapped_text(r, c, remarks(row), f.wrap);
            break;
        }
      }
      ++r;
    }
    const lxw_row_t last = rows.empty() ? kHeaderRow : r - 1;
    const auto grade_col =
        static_cast<lxw_col_t>(std::find(cols.begin(), cols.end(), Col::grade) - cols.begin());
    if (!rows.empty() && grade_col < cols.size()) grade_colours(sheet, kFirstDataRow, last, grade_col);
    sheet.autofilter(kHeaderRow, last, static_cast<lxw_col_t>(cols.size() - 1));
    sheet.fit_columns();
    sheet.print_setup();
    return last;
  }

  /// A printed figure (rounded half away from zero to 2 decimals) of an optional score.
  static std::optional<double> figure(const DepartmentResult* res,
                                      std::optional<double> DepartmentResult::*field) {
    if (res == nullptr || !(res->*field)) return std::nullopt;
    return round_half_away(*(res->*field));
  }

  /// Colours the grade column by its text (优秀 green, 良好 blue, 一般 amber, 较差 red).
  void grade_colours(Sheet& sheet, lxw_row_t first, lxw_row_t last, lxw_col_t col) {
    for (const Grade g : kGrades) {
      std::string quoted = fmt::format("\"{}\"", term(g).zh);
      lxw_conditional_format cf{};
      cf.type = LXW_CONDITIONAL_TYPE_CELL;
      cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
      cf.value_string = quoted.data();
      cf.format = sheet.formats().grade[static_cast<int>(g)];
      const lxw_error err = worksheet_conditional_format_range(sheet.get(), first, col, last, col, &cf);
      if (err != LXW_NO_ERROR) refuse<ReportError>("LR-R157", sheet.name(), lxw_strerror(err));
    }
  }

  RankingRange ranking_sheet() {
    Sheet sheet = book_.add_sheet("排名");
    std::vector<RankRow> rows = rows_;
    sort_rows(rows, [](const RankRow& r) { return r.rank(); });
    const std::vector<Col> cols{Col::rank,      Col::name,          Col::category,   Col::rank_in_category,
                                Col::ballot,    Col::questionnaire, Col::daily_work, Col::deductions,
                                Col::composite, Col::grade,         Col::remarks};
    const std::size_t exempt = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const RankRow& r) { return r.exempt(); }));
    sheet.title(title_ + "　综合排名",
                subtitle(fmt::format("参评部门 {} 个，免评 {} 个　　{}　地区方案“{}”", rows.size() - exempt,
                                     exempt, scoring_rule_label(in_.results.rule), profile_label())),
                static_cast<lxw_col_t>(cols.size() - 1));
    ranking_table(sheet, rows, cols);
    worksheet_activate(sheet.get());

    RankingRange range;
    range.name_col = 1;
    range.composite_col = 8;
    const auto ranked = static_cast<lxw_row_t>(
        std::count_if(rows.begin(), rows.end(), [](const RankRow& r) { return r.rank() > 0; }));
    range.empty = ranked == 0;
    range.first = kFirstDataRow;
    range.last = kFirstDataRow + (ranked == 0 ? 0 : ranked - 1);
    return range;
  }

  void category_sheets() {
    const std::vector<Col> cols{
        Col::rank_in_category, Col::county_rank, Col::name,      Col::ballot, Col::questionnaire,
        Col::daily_work,       Col::deductions,  Col::composite, Col::grade,  Col::remarks};
    for (const std::string& category : categories_) {
      std::vector<RankRow> rows;
      for (const RankRow& r : rows_)
        if (r.department->category == category) rows.push_back(r);
      sort_rows(rows, [](const RankRow& r) { return r.rank_in_category(); });
      const std::string shown = category.empty() ? "未分类" : category;
      Sheet sheet = book_.add_sheet(shown);
      sheet.title(fmt::format("{}　{}序列排名", title_, shown),
                  subtitle(fmt::format("本序列 {} 个部门", rows.size())),
                  static_cast<lxw_col_t>(cols.size() - 1));
      ranking_table(sheet, rows, cols);
    }
  }

  // ---- summary and charts ------------------------------------------------------

  void summary_sheet(const RankingRange& ranked) {
    Sheet sheet = book_.add_sheet("统计");
    const Formats& f = sheet.formats();
    sheet.title(title_ + "　等次分布", subtitle("按等次统计参评部门"), 12);
    sheet.header(kHeaderRow, {"等次", "部门数", "占参评部门"});
    std::int64_t counts[5] = {0, 0, 0, 0, 0};
    std::int64_t scored = 0, unranked = 0, exempt = 0;
    for (const RankRow& row : rows_) {
      if (row.exempt())
        ++exempt;
      else if (row.result == nullptr || row.rank() == 0)
        ++unranked;
      if (row.exempt() || row.result == nullptr || row.rank() == 0) continue;
      ++scored;
      ++counts[static_cast<int>(row.result->grade)];
    }
    lxw_row_t r = kFirstDataRow;
    for (const Grade g : kGrades) {
      const auto count = static_cast<double>(counts[static_cast<int>(g)]);
      sheet.text(r, 0, word(term(g)), f.center);
      sheet.number(r, 1, count, f.integer);
      if (scored > 0)
        sheet.number(r, 2, count / static_cast<double>(scored), f.percent);
      else
        sheet.blank(r, 2, f.percent);
      ++r;
    }
    grade_colours(sheet, kFirstDataRow, r - 1, 0);
    const lxw_row_t last_grade = r - 1;
    sheet.text(r, 0, "参评合计", f.total_label);
    sheet.number(r, 1, static_cast<double>(scored), f.total);
    sheet.blank(r, 2, f.percent);
    if (unranked > 0) {
      ++r;
      sheet.text(r, 0, "未排名", f.center);
      sheet.number(r, 1, static_cast<double>(unranked), f.integer);
      sheet.blank(r, 2, f.percent);
    }
    ++r;
    sheet.text(r, 0, "免评", f.center);
    sheet.number(r, 1, static_cast<double>(exempt), f.integer);
    sheet.blank(r, 2, f.percent);
    sheet.fit_columns(12);
    sheet.print_setup();

    grade_chart(sheet, kFirstDataRow, last_grade);
    if (!ranked.empty) composite_chart(sheet, ranked);
  }

  /// A column chart of departments per grade, each column in its grade's colour.
  void grade_chart(Sheet& sheet, lxw_row_t first, lxw_row_t last) {
    lxw_chart* chart = workbook_add_chart(book_.get(), LXW_CHART_COLUMN);
    static constexpr const char* kTitle = "等次分布（部门数）";
    if (chart == nullptr) refuse<ReportError>("LR-R158", kTitle);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, sheet.name().c_str(), first, 0, last, 0);
    chart_series_set_values(series, sheet.name().c_str(), first, 1, last, 1);
    chart_series_set_name(series, "部门数");
    lxw_chart_fill fills[4]{};
    lxw_chart_point points[4]{};
    lxw_chart_point* point_list[5] = {&points[0], &points[1], &points[2], &points[3], nullptr};
    for (int g = 1; g < 5; ++g) {
      fills[g - 1].color = kGradeColours[g].font;
      points[g - 1].fill = &fills[g - 1];
    }
    check_chart(chart_series_set_points(series, point_list), kTitle);
    chart_series_set_labels(series);
    lxw_chart_font title_font = chart_font(12, true);
    lxw_chart_font axis_font = chart_font(10, false);
    chart_title_set_name(chart, kTitle);
    chart_title_set_name_font(chart, &title_font);
    chart_axis_set_num_font(chart->x_axis, &axis_font);
    chart_axis_set_num_font(chart->y_axis, &axis_font);
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_major_unit(chart->y_axis, 1);
    chart_series_set_labels_font(series, &axis_font);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt{};
    opt.x_offset = 10;
    opt.y_offset = 4;
    opt.x_scale = 1;
    opt.y_scale = 1;
    check_chart(worksheet_insert_chart_opt(sheet.get(), kHeaderRow, 4, chart, &opt), kTitle);
  }

  /// A bar chart of composite scores by department in ranking order, first place on top.
  void composite_chart(Sheet& sheet, const RankingRange& ranked) {
    lxw_chart* chart = workbook_add_chart(book_.get(), LXW_CHART_BAR);
    static constexpr const char* kTitle = "各部门综合得分（按名次）";
    if (chart == nullptr) refuse<ReportError>("LR-R158", kTitle);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, "排名", ranked.first, ranked.name_col, ranked.last, ranked.name_col);
    chart_series_set_values(series, "排名", ranked.first, ranked.composite_col, ranked.last,
                            ranked.composite_col);
    chart_series_set_name(series, "综合得分");
    lxw_chart_fill fill{};
    fill.color = 0x4472C4;
    chart_series_set_fill(series, &fill);
    chart_series_set_labels(series);
    chart_series_set_labels_num_format(series, "0.00");
    lxw_chart_font title_font = chart_font(12, true);
    lxw_chart_font axis_font = chart_font(9, false);
    chart_series_set_labels_font(series, &axis_font);
    chart_title_set_name(chart, kTitle);
    chart_title_set_name_font(chart, &title_font);
    chart_axis_set_num_font(chart->x_axis, &axis_font);
    chart_axis_set_num_font(chart->y_axis, &axis_font);
    // In a bar chart the y axis holds the categories (vertical) and the x axis the values.
    chart_axis_set_reverse(chart->y_axis);  // first place on top
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 100);
    chart_axis_set_major_unit(chart->x_axis, 10);
    chart_axis_set_num_format(chart->x_axis, "0");
    chart_set_series_gap(chart, 60);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    const double departments = ranked.last - ranked.first + 1;
    lxw_chart_options opt{};
    opt.y_offset = kChartHeight + 24;                                     // below the grade chart
    opt.x_scale = 2.0;                                                    // 960 px wide
    opt.y_scale = std::max(1.0, (departments * 22 + 90) / kChartHeight);  // about 22 px a department
    check_chart(worksheet_insert_chart_opt(sheet.get(), kHeaderRow, 0, chart, &opt), kTitle);
  }

  // ---- year over year -------------------------------------------------------------

  /// 较上年: each department ranked in both years, sequence by sequence, with a chart per
  /// sequence of last year's composite beside this year's. Only when the store held an
  /// earlier cycle (results' previous_*).
  void year_over_year_sheet() {
    int previous_year = 0;
    for (const RankRow& r : rows_)
      if (r.result != nullptr && r.result->previous_year != 0) previous_year = r.result->previous_year;
    if (previous_year == 0) return;
    Sheet sheet = book_.add_sheet("较上年");
    const Formats& f = sheet.formats();
    constexpr lxw_col_t kLast = 8;
    sheet.title(fmt::format("{}　与{}年度比较", title_, previous_year),
                subtitle("名次变化为正表示名次上升；两年均参加排名的部门"), kLast);
    sheet.header(kHeaderRow, {"序列", "部门", "上年综合得分", "本年综合得分", "上年名次", "本年名次",
                              "名次变化", "上年等次", "本年等次"});
    lxw_row_t r = kFirstDataRow;
    struct Block {
      std::string category;
      lxw_row_t first;
      lxw_row_t last;
    };
    std::vector<Block> blocks;
    for (const std::string& category : categories_) {
      std::vector<RankRow> rows;
      for (const RankRow& row : rows_)
        if (row.department->category == category && row.result != nullptr && row.result->rank_change())
          rows.push_back(row);
      if (rows.empty()) continue;
      sort_rows(rows, [](const RankRow& x) { return x.rank_in_category(); });
      const lxw_row_t first = r;
      for (const RankRow& row : rows) {
        const DepartmentResult& x = *row.result;
        sheet.text(r, 0, category, f.text);
        sheet.text(r, 1, row.department->name, f.text);
        sheet.number_or_blank(r, 2, figure(row.result, &DepartmentResult::previous_composite), f.figure);
        sheet.number_or_blank(r, 3, figure(row.result, &DepartmentResult::composite), f.figure);
        sheet.number(r, 4, x.previous_rank_overall, f.integer);
        sheet.number(r, 5, x.rank_overall, f.integer);
        sheet.number(r, 6, *x.rank_change(), f.integer);
        sheet.text(r, 7, std::string(label_zh(x.previous_grade)), f.center);
        sheet.text(r, 8, std::string(label_zh(x.grade)), f.center);
        ++r;
      }
      blocks.push_back({category, first, r - 1});
    }
    sheet.autofilter(kHeaderRow, r == kFirstDataRow ? kHeaderRow : r - 1, kLast);
    sheet.fit_columns();
    sheet.print_setup();
    // A chart per sequence, to the right of the table, one under the other.
    double y = 0;
    for (const Block& b : blocks) {
      lxw_chart* chart = workbook_add_chart(book_.get(), LXW_CHART_BAR);
      const std::string title = fmt::format("{}：{}年度与本年度综合得分", b.category, previous_year);
      if (chart == nullptr) refuse<ReportError>("LR-R158", title);
      const std::pair<lxw_col_t, const char*> series_of[] = {{2, "上年"}, {3, "本年"}};
      const lxw_color_t fills[] = {0xA5A5A5, 0x4472C4};
      lxw_chart_font axis_font = chart_font(9, false);
      for (int i = 0; i < 2; ++i) {
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(series, "较上年", b.first, 1, b.last, 1);
        chart_series_set_values(series, "较上年", b.first, series_of[i].first, b.last, series_of[i].first);
        chart_series_set_name(series, series_of[i].second);
        lxw_chart_fill fill{};
        fill.color = fills[i];
        chart_series_set_fill(series, &fill);
      }
      lxw_chart_font title_font = chart_font(12, true);
      chart_title_set_name(chart, title.c_str());
      chart_title_set_name_font(chart, &title_font);
      chart_axis_set_num_font(chart->x_axis, &axis_font);
      chart_axis_set_num_font(chart->y_axis, &axis_font);
      chart_axis_set_reverse(chart->y_axis);
      chart_axis_set_min(chart->x_axis, 0);
      chart_axis_set_max(chart->x_axis, 100);
      chart_axis_set_major_unit(chart->x_axis, 20);
      chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
      chart_legend_set_font(chart, &axis_font);
      const double departments = b.last - b.first + 1;
      lxw_chart_options opt{};
      opt.x_offset = 10;
      opt.y_offset = static_cast<std::int32_t>(y);
      opt.x_scale = 1.3;
      opt.y_scale = std::max(1.0, (departments * 30 + 110) / kChartHeight);
      check_chart(worksheet_insert_chart_opt(sheet.get(), kHeaderRow, kLast + 2, chart, &opt), title.c_str());
      y += opt.y_scale * kChartHeight + 16;
    }
  }

  // ---- ledgers ------------------------------------------------------------------

  void rectification_sheet() {
    Sheet sheet = book_.add_sheet("整改台账");
    const Formats& f = sheet.formats();
    const auto items = by_department(in_.cycle.rectifications);
    const Date as_of = in_.cycle.info.judged_on();
    const auto overdue_count = std::count_if(items.begin(), items.end(),
                                             [&](const RectificationItem* it) { return it->overdue(as_of); });
    const auto closed = std::count_if(items.begin(), items.end(), [](const RectificationItem* it) {
      return it->status == RectificationStatus::verified;
    });
    constexpr lxw_col_t kLast = 9;
    sheet.title(title_ + "　整改台账",
                subtitle(fmt::format("共 {} 项，已销号 {} 项，逾期未整改 {} 项（红色）", items.size(), closed,
                                     overdue_count)),
                kLast);
    sheet.header(kHeaderRow, {"编号", "部门", "来源", "来源编号", "问题类别", "整改内容", "整改时限", "状态",
                              "销号日期", "逾期"});
    sheet.cap_column(5, 50);
    lxw_row_t r = kFirstDataRow;
    for (const auto* it : items) {
      const bool late = it->overdue(as_of);
      const RowFormats row = f.row(late);
      sheet.text(r, 0, it->id, row.text);
      sheet.text(r, 1, department_name(it->department_id), row.text);
      sheet.text(r, 2, word(term(it->source)), row.center);
      sheet.text(r, 3, it->source_ref, row.text);
      sheet.text(r, 4, it->category, row.text);
      sheet.wrapped_text(r, 5, it->description, row.wrap);
      sheet.date_or_blank(r, 6, it->deadline, row.date);
      sheet.text(r, 7, word(term(it->status)), row.center);
      sheet.date_or_blank(r, 8, it->closed_on, row.date);
      sheet.text(r, 9, std::string(late ? "逾期" : ""), row.center);
      ++r;
    }
    finish_ledger(sheet, r, kLast);
  }

  /// The complaints' ledger. Their summaries (摘要) can name a complainant: only the office's
  /// own copy (the integrity workbook) keeps them; the departments' workbook leaves the column out,
  /// as the letters do.
  void complaint_sheet() {
    Sheet sheet = book_.add_sheet("投诉台账");
    const Formats& f = sheet.formats();
    const auto items = by_department(in_.cycle.complaints);
    const Date as_of = in_.cycle.info.judged_on();
    const auto substantiated =
        std::count_if(items.begin(), items.end(), [](const Complaint* c) { return c->substantiated; });
    const auto late_count =
        std::count_if(items.begin(), items.end(), [&](const Complaint* c) { return c->overdue(as_of); });
    const bool summaries = options_.include_integrity;
    const lxw_col_t last = summaries ? 9 : 8;
    sheet.title(title_ + "　投诉台账",
                subtitle(fmt::format("共 {} 件，属实 {} 件，逾期未办结 {} 件（红色）", items.size(),
                                     substantiated, late_count)),
                last);
    std::vector<const char*> header{"编号",     "部门",     "受理日期", "来源",
                                    "问题类别", "是否属实", "办结时限", "办结日期"};
    if (summaries) header.push_back("摘要");
    header.push_back("逾期");
    sheet.header(kHeaderRow, header);
    if (summaries) sheet.cap_column(8, 50);
    lxw_row_t r = kFirstDataRow;
    for (const auto* c : items) {
      const bool late = c->overdue(as_of);
      const RowFormats row = f.row(late);
      sheet.text(r, 0, c->id, row.text);
      sheet.text(r, 1, department_name(c->department_id), row.text);
      sheet.date_or_blank(r, 2, c->received_on, row.date);
      sheet.text(r, 3, word(term(c->channel)), row.center);
      sheet.text(r, 4, c->category, row.text);
      sheet.text(r, 5, c->substantiated ? "属实" : "不属实", row.center);
      sheet.date_or_blank(r, 6, c->due_on, row.date);
      sheet.date_or_blank(r, 7, c->closed_on, row.date);
      if (summaries) sheet.wrapped_text(r, 8, c->summary, row.wrap);
      sheet.text(r, last, std::string(late ? "逾期未办结" : ""), row.center);
      ++r;
    }
    finish_ledger(sheet, r, last);
  }

  void commitment_sheet() {
    Sheet sheet = book_.add_sheet("公开承诺");
    const Formats& f = sheet.formats();
    const auto items = by_department(in_.cycle.commitments);
    constexpr lxw_col_t kLast = 6;
    sheet.title(title_ + "　公开承诺", subtitle(fmt::format("共 {} 项", items.size())), kLast);
    sheet.header(kHeaderRow, {"编号", "部门", "承诺内容", "公开日期", "公开渠道", "完成时限", "状态"});
    sheet.cap_column(2, 60);
    lxw_row_t r = kFirstDataRow;
    for (const auto* c : items) {
      sheet.text(r, 0, c->id, f.text);
      sheet.text(r, 1, department_name(c->department_id), f.text);
      sheet.wrapped_text(r, 2, c->text, f.wrap);
      sheet.date_or_blank(r, 3, c->published_on, f.date);
      sheet.text(r, 4, c->channel, f.text);
      sheet.date_or_blank(r, 5, c->due_on, f.date);
      sheet.text(r, 6, commitment_status_zh(*c), f.center);
      ++r;
    }
    finish_ledger(sheet, r, kLast);
  }

  /// The office's integrity sheet (诚信核查): representative-level flags by pseudonymous code.
  void integrity_sheet() {
    Sheet sheet = book_.add_sheet("诚信核查");
    const Formats& f = sheet.formats();
    std::vector<const Flag*> flags;
    for (const auto& flag : in_.results.flags)
      if (about_a_rater(flag.subject_kind)) flags.push_back(&flag);
    std::stable_sort(flags.begin(), flags.end(), [](const Flag* a, const Flag* b) {
      return std::tie(a->subject_id, a->flag) < std::tie(b->subject_id, b->flag);
    });
    constexpr lxw_col_t kLast = 4;
    sheet.title(title_ + "　诚信核查", "内部材料：仅供评议办核查，不得发给部门或对外公开", kLast, f.note);
    sheet.header(kHeaderRow, {"代表编号", "界别", "是否培训", "提示", "说明"});
    sheet.cap_column(4, 60);
    lxw_row_t r = kFirstDataRow;
    for (const Flag* flag : flags) {
      const auto rep = flag->subject_kind == SubjectKind::representative
                           ? in_.cycle.representative_index(flag->subject_id)
                           : std::nullopt;
      sheet.text(r, 0, flag->subject_id, f.center);
      if (rep) {
        const Representative& p = in_.cycle.representatives[*rep];
        sheet.text(r, 1, p.sector, f.text);
        sheet.text(r, 2, p.trained ? "是" : "否", f.center);
      } else {
        sheet.blank(r, 1, f.text);
        sheet.blank(r, 2, f.center);
      }
      sheet.text(r, 3, word(term(TermFamily::flag, flag->flag)), f.text);
      sheet.wrapped_text(r, 4, flag->detail, f.wrap);
      ++r;
    }
    finish_ledger(sheet, r, kLast);
  }

  /// Autofilter, widths, row heights and print setup of a ledger whose rows end before `end_row`.
  static void finish_ledger(Sheet& sheet, lxw_row_t end_row, lxw_col_t last_col) {
    sheet.autofilter(kHeaderRow, end_row == kFirstDataRow ? kHeaderRow : end_row - 1, last_col);
    sheet.fit_columns();
    sheet.print_setup();
  }

  const ReportInput& in_;
  const ReportOptions& options_;
  Book book_;
  std::vector<RankRow> rows_;            ///< every department, in the cycle's order
  std::vector<std::string> categories_;  ///< sector sequences, in order of first appearance
  std::string title_;
  std::string as_of_;
};

/// The `xlsx` report writer.
class XlsxReportWriter final : public ReportWriter {
 public:
  std::vector<ReportOption> options() const override {
    return {{"integrity",
             OptionType::boolean,
             "加入行评办内部的“诚信核查”工作表（评议代表层面的提示），另存为“含诚信核查”工作簿",
             "add the office's integrity sheet (representative flags), in a workbook of its own name "
             "(含诚信核查)",
             "false",
             {},
             false}};
  }

  std::vector<fs::path> write(const ReportInput& input, const fs::path& out_dir,
                              const ReportOptions& options) const override {
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) refuse<ReportError>("LR-R112", out_dir.string(), ec.message());
    AtomicFile file(out_dir / fs::path(workbook_file_name(input.cycle.info.year, options.include_integrity)));
    WorkbookWriter(input, options, file.temp_path()).write();
    file.commit();
    return {file.final_path()};
  }
};

std::unique_ptr<Plugin> make_writer() { return std::make_unique<XlsxReportWriter>(); }

}  // namespace

}  // namespace review::xlsx

LIBREVIEW_PLUGIN("report", "xlsx", "1.0.0", "Excel workbook: ranking, sequences, ledgers, charts",
                 review::xlsx::make_writer)
