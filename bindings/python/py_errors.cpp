// C++ errors arrive as libreview.errors classes, each deriving from
// libreview.ReviewError and the matching built-in (as pyarrow does).
#include <pybind11/stl.h>

#include "libreview/error.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

namespace {
// Raises the libreview.errors class of `code` (libreview.errors.ERROR_CLASSES, the one table).
void raise(ErrorCode code, const std::string& message, py::object extra = py::none()) {
  py::module_ errors = py::module_::import("libreview.errors");
  py::object type = errors.attr("ERROR_CLASSES")[py::str(error_code_name(code))];
  py::object value = extra.is_none() ? type(message) : type(message, extra);
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
        diagnostics.append(diag(d.file, d.line, d.column, d.field, d.value, d.message));
      py::dict extra;
      extra["diagnostics"] = diagnostics;
      extra["total"] = e.total();
      raise(e.code(), e.what(), extra);
    } catch (const Error& e) {
      raise(e.code(), e.what());
    }
  });
}

}  // namespace review::python
