// Writes the report fixture (make_report_fixture() of fixtures.hpp) with a report plugin loaded
// from the build's plugin folder, for the Python tests and for looking at:
//
//   write_report_fixture <out_dir> [--report xlsx] [--integrity] [--no-payloads] [--extra N]
//
// Prints each file written and the time the writer took.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "fixtures.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} <out_dir> [--report ID] [--integrity] [--no-payloads] [--extra N]\n",
               argv[0]);
    return 2;
  }
  std::string report = "xlsx";
  bool payloads = true;
  std::size_t extra = 0;
  review::ReportOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--integrity")
      options.include_integrity = true;
    else if (arg == "--no-payloads")
      payloads = false;
    else if (arg == "--report" && i + 1 < argc)
      report = argv[++i];
    else if (arg == "--extra" && i + 1 < argc)
      extra = std::strtoull(argv[++i], nullptr, 10);
    else {
      fmt::print(stderr, "unknown argument '{}'\n", arg);
      return 2;
    }
  }
  try {
    review::PluginRegistry registry({LIBREVIEW_BUILD_PLUGIN_DIR});
    const auto writer = registry.report_writer(report);
    const auto fx = review::test::make_report_fixture(payloads, extra);
    const auto start = std::chrono::steady_clock::now();
    const auto files = writer->write({fx.cycle, fx.results, fx.profile}, argv[1], options);
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    for (const auto& f : files) fmt::print("{}\n", f.string());
    fmt::print(stderr, "wrote in {:.1f} ms\n", took.count());
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}
