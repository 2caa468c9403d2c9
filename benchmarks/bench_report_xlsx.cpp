// The xlsx report plugin against a baseline of raw libxlsxwriter writing the
// same cells (same sheets, values and number formats; no widths, conditional
// formats, print setup or charts). The argument is the number of extra items
// in each ledger (rectifications, complaints, commitments).
//
//   cmake -S . -B build-bench -G Ninja -DLIBREVIEW_BUILD_BENCH=ON && cmake --build build-bench -j2
//   build-bench/benchmarks/bench_report_xlsx
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <string>

#include "fixtures.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "raw_xlsx.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

fs::path bench_dir() {
  const fs::path dir = fs::temp_directory_path() / fmt::format("libreview-bench-xlsx-{}", ::getpid());
  fs::create_directories(dir);
  return dir;
}


void BM_RawLibxlsxwriter(benchmark::State& state) {
  const auto fx = test::make_report_fixture(false, static_cast<std::size_t>(state.range(0)));
  const fs::path file = bench_dir() / "raw.xlsx";
  for (auto _ : state) bench::write_raw(fx.cycle, fx.results, file);
  state.SetItemsProcessed(state.iterations() * state.range(0) * 3);
}

void BM_XlsxPlugin(benchmark::State& state) {
  const auto fx = test::make_report_fixture(false, static_cast<std::size_t>(state.range(0)));
  PluginRegistry registry({LIBREVIEW_BUILD_PLUGIN_DIR});
  const auto writer = registry.report_writer("xlsx");
  const fs::path dir = bench_dir();
  for (auto _ : state) benchmark::DoNotOptimize(writer->write({fx.cycle, fx.results, fx.profile}, dir, {}));
  state.SetItemsProcessed(state.iterations() * state.range(0) * 3);
}

}  // namespace

BENCHMARK(BM_RawLibxlsxwriter)->Arg(0)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XlsxPlugin)->Arg(0)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
