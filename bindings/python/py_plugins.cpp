// The plugin registry, as dictionaries for Python.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/plugin.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_plugins(py::module_& m) {
  m.def("_plugins", [] {
    py::list out;
    for (const auto& p : PluginRegistry::global().list()) {
      py::dict d;
      d["kind"] = std::string(to_string(p.kind));
      d["id"] = p.id;
      d["version"] = p.version;
      d["summary"] = p.summary;
      d["file"] = p.file.string();
      out.append(d);
    }
    return out;
  });
  m.def("_refused_plugins", [] {
    py::list out;
    for (const auto& r : PluginRegistry::global().refused()) {
      py::dict d;
      d["file"] = r.file.string();
      d["reason"] = r.reason;
      out.append(d);
    }
    return out;
  });
  m.def("_plugin_folders", [] { return PluginRegistry::global().folders(); });
  m.def("_add_plugin_folder", [](const std::filesystem::path& p) { PluginRegistry::global().add_folder(p); },
        py::arg("folder"));
  m.def("_rescan_plugins", [] { PluginRegistry::global().rescan(); });
}

}  // namespace review::python
