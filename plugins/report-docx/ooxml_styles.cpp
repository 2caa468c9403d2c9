// The parts that style a document: styles.xml (fonts, sizes, spacing of every
// style) and numbering.xml (the numbered lists' formats).
#include <optional>
#include <string_view>
#include <vector>

#include "ooxml.hpp"
#include "ooxml_internal.hpp"

namespace review::docx {

using xml::add;
using xml::align_name;
using xml::attr;
using xml::fonts;
using xml::root;
using xml::size;
using xml::xml_part;

namespace {

/// A style of styles.xml. Every one gets a full `w:rFonts`.
struct StyleDef {
  const char* type;  // paragraph, character, table
  const char* id;
  const char* name;
  const char* based_on = nullptr;
  const char* next = nullptr;
  const char* east_asia = "SimSun";
  int half_points = 0;  // 0: inherit
  bool bold = false;
  std::optional<Align> align = std::nullopt;
  int first_line_chars = -1;               // hundredths of a character; -1: inherit
  int before = -1, after = -1, line = -1;  // twips; line in 240ths of a line, or twips when exact
  bool exact = false;                      // line: a fixed height in twips (公文: 22 lines a page)
  int outline = -1;
  bool keep_next = false;
  bool is_default = false;
  bool bottom_border = false;
};

void add_style(pugi::xml_node styles, const StyleDef& d) {
  pugi::xml_node s = add(styles, "w:style");
  attr(s, "w:type", d.type);
  if (d.is_default) attr(s, "w:default", "1");
  attr(s, "w:styleId", d.id);
  add(s, "w:name", d.name);
  if (d.based_on) add(s, "w:basedOn", d.based_on);
  if (d.next) add(s, "w:next", d.next);
  add(s, "w:qFormat");
  if (std::string_view(d.type) == "paragraph") {
    pugi::xml_node ppr = add(s, "w:pPr");
    if (d.keep_next) add(ppr, "w:keepNext");
    if (d.bottom_border) {
      pugi::xml_node b = add(add(ppr, "w:pBdr"), "w:bottom", "single");
      attr(b, "w:sz", 6);
      attr(b, "w:space", 1);
      attr(b, "w:color", "auto");
    }
    if (d.before >= 0 || d.after >= 0 || d.line >= 0) {
      pugi::xml_node sp = add(ppr, "w:spacing");
      if (d.before >= 0) attr(sp, "w:before", d.before);
      if (d.after >= 0) attr(sp, "w:after", d.after);
      if (d.line >= 0) {
        attr(sp, "w:line", d.line);
        attr(sp, "w:lineRule", d.exact ? "exact" : "auto");
      }
    }
    if (d.first_line_chars >= 0) {
      pugi::xml_node ind = add(ppr, "w:ind");
      attr(ind, "w:firstLineChars", d.first_line_chars);
      // hundredths of a character of half_points/2 points, in twips
      attr(ind, "w:firstLine", d.first_line_chars * (d.half_points > 0 ? d.half_points : 24) / 10);
    }
    if (d.align) add(ppr, "w:jc", align_name(*d.align));
    if (d.outline >= 0) add(ppr, "w:outlineLvl", d.outline);
  }
  pugi::xml_node rpr = add(s, "w:rPr");
  // Headings in 黑体 throughout, digits included; body text with Times New Roman for Latin.
  const bool hei = std::string_view(d.east_asia) == "SimHei" || std::string_view(d.east_asia) == "黑体";
  fonts(rpr, d.east_asia, hei ? d.east_asia : "Times New Roman");
  if (d.bold) {
    add(rpr, "w:b");
    add(rpr, "w:bCs");
  }
  if (d.half_points > 0) size(rpr, d.half_points);
  if (std::string_view(d.type) == "table") {
    pugi::xml_node tpr = add(s, "w:tblPr");
    if (std::string_view(d.id) == "TableGrid") {
      pugi::xml_node borders = add(tpr, "w:tblBorders");
      for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
        pugi::xml_node b = add(borders, side, "single");
        attr(b, "w:sz", 4);
        attr(b, "w:space", 0);
        attr(b, "w:color", "auto");
      }
    }
    pugi::xml_node mar = add(tpr, "w:tblCellMar");
    for (const char* side : {"w:left", "w:right"}) {
      pugi::xml_node m = add(mar, side);
      attr(m, "w:w", 60);
      attr(m, "w:type", "dxa");
    }
  }
}

/// The 公文 faces, by the names Chinese offices' Word and WPS know; fontTable.xml gives each
/// its generic name (仿宋, 楷体, 宋体) as the fallback, and LibreOffice substitutes through
/// fontconfig (docs/templates.md says which faces it picked here).
constexpr const char* kFangSong = "仿宋_GB2312";
constexpr const char* kKaiTi = "楷体_GB2312";
constexpr const char* kXiaoBiaoSong = "方正小标宋简体";
constexpr const char* kHeiTi = "黑体";
constexpr int kGongwenLine = 579;  // 28.95 pt: 22 lines in the 225 mm type area

/// GB/T 9704-2012: 3号 = 16 pt (32 half-points), 2号 = 22 pt, 4号 = 14 pt.
std::vector<StyleDef> gongwen_styles() {
  return {
      {.type = "paragraph",
       .id = "Normal",
       .name = "Normal",
       .east_asia = kFangSong,
       .half_points = 32,
       .align = Align::both,
       .line = kGongwenLine,
       .exact = true,
       .is_default = true},
      {.type = "paragraph",
       .id = "Title",
       .name = "Title",
       .based_on = "Normal",
       .next = "Subtitle",
       .east_asia = kXiaoBiaoSong,
       .half_points = 44,
       .align = Align::center,
       .before = 0,
       .after = kGongwenLine,
       .line = 2 * kGongwenLine,
       .exact = true},
      {.type = "paragraph",
       .id = "Subtitle",
       .name = "Subtitle",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = kKaiTi,
       .half_points = 32,
       .align = Align::center,
       .line = kGongwenLine,
       .exact = true},
      {.type = "paragraph",
       .id = "Heading1",
       .name = "heading 1",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = kHeiTi,
       .half_points = 32,
       .first_line_chars = 200,
       .before = 0,
       .after = 0,
       .line = kGongwenLine,
       .exact = true,
       .outline = 0,
       .keep_next = true},
      {.type = "paragraph",
       .id = "Heading2",
       .name = "heading 2",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = kKaiTi,
       .half_points = 32,
       .first_line_chars = 200,
       .before = 0,
       .after = 0,
       .line = kGongwenLine,
       .exact = true,
       .outline = 1,
       .keep_next = true},
      {.type = "paragraph",
       .id = "Heading3",
       .name = "heading 3",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = kFangSong,
       .half_points = 32,
       .bold = true,
       .first_line_chars = 200,
       .line = kGongwenLine,
       .exact = true,
       .outline = 2,
       .keep_next = true},
      {.type = "paragraph",
       .id = "BodyText",
       .name = "Body Text",
       .based_on = "Normal",
       .east_asia = kFangSong,
       .half_points = 32,
       .first_line_chars = 200,
       .line = kGongwenLine,
       .exact = true},
      {.type = "paragraph",
       .id = "Plain",
       .name = "Plain Line",
       .based_on = "Normal",
       .east_asia = kFangSong,
       .half_points = 32,
       .line = kGongwenLine,
       .exact = true},
      {.type = "paragraph",
       .id = "ListParagraph",
       .name = "List Paragraph",
       .based_on = "BodyText",
       .east_asia = kFangSong,
       .half_points = 32},
      {.type = "paragraph",
       .id = "TableText",
       .name = "Table Text",
       .based_on = "Normal",
       .east_asia = kFangSong,
       .half_points = 24,
       .align = Align::left,
       .before = 20,
       .after = 20,
       .line = 240},
      {.type = "paragraph",
       .id = "TableHeading",
       .name = "Table Heading",
       .based_on = "TableText",
       .east_asia = kHeiTi,
       .half_points = 24,
       .align = Align::center},
      {.type = "paragraph",
       .id = "TableNote",
       .name = "Table Note",
       .based_on = "Normal",
       .east_asia = kFangSong,
       .half_points = 24,
       .before = 60,
       .after = 120,
       .line = 240},
      {.type = "paragraph",
       .id = "Header",
       .name = "header",
       .based_on = "Normal",
       .east_asia = "宋体",
       .half_points = 18,
       .align = Align::center,
       .line = 240},
      {.type = "paragraph",
       .id = "Footer",
       .name = "footer",
       .based_on = "Normal",
       .east_asia = "宋体",
       .half_points = 28,
       .align = Align::center,
       .line = 240},
      {.type = "character",
       .id = "DefaultParagraphFont",
       .name = "Default Paragraph Font",
       .is_default = true},
      {.type = "character",
       .id = "Strong",
       .name = "Strong",
       .based_on = "DefaultParagraphFont",
       .east_asia = kFangSong,
       .bold = true},
      {.type = "table", .id = "TableNormal", .name = "Normal Table", .is_default = true},
      {.type = "table", .id = "TableGrid", .name = "Table Grid", .based_on = "TableNormal"},
  };
}

}  // namespace

std::string PackageMaker::styles_xml(Layout layout) {
  pugi::xml_document doc;
  pugi::xml_node styles = root(doc, "w:styles");
  pugi::xml_node defaults = add(styles, "w:docDefaults");
  pugi::xml_node rpr = add(add(defaults, "w:rPrDefault"), "w:rPr");
  fonts(rpr, layout == Layout::gongwen ? kFangSong : "SimSun");
  add(rpr, "w:kern", 2);
  size(rpr, layout == Layout::gongwen ? 32 : 24);
  pugi::xml_node lang = add(rpr, "w:lang", "en-US");
  attr(lang, "w:eastAsia", "zh-CN");
  attr(lang, "w:bidi", "ar-SA");
  pugi::xml_node ppr = add(add(defaults, "w:pPrDefault"), "w:pPr");
  pugi::xml_node sp = add(ppr, "w:spacing");
  attr(sp, "w:after", 0);
  attr(sp, "w:line", 240);
  attr(sp, "w:lineRule", "auto");

  const StyleDef defs[] = {
      {.type = "paragraph",
       .id = "Normal",
       .name = "Normal",
       .half_points = 24,
       .align = Align::both,
       .is_default = true},
      {.type = "paragraph",
       .id = "Title",
       .name = "Title",
       .based_on = "Normal",
       .next = "Subtitle",
       .east_asia = "SimHei",
       .half_points = 44,
       .align = Align::center,
       .before = 240,
       .after = 360,
       .line = 360},
      {.type = "paragraph",
       .id = "Subtitle",
       .name = "Subtitle",
       .based_on = "Normal",
       .next = "BodyText",
       .half_points = 28,
       .align = Align::center,
       .after = 360},
      {.type = "paragraph",
       .id = "Heading1",
       .name = "heading 1",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = "SimHei",
       .half_points = 32,
       .before = 240,
       .after = 120,
       .line = 360,
       .outline = 0,
       .keep_next = true},
      {.type = "paragraph",
       .id = "Heading2",
       .name = "heading 2",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = "SimHei",
       .half_points = 28,
       .first_line_chars = 200,
       .before = 120,
       .after = 60,
       .line = 360,
       .outline = 1,
       .keep_next = true},
      {.type = "paragraph",
       .id = "Heading3",
       .name = "heading 3",
       .based_on = "Normal",
       .next = "BodyText",
       .east_asia = "SimHei",
       .half_points = 24,
       .first_line_chars = 200,
       .before = 60,
       .line = 360,
       .outline = 2,
       .keep_next = true},
      {.type = "paragraph",
       .id = "BodyText",
       .name = "Body Text",
       .based_on = "Normal",
       .half_points = 24,
       .first_line_chars = 200,
       .line = 360},
      {.type = "paragraph",
       .id = "Plain",
       .name = "Plain Line",
       .based_on = "Normal",
       .half_points = 24,
       .line = 360},
      {.type = "paragraph",
       .id = "ListParagraph",
       .name = "List Paragraph",
       .based_on = "BodyText",
       .half_points = 24},
      {.type = "paragraph",
       .id = "TableText",
       .name = "Table Text",
       .based_on = "Normal",
       .half_points = 21,
       .align = Align::left,
       .before = 20,
       .after = 20},
      {.type = "paragraph",
       .id = "TableHeading",
       .name = "Table Heading",
       .based_on = "TableText",
       .east_asia = "SimHei",
       .half_points = 21,
       .align = Align::center},
      {.type = "paragraph",
       .id = "TableNote",
       .name = "Table Note",
       .based_on = "Normal",
       .half_points = 18,
       .before = 60,
       .after = 120},
      {.type = "paragraph",
       .id = "Header",
       .name = "header",
       .based_on = "Normal",
       .half_points = 18,
       .align = Align::center,
       .bottom_border = true},
      {.type = "paragraph",
       .id = "Footer",
       .name = "footer",
       .based_on = "Normal",
       .half_points = 21,
       .align = Align::center},
      {.type = "character",
       .id = "DefaultParagraphFont",
       .name = "Default Paragraph Font",
       .is_default = true},
      {.type = "character",
       .id = "Strong",
       .name = "Strong",
       .based_on = "DefaultParagraphFont",
       .east_asia = "SimHei",
       .bold = true},
      {.type = "table", .id = "TableNormal", .name = "Normal Table", .is_default = true},
      {.type = "table", .id = "TableGrid", .name = "Table Grid", .based_on = "TableNormal"},
  };
  if (layout == Layout::gongwen) {
    for (const StyleDef& d : gongwen_styles()) add_style(styles, d);
  } else {
    for (const StyleDef& d : defs) add_style(styles, d);
  }
  return xml_part(doc);
}

std::string PackageMaker::numbering_xml(const std::vector<ListKind>& lists) {
  pugi::xml_document doc;
  pugi::xml_node n = root(doc, "w:numbering");
  struct Format {
    const char* fmt;
    const char* text;
    const char* suffix;
  };
  // abstractNumId = ListKind.
  const Format formats[] = {
      {"decimal", "%1.", "space"}, {"chineseCounting", "（%1）", "nothing"}, {"decimal", "(%1)", "space"}};
  int id = 0;
  for (const Format& f : formats) {
    pugi::xml_node a = add(n, "w:abstractNum");
    attr(a, "w:abstractNumId", id++);
    add(a, "w:multiLevelType", "singleLevel");
    pugi::xml_node lvl = add(a, "w:lvl");
    attr(lvl, "w:ilvl", 0);
    add(lvl, "w:start", 1);
    add(lvl, "w:numFmt", f.fmt);
    add(lvl, "w:suff", f.suffix);
    add(lvl, "w:lvlText", f.text);
    add(lvl, "w:lvlJc", "left");
    pugi::xml_node ind = add(add(lvl, "w:pPr"), "w:ind");
    attr(ind, "w:left", 0);
    attr(ind, "w:firstLine", 480);
  }
  for (std::size_t i = 0; i < lists.size(); ++i) {
    pugi::xml_node num = add(n, "w:num");
    attr(num, "w:numId", static_cast<int>(i + 1));
    add(num, "w:abstractNumId", static_cast<int>(lists[i]));
    pugi::xml_node o = add(num, "w:lvlOverride");
    attr(o, "w:ilvl", 0);
    add(o, "w:startOverride", 1);
  }
  return xml_part(doc);
}

}  // namespace review::docx
