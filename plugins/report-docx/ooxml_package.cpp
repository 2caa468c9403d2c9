// The package of a new document: the parts every document of a set shares
// (content types, relationships, settings, fonts, header, footer, properties)
// and PackageMaker, which puts them together with the body.
#include <optional>
#include <utility>

#include "ooxml.hpp"
#include "ooxml_internal.hpp"

namespace review::docx {

using xml::add;
using xml::add_run;
using xml::attr;
using xml::root;
using xml::styled_paragraph;
using xml::xml_part;

namespace {

std::string content_types_xml() {
  pugi::xml_document doc;
  pugi::xml_node t = doc.append_child("Types");
  attr(t, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  auto def = [&](const char* ext, const char* type) {
    pugi::xml_node d = add(t, "Default");
    attr(d, "Extension", ext);
    attr(d, "ContentType", type);
  };
  def("rels", "application/vnd.openxmlformats-package.relationships+xml");
  def("xml", "application/xml");
  auto over = [&](const char* part, const char* type) {
    pugi::xml_node o = add(t, "Override");
    attr(o, "PartName", part);
    attr(o, "ContentType", type);
  };
  const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  over("/word/document.xml", (wml + "document.main+xml").c_str());
  over("/word/styles.xml", (wml + "styles+xml").c_str());
  over("/word/numbering.xml", (wml + "numbering+xml").c_str());
  over("/word/settings.xml", (wml + "settings+xml").c_str());
  over("/word/fontTable.xml", (wml + "fontTable+xml").c_str());
  over("/word/header1.xml", (wml + "header+xml").c_str());
  over("/word/footer1.xml", (wml + "footer+xml").c_str());
  over("/word/footer2.xml", (wml + "footer+xml").c_str());
  over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  over("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  return xml_part(doc);
}

std::string relationships_xml(const std::vector<std::pair<std::string, std::string>>& rels) {
  pugi::xml_document doc;
  pugi::xml_node r = doc.append_child("Relationships");
  attr(r, "xmlns", ns::rel);
  int n = 0;
  for (const auto& [type, target] : rels) {
    pugi::xml_node e = add(r, "Relationship");
    attr(e, "Id", ("rId" + std::to_string(++n)).c_str());
    attr(e, "Type", type.c_str());
    attr(e, "Target", target.c_str());
  }
  return xml_part(doc);
}

const std::string kOfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string package_rels_xml() {
  return relationships_xml(
      {{kOfficeRel + "officeDocument", "word/document.xml"},
       {"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml"},
       {kOfficeRel + "extended-properties", "docProps/app.xml"}});
}

// The ids used in sectPr: rId1 header1, rId2 footer1 (odd pages), rId7 footer2 (even pages).
std::string document_rels_xml() {
  return relationships_xml({{kOfficeRel + "header", "header1.xml"},
                            {kOfficeRel + "footer", "footer1.xml"},
                            {kOfficeRel + "styles", "styles.xml"},
                            {kOfficeRel + "numbering", "numbering.xml"},
                            {kOfficeRel + "settings", "settings.xml"},
                            {kOfficeRel + "fontTable", "fontTable.xml"},
                            {kOfficeRel + "footer", "footer2.xml"}});
}

std::string settings_xml(Layout layout) {
  pugi::xml_document doc;
  pugi::xml_node s = root(doc, "w:settings");
  attr(add(s, "w:zoom"), "w:percent", 100);
  // 公文: page numbers on the outer side, so odd and even pages have footers of their own.
  if (layout == Layout::gongwen) add(s, "w:evenAndOddHeaders");
  add(s, "w:defaultTabStop", 420);
  add(s, "w:drawingGridVerticalSpacing", 156);
  add(s, "w:characterSpacingControl", "compressPunctuation");
  pugi::xml_node compat = add(s, "w:compat");
  add(compat, "w:spaceForUL");
  add(compat, "w:balanceSingleByteDoubleByteWidth");
  add(compat, "w:doNotLeaveBackslashAlone");
  add(compat, "w:ulTrailSpace");
  add(compat, "w:doNotExpandShiftReturn");
  add(compat, "w:adjustLineHeightInTable");
  add(compat, "w:useFELayout");
  pugi::xml_node cs = add(compat, "w:compatSetting");
  attr(cs, "w:name", "compatibilityMode");
  attr(cs, "w:uri", "http://schemas.microsoft.com/office/word");
  attr(cs, "w:val", "15");
  pugi::xml_node lang = add(s, "w:themeFontLang", "en-US");
  attr(lang, "w:eastAsia", "zh-CN");
  add(s, "w:decimalSymbol", ".");
  add(s, "w:listSeparator", ",");
  return xml_part(doc);
}

std::string font_table_xml() {
  pugi::xml_document doc;
  pugi::xml_node f = root(doc, "w:fonts");
  struct Font {
    const char* name;
    const char* alt;
    const char* charset;
    const char* family;
    const char* pitch;
  };
  for (const Font& font :
       {Font{"SimSun", "宋体", "86", "auto", "variable"}, Font{"SimHei", "黑体", "86", "modern", "fixed"},
        Font{"Times New Roman", nullptr, "00", "roman", "variable"},
        // The 公文 faces with the generic face each falls back to where it is not installed.
        Font{"仿宋_GB2312", "仿宋", "86", "modern", "fixed"},
        Font{"楷体_GB2312", "楷体", "86", "modern", "fixed"},
        Font{"方正小标宋简体", "宋体", "86", "script", "variable"},
        Font{"黑体", "SimHei", "86", "modern", "fixed"}, Font{"宋体", "SimSun", "86", "auto", "variable"}}) {
    pugi::xml_node n = add(f, "w:font");
    attr(n, "w:name", font.name);
    if (font.alt) add(n, "w:altName", font.alt);
    add(n, "w:charset", font.charset);
    add(n, "w:family", font.family);
    add(n, "w:pitch", font.pitch);
  }
  return xml_part(doc);
}

std::string header_xml(std::string_view text) {
  pugi::xml_document doc;
  pugi::xml_node h = root(doc, "w:hdr");
  pugi::xml_node p = styled_paragraph(h, "Header");
  add_run(p, text);
  return xml_part(doc);
}

/// The footer: `— PAGE —`, the only field of our documents; centred, or (公文) on the outer
/// side: right on odd pages, left on even ones.
std::string footer_xml(std::optional<Align> side = std::nullopt) {
  pugi::xml_document doc;
  pugi::xml_node f = root(doc, "w:ftr");
  pugi::xml_node p = styled_paragraph(f, "Footer");
  if (side) {
    pugi::xml_node ppr = p.child("w:pPr");
    pugi::xml_node ind =
        add(ppr, "w:ind");  // one character in from the edge of the type area (GB/T 9704 7.5)
    attr(ind, *side == Align::right ? "w:right" : "w:left", 280);
    add(ppr, "w:jc", *side == Align::right ? "right" : "left");
  }
  add_run(p, "— ");
  auto fld = [&](const char* type) {
    add(add(p, "w:r"), "w:fldChar").append_attribute("w:fldCharType").set_value(type);
  };
  fld("begin");
  pugi::xml_node instr = add(add(p, "w:r"), "w:instrText");
  attr(instr, "xml:space", "preserve");
  instr.append_child(pugi::node_pcdata).set_value(" PAGE ");
  fld("separate");
  add_run(p, "1");
  fld("end");
  add_run(p, " —");
  return xml_part(doc);
}

std::string app_xml() {
  pugi::xml_document doc;
  pugi::xml_node p = doc.append_child("Properties");
  attr(p, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  attr(p, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
  add(p, "Application").text().set("libreview");
  add(p, "DocSecurity").text().set("0");
  return xml_part(doc);
}

std::string core_xml(std::string_view title, const Stationery& st) {
  pugi::xml_document doc;
  pugi::xml_node c = doc.append_child("cp:coreProperties");
  attr(c, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  attr(c, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  attr(c, "xmlns:dcterms", "http://purl.org/dc/terms/");
  attr(c, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  add(c, "dc:title").text().set(clean_text(title).c_str());
  add(c, "dc:creator").text().set(clean_text(st.author).c_str());
  add(c, "cp:lastModifiedBy").text().set("libreview");
  for (const char* name : {"dcterms:created", "dcterms:modified"}) {
    pugi::xml_node d = add(c, name);
    attr(d, "xsi:type", "dcterms:W3CDTF");
    d.text().set(st.created.c_str());
  }
  return xml_part(doc);
}

}  // namespace

PackageMaker::PackageMaker(Stationery stationery) : stationery_(std::move(stationery)) {
  shared_ = {{"[Content_Types].xml", content_types_xml()},
             {"_rels/.rels", package_rels_xml()},
             {"docProps/app.xml", app_xml()},
             {"word/_rels/document.xml.rels", document_rels_xml()},
             {"word/styles.xml", styles_xml(stationery_.layout)},
             {"word/settings.xml", settings_xml(stationery_.layout)},
             {"word/fontTable.xml", font_table_xml()},
             {"word/header1.xml", header_xml(stationery_.header_text)}};
  if (stationery_.layout == Layout::gongwen) {
    shared_.push_back({"word/footer1.xml", footer_xml(Align::right)});
    shared_.push_back({"word/footer2.xml", footer_xml(Align::left)});
  } else {
    shared_.push_back({"word/footer1.xml", footer_xml()});
    shared_.push_back({"word/footer2.xml", footer_xml()});
  }
}

pugi::xml_node PackageMaker::new_document(pugi::xml_document& doc) {
  pugi::xml_node d = root(doc, "w:document");
  return add(d, "w:body");
}

void PackageMaker::finish_body(pugi::xml_node body) {
  pugi::xml_node s = add(body, "w:sectPr");
  pugi::xml_node h = add(s, "w:headerReference");
  attr(h, "w:type", "default");
  attr(h, "r:id", "rId1");
  pugi::xml_node he = add(s, "w:headerReference");
  attr(he, "w:type", "even");
  attr(he, "r:id", "rId1");
  pugi::xml_node f = add(s, "w:footerReference");
  attr(f, "w:type", "default");
  attr(f, "r:id", "rId2");
  pugi::xml_node fe = add(s, "w:footerReference");
  attr(fe, "w:type", "even");
  attr(fe, "r:id", "rId7");
  pugi::xml_node sz = add(s, "w:pgSz");  // A4
  attr(sz, "w:w", 11906);
  attr(sz, "w:h", 16838);
  pugi::xml_node m = add(s, "w:pgMar");  // 37 / 26 / 35 / 28 mm, as official documents (GB/T 9704)
  attr(m, "w:top", 2098);
  attr(m, "w:right", 1474);
  attr(m, "w:bottom", 1984);
  attr(m, "w:left", 1588);
  attr(m, "w:header", 851);
  attr(m, "w:footer", 992);
  attr(m, "w:gutter", 0);
  attr(add(s, "w:pgNumType"), "w:fmt", "decimal");
  attr(add(s, "w:cols"), "w:space", 425);
}

std::vector<Part> PackageMaker::package(Part document, const std::vector<ListKind>& lists,
                                        std::string_view title) const {
  std::vector<Part> parts;
  parts.reserve(shared_.size() + 3);
  parts.insert(parts.end(), shared_.begin(), shared_.begin() + 3);  // content types, rels, app
  parts.push_back({"docProps/core.xml", core_xml(title, stationery_)});
  parts.push_back(std::move(document));
  parts.insert(parts.end(), shared_.begin() + 3, shared_.end());
  parts.push_back({"word/numbering.xml", numbering_xml(lists)});
  return parts;
}

std::vector<Part> PackageMaker::package(const pugi::xml_document& document, const Body& body,
                                        std::string_view title) const {
  return package(Part("word/document.xml", serialize(document)), body.lists(), title);
}

std::string PackageMaker::docx(const StreamedBody& body, std::string_view title) const {
  return zip_parts(package(Part::from_file("word/document.xml", body.file()), body.lists(), title));
}

std::string PackageMaker::docx(const pugi::xml_document& document, const Body& body,
                               std::string_view title) const {
  return zip_parts(package(document, body, title));
}

}  // namespace review::docx
