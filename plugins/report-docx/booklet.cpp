// The commitment booklet (公开承诺汇编): every department's public commitments
// and supervision hotline, by sector sequence.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "documents.hpp"
#include "documents_internal.hpp"

namespace review::docx {

using namespace detail;

std::string Documents::booklet() const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  const int year = cycle_.info.year;
  body.title(fmt::format("{}年度公开承诺汇编", year));
  body.subtitle(settings_.office);
  booklet_content(body);
  PackageMaker::finish_body(body.node());
  return maker_.docx(doc, body, fmt::format("{}年度公开承诺汇编", year));
}

std::string Documents::booklet(const DocxTemplate& tpl) const {
  pugi::xml_document doc;
  Body body(PackageMaker::new_document(doc));
  booklet_content(body);
  return zip_parts(tpl.fill_with_body(document_data(fmt::format("{}年度公开承诺汇编", cycle_.info.year)),
                                      body, settings_.layout));
}

void Documents::booklet_content(Body& body) const {
  const int year = cycle_.info.year;
  std::set<std::string> with_commitments;
  for (const auto& c : cycle_.commitments) with_commitments.insert(c.department_id);
  body.paragraph(
      fmt::format("{}年度，{}个部门向社会公开承诺{}项，并公布了监督电话。现将各部门的公开承诺辑印成册，"
                  "发至机关、厂矿、农村、学校，以供互相学习、借鉴、监督。",
                  year, with_commitments.size(), cycle_.commitments.size()));
  // Every department, participating or exempt, by sector sequence.
  std::vector<std::string> categories;
  for (const auto& d : cycle_.departments) {
    const std::string c = d.category.empty() ? "其他" : d.category;
    if (std::find(categories.begin(), categories.end(), c) == categories.end()) categories.push_back(c);
  }
  int section = 0;
  for (const auto& c : categories) {
    body.heading(1, fmt::format("{}、{}", cn(++section), c));
    int sub = 0;
    for (std::uint32_t d = 0; d < cycle_.departments.size(); ++d) {
      const Department& dep = cycle_.departments[d];
      if ((dep.category.empty() ? "其他" : dep.category) != c) continue;
      body.heading(2, fmt::format("（{}）{}{}", cn(++sub), dep.name,
                                  dep.status == DepartmentStatus::exempt ? "（免评）" : ""));
      body.paragraph({{"监督电话：", true}, {dep.hotline.empty() ? std::string("未公布") : dep.hotline}});
      if (commitments_[d].empty()) {
        body.paragraph("未录入公开承诺。");
        continue;
      }
      const int list = body.start_list(ListKind::decimal);
      for (const Commitment* cm : commitments_[d]) {
        std::vector<std::string> notes;
        if (cm->due_on) notes.push_back(fmt::format("{}前完成", date_zh(*cm->due_on)));
        if (const auto st = cm->kept_status()) notes.push_back(std::string(label_zh(*st)));
        body.list_item(list, notes.empty() ? cm->text : fmt::format("{}（{}）", cm->text, join(notes, "；")));
      }
    }
  }
}

}  // namespace review::docx
