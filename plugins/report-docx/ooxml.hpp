#pragma once
/// @file ooxml.hpp
/// A small WordprocessingML (.docx) writer of our own, on pugixml and libzip:
/// the package (zip entries built and read in memory), the parts every
/// document shares (styles, numbering, settings, fonts, header, footer,
/// properties), and a body builder for titles, headings, paragraphs, numbered
/// lists, tables and page breaks.
///
/// Fonts (see docs/templates.md): every run style and the document defaults set
/// `w:ascii`, `w:hAnsi`, `w:eastAsia` and `w:cs`, so Chinese text never falls
/// back to a Japanese font: SimSun (宋体) for body text and tables, SimHei (黑体)
/// for the title and headings, Times New Roman for Latin letters and digits.
/// The fonts are named by their English family names, which Word on Chinese
/// Windows and fontconfig (Noto CJK SC on Linux) both resolve; fontTable.xml
/// gives the Chinese names as alternates and the GB2312 charset.
///
/// Text only ever enters a document as the content of `w:t` through pugixml,
/// which escapes it; fields are only the fixed PAGE field of the footer.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "opc/package_internal.hpp"

namespace review::docx {

/// One file of an OPC package (a zip entry).
struct Part {
  Part() = default;
  /// A part holding its bytes.
  Part(std::string part_name, std::string bytes) : name(std::move(part_name)), data(std::move(bytes)) {}
  /// A part whose bytes are read from `file` while zipping (too large to hold
  /// in memory: the combined letters' document.xml).
  static Part from_file(std::string part_name, std::filesystem::path file) {
    Part p;
    p.name = std::move(part_name);
    p.file = std::move(file);
    return p;
  }

  std::string name;            ///< path inside the package, e.g. `word/document.xml`
  std::string data;            ///< its bytes
  std::filesystem::path file;  ///< when not empty, the bytes are in this file instead
  /// When set, the bytes are those of the one entry of this zip, compressed once
  /// (precompress()) and copied as they are into every package written from it
  /// (`data` is then empty): a template's styles, theme and pictures, the same in
  /// every letter, are not deflated again for each.
  std::shared_ptr<const std::string> zipped;
};

/// The part compressed once, for packages that repeat it unchanged: a copy
/// holding its name and `zipped`, without its bytes.
[[nodiscard]] Part precompress(const Part& part);

/// Zips `parts` in memory (deflate, entries in the order given, fixed timestamps
/// so that the same document gives the same bytes).
[[nodiscard]] std::string zip_parts(const std::vector<Part>& parts);

/// Writes the bytes of a package to `out` (review::ReportError naming `name` when it cannot).
void write_bytes(std::FILE* out, std::string_view bytes, const std::string& name);

/// Limits for reading a package that someone else made (an office's template):
/// opc::kTemplateLimits, defined with the workbook's in libreview/src/opc.
using ReadLimits = opc::Limits;

/// Reads every entry of the package at `file`, refusing (review::ReportError
/// naming the file) what is not a zip or exceeds `limits`.
[[nodiscard]] std::vector<Part> read_package(const std::filesystem::path& file,
                                             const ReadLimits& limits = opc::kTemplateLimits);

/// Parses an XML part into `doc`, refusing (review::ReportError naming `what`)
/// malformed XML and nesting deeper than `max_depth`.
void parse_xml(pugi::xml_document& doc, std::string_view data, const std::string& what, int max_depth);

/// Serialises `doc` without indentation, with the standalone UTF-8 declaration Word writes.
[[nodiscard]] std::string serialize(const pugi::xml_document& doc);

/// Drops what XML 1.0 cannot hold (control characters other than tab and line
/// feed, and malformed UTF-8 bytes, which become U+FFFD).
[[nodiscard]] std::string clean_text(std::string_view text);

/// `n` in Chinese numerals, 1 → 一, 12 → 十二, 23 → 二十三 (outline numbers: 一、（一）);
/// 0, negatives and 100 on as Arabic digits.
[[nodiscard]] std::string chinese_numeral(int n);

/// Appends `text` to the run `run` as `w:t` elements, with `w:br` for line
/// feeds and `w:tab` for tabs.
void append_text(pugi::xml_node run, std::string_view text);

/// Horizontal alignment of a paragraph or table column.
enum class Align { left, center, right, both };

/// A numbered list's format.
enum class ListKind {
  decimal,        ///< 1. 2. 3.
  chinese,        ///< （一）（二）（三）
  parenthesized,  ///< (1) (2) (3)
};

/// A table: header labels, column widths in twips (dxa) and column alignment.
struct TableSpec {
  std::vector<std::string> header;
  std::vector<int> widths;   ///< per column; scaled to the text width when they sum to more
  std::vector<Align> align;  ///< per column; left when missing
  bool total_row = false;    ///< the last row is a total row (bold)
};

/// A span of text in a paragraph with its own emphasis.
struct Span {
  std::string text;
  bool bold = false;
};

/// The width of the text area of our page (A4 less the margins), in twips.
inline constexpr int kTextWidth = 8844;

/// The body of a document being built (`w:body`), appended to in order.
class Body {
 public:
  explicit Body(pugi::xml_node body) : body_(body) {}

  /// The document's title (Title style, centred).
  void title(std::string_view text);
  /// A centred line below the title (Subtitle style).
  void subtitle(std::string_view text);
  /// A heading of level 1 to 3 (Heading1–3 styles).
  void heading(int level, std::string_view text);
  /// A body paragraph (BodyText: first line indented two characters) or of `style`.
  pugi::xml_node paragraph(std::string_view text, std::string_view style = "BodyText");
  /// A body paragraph made of spans.
  pugi::xml_node paragraph(const std::vector<Span>& spans, std::string_view style = "BodyText");
  /// A paragraph without indent, aligned as given (salutations, signatures).
  pugi::xml_node line(std::string_view text, Align align = Align::left, bool bold = false);
  /// Starts a numbered list; returns its number for list_item().
  int start_list(ListKind kind);
  /// An item of the list `list` (from start_list()).
  void list_item(int list, std::string_view text);
  /// A table with a header row repeated on every page.
  void table(const TableSpec& spec, const std::vector<std::vector<std::string>>& rows);
  /// A small note under a table (TableNote style).
  void note(std::string_view text);
  /// A page break.
  void page_break();
  /// The 版头 of a document issued by `office` (GB/T 9704 7.2): the issuing office's mark in red
  /// 小标宋, the document number (文号, when not empty) below it, and a red rule across the type area.
  void issuer_mark(std::string_view office, std::string_view doc_no);
  /// The 版记 (GB/T 9704 7.4): a rule, 抄送 (when not empty), then the printing office and the date
  /// printed (印发机关, 印发日期) between rules.
  void imprint(std::string_view cc, std::string_view office, std::string_view printed_on);
  /// Numbered lists started so far, with their kinds (numbering.xml needs them).
  [[nodiscard]] const std::vector<ListKind>& lists() const noexcept { return lists_; }
  /// The `w:body` element.
  [[nodiscard]] pugi::xml_node node() const noexcept { return body_; }

 private:
  pugi::xml_node body_;
  std::vector<ListKind> lists_;
};

/// The `word/document.xml` of a document too large to hold as one DOM (every
/// letter in one), written to a file piece by piece: each piece is a Body built
/// in a small document of its own and appended with its numbered lists
/// renumbered after those before it. The bytes are those of the same body
/// built as one DOM and serialised with serialize().
class StreamedBody {
 public:
  /// Starts a document of our own layout in `file` (created or truncated).
  explicit StreamedBody(std::filesystem::path file);
  /// Starts a document in `file` whose bytes before and after the body's
  /// content are `head` and `tail` (an office's template).
  StreamedBody(std::filesystem::path file, std::string_view head, std::string tail);
  ~StreamedBody();
  StreamedBody(const StreamedBody&) = delete;
  StreamedBody& operator=(const StreamedBody&) = delete;

  /// Appends the content of `body` (but a final `w:sectPr`); renumbers its list
  /// references (`w:numId`) in place, so `body` is not to be used afterwards.
  void append(Body& body);
  /// Appends `node` as it is.
  void append(pugi::xml_node node);
  /// Appends a page break (as Body::page_break()).
  void page_break();
  /// Ends the document (our layout: the section properties of PackageMaker::finish_body(),
  /// then the closing tags; a template's: `tail`) and closes the file.
  void finish();
  /// Numbered lists appended so far, with their kinds (numbering.xml needs them).
  [[nodiscard]] const std::vector<ListKind>& lists() const noexcept { return lists_; }
  /// The file the document is written to.
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

 private:
  void put(std::string_view bytes);

  std::filesystem::path file_;
  std::FILE* out_ = nullptr;
  std::vector<ListKind> lists_;
  std::string tail_;  // section properties and closing tags
};

/// The page layout of a document (版式).
enum class Layout {
  /// GB/T 9704-2012 (党政机关公文格式): body 3号仿宋 (16 pt) on a fixed 28.95 pt line, 22 lines of
  /// 28 characters on A4 with the standard margins, title 2号小标宋, 一级标题 3号黑体, 二级标题
  /// 3号楷体, page numbers 4号 `— 1 —` on the outer side.
  gongwen,
  /// Our plain report layout: 小四 宋体 body at 1.5 lines, 黑体 headings.
  plain,
};

/// What the parts shared by a set of documents say (header line, author) and how they look.
struct Stationery {
  std::string header_text;  ///< the running header, e.g. `XX县2017年度民主评议行风`
  std::string author;       ///< dc:creator, e.g. the office's name
  std::string created;      ///< W3CDTF timestamp, e.g. `2018-01-15T00:00:00Z`
  Layout layout = Layout::plain;
};

/// A new document built in memory with our styles: build the body, then take
/// the package. Parts that do not depend on the body are serialised once per
/// Stationery and shared by every document made from it.
class PackageMaker {
 public:
  explicit PackageMaker(Stationery stationery);

  /// A new empty document (`w:document` with its `w:body`).
  [[nodiscard]] static pugi::xml_node new_document(pugi::xml_document& doc);
  /// Adds the section properties (A4, margins, header and footer) at the end of `body`.
  static void finish_body(pugi::xml_node body);
  /// The package of a document whose body was built with `body`, titled `title`.
  [[nodiscard]] std::vector<Part> package(const pugi::xml_document& document, const Body& body,
                                          std::string_view title) const;
  /// The same, zipped.
  [[nodiscard]] std::string docx(const pugi::xml_document& document, const Body& body,
                                 std::string_view title) const;
  /// The package of a document streamed to a file (after StreamedBody::finish()), zipped.
  [[nodiscard]] std::string docx(const StreamedBody& body, std::string_view title) const;

  /// styles.xml of `layout` (exposed for tests and templates).
  [[nodiscard]] static std::string styles_xml(Layout layout = Layout::plain);
  /// numbering.xml for `lists`.
  [[nodiscard]] static std::string numbering_xml(const std::vector<ListKind>& lists);

 private:
  [[nodiscard]] std::vector<Part> package(Part document, const std::vector<ListKind>& lists,
                                          std::string_view title) const;

  Stationery stationery_;
  std::vector<Part> shared_;  // every part but document.xml, numbering.xml and core.xml
};

/// Namespace URIs of WordprocessingML and the package.
namespace ns {
inline constexpr const char* w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline constexpr const char* r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr const char* rel = "http://schemas.openxmlformats.org/package/2006/relationships";
}  // namespace ns

}  // namespace review::docx
