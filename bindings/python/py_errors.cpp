// C++ errors arrive as libreview.errors classes, each deriving from
// libreview.ReviewError and the matching built-in (as pyarrow does).
#include <pybind11/stl.h>

#include "libreview/error.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

namespace {
void raise(const char* cls, const std::string& message, py::object extra = py::none()) {
  py::module_ errors = py::module_::import("libreview.errors");
  py::object type = errors.attr(cls);
  py::object value = extra.is_none() ? type(message) : type(message, extra);
  PyErr_SetObject(type.ptr(), value.ptr());
}
}  // namespace

void init_errors(py::module_& m) {
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
      raise("ValidationError", e.what(), extra);
    } catch (const PluginError& e) {
      raise("PluginError", e.what());
    } catch (const StoreError& e) {
      raise("StoreError", e.what());
    } catch (const ReportError& e) {
      raise("ReportError", e.what());
    } catch (const Error& e) {
      raise("ReviewError", e.what());
    }
  });
  // Lets tests raise each C++ error type through the translator.
  m.def("_raise_for_test", [](const std::string& kind, const std::string& message) {
    if (kind == "validation")
      throw ValidationError({Diagnostic{"ballots.csv", 3, 3, "rating", "很满意", message}}, 2);
    if (kind == "plugin") throw PluginError(message);
    if (kind == "store") throw StoreError(message);
    if (kind == "report") throw ReportError(message);
    throw InternalError(message);
  });
}

}  // namespace review::python
