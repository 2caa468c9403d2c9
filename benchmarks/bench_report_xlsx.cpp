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

#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "report_fixture.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

fs::path bench_dir() {
  const fs::path dir = fs::temp_directory_path() / fmt::format("libreview-bench-xlsx-{}", ::getpid());
  fs::create_directories(dir);
  return dir;
}

lxw_datetime to_lxw(const Date& d) {
  return {d.year, static_cast<int>(d.month), static_cast<int>(d.day), 0, 0, 0.0};
}

/// The same cells as the plugin writes, with plain libxlsxwriter calls.
void write_raw(const test::ReportFixture& fx, const fs::path& file) {
  lxw_workbook* wb = workbook_new(file.c_str());
  lxw_format* text = workbook_add_format(wb);
  lxw_format* figure = workbook_add_format(wb);
  format_set_num_format(figure, "0.00");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  const Cycle& c = fx.cycle;
  auto name_of = [&](const std::string& id) -> const std::string& {
    const auto i = c.department_index(id);
    return i ? c.departments[*i].name : id;
  };
  auto put_date = [&](lxw_worksheet* ws, lxw_row_t r, lxw_col_t col, const std::optional<Date>& d) {
    if (!d) return;
    lxw_datetime dt = to_lxw(*d);
    worksheet_write_datetime(ws, r, col, &dt, date);
  };
  auto ranking = [&](const char* name, const std::string* category) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    worksheet_write_string(ws, 0, 0, c.info.name.c_str(), text);
    lxw_row_t r = 3;
    for (const auto& d : fx.results.departments) {
      const Department& dep = c.departments[d.department];
      if (category != nullptr && dep.category != *category) continue;
      worksheet_write_number(ws, r, 0, d.rank_overall, text);
      worksheet_write_string(ws, r, 1, dep.name.c_str(), text);
      worksheet_write_string(ws, r, 2, dep.category.c_str(), text);
      worksheet_write_number(ws, r, 3, d.rank_in_category, text);
      if (d.ballot_score) worksheet_write_number(ws, r, 4, *d.ballot_score, figure);
      if (d.questionnaire_score) worksheet_write_number(ws, r, 5, *d.questionnaire_score, figure);
      if (d.daily_work_score) worksheet_write_number(ws, r, 6, *d.daily_work_score, figure);
      worksheet_write_number(ws, r, 7, d.deductions, figure);
      if (d.composite) worksheet_write_number(ws, r, 8, *d.composite, figure);
      worksheet_write_string(ws, r, 9, std::string(label_zh(d.grade)).c_str(), text);
      ++r;
    }
  };
  ranking("排名", nullptr);
  ranking("执法监督类", &c.departments[0].category);
  ranking("公共服务类", &c.departments[5].category);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "整改台账");
  lxw_row_t r = 3;
  for (const auto& it : c.rectifications) {
    worksheet_write_string(ws, r, 0, it.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(it.department_id).c_str(), text);
    worksheet_write_string(ws, r, 2, std::string(label_zh(it.source)).c_str(), text);
    worksheet_write_string(ws, r, 3, it.source_ref.c_str(), text);
    worksheet_write_string(ws, r, 4, it.category.c_str(), text);
    worksheet_write_string(ws, r, 5, it.description.c_str(), text);
    put_date(ws, r, 6, it.deadline);
    worksheet_write_string(ws, r, 7, std::string(label_zh(it.status)).c_str(), text);
    put_date(ws, r, 8, it.closed_on);
    ++r;
  }
  ws = workbook_add_worksheet(wb, "投诉台账");
  r = 3;
  for (const auto& cp : c.complaints) {
    worksheet_write_string(ws, r, 0, cp.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(cp.department_id).c_str(), text);
    put_date(ws, r, 2, cp.received_on);
    worksheet_write_string(ws, r, 3, std::string(label_zh(cp.channel)).c_str(), text);
    worksheet_write_string(ws, r, 4, cp.category.c_str(), text);
    worksheet_write_string(ws, r, 5, cp.substantiated ? "属实" : "不属实", text);
    put_date(ws, r, 6, cp.due_on);
    put_date(ws, r, 7, cp.closed_on);
    worksheet_write_string(ws, r, 8, cp.summary.c_str(), text);
    ++r;
  }
  ws = workbook_add_worksheet(wb, "公开承诺");
  r = 3;
  for (const auto& cm : c.commitments) {
    worksheet_write_string(ws, r, 0, cm.id.c_str(), text);
    worksheet_write_string(ws, r, 1, name_of(cm.department_id).c_str(), text);
    worksheet_write_string(ws, r, 2, cm.text.c_str(), text);
    put_date(ws, r, 3, cm.published_on);
    worksheet_write_string(ws, r, 4, cm.channel.c_str(), text);
    put_date(ws, r, 5, cm.due_on);
    worksheet_write_string(ws, r, 6, cm.status.c_str(), text);
    ++r;
  }
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("raw libxlsxwriter failed");
}

void BM_RawLibxlsxwriter(benchmark::State& state) {
  const auto fx = test::make_report_fixture(false, static_cast<std::size_t>(state.range(0)));
  const fs::path file = bench_dir() / "raw.xlsx";
  for (auto _ : state) write_raw(fx, file);
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
