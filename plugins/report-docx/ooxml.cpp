#include "ooxml.hpp"

#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <numeric>
#include <optional>

#include "libreview/error.hpp"

namespace review::docx {

namespace {

// ---- small XML helpers -----------------------------------------------------------

pugi::xml_node add(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

pugi::xml_node add(pugi::xml_node parent, const char* name, const char* val) {
  pugi::xml_node n = parent.append_child(name);
  n.append_attribute("w:val").set_value(val);
  return n;
}

pugi::xml_node add(pugi::xml_node parent, const char* name, int val) {
  pugi::xml_node n = parent.append_child(name);
  n.append_attribute("w:val").set_value(val);
  return n;
}

void attr(pugi::xml_node n, const char* name, const char* value) {
  n.append_attribute(name).set_value(value);
}
void attr(pugi::xml_node n, const char* name, int value) { n.append_attribute(name).set_value(value); }

const char* align_name(Align a) {
  switch (a) {
    case Align::center:
      return "center";
    case Align::right:
      return "right";
    case Align::both:
      return "both";
    case Align::left:
      break;
  }
  return "left";
}

/// `<w:rFonts>` with all four slots set.
void fonts(pugi::xml_node rpr, const char* east_asia, const char* latin = "Times New Roman") {
  pugi::xml_node f = add(rpr, "w:rFonts");
  attr(f, "w:ascii", latin);
  attr(f, "w:hAnsi", latin);
  attr(f, "w:eastAsia", east_asia);
  attr(f, "w:cs", latin);
}

void size(pugi::xml_node rpr, int half_points) {
  add(rpr, "w:sz", half_points);
  add(rpr, "w:szCs", half_points);
}

pugi::xml_node root(pugi::xml_document& doc, const char* name) {
  pugi::xml_node r = doc.append_child(name);
  attr(r, "xmlns:w", ns::w);
  attr(r, "xmlns:r", ns::r);
  return r;
}

std::string xml_part(const pugi::xml_document& doc) { return serialize(doc); }

// ---- zip -------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};

std::string zip_message(zip_error_t* err) {
  std::string m = zip_error_strerror(err);
  zip_error_fini(err);
  return m;
}

/// A zip source reading a part's bytes from its file while the archive is
/// written. Its stat is that of a memory buffer of the same size (as
/// zip_source_buffer gives), so the package has the same bytes either way.
struct FileReader {
  std::filesystem::path path;
  zip_uint64_t size = 0;
  std::FILE* file = nullptr;
  zip_error_t error{};

  static zip_int64_t callback(void* user, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* r = static_cast<FileReader*>(user);
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        r->file = std::fopen(r->path.c_str(), "rb");
        if (r->file == nullptr) {
          zip_error_set(&r->error, ZIP_ER_OPEN, errno);
          return -1;
        }
        return 0;
      case ZIP_SOURCE_READ: {
        const std::size_t n = std::fread(data, 1, static_cast<std::size_t>(len), r->file);
        if (n < len && std::ferror(r->file)) {
          zip_error_set(&r->error, ZIP_ER_READ, errno);
          return -1;
        }
        return static_cast<zip_int64_t>(n);
      }
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        if (r->file != nullptr) std::fclose(r->file);
        r->file = nullptr;
        return 0;
      case ZIP_SOURCE_STAT: {
        auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &r->error);
        if (st == nullptr) return -1;
        zip_stat_init(st);
        st->size = r->size;
        st->comp_size = r->size;
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof(*st);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&r->error, data, len);
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
      default:
        zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }
};

}  // namespace

void write_bytes(std::FILE* out, std::string_view bytes, const std::string& name) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size())
    throw ReportError("cannot write " + name);
}

std::string zip_parts(const std::vector<Part>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (buffer == nullptr) throw ReportError("cannot make a zip buffer: " + zip_message(&err));
  zip_t* za = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  if (za == nullptr) {
    zip_source_free(buffer);
    throw ReportError("cannot make a zip archive: " + zip_message(&err));
  }
  zip_source_keep(buffer);  // survives zip_close(), so that its bytes can be read back
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
  std::vector<std::unique_ptr<FileReader>> readers;  // outlive the archive, which uses them
  std::unique_ptr<zip_t, ZipCloser> archive(za);
  constexpr time_t kFixedTime = 946684800;   // 2000-01-01: same document, same bytes
  constexpr zip_uint32_t kDeflateLevel = 1;  // fastest: XML still shrinks about 6 times
  for (const Part& p : parts) {
    zip_source_t* s = nullptr;
    if (p.file.empty()) {
      s = zip_source_buffer(za, p.data.data(), p.data.size(), 0);
    } else {
      auto reader = std::make_unique<FileReader>();
      reader->path = p.file;
      std::error_code ec;
      reader->size = std::filesystem::file_size(p.file, ec);
      if (ec) throw ReportError("cannot read " + p.file.string() + ": " + ec.message());
      zip_error_init(&reader->error);
      s = zip_source_function(za, &FileReader::callback, reader.get());
      readers.push_back(std::move(reader));
    }
    if (s == nullptr) throw ReportError("cannot add " + p.name + " to the package: " + zip_strerror(za));
    const zip_int64_t idx = zip_file_add(za, p.name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(s);
      throw ReportError("cannot add " + p.name + " to the package: " + zip_strerror(za));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, kDeflateLevel) != 0 ||
        zip_file_set_mtime(za, i, kFixedTime, 0) != 0)
      throw ReportError("cannot set up " + p.name + " in the package: " + zip_strerror(za));
  }
  if (zip_close(archive.get()) != 0)
    throw ReportError(std::string("cannot write the package: ") + zip_strerror(za));
  (void)archive.release();  // closed

  zip_stat_t st;
  if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0)
    throw ReportError("cannot read the package back from memory");
  std::string out(static_cast<std::size_t>(st.size), '\0');
  const zip_int64_t n = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
    throw ReportError("cannot read the package back from memory");
  return out;
}

std::vector<Part> read_package(const std::filesystem::path& file, const ReadLimits& limits) {
  const std::string name = file.string();
  int code = 0;
  zip_t* za = zip_open(name.c_str(), ZIP_RDONLY, &code);
  if (za == nullptr) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    throw ReportError(name + ": not a readable .docx (zip) file: " + zip_message(&err));
  }
  std::unique_ptr<zip_t, ZipCloser> archive(za);
  const zip_int64_t count = zip_get_num_entries(za, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits.max_entries)
    throw ReportError(name + ": refused: more than " + std::to_string(limits.max_entries) + " entries");
  std::vector<Part> parts;
  std::uint64_t total = 0;
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, i, 0, &st) != 0)
      throw ReportError(name + ": cannot read entry " + std::to_string(i));
    Part p;
    p.name = st.name;
    if (p.name.empty() || p.name.back() == '/') continue;
    if (st.size > limits.max_entry_size)
      throw ReportError(name + ": refused: " + p.name + " is larger than " +
                        std::to_string(limits.max_entry_size >> 20) + " MiB");
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(za, i, 0), &zip_fclose);
    if (!f) throw ReportError(name + ": cannot open " + p.name + ": " + zip_strerror(za));
    // Read one byte more than declared: a lying size is caught, never trusted.
    p.data.resize(static_cast<std::size_t>(st.size) + 1);
    const zip_int64_t n = zip_fread(f.get(), p.data.data(), p.data.size());
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size)
      throw ReportError(name + ": " + p.name + " is damaged (its size does not match)");
    p.data.resize(static_cast<std::size_t>(n));
    total += st.size;
    if (total > limits.max_total_size)
      throw ReportError(name + ": refused: more than " + std::to_string(limits.max_total_size >> 20) +
                        " MiB uncompressed");
    parts.push_back(std::move(p));
  }
  return parts;
}

void parse_xml(pugi::xml_document& doc, std::string_view data, const std::string& what, int max_depth) {
  // DOCTYPEs are skipped (pugixml never expands entities), whitespace-only text
  // is kept where it is an element's only content (`<w:t> </w:t>`).
  const pugi::xml_parse_result r = doc.load_buffer(
      data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_utf8);
  if (!r)
    throw ReportError(what + ": malformed XML at byte " + std::to_string(r.offset) + ": " + r.description());
  // Depth, without recursion.
  int depth = 0;
  pugi::xml_node n = doc.first_child();
  while (n) {
    if (n.first_child()) {
      n = n.first_child();
      if (++depth > max_depth)
        throw ReportError(what + ": refused: XML nested deeper than " + std::to_string(max_depth) +
                          " levels");
      continue;
    }
    while (n && !n.next_sibling()) {
      n = n.parent();
      --depth;
      if (n == doc) n = pugi::xml_node();
    }
    if (n) n = n.next_sibling();
  }
}

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

pugi::xml_node styled_paragraph(pugi::xml_node body, std::string_view style) {
  pugi::xml_node p = add(body, "w:p");
  pugi::xml_node ppr = add(p, "w:pPr");
  add(ppr, "w:pStyle", std::string(style).c_str());
  return p;
}

void add_run(pugi::xml_node p, std::string_view text, bool bold = false) {
  if (text.empty()) return;
  pugi::xml_node r = add(p, "w:r");
  if (bold) {
    pugi::xml_node rpr = add(r, "w:rPr");
    add(rpr, "w:b");
    add(rpr, "w:bCs");
  }
  append_text(r, text);
}

}  // namespace

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
  if (out_ == nullptr) throw ReportError("cannot write " + file_.string());
  put(std::string_view(all).substr(0, at));
  tail_ = all.substr(end);
}

StreamedBody::StreamedBody(std::filesystem::path file, std::string_view head, std::string tail)
    : file_(std::move(file)), tail_(std::move(tail)) {
  out_ = std::fopen(file_.c_str(), "wb");
  if (out_ == nullptr) throw ReportError("cannot write " + file_.string());
  put(head);
}

StreamedBody::~StreamedBody() {
  if (out_ != nullptr) std::fclose(out_);
}

void StreamedBody::put(std::string_view bytes) { write_bytes(out_, bytes, file_.string()); }

void StreamedBody::append(pugi::xml_node node) {
  if (out_ == nullptr) throw ReportError("cannot write " + file_.string() + ": already finished");
  pugi::xml_writer_file w(out_);
  node.print(w, "", pugi::format_raw, pugi::encoding_utf8);
}

void StreamedBody::append(Body& body) {
  if (out_ == nullptr) throw ReportError("cannot write " + file_.string() + ": already finished");
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
  if (out_ == nullptr) throw ReportError("cannot write " + file_.string() + ": already finished");
  put(page_break_xml());
}

void StreamedBody::finish() {
  if (out_ == nullptr) return;
  put(tail_);
  const bool failed = std::ferror(out_) != 0;
  const int closed = std::fclose(out_);
  out_ = nullptr;
  if (failed || closed != 0) throw ReportError("cannot write " + file_.string());
}

// ---- package parts -----------------------------------------------------------------

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
  int before = -1, after = -1, line = -1;  // twips; line in 240ths of a line
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
        attr(sp, "w:lineRule", "auto");
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
  const bool hei = std::string_view(d.east_asia) == "SimHei";
  fonts(rpr, d.east_asia, hei ? "SimHei" : "Times New Roman");
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

// The ids used in sectPr: rId1 header1, rId2 footer1.
std::string document_rels_xml() {
  return relationships_xml({{kOfficeRel + "header", "header1.xml"},
                            {kOfficeRel + "footer", "footer1.xml"},
                            {kOfficeRel + "styles", "styles.xml"},
                            {kOfficeRel + "numbering", "numbering.xml"},
                            {kOfficeRel + "settings", "settings.xml"},
                            {kOfficeRel + "fontTable", "fontTable.xml"}});
}

std::string settings_xml() {
  pugi::xml_document doc;
  pugi::xml_node s = root(doc, "w:settings");
  attr(add(s, "w:zoom"), "w:percent", 100);
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
        Font{"Times New Roman", nullptr, "00", "roman", "variable"}}) {
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

/// The footer: `— PAGE —`, centred; the only field of our documents.
std::string footer_xml() {
  pugi::xml_document doc;
  pugi::xml_node f = root(doc, "w:ftr");
  pugi::xml_node p = styled_paragraph(f, "Footer");
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

std::string PackageMaker::styles_xml() {
  pugi::xml_document doc;
  pugi::xml_node styles = root(doc, "w:styles");
  pugi::xml_node defaults = add(styles, "w:docDefaults");
  pugi::xml_node rpr = add(add(defaults, "w:rPrDefault"), "w:rPr");
  fonts(rpr, "SimSun");
  add(rpr, "w:kern", 2);
  size(rpr, 24);
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
  for (const StyleDef& d : defs) add_style(styles, d);
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

PackageMaker::PackageMaker(Stationery stationery) : stationery_(std::move(stationery)) {
  shared_ = {{"[Content_Types].xml", content_types_xml()},
             {"_rels/.rels", package_rels_xml()},
             {"docProps/app.xml", app_xml()},
             {"word/_rels/document.xml.rels", document_rels_xml()},
             {"word/styles.xml", styles_xml()},
             {"word/settings.xml", settings_xml()},
             {"word/fontTable.xml", font_table_xml()},
             {"word/header1.xml", header_xml(stationery_.header_text)},
             {"word/footer1.xml", footer_xml()}};
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
  pugi::xml_node f = add(s, "w:footerReference");
  attr(f, "w:type", "default");
  attr(f, "r:id", "rId2");
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
