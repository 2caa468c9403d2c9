#include "xlsx_book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"

namespace review::xlsx {

lxw_chart_font chart_font(double size, bool bold) {
  lxw_chart_font font{};
  font.name = const_cast<char*>(kFontName);  // libxlsxwriter copies it; the field is not const
  font.size = size;
  font.bold = bold ? LXW_TRUE : LXW_FALSE;
  font.charset = kFontCharset;
  return font;
}

void check_chart(lxw_error err, const char* what) {
  if (err != LXW_NO_ERROR) refuse<ReportError>("LR-R159", what, lxw_strerror(err));
}

namespace {

/// Excel's limit on the characters of one cell.
constexpr std::size_t kMaxCellChars = 32767;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// Characters (code points) of UTF-8 text.
std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(c); }));
}

/// The first `n` characters of UTF-8 text.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_continuation(s[i]) && chars++ == n) return s.substr(0, i);
  }
  return s;
}

/// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    len = 4, cp = c & 0x07;
  else
    return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (!is_continuation(s[i + k])) return 0;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  const bool not_xml = cp == 0xFFFE || cp == 0xFFFF;
  return overlong || surrogate || not_xml || cp > 0x10FFFF ? 0 : len;
}

bool is_dropped_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
}

/// Text as XML can hold it: control characters other than tab and line breaks
/// dropped (junk of copy and paste; libxlsxwriter would escape them in cells
/// but not in chart caches, which breaks the file), invalid UTF-8 replaced by
/// U+FFFD. Nothing, without copying, when the text is fine as it is.
std::optional<std::string> xml_safe(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = utf8_sequence(s, i);
    if (len == 0 || (len == 1 && is_dropped_control(s[i]))) break;
    i += len;
  }
  if (i == s.size()) return std::nullopt;
  std::string out(s.substr(0, i));
  while (i < s.size()) {
    const std::size_t len = utf8_sequence(s, i);
    if (len == 0) {
      out += "\uFFFD";
      ++i;
    } else {
      if (len > 1 || !is_dropped_control(s[i])) out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// A sheet name Excel accepts: no `[]:*?/\`, no apostrophe at either end, 1 to 31 characters.
std::string valid_sheet_name(std::string_view wanted, std::size_t max_chars) {
  std::string name;
  for (char c : wanted) name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  name = std::string(utf8_prefix(name, max_chars));
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name.empty() ? "未分类" : name;
}

}  // namespace

std::string xml_safe_text(std::string_view text) {
  auto safe = xml_safe(text);
  return safe ? std::move(*safe) : std::string(text);
}

// ---- Book ------------------------------------------------------------------------

Book::Book(const std::filesystem::path& file) : file_(file.string()) {
  // Not constant_memory: the sheets are small (one row per department or item)
  // and that mode gives up shared strings, chart caches and writing a cell
  // above one already written (the title over a fitted table).
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.use_zip64 = LXW_FALSE;
  wb_ = workbook_new_opt(file_.c_str(), &options);
  if (wb_ == nullptr) refuse<ReportError>("LR-R160", file_);
  make_formats();
}

Book::~Book() {
  if (wb_ != nullptr) lxw_workbook_free(wb_);
}

lxw_format* Book::new_format() {
  lxw_format* f = workbook_add_format(wb_);
  if (f == nullptr) refuse<ReportError>("LR-R161");
  format_set_font_name(f, kFontName);
  format_set_font_family(f, kFontFamily);
  format_set_font_charset(f, kFontCharset);
  format_set_font_size(f, 11);
  return f;
}

void Book::make_formats() {
  auto boxed = [this] {
    lxw_format* f = new_format();
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
  };
  auto red = [](lxw_format* f) {
    format_set_bg_color(f, kGradeColours[static_cast<int>(Grade::poor)].fill);
    format_set_font_color(f, kGradeColours[static_cast<int>(Grade::poor)].font);
    return f;
  };
  Formats& f = formats_;
  f.title = new_format();
  format_set_bold(f.title);
  format_set_font_size(f.title, 16);
  format_set_align(f.title, LXW_ALIGN_CENTER);
  format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
  f.subtitle = new_format();
  format_set_font_size(f.subtitle, 10);
  format_set_align(f.subtitle, LXW_ALIGN_CENTER);
  format_set_font_color(f.subtitle, 0x595959);
  f.note = new_format();
  format_set_bold(f.note);
  format_set_align(f.note, LXW_ALIGN_CENTER);
  format_set_font_color(f.note, 0xC00000);
  f.header = boxed();
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xD9E1F2);
  format_set_align(f.header, LXW_ALIGN_CENTER);
  format_set_text_wrap(f.header);
  f.text = boxed();
  f.wrap = boxed();
  format_set_text_wrap(f.wrap);
  f.center = boxed();
  format_set_align(f.center, LXW_ALIGN_CENTER);
  f.integer = boxed();
  format_set_num_format(f.integer, "0");
  format_set_align(f.integer, LXW_ALIGN_CENTER);
  f.figure = boxed();
  format_set_num_format(f.figure, "0.00");
  f.percent = boxed();
  format_set_num_format(f.percent, "0.0%");
  f.date = boxed();
  format_set_num_format(f.date, "yyyy-mm-dd");
  format_set_align(f.date, LXW_ALIGN_CENTER);
  f.total_label = boxed();
  format_set_bold(f.total_label);
  format_set_align(f.total_label, LXW_ALIGN_CENTER);
  f.total = boxed();
  format_set_bold(f.total);
  format_set_num_format(f.total, "0");
  format_set_align(f.total, LXW_ALIGN_CENTER);
  f.overdue_text = red(boxed());
  f.overdue_wrap = red(boxed());
  format_set_text_wrap(f.overdue_wrap);
  f.overdue_center = red(boxed());
  format_set_align(f.overdue_center, LXW_ALIGN_CENTER);
  f.overdue_date = red(boxed());
  format_set_num_format(f.overdue_date, "yyyy-mm-dd");
  format_set_align(f.overdue_date, LXW_ALIGN_CENTER);
  for (int g = 1; g < 5; ++g) {
    f.grade[g] = new_format();
    format_set_bg_color(f.grade[g], kGradeColours[g].fill);
    format_set_font_color(f.grade[g], kGradeColours[g].font);
  }
}

Sheet Book::add_sheet(std::string_view wanted) {
  const std::string base = valid_sheet_name(xml_safe_text(wanted), LXW_SHEETNAME_MAX);
  std::string name = base;
  for (int n = 2; names_.contains(ascii_lower(name)); ++n) {
    const std::string suffix = fmt::format("({})", n);
    name = valid_sheet_name(base, LXW_SHEETNAME_MAX - suffix.size()) + suffix;
  }
  names_.insert(ascii_lower(name));
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  if (ws == nullptr) refuse<ReportError>("LR-R162", name);
  return Sheet(ws, name, formats_);
}

void Book::close() {
  lxw_workbook* wb = wb_;
  wb_ = nullptr;  // workbook_close() frees it, whatever happens
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) refuse<ReportError>("LR-R163", file_, lxw_strerror(err));
}

// ---- Sheet -----------------------------------------------------------------------

Sheet::Sheet(lxw_worksheet* ws, std::string name, const Formats& formats)
    : ws_(ws), name_(std::move(name)), formats_(&formats) {
  worksheet_set_default_row(ws_, 18, LXW_FALSE);  // a little air around 11 pt CJK text
}

void Sheet::check(lxw_error err, lxw_row_t row, lxw_col_t col) const {
  if (err == LXW_NO_ERROR) return;
  char cell[LXW_MAX_CELL_NAME_LENGTH];
  lxw_rowcol_to_cell(cell, row, col);
  refuse<ReportError>("LR-R164", name_, static_cast<const char*>(cell), lxw_strerror(err));
}

void Sheet::widen(lxw_col_t col, int width) {
  if (col >= widths_.size()) widths_.resize(col + 1, 0);
  widths_[col] = std::max(widths_[col], width);
}

void Sheet::text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format) {
  if (value.empty()) {
    blank(row, col, format);
    return;
  }
  if (auto safe = xml_safe(value)) {
    text(row, col, *safe, format);
    return;
  }
  if (value.size() > kMaxCellChars && utf8_length(value) > kMaxCellChars) {
    text(row, col, std::string(utf8_prefix(value, kMaxCellChars - 1)) + "…", format);
    return;
  }
  check(worksheet_write_string(ws_, row, col, value.c_str(), format), row, col);
  widen(col, display_width(value));
}

void Sheet::text(lxw_row_t row, lxw_col_t col, const char* value, lxw_format* format) {
  check(worksheet_write_string(ws_, row, col, value, format), row, col);
  widen(col, display_width(value));
}

void Sheet::wrapped_text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format) {
  text(row, col, value, format);
  const double cap = col < caps_.size() ? caps_[col] : 0;
  if (cap <= 0 || value.empty()) return;
  // Lines of each paragraph at the capped width; a CJK glyph of SimSun is a
  // little wider than two digits of the default font, hence the 1.1.
  int lines = 0;
  for (std::size_t start = 0; start <= value.size();) {
    std::size_t end = value.find('\n', start);
    if (end == std::string::npos) end = value.size();
    const double width = 1.1 * display_width(std::string_view(value).substr(start, end - start));
    lines += std::max(1, static_cast<int>(std::ceil(width / (cap - 2))));
    start = end + 1;
  }
  if (lines > 1) lines_[row] = std::max(lines_[row], lines);
}

void Sheet::number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format) {
  check(worksheet_write_number(ws_, row, col, value, format), row, col);
  widen(col, 6);
}

void Sheet::date(lxw_row_t row, lxw_col_t col, const Date& value, lxw_format* format) {
  lxw_datetime dt{value.year, static_cast<int>(value.month), static_cast<int>(value.day), 0, 0, 0.0};
  check(worksheet_write_datetime(ws_, row, col, &dt, format), row, col);
  widen(col, 10);
}

void Sheet::blank(lxw_row_t row, lxw_col_t col, lxw_format* format) {
  check(worksheet_write_blank(ws_, row, col, format), row, col);
}

void Sheet::number_or_blank(lxw_row_t row, lxw_col_t col, const std::optional<double>& value,
                            lxw_format* format) {
  value ? number(row, col, *value, format) : blank(row, col, format);
}

void Sheet::date_or_blank(lxw_row_t row, lxw_col_t col, const std::optional<Date>& value,
                          lxw_format* format) {
  value ? date(row, col, *value, format) : blank(row, col, format);
}

void Sheet::title(const std::string& title, const std::string& subtitle, lxw_col_t last_col,
                  lxw_format* subtitle_format) {
  if (subtitle_format == nullptr) subtitle_format = formats_->subtitle;
  // Merged first, then the text written over the first cell as a string.
  check(worksheet_merge_range(ws_, 0, 0, 0, last_col, "", formats_->title), 0, 0);
  check(worksheet_write_string(ws_, 0, 0, xml_safe_text(title).c_str(), formats_->title), 0, 0);
  row_height(0, 30);
  if (subtitle.empty()) return;
  check(worksheet_merge_range(ws_, 1, 0, 1, last_col, "", subtitle_format), 1, 0);
  check(worksheet_write_string(ws_, 1, 0, xml_safe_text(subtitle).c_str(), subtitle_format), 1, 0);
  row_height(1, 18);
}

void Sheet::header(lxw_row_t row, const std::vector<const char*>& labels) {
  for (lxw_col_t c = 0; c < labels.size(); ++c) text(row, c, labels[c], formats_->header);
  row_height(row, 24);
  worksheet_freeze_panes(ws_, row + 1, 0);
  check(worksheet_repeat_rows(ws_, row, row), row, 0);
}

void Sheet::autofilter(lxw_row_t header_row, lxw_row_t last_row, lxw_col_t last_col) {
  check(worksheet_autofilter(ws_, header_row, 0, std::max(header_row, last_row), last_col), header_row, 0);
}

void Sheet::print_setup() {
  worksheet_set_paper(ws_, 9);  // A4
  worksheet_set_landscape(ws_);
  worksheet_fit_to_pages(ws_, 1, 0);
  worksheet_center_horizontally(ws_);
  worksheet_set_margins(ws_, 0.5, 0.5, 0.6, 0.6);
  check(worksheet_set_footer(ws_, "&C第 &P 页，共 &N 页"), 0, 0);
}

void Sheet::cap_column(lxw_col_t col, double max_width) {
  if (col >= caps_.size()) caps_.resize(col + 1, 0);
  caps_[col] = max_width;
}

void Sheet::fit_columns(double min_width, double max_width) {
  for (lxw_col_t c = 0; c < widths_.size(); ++c) {
    double cap = c < caps_.size() && caps_[c] > 0 ? caps_[c] : max_width;
    // Excel's width unit is one digit of the default font; SimSun's CJK glyph is about two.
    const double width = std::clamp(widths_[c] + 2.0, min_width, cap);
    check(worksheet_set_column(ws_, c, c, width, nullptr), 0, c);
  }
  for (const auto& [row, lines] : lines_) row_height(row, 15.0 * lines + 4);
}

void Sheet::row_height(lxw_row_t row, double height) {
  check(worksheet_set_row(ws_, row, height, nullptr), row, 0);
}

}  // namespace review::xlsx
