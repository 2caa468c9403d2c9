// 数据录入表.xlsx (office-year.md 1.4): one sheet per table with the Chinese headers the
// importer reads, drop-down lists, date validation, input prompts and frozen headers; the
// roster filled in; the 测评表 sheet pre-numbered; a 说明 sheet first.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "forms/forms_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "libreview/vocabulary.hpp"
#include "xlsx_book.hpp"

namespace review::forms {
namespace {

using xlsx::Book;
using xlsx::Sheet;

/// What a column takes, for its validation and its cell format.
enum class Kind { text, code, date, score, department, representative, words };

struct ColumnRule {
  Kind kind = Kind::text;
  std::vector<std::string> words;  ///< Kind::words: the drop-down's entries
  std::string prompt;              ///< the input prompt (输入信息)
};

std::vector<std::string> labels(TermFamily family) {
  std::vector<std::string> out;
  for (const auto& t : terms(family)) out.emplace_back(t.zh);
  return out;
}

/// The rule of `column` of `table`: how the office keys it.
ColumnRule rule_of(std::string_view table, std::string_view column, const Roster& r) {
  auto words = [](std::vector<std::string> w, std::string prompt) {
    return ColumnRule{Kind::words, std::move(w), std::move(prompt)};
  };
  if (column == "department_id") return {Kind::department, {}, "从下拉列表选择部门编号（见“部门”表）。"};
  if (column == "representative_id")
    return {Kind::representative, {}, "从下拉列表选择代表编号（见“评议代表”表）。"};
  if (column.ends_with("_on") || column == "deadline" || column == "date")
    return {Kind::date, {}, "输入日期，如 2017-5-15、2017/5/15 或 2017年5月15日。"};
  if (column == "score" || column == "expected_score") return {Kind::score, {}, "0～100 的分数，可带小数。"};
  if (column == "substantiated" || column == "trained") return words({"是", "否"}, "选择“是”或“否”。");
  if (table == "departments" && column == "status")
    return words(labels(TermFamily::department_status), "参评或免评；免评的请填免评原因。");
  if (table == "departments" && column == "category") {
    std::vector<std::string> seq;
    for (const auto& s : r.sequences) seq.push_back(s.name);
    return words(seq, "部门所属的评议序列（类别），名次在序列内排定。");
  }
  if (table == "complaints" && column == "channel")
    return words(labels(TermFamily::complaint_channel), "投诉来源：从下拉列表选择。");
  if (table == "rectifications" && column == "source")
    return words(labels(TermFamily::rectification_source), "整改事项的来源：从下拉列表选择。");
  if (table == "rectifications" && column == "status")
    return words(labels(TermFamily::rectification_status), "整改状态：从下拉列表选择。");
  if (table == "commitments" && column == "status")
    return words(labels(TermFamily::commitment_status), "承诺兑现情况：从下拉列表选择。");
  if (table == "activities" && column == "kind")
    return words(labels(TermFamily::activity_kind), "三联系一走访的类型：从下拉列表选择。");
  if (table == "surveys" && column == "site_kind")
    return words(labels(TermFamily::site_kind), "调查地点类型：从下拉列表选择。");
  if (column == "sector" && !r.sectors.empty()) return words(r.sectors, "评议代表的界别。");
  if (column == "id" || column == "source_ref" || column == "rectification_id" || column == "sheet_no" ||
      column == "response_id" || column == "hotline")
    return {Kind::code, {}, {}};
  return {};
}

/// Cell formats of the entry sheets, made once.
struct EntryFormats {
  lxw_format* code;     ///< text (`@`): 001 stays 001
  lxw_format* date;     ///< yyyy-mm-dd
  lxw_format* score;    ///< 0.00
  lxw_format* rating;   ///< centred
  lxw_format* header;   ///< the header row: bold, shaded, wrapped
  lxw_format* note;     ///< the 说明 sheet's lines: wrapped
  lxw_format* heading;  ///< the 说明 sheet's title
};

EntryFormats make_formats(Book& book) {
  EntryFormats f{};
  f.code = book.new_format();
  format_set_num_format(f.code, "@");
  f.date = book.new_format();
  format_set_num_format(f.date, "yyyy-mm-dd");
  format_set_align(f.date, LXW_ALIGN_CENTER);
  f.score = book.new_format();
  format_set_num_format(f.score, "0.00");
  f.rating = book.new_format();
  format_set_align(f.rating, LXW_ALIGN_CENTER);
  f.header = book.formats().header;
  f.note = book.new_format();
  format_set_text_wrap(f.note);
  format_set_align(f.note, LXW_ALIGN_VERTICAL_TOP);
  f.heading = book.new_format();
  format_set_bold(f.heading);
  format_set_font_size(f.heading, 14);
  return f;
}

void check(lxw_error err, const std::string& sheet, const char* what) {
  if (err != LXW_NO_ERROR) throw ReportError(message("LR-R117", sheet, what, lxw_strerror(err)), "LR-R117");
}

/// A data validation over rows first..last of column col (0-based), with the prompt shown.
class Validation {
 public:
  Validation(std::string title, std::string prompt) : title_(std::move(title)), prompt_(std::move(prompt)) {
    dv_.show_input = prompt_.empty() ? LXW_VALIDATION_OFF : LXW_VALIDATION_ON;
    dv_.input_title = prompt_.empty() ? nullptr : title_.data();
    dv_.input_message = prompt_.empty() ? nullptr : prompt_.data();
    dv_.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv_.error_title = error_title_.data();
  }
  Validation& list(const std::vector<std::string>& words) {
    items_ = words;
    pointers_.clear();
    for (auto& w : items_) pointers_.push_back(w.data());
    pointers_.push_back(nullptr);
    dv_.validate = LXW_VALIDATION_TYPE_LIST;
    dv_.value_list = pointers_.data();
    error_ = "请从下拉列表中选择。";
    return *this;
  }
  /// A drop-down of a range of another sheet. libxlsxwriter 1.1.5 keeps a copy of the formula
  /// it never frees (about 20 bytes per validation; tests/lsan-python.supp names it).
  Validation& list_formula(std::string formula) {
    formula_ = std::move(formula);
    dv_.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv_.value_formula = formula_.data();
    error_ = "请从下拉列表中选择。";
    return *this;
  }
  Validation& dates() {
    dv_.validate = LXW_VALIDATION_TYPE_DATE;
    dv_.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv_.minimum_datetime = lxw_datetime{1990, 1, 1, 0, 0, 0};
    dv_.maximum_datetime = lxw_datetime{2099, 12, 31, 0, 0, 0};
    error_ = "请输入日期，如 2017-5-15。";
    return *this;
  }
  Validation& between(double low, double high) {
    dv_.validate = LXW_VALIDATION_TYPE_DECIMAL;
    dv_.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    dv_.minimum_number = low;
    dv_.maximum_number = high;
    error_ = "请输入 0～100 的数。";
    return *this;
  }
  void apply(const Sheet& sheet, lxw_row_t first, lxw_row_t last, lxw_col_t first_col, lxw_col_t last_col) {
    dv_.error_message = error_.data();
    check(worksheet_data_validation_range(sheet.get(), first, first_col, last, last_col, &dv_), sheet.name(),
          "数据验证");
  }

 private:
  lxw_data_validation dv_{};
  std::string title_, prompt_, error_, formula_;
  std::string error_title_ = "输入有误";
  std::vector<std::string> items_;
  std::vector<char*> pointers_;
};

/// `'部门'!$A$2:$A$54`: the first column of `sheet`'s rows 2..last_row (1-based).
std::string column_range(std::string_view sheet, std::size_t last_row) {
  return fmt::format("='{}'!$A$2:$A${}", sheet, std::max<std::size_t>(last_row, 2));
}

struct Lists {
  std::string departments;      ///< the 部门 sheet's ids
  std::string representatives;  ///< the 评议代表 sheet's ids
};

/// A table's sheet: the Chinese header row, column formats and validations for `rows` rows.
/// Returns the sheet for the caller to fill.
Sheet table_sheet(Book& book, const EntryFormats& f, const InputTable& t, const Roster& r, const Lists& lists,
                  std::size_t rows) {
  Sheet sheet = book.add_sheet(t.alias);
  const auto last = static_cast<lxw_row_t>(rows);
  for (lxw_col_t c = 0; c < t.columns.size(); ++c) {
    const auto& col = t.columns[c];
    sheet.text(0, c, std::string(col.alias), f.header);
    const ColumnRule rule = rule_of(t.name, col.name, r);
    lxw_format* format = nullptr;
    double width = std::max(10.0, 2.0 * static_cast<double>(display_width(col.alias)) / 2 + 4);
    Validation v(std::string(col.alias), rule.prompt);
    bool validated = true;
    switch (rule.kind) {
      case Kind::text:
        validated = false;
        if (col.name == "summary" || col.name == "description" || col.name == "question" ||
            col.name == "answer" || col.name == "opinion" || col.name == "text")
          width = 40;
        break;
      case Kind::code:
        format = f.code;
        validated = false;
        width = 14;
        break;
      case Kind::date:
        format = f.date;
        v.dates();
        width = 13;
        break;
      case Kind::score:
        format = f.score;
        v.between(0, 100);
        break;
      case Kind::department:
        format = f.code;
        v.list_formula(lists.departments);
        break;
      case Kind::representative:
        format = f.code;
        v.list_formula(lists.representatives);
        break;
      case Kind::words:
        v.list(rule.words);
        break;
    }
    check(worksheet_set_column(sheet.get(), c, c, width, format), sheet.name(), "列宽");
    if (validated && rows > 0) v.apply(sheet, 1, last, c, c);
  }
  sheet.row_height(0, 30);
  worksheet_freeze_panes(sheet.get(), 1, 0);
  return sheet;
}

/// The 测评表 or 问卷表 sheet: the fixed columns, then one per department, rows 1..rows
/// with the rating drop-down; `numbered` rows carry their 票号.
void rating_sheet(Book& book, const EntryFormats& f, const InputTable& t, const Roster& r, std::size_t rows,
                  std::size_t numbered, const std::vector<std::string>& groups) {
  Sheet sheet = book.add_sheet(t.alias);
  // The fixed columns: 票号 and 界别 (no 代表编号: the county's ballots are anonymous), or
  // 问卷编号 and 对象类别.
  const std::vector<InputColumn> fixed(t.columns.begin(), t.columns.begin() + 2);
  const auto last = static_cast<lxw_row_t>(rows);
  for (lxw_col_t c = 0; c < fixed.size(); ++c) {
    sheet.text(0, c, std::string(fixed[c].alias), f.header);
    check(worksheet_set_column(sheet.get(), c, c, c == 0 ? 10 : 12, c == 0 ? f.code : nullptr), sheet.name(),
          "列宽");
  }
  const bool ballots = t.name == "ballot_sheets";
  Validation number(std::string(fixed[0].alias), ballots ? "纸质测评表上印的票号，已预先编好，请勿改动。"
                                                         : "纸质问卷上的编号，每份问卷一个，不能重复。");
  if (ballots) {
    if (!r.sectors.empty()) {
      Validation sector("界别", "评议代表的界别（测评表上没有的留空）。");
      sector.list(r.sectors).apply(sheet, 1, last, 1, 1);
    }
  } else {
    Validation group("对象类别", "被调查群众的身份，从下拉列表选择。");
    group.list(groups).apply(sheet, 1, last, 1, 1);
  }
  const auto first = static_cast<lxw_col_t>(fixed.size());
  for (std::size_t d = 0; d < r.columns.size(); ++d) {
    const auto c = static_cast<lxw_col_t>(first + d);
    check(worksheet_set_column(sheet.get(), c, c, 6.5, f.rating), sheet.name(), "列宽");
  }
  const auto last_col = static_cast<lxw_col_t>(first + r.columns.size() - 1);
  Validation rating("评价", "1 满意　2 基本满意　3 不满意　4 不了解；未划“√”或多划的留空。");
  rating.list({"1", "2", "3", "4", "满意", "基本满意", "不满意", "不了解"})
      .apply(sheet, 1, last, first, last_col);
  for (std::size_t i = 1; i <= numbered; ++i)
    sheet.text(static_cast<lxw_row_t>(i), 0, sheet_number(i, numbered), f.code);
  // Department names stand upright in a narrow column (竖排), as on the paper tally sheets.
  lxw_format* upright = book.new_format();
  format_set_bold(upright);
  format_set_rotation(upright, 270);
  format_set_align(upright, LXW_ALIGN_CENTER);
  format_set_align(upright, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(upright, LXW_BORDER_THIN);
  format_set_bg_color(upright, 0xD9E1F2);  // as the header format
  std::size_t tallest = 4;
  for (std::size_t d = 0; d < r.columns.size(); ++d) {
    sheet.text(0, static_cast<lxw_col_t>(first + d), r.columns[d], upright);
    tallest = std::max<std::size_t>(tallest, static_cast<std::size_t>(display_width(r.columns[d])) / 2);
  }
  sheet.row_height(0, 14.0 * static_cast<double>(tallest) + 8);
  worksheet_freeze_panes(sheet.get(), 1, first);
}

void readme_sheet(Book& book, const EntryFormats& f, const Roster& r, const FormsOptions& o) {
  Sheet sheet = book.add_sheet("说明");
  check(worksheet_set_column(sheet.get(), 0, 0, 100, f.note), "说明", "列宽");
  const std::string title = title_of(r, "数据录入表");
  sheet.text(0, 0, title, f.heading);
  const std::vector<std::string> lines = {
      fmt::format(
          "本表由 libreview forms 按{}的名册生成，用于录入纸质测评表、群众问卷和全年各项工作记录。录完后直接"
          "用 libreview 导入，不需另行整理。",
          r.cycle.info.year),
      "一、请勿修改各工作表的名称和第一行表头，也不要插入空列；本“说明”表不导入。",
      "二、评议概况：年度、地区规则、统计截止日期等已按 cycle.toml 填好，测评表发放数、问卷发放数可补填。",
      "三、部门、评议代表：已按名册填好，核对无误即可，不必改动。",
      fmt::format(
          "四、测评表：每张纸质测评表录一行，票号已预先编好（{} 至 {}）。每个参评单位一列，录入 1 满意、2 "
          "基本满意、"
          "3 不满意、4 不了解（也可从下拉列表选择文字）；未划“√”或多划的格子留空。整行空着的票号视为未收回，"
          "不计入收回数。",
          sheet_number(1, r.sheets), sheet_number(r.sheets, r.sheets)),
      "五、问卷表：每份群众问卷录一行，问卷编号写纸质问卷上的编号，对象类别从下拉列表选择，评价的录法同测评表"
      "。",
      "六、日常考核、自评：每个参评部门一行，得分 0～100。",
      "七、投诉、整改、公开承诺、听证质询、三联系一走访、社情民意调查：每件一行，部门编号从下拉列表选择；没有"
      "的表"
      "留空即可。日期可直接输入日期，或写成 2017-5-15、2017/5/15、2017.5.15、2017年5月15日。",
      "八、录完后运行 libreview validate 本文件.xlsx "
      "检查：每个问题都指出工作表、行和列。两人分别录入同一批纸质"
      "表的，用 libreview reconcile 甲.xlsx 乙.xlsx 逐格核对。",
      "九、Excel、WPS 或 LibreOffice 均可录入，保存时请保持 .xlsx 格式。",
      fmt::format("印发：{}", o.office),
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    sheet.text(static_cast<lxw_row_t>(i + 2), 0, lines[i], f.note);
    sheet.row_height(static_cast<lxw_row_t>(i + 2),
                     15.0 * static_cast<double>(1 + display_width(lines[i]) / 95) + 6);
  }
  worksheet_activate(sheet.get());
}

void cycle_sheet(Book& book, const EntryFormats& f, const Roster& r) {
  Sheet sheet = book.add_sheet("评议概况");
  const auto& info = r.cycle.info;
  sheet.header(0, {"项目", "内容", "说明"});
  check(worksheet_set_column(sheet.get(), 0, 0, 16, nullptr), "评议概况", "列宽");
  check(worksheet_set_column(sheet.get(), 1, 1, 36, nullptr), "评议概况", "列宽");
  check(worksheet_set_column(sheet.get(), 2, 2, 50, nullptr), "评议概况", "列宽");
  lxw_row_t row = 1;
  auto text = [&](const char* key, const std::string& value, const char* note) {
    sheet.text(row, 0, key, nullptr);
    sheet.text(row, 1, value, f.code);
    sheet.text(row, 2, note, nullptr);
    ++row;
  };
  auto count = [&](const char* key, const std::optional<std::uint32_t>& value, const char* note) {
    sheet.text(row, 0, key, nullptr);
    if (value) sheet.number(row, 1, *value, nullptr);
    sheet.text(row, 2, note, nullptr);
    Validation v(key, "发放的份数（整数），不知道的留空。");
    v.between(0, 1e7).apply(sheet, row, row, 1, 1);
    ++row;
  };
  sheet.text(row, 0, "年度", nullptr);
  sheet.number(row, 1, info.year, nullptr);
  sheet.text(row++, 2, "评议年度", nullptr);
  text("地区规则", info.region, "计分所用的地区规则，由行评办确定，勿改");
  text("县（市、区）", info.county, "");
  text("评议名称", info.name, "用于报告和通知书的标题");
  sheet.text(row, 0, "统计截止日期", nullptr);
  sheet.date(row, 1, info.judged_on(), f.date);
  sheet.text(row++, 2, "判断整改、投诉是否逾期的日期", nullptr);
  count("测评表发放数", info.ballots_issued, "发放的纸质测评表张数");
  count("问卷发放数", info.questionnaires_issued, "发放的群众问卷份数");
  if (info.stages.empty()) return;
  Sheet stages = book.add_sheet("评议阶段");
  stages.header(0, {"编号", "阶段", "开始日期", "结束日期"});
  for (lxw_col_t c = 0; c < 4; ++c)
    check(worksheet_set_column(stages.get(), c, c, c < 2 ? 16 : 13, c < 2 ? nullptr : f.date), "评议阶段",
          "列宽");
  lxw_row_t s = 1;
  for (const auto& st : info.stages) {
    stages.text(s, 0, st.id, nullptr);
    stages.text(s, 1, st.name, nullptr);
    if (st.start) stages.date(s, 2, *st.start, f.date);
    if (st.end) stages.date(s, 3, *st.end, f.date);
    ++s;
  }
}

}  // namespace

void write_entry_workbook(const Roster& r, const FormsOptions& options, const std::filesystem::path& file) {
  Book book(file);
  const EntryFormats f = make_formats(book);
  readme_sheet(book, f, r, options);
  cycle_sheet(book, f, r);
  const auto tables = input_tables();
  auto table = [&](std::string_view name) -> const InputTable& {
    return *std::find_if(tables.begin(), tables.end(), [&](const InputTable& t) { return t.name == name; });
  };
  const Lists lists{
      column_range("部门", r.cycle.departments.size() + 1),
      column_range("评议代表",
                   std::max<std::size_t>(r.cycle.representatives.size(), options.entry_rows) + 1)};
  {  // 部门: the roster as read
    Sheet sheet = table_sheet(book, f, table("departments"), r, lists, r.cycle.departments.size() + 50);
    const bool kinds = std::any_of(r.cycle.departments.begin(), r.cycle.departments.end(),
                                   [](const Department& d) { return !d.kind.empty(); });
    lxw_row_t row = 1;
    for (const auto& d : r.cycle.departments) {
      sheet.text(row, 0, d.id, f.code);
      sheet.text(row, 1, d.name, nullptr);
      sheet.text(row, 2, d.category, nullptr);
      sheet.text(row, 3, std::string(term(d.status).zh), nullptr);
      sheet.text(row, 4, d.exempt_reason, nullptr);
      sheet.text(row, 5, d.hotline, f.code);
      if (kinds) sheet.text(row, 6, d.kind, nullptr);
      ++row;
    }
  }
  {  // 评议代表
    Sheet sheet = table_sheet(book, f, table("representatives"), r, lists,
                              std::max<std::size_t>(r.cycle.representatives.size(), options.entry_rows));
    lxw_row_t row = 1;
    for (const auto& rep : r.cycle.representatives) {
      sheet.text(row, 0, rep.id, f.code);
      sheet.text(row, 1, rep.sector, nullptr);
      sheet.text(row, 2, rep.trained ? "是" : "否", nullptr);
      ++row;
    }
  }
  rating_sheet(book, f, table("ballot_sheets"), r, r.sheets, r.sheets, options.respondent_groups);
  const std::size_t responses =
      std::max<std::size_t>(r.cycle.info.questionnaires_issued.value_or(0), options.entry_rows);
  rating_sheet(book, f, table("questionnaire_sheets"), r, responses, 0, options.respondent_groups);
  for (const char* name : {"daily_work", "self_assessment", "complaints", "rectifications", "commitments",
                           "hearings", "activities", "surveys"})
    (void)table_sheet(book, f, table(name), r, lists, options.entry_rows);
  book.close();
}

}  // namespace review::forms
