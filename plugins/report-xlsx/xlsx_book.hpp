#pragma once
/// @file xlsx_book.hpp
/// A thin C++ layer over libxlsxwriter for the xlsx report (private to the plugin):
/// a workbook that is freed on every path and closed with its error checked,
/// one set of formats made once, and sheets whose writes are checked and whose
/// column widths follow the widest text written (CJK characters count double).
///
/// Every text goes through Sheet::text(), which calls worksheet_write_string():
/// typed text is never read as a formula, a number or a link.

#include <xlsxwriter.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libreview/cycle.hpp"

namespace review::xlsx {

/// The font every format carries. SimSun (宋体) ships with every Chinese
/// Windows and is what WPS and Excel fall back to for GB text; the XML names it
/// by its Chinese face name, as Chinese Excel itself writes it, with
/// family 3 (modern: SimSun is a fixed-pitch face) and charset 134 (GB2312),
/// so that Excel on an English Windows still maps it to SimSun.
inline constexpr const char* kFontName = "宋体";
inline constexpr std::uint8_t kFontFamily = 3;
inline constexpr std::uint8_t kFontCharset = 134;

/// The formats of a ledger row (台账行): text, wrapped text, centred text, dates.
struct RowFormats {
  lxw_format* text;
  lxw_format* wrap;
  lxw_format* center;
  lxw_format* date;
};

/// The formats of the workbook, made once per workbook.
struct Formats {
  lxw_format* title = nullptr;        ///< the title row: 16 pt bold, centred
  lxw_format* subtitle = nullptr;     ///< the line under the title
  lxw_format* note = nullptr;         ///< a warning line (integrity sheet)
  lxw_format* header = nullptr;       ///< column headers: bold, shaded, boxed, wrapped
  lxw_format* text = nullptr;         ///< boxed text
  lxw_format* wrap = nullptr;         ///< boxed text wrapped within the column (long texts)
  lxw_format* center = nullptr;       ///< boxed, centred text (grades, labels, codes)
  lxw_format* integer = nullptr;      ///< ranks and counts: `0`, centred
  lxw_format* figure = nullptr;       ///< scores: `0.00`
  lxw_format* percent = nullptr;      ///< shares: `0.0%`
  lxw_format* date = nullptr;         ///< `yyyy-mm-dd`, centred
  lxw_format* total_label = nullptr;  ///< a bold total row label
  lxw_format* total = nullptr;        ///< a bold total count
  // An overdue ledger row (逾期): the same kinds on a red fill.
  lxw_format* overdue_text = nullptr;
  lxw_format* overdue_wrap = nullptr;
  lxw_format* overdue_center = nullptr;
  lxw_format* overdue_date = nullptr;
  // Conditional formats of the grade column, by Grade (index 0 unused).
  lxw_format* grade[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};

  /// A ledger row's formats: the boxed ones, or the red ones of an overdue row.
  [[nodiscard]] RowFormats row(bool overdue) const noexcept {
    return overdue ? RowFormats{overdue_text, overdue_wrap, overdue_center, overdue_date}
                   : RowFormats{text, wrap, center, date};
  }
};

/// Fill and font colours of a grade, shared by the conditional formats and the charts.
struct GradeColours {
  lxw_color_t fill;
  lxw_color_t font;
};
/// Colours by Grade (index 0 unused): green, blue, amber, red.
inline constexpr GradeColours kGradeColours[5] = {{0xFFFFFF, 0x000000},
                                                  {0xC6EFCE, 0x006100},
                                                  {0xDDEBF7, 0x1F4E78},
                                                  {0xFFEB9C, 0x9C5700},
                                                  {0xFFC7CE, 0x9C0006}};

/// Text as XML can hold it: control characters other than tab and line breaks
/// dropped, invalid UTF-8 replaced by U+FFFD. Sheet::text() applies it to
/// every cell; use it for any other text a person typed (titles, properties).
std::string xml_safe_text(std::string_view text);

class Sheet;

/// A chart font (图表字体): the workbook font at `size` points.
[[nodiscard]] lxw_chart_font chart_font(double size, bool bold);
/// Throws ReportError naming the chart `what` (its title, as the workbook shows it) with
/// libxlsxwriter's message when a chart call failed.
void check_chart(lxw_error err, const char* what);

/// A workbook being written to `file` (written at close(); freed unwritten on destruction).
class Book {
 public:
  explicit Book(const std::filesystem::path& file);
  ~Book();
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  [[nodiscard]] lxw_workbook* get() const noexcept { return wb_; }
  [[nodiscard]] const Formats& formats() const noexcept { return formats_; }
  /// A new format carrying the workbook font.
  [[nodiscard]] lxw_format* new_format();
  /// A sheet named `wanted`, made valid (no `[]:*?/\`, at most 31 characters, not
  /// empty) and unique (case-insensitively, as Excel wants) by a `(2)` suffix.
  [[nodiscard]] Sheet add_sheet(std::string_view wanted);
  /// Writes the file; throws ReportError with libxlsxwriter's message on failure.
  void close();

 private:
  void make_formats();
  lxw_workbook* wb_ = nullptr;
  Formats formats_;
  std::set<std::string> names_;  ///< sheet names taken, ASCII-lower-cased
  std::string file_;
};

/// A worksheet: checked writes, tracked column widths, the print setup of an office table.
class Sheet {
 public:
  Sheet(lxw_worksheet* ws, std::string name, const Formats& formats);

  [[nodiscard]] lxw_worksheet* get() const noexcept { return ws_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const Formats& formats() const noexcept { return *formats_; }

  /// Text, always as a string cell; nothing is written for empty text unless
  /// the format draws something (a box), then a blank cell. Longer than Excel's
  /// cell limit (32767 characters), it is cut there with an ellipsis.
  void text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format);
  void text(lxw_row_t row, lxw_col_t col, const char* value, lxw_format* format);
  /// Text in a column capped with cap_column() and a wrapping format: the row is
  /// made tall enough for the lines it wraps to (spreadsheets do not reliably
  /// grow rows by themselves when they open a file).
  void wrapped_text(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format);
  void number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format);
  void date(lxw_row_t row, lxw_col_t col, const Date& value, lxw_format* format);
  void blank(lxw_row_t row, lxw_col_t col, lxw_format* format);
  /// A number, or a blank boxed cell for none.
  void number_or_blank(lxw_row_t row, lxw_col_t col, const std::optional<double>& value, lxw_format* format);
  /// A date, or a blank boxed cell for none.
  void date_or_blank(lxw_row_t row, lxw_col_t col, const std::optional<Date>& value, lxw_format* format);

  /// Row 0: the title across columns 0..last_col; row 1: the subtitle (if any),
  /// in `subtitle_format` or the grey subtitle format.
  void title(const std::string& title, const std::string& subtitle, lxw_col_t last_col,
             lxw_format* subtitle_format = nullptr);
  /// The header row: labels, frozen below, repeated on every printed page.
  void header(lxw_row_t row, const std::vector<const char*>& labels);
  /// Autofilter over the header row and the data rows below it (up to `last_row`).
  void autofilter(lxw_row_t header_row, lxw_row_t last_row, lxw_col_t last_col);
  /// A4 landscape, fit to one page wide, centred, page numbers in the footer.
  void print_setup();
  /// Column widths from the widest text written (display width, CJK double),
  /// at least `min_width` and at most `max_width` (capped columns keep to
  /// theirs), and the heights of rows with wrapped text.
  void fit_columns(double min_width = 6, double max_width = 60);
  /// Sets a column's width cap (for wrapped long texts); call before writing to it.
  void cap_column(lxw_col_t col, double max_width);
  /// Sets the height of a row (points).
  void row_height(lxw_row_t row, double height);

 private:
  void check(lxw_error err, lxw_row_t row, lxw_col_t col) const;
  void widen(lxw_col_t col, int width);
  lxw_worksheet* ws_;
  std::string name_;
  const Formats* formats_;
  std::vector<int> widths_;         ///< by column, display width of the widest value
  std::vector<double> caps_;        ///< by column, 0 for none
  std::map<lxw_row_t, int> lines_;  ///< rows whose wrapped text needs more than one line
};

}  // namespace review::xlsx
