// The module libreview._core. Conveniences live in python/libreview/, not here.
#include "py_module.hpp"

#include "libreview/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "libreview's C++ core (use the libreview package, not this module)";
  m.attr("__version__") = review::version();
  m.attr("PLUGIN_ABI") = review::plugin_abi();
  review::python::init_errors(m);
  review::python::init_messages(m);
  review::python::init_log(m);
  review::python::init_plugins(m);
  review::python::init_cycle(m);
  review::python::init_store(m);
  review::python::init_scoring(m);
  review::python::init_report(m);
  review::python::init_vocabulary(m);
  review::python::init_rollup(m);
}
