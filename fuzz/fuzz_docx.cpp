// Fuzz target: the report-docx plugin's template reader (an office's own .docx:
// package limits, XML parsing, placeholders split over runs, sections) and
// filling it, with the plugin's sources compiled in.
//
// Input, as for fuzz_xlsx: a zip file (starts with "PK"), or a bundle of parts
// "@@@ <path>\n<bytes>" packed (stored) by this harness. The template is read,
// then filled with values and lists under every name the sample letter uses (and
// once more as a batch of two). Anything but a review::Error is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "docx_template.hpp"
#include "fuzz_util.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"

namespace {

review::docx::TemplateData make_data() {
  review::docx::TemplateData d;
  for (const char* name : {"department.name", "department.category", "department.id", "office", "year", "date",
                           "composite", "grade", "rank_overall", "rank_in_category", "category_count",
                           "participating_count", "deductions", "expected_score", "self_gap"})
    d.set(name, std::string("=值 <&>\"{{x}}") + name);
  for (int i = 0; i < 2; ++i) {
    auto& r = d.add_item("rectifications");
    for (const char* f : {"id", "description", "deadline", "status", "overdue"}) r.set(f, "整改 " + std::to_string(i));
    auto& w = d.add_item("weights");
    for (const char* f : {"component", "score", "weight", "weighted"}) w.set(f, "0.5");
    auto& q = d.add_item("questionnaire_groups");
    for (const char* f : {"group", "satisfied", "basic", "dissatisfied", "unknown", "total"}) q.set(f, "5");
    auto& o = d.add_item("opinions");
    o.set("text", "意见");
    o.set("times", "2");
  }
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  review::log::set_level(review::log::Level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const review::docx::TemplateData values = make_data();
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string file = (fuzz::scratch() / "template.docx").string();
  if (in.starts_with("PK")) {
    fuzz::write(file, in);
  } else if (!fuzz::pack(in, file)) {
    return 0;
  }
  try {
    const review::docx::DocxTemplate t(file);
    (void)t.fill(values);
    (void)t.fill_all({&values, &values});
  } catch (const review::Error&) {
  }
  return 0;
}
