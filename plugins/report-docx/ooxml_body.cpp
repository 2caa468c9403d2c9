// The document's body: text made safe for XML, the body builder (titles,
// headings, paragraphs, lists, tables, page breaks), and a body streamed to a
// file piece by piece.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "ooxml.hpp"
#include "ooxml_internal.hpp"

namespace review::docx {

using xml::add;
using xml::add_run;
using xml::align_name;
using xml::attr;
using xml::styled_paragraph;

std::string serialize(const pugi::xml_document& doc) {
  struct Writer final : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } w;
  w.out.reserve(4096);
  w.out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
  doc.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(w.out);
}

std::string clean_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\r') {
        if (i + 1 >= s.size() || s[i + 1] != '\n') out += '\n';
      } else if (c >= 0x20 || c == '\t' || c == '\n') {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c >> 5) == 0x6)
      len = 2, cp = c & 0x1F;
    else if ((c >> 4) == 0xE)
      len = 3, cp = c & 0x0F;
    else if ((c >> 3) == 0x1E)
      len = 4, cp = c & 0x07;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc >> 6) == 0x2;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE &&
         cp != 0xFFFF;
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  return out;
}

std::string chinese_numeral(int n) {
  static const char* const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return digits[n];
  std::string s = n >= 20 ? std::string(digits[n / 10]) + "十" : "十";
  if (n % 10) s += digits[n % 10];
  return s;
}

void append_text(pugi::xml_node run, std::string_view text) {
  const std::string clean = clean_text(text);
  std::string_view rest = clean;
  while (true) {
    const std::size_t cut = rest.find_first_of("\n\t");
    const std::string_view piece = rest.substr(0, cut);
    if (!piece.empty()) {
      pugi::xml_node t = run.append_child("w:t");
      if (piece.front() == ' ' || piece.back() == ' ') attr(t, "xml:space", "preserve");
      t.append_child(pugi::node_pcdata).set_value(std::string(piece).c_str());
    }
    if (cut == std::string_view::npos) break;
    run.append_child(rest[cut] == '\n' ? "w:br" : "w:tab");
    rest.remove_prefix(cut + 1);
  }
}

// ---- Body ------------------------------------------------------------------------

namespace {

/// A paragraph border on `side` (`w:top`, `w:bottom`), `eighths` of a point thick, in `colour`.
void rule(pugi::xml_node ppr, const char* side, int eighths, const char* colour) {
  pugi::xml_node b = add(add(ppr, "w:pBdr"), side, "single");
  attr(b, "w:sz", eighths);
  attr(b, "w:space", 1);
  attr(b, "w:color", colour);
}

/// Direct run formatting: East Asian face, size in half-points, colour (or none), bold.
void run_format(pugi::xml_node r, const char* east_asia, int half_points, const char* colour = nullptr) {
  pugi::xml_node rpr = r.prepend_child("w:rPr");
  xml::fonts(rpr, east_asia, east_asia);
  if (colour != nullptr) add(rpr, "w:color", colour);
  xml::size(rpr, half_points);
}

}  // namespace

void Body::issuer_mark(std::string_view office, std::string_view doc_no) {
  pugi::xml_node p = styled_paragraph(body_, "Plain");
  add(p.child("w:pPr"), "w:jc", "center");
  add_run(p, office);
  run_format(p.last_child(), "方正小标宋简体", 52, "FF0000");
  if (!doc_no.empty()) {
    pugi::xml_node n = styled_paragraph(body_, "Plain");
    add(n.child("w:pPr"), "w:jc", "center");
    add_run(n, doc_no);
    run_format(n.last_child(), "仿宋_GB2312", 32);
  }
  pugi::xml_node r = styled_paragraph(body_, "Plain");
  rule(r.child("w:pPr"), "w:bottom", 12, "FF0000");  // the red rule (红色分隔线)
}

void Body::imprint(std::string_view cc, std::string_view office, std::string_view printed_on) {
  pugi::xml_node first = styled_paragraph(body_, "Plain");
  rule(first.child("w:pPr"), "w:bottom", 8, "000000");
  if (!cc.empty()) {
    pugi::xml_node c = styled_paragraph(body_, "Plain");
    add_run(c, fmt::format("抄送：{}。", cc));
    run_format(c.last_child(), "仿宋_GB2312", 28);
    rule(c.child("w:pPr"), "w:bottom", 4, "000000");
  }
  pugi::xml_node p = styled_paragraph(body_, "Plain");
  add_run(p, fmt::format("{}　　　　{}印发", office, printed_on));
  run_format(p.last_child(), "仿宋_GB2312", 28);
  rule(p.child("w:pPr"), "w:bottom", 8, "000000");
}

void Body::title(std::string_view text) { add_run(styled_paragraph(body_, "Title"), text); }

void Body::subtitle(std::string_view text) { add_run(styled_paragraph(body_, "Subtitle"), text); }

void Body::heading(int level, std::string_view text) {
  const char* style = level <= 1 ? "Heading1" : level == 2 ? "Heading2" : "Heading3";
  add_run(styled_paragraph(body_, style), text);
}

pugi::xml_node Body::paragraph(std::string_view text, std::string_view style) {
  pugi::xml_node p = styled_paragraph(body_, style);
  add_run(p, text);
  return p;
}

pugi::xml_node Body::paragraph(const std::vector<Span>& spans, std::string_view style) {
  pugi::xml_node p = styled_paragraph(body_, style);
  for (const Span& s : spans) add_run(p, s.text, s.bold);
  return p;
}

pugi::xml_node Body::line(std::string_view text, Align align, bool bold) {
  pugi::xml_node p = styled_paragraph(body_, "Plain");
  if (align != Align::left) add(p.child("w:pPr"), "w:jc", align_name(align));
  add_run(p, text, bold);
  return p;
}

int Body::start_list(ListKind kind) {
  lists_.push_back(kind);
  return static_cast<int>(lists_.size());
}

void Body::list_item(int list, std::string_view text) {
  pugi::xml_node p = styled_paragraph(body_, "ListParagraph");
  pugi::xml_node num = add(p.child("w:pPr"), "w:numPr");
  add(num, "w:ilvl", 0);
  add(num, "w:numId", list);
  add_run(p, text);
}

void Body::table(const TableSpec& spec, const std::vector<std::vector<std::string>>& rows) {
  const std::size_t cols = spec.header.size();
  std::vector<int> widths = spec.widths;
  widths.resize(cols, kTextWidth / static_cast<int>(std::max<std::size_t>(cols, 1)));
  const int sum = std::accumulate(widths.begin(), widths.end(), 0);
  if (sum > kTextWidth)
    for (int& w : widths) w = w * kTextWidth / sum;
  const int table_width = std::accumulate(widths.begin(), widths.end(), 0);

  pugi::xml_node tbl = add(body_, "w:tbl");
  pugi::xml_node pr = add(tbl, "w:tblPr");
  add(pr, "w:tblStyle", "TableGrid");
  pugi::xml_node tw = add(pr, "w:tblW");
  attr(tw, "w:w", table_width);
  attr(tw, "w:type", "dxa");
  add(pr, "w:jc", "center");
  attr(add(pr, "w:tblLayout"), "w:type", "fixed");
  pugi::xml_node look = add(pr, "w:tblLook");
  attr(look, "w:val", "04A0");
  attr(look, "w:firstRow", "1");
  attr(look, "w:lastRow", "0");
  attr(look, "w:firstColumn", "1");
  attr(look, "w:lastColumn", "0");
  attr(look, "w:noHBand", "0");
  attr(look, "w:noVBand", "1");
  pugi::xml_node grid = add(tbl, "w:tblGrid");
  for (int w : widths) attr(add(grid, "w:gridCol"), "w:w", w);

  auto row = [&](const std::vector<std::string>& cells, bool header, bool bold) {
    pugi::xml_node tr = add(tbl, "w:tr");
    pugi::xml_node trpr = add(tr, "w:trPr");
    add(trpr, "w:cantSplit");
    if (header) add(trpr, "w:tblHeader");
    for (std::size_t c = 0; c < cols; ++c) {
      pugi::xml_node tc = add(tr, "w:tc");
      pugi::xml_node tcpr = add(tc, "w:tcPr");
      pugi::xml_node w = add(tcpr, "w:tcW");
      attr(w, "w:w", widths[c]);
      attr(w, "w:type", "dxa");
      if (header) {
        pugi::xml_node shd = add(tcpr, "w:shd", "clear");
        attr(shd, "w:color", "auto");
        attr(shd, "w:fill", "EDEDED");
      }
      add(tcpr, "w:vAlign", "center");
      pugi::xml_node p = styled_paragraph(tc, header ? "TableHeading" : "TableText");
      const Align a = header ? Align::center : (c < spec.align.size() ? spec.align[c] : Align::left);
      if (!header && a != Align::left) add(p.child("w:pPr"), "w:jc", align_name(a));
      if (c < cells.size()) add_run(p, cells[c], bold);
    }
  };
  row(spec.header, true, false);
  for (std::size_t i = 0; i < rows.size(); ++i) row(rows[i], false, spec.total_row && i + 1 == rows.size());
}

void Body::note(std::string_view text) { add_run(styled_paragraph(body_, "TableNote"), text); }

void Body::page_break() {
  pugi::xml_node p = add(body_, "w:p");
  pugi::xml_node ppr = add(p, "w:pPr");
  add(ppr, "w:pStyle", "Plain");
  pugi::xml_node spacing = add(ppr, "w:spacing");
  attr(spacing, "w:before", 0);
  attr(spacing, "w:after", 0);
  attr(spacing, "w:line", 20);
  attr(spacing, "w:lineRule", "exact");
  attr(add(add(p, "w:r"), "w:br"), "w:type", "page");
}

// ---- a body streamed to a file ----------------------------------------------------

namespace {

struct StringWriter final : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

std::string node_xml(pugi::xml_node n) {
  StringWriter w;
  n.print(w, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(w.out);
}

const std::string& page_break_xml() {
  static const std::string xml = [] {
    pugi::xml_document doc;
    Body body(PackageMaker::new_document(doc));
    body.page_break();
    return node_xml(body.node().first_child());
  }();
  return xml;
}

}  // namespace

StreamedBody::StreamedBody(std::filesystem::path file) : file_(std::move(file)) {
  // What comes before and after the body's content: an empty document with a
  // marker where the content goes, serialised as serialize() does.
  pugi::xml_document doc;
  pugi::xml_node body = PackageMaker::new_document(doc);
  body.append_child("w:streamed");
  PackageMaker::finish_body(body);
  const std::string all = serialize(doc);
  const std::size_t at = all.find("<w:streamed");
  const std::size_t end = all.find("/>", at) + 2;
  out_ = std::fopen(file_.c_str(), "wb");
  if (out_ == nullptr) refuse<ReportError>("LR-R116", file_.string());
  put(std::string_view(all).substr(0, at));
  tail_ = all.substr(end);
}

StreamedBody::StreamedBody(std::filesystem::path file, std::string_view head, std::string tail)
    : file_(std::move(file)), tail_(std::move(tail)) {
  out_ = std::fopen(file_.c_str(), "wb");
  if (out_ == nullptr) refuse<ReportError>("LR-R116", file_.string());
  put(head);
}

StreamedBody::~StreamedBody() {
  if (out_ != nullptr) std::fclose(out_);
}

void StreamedBody::put(std::string_view bytes) { write_bytes(out_, bytes, file_.string()); }

void StreamedBody::append(pugi::xml_node node) {
  if (out_ == nullptr) refuse<ReportError>("LR-R150", file_.string());
  pugi::xml_writer_file w(out_);
  node.print(w, "", pugi::format_raw, pugi::encoding_utf8);
}

void StreamedBody::append(Body& body) {
  if (out_ == nullptr) refuse<ReportError>("LR-R150", file_.string());
  const int offset = static_cast<int>(lists_.size());
  pugi::xml_node root = body.node();
  if (offset > 0) {
    // Every w:numPr/w:numId below the body, without recursion.
    for (pugi::xml_node n = root.first_child(); n;) {
      if (std::string_view(n.name()) == "w:numId" && std::string_view(n.parent().name()) == "w:numPr") {
        pugi::xml_attribute v = n.attribute("w:val");
        v.set_value(v.as_int() + offset);
      }
      if (n.first_child()) {
        n = n.first_child();
        continue;
      }
      while (n && n != root && !n.next_sibling()) n = n.parent();
      n = n == root ? pugi::xml_node() : n.next_sibling();
    }
  }
  lists_.insert(lists_.end(), body.lists().begin(), body.lists().end());
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (!c.next_sibling() && std::string_view(c.name()) == "w:sectPr") break;
    append(c);
  }
}

void StreamedBody::page_break() {
  if (out_ == nullptr) refuse<ReportError>("LR-R150", file_.string());
  put(page_break_xml());
}

void StreamedBody::finish() {
  if (out_ == nullptr) return;
  put(tail_);
  const bool failed = std::ferror(out_) != 0;
  const int closed = std::fclose(out_);
  out_ = nullptr;
  if (failed || closed != 0) refuse<ReportError>("LR-R116", file_.string());
}

}  // namespace review::docx
