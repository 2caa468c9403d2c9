// Reports through the session's write_reports() (the checks, the clean-up and
// the order of the command), and the options each report format declares.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/session.hpp"
#include "py_convert.hpp"
#include "py_module.hpp"

namespace py = pybind11;

namespace review::python {

namespace {
ReportOptions options_of(const std::map<std::string, std::string>& values) {
  ReportOptions options;
  options.values = values;
  return options;
}
}  // namespace

void init_report(py::module_& m) {
  m.def(
      "_write_reports",
      [](const std::vector<std::string>& formats, const Cycle& cycle, const Results& results,
         const RegionProfile& profile, const std::filesystem::path& out_dir,
         const std::map<std::string, std::string>& values) {
        const Scored scored{profile, results};
        return write_reports(cycle, scored, formats, out_dir, options_of(values));
      },
      py::arg("formats"), py::arg("cycle"), py::arg("results"), py::arg("profile"), py::arg("out_dir"),
      py::arg("values") = std::map<std::string, std::string>{}, py::call_guard<py::gil_scoped_release>(),
      "write_reports(): every option checked before anything is written, stale temporary files removed.");
  m.def(
      "_check_report_options",
      [](const std::vector<std::string>& formats, const std::map<std::string, std::string>& values) {
        return check_report_options(formats, options_of(values)).values;
      },
      py::arg("formats"), py::arg("values"), py::call_guard<py::gil_scoped_release>(),
      "check_report_options(): the options normalised, or UsageError naming key, value and what is allowed.");
  m.def(
      "_report_options",
      [](const std::vector<std::string>& formats) {
        py::list out;
        for (const auto& f : report_options(formats))
          for (const auto& o : f.options) {
            py::dict d;
            d["format"] = f.format;
            d["name"] = o.name;
            d["type"] = std::string(to_string(o.type));
            d["default"] = o.default_value;
            d["choices"] = o.choices;
            d["list"] = o.list;
            d["meaning_zh"] = o.meaning_zh;
            d["meaning_en"] = o.meaning_en;
            out.append(d);
          }
        return out;
      },
      py::arg("formats"), "The options each of `formats` declares, one dict an option.");
}

}  // namespace review::python
