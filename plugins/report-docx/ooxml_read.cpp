// An office's .docx template read: the package and its XML parts through the
// reader of packages someone else made (libreview/src/opc, library review_opc), within
// opc::kTemplateLimits, its refusals worded for the template.
#include <string>
#include <utility>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "ooxml.hpp"

namespace review::docx {

namespace {

/// The template reader's errors (review::ReportError), naming the file or the XML part.
opc::Refuse template_refusals(const std::string& name) {
  return [name](const opc::Refusal& r) {
    using Kind = opc::Refusal::Kind;
    switch (r.kind) {
      case Kind::not_a_zip:
        refuse<ReportError>("LR-R132", name, r.detail);
      case Kind::too_many_entries:
        refuse<ReportError>("LR-R133", name, r.limit);
      case Kind::unreadable_entry:
        refuse<ReportError>("LR-R134", name, r.number);
      case Kind::part_too_large:
        refuse<ReportError>("LR-R135", name, r.part, r.limit >> 20);
      case Kind::too_large_in_all:
        refuse<ReportError>("LR-R136", name, r.limit >> 20);
      case Kind::damaged_part:
        refuse<ReportError>("LR-R137", name, r.part);
      case Kind::nested_too_deep:
        refuse<ReportError>("LR-R138", r.part, r.limit);
      case Kind::malformed_xml:
        refuse<ReportError>("LR-R139", r.part, r.number, r.detail);
    }
    refuse<ReportError>("LR-R140", name);
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
    if (!bytes) refuse<ReportError>("LR-R141", name, e.name, package.open_error());
    parts.emplace_back(std::move(e.name), std::move(*bytes));
  }
  return parts;
}

void parse_xml(pugi::xml_document& doc, std::string_view data, const std::string& what, int max_depth) {
  opc::parse_xml(doc, data, what, max_depth, template_refusals(what));
}

}  // namespace review::docx
