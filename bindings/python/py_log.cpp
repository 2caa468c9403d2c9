// spdlog output goes to Python's logging under `libreview.*`.
#include "libreview/log.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_log(py::module_& m) {
  m.def("_bridge_logging", [](bool on) {
    if (!on) {
      log::set_callback({});
      return;
    }
    log::set_callback([](std::string_view logger, log::Level level, std::string_view message) {
      if (Py_IsInitialized() == 0) return;
      py::gil_scoped_acquire gil;
      static const int levels[] = {5, 10, 20, 30, 40, 50, 100};
      std::string name(logger);
      if (name.starts_with("review.")) name = "libreview." + name.substr(7);
      try {
        py::module_::import("logging").attr("getLogger")(name).attr("log")(
            levels[static_cast<int>(level)], std::string(message));
      } catch (const py::error_already_set&) {
        PyErr_Clear();
      }
    });
  }, py::arg("on"), "Send libreview's C++ log messages to Python's logging (on) or to stderr (off).");
  m.def("_set_log_level", [](const std::string& level) { log::set_level(log::parse_level(level)); },
        py::arg("level"));
  m.def("_log_level", [] {
    static const char* names[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
    return std::string(names[static_cast<int>(log::level())]);
  });
}

}  // namespace review::python
