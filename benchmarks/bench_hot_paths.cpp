// Google Benchmark micro-benchmarks of the hot paths (LIBREVIEW_BUILD_BENCH=ON):
// CSV parsing and decoding, the SHA-256 of the imported bytes, importing the
// sample county, id lookups (interning), the scoring pass (tally, score_cycle,
// and the bare loop it is measured against), small-cell suppression, and xlsx
// row writing through the plugin's Sheet against raw libxlsxwriter.
//
//   build/wheel/benchmarks/bench_hot_paths [--benchmark_filter=Tally]
//
// The importer's and the xlsx plugin's internal sources are compiled in, so
// the real CsvReader, decoder, SHA-256 and Sheet are timed, not copies.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "digest_internal.hpp"
#include "ingest/records_internal.hpp"
#include "libreview/anonymity.hpp"
#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/scoring_kit.hpp"
#include "xlsx_book.hpp"

namespace fs = std::filesystem;
using namespace review;

namespace {

const fs::path kSample = fs::path(LIBREVIEW_SOURCE_DIR) / "data" / "sample" / "2017";

/// `rows` ballot rows as CSV text, ids and ratings like the generator's.
std::string ballots_csv(std::size_t rows) {
  static const char* const ratings[] = {"satisfied", "basic", "dissatisfied", "unknown"};
  std::mt19937 rng(2017);
  std::string s = "representative_id,department_id,rating\n";
  for (std::size_t i = 0; i < rows; ++i) {
    char line[64];
    const int n = std::snprintf(line, sizeof line, "R%03u,D%02u,%s\n", static_cast<unsigned>(rng() % 150 + 1),
                                static_cast<unsigned>(rng() % 53 + 1), ratings[rng() % 4]);
    s.append(line, static_cast<std::size_t>(n));
  }
  return s;
}

void BM_CsvReader(benchmark::State& state) {
  const std::string text = ballots_csv(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::string buf = text;  // the reader unescapes in place
    ingest::Diagnostics diags(100);
    ingest::CsvReader reader(buf, "ballots.csv", diags);
    ingest::Record r;
    std::size_t fields = 0;
    while (reader.next(r)) fields += r.fields.size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_DecodeUtf8(benchmark::State& state) {
  const std::string text = ballots_csv(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::string buf = text;
    std::size_t bad = 0;
    benchmark::DoNotOptimize(ingest::decode_to_utf8(buf, bad));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void BM_Sha256(benchmark::State& state) {
  const std::string text = ballots_csv(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    detail::Sha256 sha;
    sha.update(text);
    benchmark::DoNotOptimize(sha.hex());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void BM_ImportSample(benchmark::State& state) {
  std::size_t ratings = 0;
  for (auto _ : state) {
    const Cycle c = import_cycle(kSample);
    ratings = c.ballots.size() + c.questionnaires.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ratings));
}

void BM_DepartmentIndex(benchmark::State& state) {
  const Cycle c = import_cycle(kSample);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < c.ballots.size(); ++i) ids.push_back(c.departments[c.ballots.department[i]].id);
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& id : ids) sum += *c.department_index(id);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(ids.size()));
}

Cycle big_cycle(std::size_t responses) {
  RandomCycleOptions o;
  o.departments = 53;
  o.exempt = 6;
  o.categories = 4;
  o.representatives = 150;
  o.responses = responses;
  return random_cycle(o);
}

void BM_Tally(benchmark::State& state) {
  const Cycle c = big_cycle(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto t = kit::tally(c.questionnaires, c.departments.size(), 0);
    benchmark::DoNotOptimize(t.by_department.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.questionnaires.size()));
}

void BM_Floor(benchmark::State& state) {
  const Cycle c = big_cycle(static_cast<std::size_t>(state.range(0)));
  std::vector<double> sum(c.departments.size());
  std::vector<std::uint32_t> count(c.departments.size());
  static constexpr double kPoints[4] = {100, 70, 0, 0};
  for (auto _ : state) {
    std::fill(sum.begin(), sum.end(), 0.0);
    std::fill(count.begin(), count.end(), 0u);
    const auto* dep = c.questionnaires.department.data();
    const auto* rating = c.questionnaires.rating.data();
    for (std::size_t i = 0; i < c.questionnaires.size(); ++i) {
      const auto r = static_cast<std::uint8_t>(rating[i]);
      sum[dep[i]] += kPoints[r];
      count[dep[i]] += r != 3;
    }
    benchmark::DoNotOptimize(sum.data());
    benchmark::DoNotOptimize(count.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.questionnaires.size()));
}

void BM_ScoreCycle(benchmark::State& state) {
  const Cycle c = big_cycle(static_cast<std::size_t>(state.range(0)));
  PluginRegistry registry({LIBREVIEW_BUILD_PLUGIN_DIR});
  const RegionProfile profile = ProfileLibrary(registry).resolve("default", c.info.as_of);
  const History history;
  benchmark::DoNotOptimize(score_cycle(c, history, profile, registry));  // the first call checks the rule
  for (auto _ : state) benchmark::DoNotOptimize(score_cycle(c, history, profile, registry));
  state.SetItemsProcessed(state.iterations() *
                          static_cast<std::int64_t>(c.ballots.size() + c.questionnaires.size()));
}

void BM_Suppress(benchmark::State& state) {
  Breakdown b;
  b.title = "ballots by sector";
  const auto rows = static_cast<std::size_t>(state.range(0));
  for (std::size_t r = 0; r < rows; ++r) b.row_labels.push_back("sector " + std::to_string(r));
  b.column_labels = {"满意", "基本满意", "不满意", "不了解"};
  std::mt19937 rng(5);
  for (std::size_t i = 0; i < rows * 4; ++i) b.counts.push_back(static_cast<std::int64_t>(rng() % 12));
  b.show_column_totals = true;
  for (auto _ : state) benchmark::DoNotOptimize(suppress_small_cells(b));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows * 4));
}

void BM_AnonymousView(benchmark::State& state) {
  const Cycle c = import_cycle(kSample);
  const AnonymousView view(c);
  for (auto _ : state)
    for (std::uint32_t d = 0; d < c.departments.size(); ++d) {
      benchmark::DoNotOptimize(view.ballots_by_sector(d));
      benchmark::DoNotOptimize(view.questionnaires_by_group(d));
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.departments.size()));
}

fs::path scratch(const char* name) {
  const fs::path dir = fs::temp_directory_path() / ("libreview-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

/// Rows of (text, text, number, number, date), through the plugin's Sheet.
void BM_XlsxRowsSheet(benchmark::State& state) {
  const auto rows = static_cast<lxw_row_t>(state.range(0));
  const std::string a = "县人力资源和社会保障局", b = "执法监督类";
  const Date d{2017, 12, 31};
  for (auto _ : state) {
    xlsx::Book book(scratch("sheet.xlsx"));
    xlsx::Sheet sheet = book.add_sheet("排名");
    const auto& f = sheet.formats();
    for (lxw_row_t r = 0; r < rows; ++r) {
      sheet.text(r, 0, a, f.text);
      sheet.text(r, 1, b, f.text);
      sheet.number(r, 2, 86.57, f.figure);
      sheet.number(r, 3, static_cast<double>(r), f.integer);
      sheet.date(r, 4, d, f.date);
    }
    sheet.fit_columns();
    book.close();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

/// The same rows with plain libxlsxwriter calls.
void BM_XlsxRowsRaw(benchmark::State& state) {
  const auto rows = static_cast<lxw_row_t>(state.range(0));
  const std::string a = "县人力资源和社会保障局", b = "执法监督类";
  lxw_datetime dt{2017, 12, 31, 0, 0, 0};
  for (auto _ : state) {
    lxw_workbook_options o{};
    o.constant_memory = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(scratch("raw.xlsx").c_str(), &o);
    lxw_format* fig = workbook_add_format(wb);
    format_set_num_format(fig, "0.00");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_worksheet* ws = workbook_add_worksheet(wb, "排名");
    for (lxw_row_t r = 0; r < rows; ++r) {
      worksheet_write_string(ws, r, 0, a.c_str(), nullptr);
      worksheet_write_string(ws, r, 1, b.c_str(), nullptr);
      worksheet_write_number(ws, r, 2, 86.57, fig);
      worksheet_write_number(ws, r, 3, static_cast<double>(r), nullptr);
      worksheet_write_datetime(ws, r, 4, &dt, date);
    }
    workbook_close(wb);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_CsvReader)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeUtf8)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sha256)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportSample)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DepartmentIndex)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Tally)->Arg(2000)->Arg(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Floor)->Arg(2000)->Arg(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScoreCycle)->Arg(2000)->Arg(20000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Suppress)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnonymousView)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XlsxRowsSheet)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XlsxRowsRaw)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
