#pragma once
// Internals of the WordprocessingML writer (ooxml_*.cpp): the small XML
// helpers its body builder and its parts share.

#include <array>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "ooxml.hpp"

namespace review::docx::xml {

inline pugi::xml_node add(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

inline pugi::xml_node add(pugi::xml_node parent, const char* name, const char* val) {
  pugi::xml_node n = parent.append_child(name);
  n.append_attribute("w:val").set_value(val);
  return n;
}

inline pugi::xml_node add(pugi::xml_node parent, const char* name, int val) {
  pugi::xml_node n = parent.append_child(name);
  n.append_attribute("w:val").set_value(val);
  return n;
}

inline void attr(pugi::xml_node n, const char* name, const char* value) {
  n.append_attribute(name).set_value(value);
}
inline void attr(pugi::xml_node n, const char* name, int value) { n.append_attribute(name).set_value(value); }

inline const char* align_name(Align a) {
  static constexpr std::array<const char*, 4> kNames{"left", "center", "right", "both"};  // Align's order
  return kNames.at(static_cast<std::size_t>(a));
}

/// `<w:rFonts>` with all four slots set.
inline void fonts(pugi::xml_node rpr, const char* east_asia, const char* latin = "Times New Roman") {
  pugi::xml_node f = add(rpr, "w:rFonts");
  attr(f, "w:ascii", latin);
  attr(f, "w:hAnsi", latin);
  attr(f, "w:eastAsia", east_asia);
  attr(f, "w:cs", latin);
}

inline void size(pugi::xml_node rpr, int half_points) {
  add(rpr, "w:sz", half_points);
  add(rpr, "w:szCs", half_points);
}

inline pugi::xml_node root(pugi::xml_document& doc, const char* name) {
  pugi::xml_node r = doc.append_child(name);
  attr(r, "xmlns:w", ns::w);
  attr(r, "xmlns:r", ns::r);
  return r;
}

inline std::string xml_part(const pugi::xml_document& doc) { return serialize(doc); }

/// A paragraph of `style` appended to `body`.
inline pugi::xml_node styled_paragraph(pugi::xml_node body, std::string_view style) {
  pugi::xml_node p = add(body, "w:p");
  pugi::xml_node ppr = add(p, "w:pPr");
  add(ppr, "w:pStyle", std::string(style).c_str());
  return p;
}

/// A run of `text` appended to the paragraph `p` (none for empty text).
inline void add_run(pugi::xml_node p, std::string_view text, bool bold = false) {
  if (text.empty()) return;
  pugi::xml_node r = add(p, "w:r");
  if (bold) {
    pugi::xml_node rpr = add(r, "w:rPr");
    add(rpr, "w:b");
    add(rpr, "w:bCs");
  }
  append_text(r, text);
}

}  // namespace review::docx::xml
