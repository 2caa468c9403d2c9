// The `.xlsx` reader: the package read within its limits (opc/package_internal.hpp), pugixml for the parts
// (workbook.xml and its relationships, sharedStrings.xml, styles.xml, the sheets).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "ingest/records_internal.hpp"
#include "libreview/error.hpp"
#include "libreview/ingest.hpp"
#include "libreview/messages.hpp"
#include "opc/package_internal.hpp"

namespace review::ingest {

namespace {

/// The local part of a possibly prefixed XML name (`x:sheet` → `sheet`).
std::string_view local(std::string_view name) {
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (auto c : node.children())
    if (local(c.name()) == name) return c;
  return {};
}

/// The text of every `t` below `node`, skipping phonetic runs (`rPh`); iterative,
/// so no nesting can exhaust the stack.
void collect_text(const pugi::xml_node& node, std::string& out) {
  pugi::xml_node c = node.first_child();
  while (c && c != node) {
    const auto name = local(c.name());
    const bool descend = name != "t" && name != "rPh" && c.first_child();
    if (name == "t") out += c.text().get();
    if (descend) {
      c = c.first_child();
      continue;
    }
    while (c != node && !c.next_sibling()) c = c.parent();
    if (c == node) break;
    c = c.next_sibling();
  }
}

/// Whether a number format shows a date.
bool is_date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return true;
  if (code.empty()) return false;
  bool in_quote = false, in_bracket = false;
  for (char ch : code) {
    if (ch == '"')
      in_quote = !in_quote;
    else if (!in_quote && ch == '[')
      in_bracket = true;
    else if (!in_quote && ch == ']')
      in_bracket = false;
    else if (!in_quote && !in_bracket && (ch == 'y' || ch == 'Y' || ch == 'd' || ch == 'D'))
      return true;
  }
  return false;
}

/// Column number (A = 1) and row of a cell reference like `AB12`.
bool parse_ref(std::string_view ref, std::size_t& column, std::size_t& row) {
  std::size_t i = 0;
  column = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z')
    column = column * 26 + static_cast<std::size_t>(ref[i++] - 'A' + 1);
  if (column == 0 || i == ref.size()) return false;
  row = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
  }
  return row > 0;
}

/// Records over the cells of one sheet, materialised once.
class SheetReader final : public RecordReader {
 public:
  struct Row {
    std::uint32_t line = 0;
    std::vector<std::string> cells;
  };
  explicit SheetReader(std::vector<Row> rows) : rows_(std::move(rows)) {}

  bool next(Record& r) override {
    while (next_ < rows_.size()) {
      const auto& row = rows_[next_++];
      bool blank = true;
      for (const auto& c : row.cells) blank = blank && c.empty();
      if (blank) continue;
      r.fields.clear();
      r.lines.clear();
      r.line = row.line;
      for (const auto& c : row.cells) {
        r.fields.emplace_back(c);
        r.lines.push_back(row.line);
      }
      return true;
    }
    return false;
  }

 private:
  std::vector<Row> rows_;
  std::size_t next_ = 0;
};

/// The workbook reader's errors, worded as documented (docs/data-format.md).
opc::Refuse workbook_refusals(const std::filesystem::path& file) {
  return [file](const opc::Refusal& r) {
    using Kind = opc::Refusal::Kind;
    switch (r.kind) {
      case Kind::not_a_zip:
        refuse<ValidationError>("LR-D154", file.string(), r.detail);
      case Kind::part_too_large:
        refuse<ValidationError>("LR-D155", file.string(), r.part, r.limit >> 20);
      case Kind::too_large_in_all:
        refuse<ValidationError>("LR-D156", file.string(), r.limit >> 20);
      case Kind::nested_too_deep:
        refuse<ValidationError>("LR-D157", file.string(), r.part, r.limit);
      case Kind::malformed_xml:
        refuse<ValidationError>("LR-D158", file.string(), r.part, r.detail);
      case Kind::too_many_entries:  // no limit on entries: only the parts named are read
      case Kind::unreadable_entry:
      case Kind::damaged_part:
        break;
    }
    refuse<IoError>("LR-D159", file.string(), r.part);
  };
}

}  // namespace

std::string excel_serial_to_date(double serial, bool date1904) {
  using namespace std::chrono;
  auto whole = static_cast<int>(std::floor(serial));
  sys_days day;
  if (date1904) {
    day = sys_days{year{1904} / January / 1} + days{whole};
  } else if (whole >= 61) {
    day = sys_days{year{1899} / December / 30} + days{whole};
  } else {
    day = sys_days{year{1899} / December / 31} + days{whole};  // Lotus's 1900-02-29 sits at 60
  }
  const year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

struct Workbook::Impl {
  std::filesystem::path file;
  std::optional<opc::Package> package;
  bool date1904 = false;
  std::vector<std::string> sheet_names;
  std::map<std::string, std::string, std::less<>> sheet_parts;  ///< sheet name → part path
  std::vector<std::string> shared;
  std::vector<bool> date_styles;  ///< by cellXfs index

  /// The bytes of a part, or nothing when the package has no such part (or one libzip cannot open).
  [[nodiscard]] std::optional<std::string> read_part(const std::string& name) {
    const auto entry = package->find(name);
    if (!entry) return std::nullopt;
    return package->read(*entry);
  }

  [[nodiscard]] pugi::xml_document parse_part(const std::string& name, bool required) {
    pugi::xml_document doc;
    auto bytes = read_part(name);
    if (!bytes) {
      if (required) refuse<ValidationError>("LR-D160", file.string(), name);
      return doc;
    }
    package->parse(doc, *bytes, name);
    return doc;
  }

  void load() {
    // Workbook: sheet names and their relationship ids; the date system.
    const auto wb_doc = parse_part("xl/workbook.xml", true);
    const auto wb = child(wb_doc, "workbook");
    if (auto pr = child(wb, "workbookPr")) {
      const std::string_view v = pr.attribute("date1904").value();
      date1904 = v == "1" || v == "true";
    }
    std::vector<std::pair<std::string, std::string>> sheets;  // name, rId
    for (auto s : child(wb, "sheets").children()) {
      if (local(s.name()) != "sheet") continue;
      std::string rid;
      for (auto a : s.attributes())
        if (local(a.name()) == "id") rid = a.value();
      sheets.emplace_back(s.attribute("name").value(), rid);
    }
    // Relationships: rId → part.
    std::map<std::string, std::string> targets;
    const auto rels = parse_part("xl/_rels/workbook.xml.rels", true);
    for (auto r : child(rels, "Relationships").children()) {
      std::string target = r.attribute("Target").value();
      if (target.starts_with('/'))
        target.erase(0, 1);
      else
        target = "xl/" + target;
      targets[r.attribute("Id").value()] = target;
    }
    for (const auto& [name, rid] : sheets) {
      auto it = targets.find(rid);
      if (it == targets.end()) refuse<ValidationError>("LR-D161", file.string(), name);
      sheet_names.push_back(name);
      sheet_parts[name] = it->second;
    }
    // Shared strings.
    const auto sst = parse_part("xl/sharedStrings.xml", false);
    for (auto si : child(sst, "sst").children()) {
      if (local(si.name()) != "si") continue;
      std::string text;
      collect_text(si, text);
      shared.push_back(std::move(text));
    }
    // Styles: which cell formats show dates.
    const auto styles_doc = parse_part("xl/styles.xml", false);
    const auto styles = child(styles_doc, "styleSheet");
    std::map<int, std::string> codes;
    for (auto f : child(styles, "numFmts").children())
      codes[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
    for (auto xf : child(styles, "cellXfs").children()) {
      if (local(xf.name()) != "xf") continue;
      const int id = xf.attribute("numFmtId").as_int();
      auto it = codes.find(id);
      date_styles.push_back(is_date_format(id, it == codes.end() ? std::string() : it->second));
    }
  }

  [[nodiscard]] std::string cell_text(const pugi::xml_node& c) const {
    const std::string_view type = c.attribute("t").value();
    const auto v = child(c, "v");
    const std::string raw = v ? v.text().get() : "";
    if (type == "s") {
      const auto i = static_cast<std::size_t>(v.text().as_ullong(~0ULL));
      if (i >= shared.size()) refuse<ValidationError>("LR-D162", file.string(), raw);
      return shared[i];
    }
    if (type == "inlineStr") {
      std::string text;
      if (auto is = child(c, "is")) collect_text(is, text);
      return text;
    }
    if (type == "b") return raw == "1" ? "true" : raw == "0" ? "false" : raw;
    if (type == "str" || type == "e" || type == "d") return raw;
    // A number: a date when its style shows one.
    const auto style = static_cast<std::size_t>(c.attribute("s").as_uint(0));
    if (!raw.empty() && style < date_styles.size() && date_styles[style]) {
      char* end = nullptr;
      const double serial = std::strtod(raw.c_str(), &end);
      if (end != nullptr && *end == '\0' && serial >= 1 && serial < 2958466)
        return excel_serial_to_date(serial, date1904);
    }
    return raw;
  }
};

Workbook::Workbook(const std::filesystem::path& file) : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  std::error_code size_error;
  if (const auto size = std::filesystem::file_size(file, size_error);
      !size_error && size > kMaxInputFileBytes)
    refuse<ValidationError>("LR-D163", file.string(), size, kMaxInputFileBytes >> 20);
  impl_->package.emplace(file, opc::kWorkbookLimits, workbook_refusals(file));
  impl_->load();
}

Workbook::~Workbook() = default;

bool Workbook::has_sheet(std::string_view name) const { return impl_->sheet_parts.contains(name); }

std::vector<std::string> Workbook::sheet_names() const { return impl_->sheet_names; }

std::unique_ptr<RecordReader> Workbook::open(std::string_view sheet) const {
  auto it = impl_->sheet_parts.find(sheet);
  if (it == impl_->sheet_parts.end()) refuse<ValidationError>("LR-D164", impl_->file.string(), sheet);
  const auto doc = impl_->parse_part(it->second, true);
  std::vector<SheetReader::Row> rows;
  std::size_t last_row = 0;
  std::uint64_t text_bytes = 0;
  const auto data = child(child(doc, "worksheet"), "sheetData");
  for (auto row : data.children()) {
    if (local(row.name()) != "row") continue;
    SheetReader::Row out;
    const std::size_t r = row.attribute("r").as_ullong(0);
    out.line = static_cast<std::uint32_t>(r > 0 ? r : last_row + 1);
    last_row = out.line;
    std::size_t next_col = 1;
    for (auto c : row.children()) {
      if (local(c.name()) != "c") continue;
      std::size_t col = next_col, cell_row = 0;
      if (const char* ref = c.attribute("r").value(); *ref != '\0' && !parse_ref(ref, col, cell_row))
        refuse<ValidationError>("LR-D165", impl_->file.string(), ref, sheet);
      if (col > kMaxFieldsPerRecord)
        refuse<ValidationError>("LR-D166", impl_->file.string(), c.attribute("r").value(), sheet,
                                kMaxFieldsPerRecord);
      if (out.cells.size() < col) out.cells.resize(col);
      // A formula's cached value is what Excel, WPS or LibreOffice showed; without one (no `v`, or
      // the empty `v` openpyxl writes under a formula that is not of text) there is nothing to read.
      if (const auto type = std::string_view(c.attribute("t").value());
          child(c, "f") && type != "inlineStr") {
        const auto v = child(c, "v");
        if (!v || (*v.text().get() == '\0' && type != "str")) {
          const std::string cell = c.attribute("r").value();
          const std::string file = impl_->file.filename().string();
          throw ValidationError(message("LR-D153", file, cell, sheet));
        }
      }
      out.cells[col - 1] = impl_->cell_text(c);
      // Shared strings are stored once but copied into every cell that names them: bound the copies.
      text_bytes += out.cells[col - 1].size();
      if (out.cells[col - 1].size() > kMaxFieldBytes || text_bytes > kMaxInputFileBytes)
        refuse<ValidationError>("LR-D167", impl_->file.string(), sheet, kMaxFieldBytes,
                                kMaxInputFileBytes >> 20);
      next_col = col + 1;
    }
    rows.push_back(std::move(out));
  }
  return std::make_unique<SheetReader>(std::move(rows));
}

}  // namespace review::ingest
