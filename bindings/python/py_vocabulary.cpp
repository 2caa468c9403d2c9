// The domain vocabulary (词汇表, vocabulary.hpp) for Python: the words every output uses.
#include "libreview/vocabulary.hpp"
#include "py_module.hpp"

namespace review::python {

namespace py = pybind11;

namespace {

py::str str(std::string_view s) { return {s.data(), s.size()}; }

/// `{family: [{"code", "zh", "en"}, ...]}`, each family in the order of its enum.
py::dict vocabulary() {
  py::dict out;
  for (const TermFamily family : kTermFamilies) {
    py::list words;
    for (const Term& t : terms(family)) {
      py::dict w;
      w["code"] = str(t.code);
      w["zh"] = str(t.zh);
      w["en"] = str(t.en);
      words.append(w);
    }
    out[str(family_name(family))] = words;
  }
  return out;
}

}  // namespace

void init_vocabulary(py::module_& m) {
  m.def("vocabulary", &vocabulary,
        "The domain vocabulary: {family: [{'code', 'zh', 'en'}, ...]} for flag, grade, component, deduction, "
        "rating, department_status, rectification_status, rectification_source, complaint_channel, "
        "activity_kind, site_kind and commitment_status, each in the order of its enum.");
}

}  // namespace review::python
