// Reports through the report plugins.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

void init_report(py::module_& m) {
  m.def("_write_report", [](const std::string& format, const Cycle& cycle, const Results& results,
                            const RegionProfile& profile, const std::filesystem::path& out_dir,
                            bool include_integrity, const std::filesystem::path& template_path,
                            const std::map<std::string, std::string>& values) {
    auto writer = PluginRegistry::global().report_writer(format);
    ReportOptions options;
    options.include_integrity = include_integrity;
    options.template_path = template_path;
    options.values = values;
    std::filesystem::create_directories(out_dir);
    return writer->write(ReportInput{cycle, results, profile}, out_dir, options);
  }, py::arg("format"), py::arg("cycle"), py::arg("results"), py::arg("profile"), py::arg("out_dir"),
     py::arg("include_integrity") = false, py::arg("template") = std::filesystem::path(),
     py::arg("values") = std::map<std::string, std::string>{}, py::call_guard<py::gil_scoped_release>());
}

}  // namespace review::python
