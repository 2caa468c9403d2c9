// An office's .docx template read: the package and its XML parts through the
// reader of packages someone else made (libreview/src/opc, library review_opc), within
// opc::kTemplateLimits, its refusals worded for the template.
#include <string>
#include <utility>

#include "libreview/error.hpp"
#include "ooxml.hpp"

namespace review::docx {

namespace {

/// The template reader's errors (review::ReportError), naming the file or the XML part.
opc::Refuse template_refusals(const std::string& name) {
  return [name](const opc::Refusal& r) {
    using Kind = opc::Refusal::Kind;
    switch (r.kind) {
      case Kind::not_a_zip:
        throw ReportError(name + ": not a readable .docx (zip) file: " + r.detail);
      case Kind::too_many_entries:
        throw ReportError(name + ": refused: more than " + std::to_string(r.limit) + " entries");
      case Kind::unreadable_entry:
        throw ReportError(name + ": cannot read entry " + std::to_string(r.number));
      case Kind::part_too_large:
        throw ReportError(name + ": refused: " + r.part + " is larger than " + std::to_string(r.limit >> 20) +
                          " MiB");
      case Kind::too_large_in_all:
        throw ReportError(name + ": refused: more than " + std::to_string(r.limit >> 20) +
                          " MiB uncompressed");
      case Kind::damaged_part:
        throw ReportError(name + ": " + r.part + " is damaged (its size does not match)");
      case Kind::nested_too_deep:
        throw ReportError(r.part + ": refused: XML nested deeper than " + std::to_string(r.limit) +
                          " levels");
      case Kind::malformed_xml:
        throw ReportError(r.part + ": malformed XML at byte " + std::to_string(r.number) + ": " + r.detail);
    }
    throw ReportError(name + ": refused");
  };
}

}  // namespace

std::vector<Part> read_package(const std::filesystem::path& file, const ReadLimits& limits) {
  const std::string name = file.string();
  opc::Package package(file, limits, template_refusals(name));
  std::vector<Part> parts;
  for (std::uint64_t i = 0; i < package.entries(); ++i) {
    opc::Entry e = package.entry(i);
    if (e.name.empty() || e.name.back() == '/') continue;
    auto bytes = package.read(e);
    if (!bytes) throw ReportError(name + ": cannot open " + e.name + ": " + package.open_error());
    parts.emplace_back(std::move(e.name), std::move(*bytes));
  }
  return parts;
}

void parse_xml(pugi::xml_document& doc, std::string_view data, const std::string& what, int max_depth) {
  opc::parse_xml(doc, data, what, max_depth, template_refusals(what));
}

}  // namespace review::docx
