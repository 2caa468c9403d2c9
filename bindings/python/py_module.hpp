#pragma once
// Shared declarations of the binding files: one init function per area.
#include <pybind11/pybind11.h>

namespace review::python {
void init_errors(pybind11::module_& m);
/// set_language / language / the message catalogue (提示信息目录).
void init_messages(pybind11::module_& m);
void init_log(pybind11::module_& m);
void init_plugins(pybind11::module_& m);
void init_cycle(pybind11::module_& m);
void init_store(pybind11::module_& m);
void init_scoring(pybind11::module_& m);
void init_report(pybind11::module_& m);
void init_vocabulary(pybind11::module_& m);
void init_rollup(pybind11::module_& m);
}  // namespace review::python
