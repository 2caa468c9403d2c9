// C++ errors arrive as libreview.errors classes, each deriving from
// libreview.ReviewError and the matching built-in (as pyarrow does).
#include <pybind11/stl.h>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

namespace {
// Raises the libreview.errors class of `code` (libreview.errors.ERROR_CLASSES, the one table).
void raise(const Error& e, py::object extra = py::none()) {
  py::module_ errors = py::module_::import("libreview.errors");
  py::object type = errors.attr("ERROR_CLASSES")[py::str(error_code_name(e.code()))];
  py::object value = extra.is_none() ? type(e.what()) : type(e.what(), extra);
  value.attr("message_code") = e.message_code();
  PyErr_SetObject(type.ptr(), value.ptr());
}
}  // namespace

void init_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ValidationError& e) {
      py::list diagnostics;
      py::module_ errors = py::module_::import("libreview.errors");
      py::object diag = errors.attr("Diagnostic");
      for (const auto& d : e.diagnostics())
        diagnostics.append(diag(d.file, d.line, d.column, d.field, d.value, d.message, d.code));
      py::dict extra;
      extra["diagnostics"] = diagnostics;
      extra["total"] = e.total();
      raise(e, extra);
    } catch (const Error& e) {
      raise(e);
    }
  });
}

void init_messages(py::module_& m) {
  m.def("_set_language", [](const std::string& lang) {
    const auto parsed = parse_language(lang);
    if (!parsed) refuse<UsageError>("LR-U112", lang);
    set_language(*parsed);
  });
  m.def("_language", [] { return std::string(language() == Language::zh ? "zh" : "en"); });
  m.def("_message_catalogue", [] {
    py::list out;
    for (const auto& e : catalogue())
      out.append(py::make_tuple(std::string(e.code), std::string(e.en), std::string(e.zh),
                                std::string(e.fix_en), std::string(e.fix_zh)));
    return out;
  });
}

}  // namespace review::python
