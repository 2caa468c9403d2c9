// The C++ side of benchmarks/run.py: imports one cycle folder once, then
// answers timing commands read from stdin, one per line, with one JSON line
// each on stdout, so run.py can alternate libreview with its peer (pandas,
// python-docx) rep by rep while the cycle stays loaded.
//
//   bench_driver DIR            then commands on stdin:
//   import                      re-import DIR (every validation) -> {"seconds": s}
//   import1                     the same with every table's rows read on one thread (no pieces)
//   score                       score_cycle(default profile) -> {"seconds": s}
//   floor                       the bare single-pass loop over the same rating arrays -> {"seconds": s}
//   xlsx OUT | rawxlsx OUT      the xlsx plugin's workbook / raw libxlsxwriter writing its cells
//   docx OUT                    the docx plugin's feedback letters (documents=letters)
//   results FILE                unrounded results of the default rule as CSV
//   letters FILE                the figures of every letter (Documents::letter_data) as JSON
//   info                        sizes of the cycle
//   quit
//
// Every timing is wall-clock (steady_clock) of the call alone; process start-up,
// plugin loading and the first (property-checking) call of score_cycle are not
// counted, as interpreter start-up and imports are not counted on the Python side.
#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "documents.hpp"
#include "ingest/importer_internal.hpp"
#include "libreview/ingest.hpp"
#include "libreview/pipeline.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"
#include "raw_xlsx.hpp"

namespace fs = std::filesystem;
using namespace review;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kLetterDate = "2018-01-15";

template <class F>
double seconds(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

volatile double g_sink = 0;  // keeps the floor loop's sums alive

/// The floor: one pass over each rating column summing points and counting
/// valid votes per department, nothing else.
void floor_pass(const Cycle& c, std::vector<double>& sum, std::vector<std::uint32_t>& count) {
  static constexpr double kPoints[4] = {100.0, 70.0, 0.0, 0.0};
  static constexpr std::uint32_t kValid[4] = {1, 1, 1, 0};
  const std::size_t n = c.departments.size();
  sum.assign(2 * n, 0.0);
  count.assign(2 * n, 0);
  const RatingColumns* cols[2] = {&c.ballots, &c.questionnaires};
  for (int k = 0; k < 2; ++k) {
    const std::uint32_t* dep = cols[k]->department.data();
    const Rating* rating = cols[k]->rating.data();
    const std::size_t m = cols[k]->size();
    double* s = sum.data() + static_cast<std::size_t>(k) * n;
    std::uint32_t* cnt = count.data() + static_cast<std::size_t>(k) * n;
    for (std::size_t i = 0; i < m; ++i) {
      const auto r = static_cast<std::uint8_t>(rating[i]);
      s[dep[i]] += kPoints[r];
      cnt[dep[i]] += kValid[r];
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) total += sum[i] / std::max<std::uint32_t>(1, count[i]);
  g_sink = g_sink + total;
}

nlohmann::json to_json(const docx::TemplateData& t) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& name : t.names()) {
    if (const auto* v = t.value(name))
      j[name] = *v;
    else if (const auto* items = t.items(name)) {
      auto& a = j[name] = nlohmann::json::array();
      for (const auto& it : *items) a.push_back(to_json(it));
    }
  }
  return j;
}

/// The benchmarks' folders: the 2,800-county national cycle's files are larger than the
/// per-file limit a county's import keeps (a province office raises it the same way).
ImportOptions import_options() {
  ImportOptions o;
  o.max_file_bytes = std::uint64_t{64} << 30;
  return o;
}

struct Session {
  fs::path source;
  PluginRegistry registry{std::vector<fs::path>{LIBREVIEW_BUILD_PLUGIN_DIR}};
  Cycle cycle;
  RegionProfile profile;
  Results results;
  History history;
  std::vector<double> sum;
  std::vector<std::uint32_t> count;

  explicit Session(fs::path dir) : source(std::move(dir)) {
    cycle = import_cycle(source, import_options());
    profile = ProfileLibrary(registry).resolve("default", cycle.info.as_of);
    results = score_cycle(cycle, history, profile, registry);  // first use: the rule's property check
  }

  ReportOptions docx_options() const {
    ReportOptions o;
    o.values["documents"] = "letters";
    o.values["date"] = kLetterDate;
    return o;
  }

  nlohmann::json run(const std::string& cmd, const std::string& arg) {
    if (cmd == "import")
      return {{"seconds", seconds([&] {
                 Cycle c = import_cycle(source, import_options());
                 g_sink = g_sink + c.ballots.size();
               })}};
    if (cmd == "import1" || cmd == "import_from") {
      const auto before = ingest::set_chunked_reading(
          cmd == "import1" ? ingest::ChunkedReading{~std::size_t{0}, 1}
                           : ingest::ChunkedReading{static_cast<std::size_t>(std::stoull(arg)), 0});
      const double s = seconds([&] {
        Cycle c = import_cycle(source, import_options());
        g_sink = g_sink + c.ballots.size();
      });
      ingest::set_chunked_reading(before);
      return {{"seconds", s}};
    }
    if (cmd == "score")
      return {{"seconds", seconds([&] { results = score_cycle(cycle, history, profile, registry); })}};
    if (cmd == "floor") return {{"seconds", seconds([&] { floor_pass(cycle, sum, count); })}};
    if (cmd == "xlsx") {
      const auto w = registry.report_writer("xlsx");
      return {{"seconds", seconds([&] { w->write({cycle, results, profile}, arg, ReportOptions{}); })}};
    }
    if (cmd == "rawxlsx") {
      fs::create_directories(arg);
      return {{"seconds", seconds([&] { bench::write_raw(cycle, results, fs::path(arg) / "raw.xlsx"); })}};
    }
    if (cmd == "docx") {
      const auto w = registry.report_writer("docx");
      std::size_t files = 0;
      const double s = seconds([&] {
        files = w->write({cycle, results, profile}, arg, docx_options()).size();
      });
      return {{"seconds", s}, {"files", files}};
    }
    if (cmd == "template") {  // arg: OUT_DIR TEMPLATE.docx
      const auto space = arg.find(' ');
      ReportOptions o = docx_options();
      o.values["template"] = arg.substr(space + 1);
      o.template_path = arg.substr(space + 1);
      const auto w = registry.report_writer("docx");
      std::size_t files = 0;
      const double s = seconds([&] {
        files = w->write({cycle, results, profile}, arg.substr(0, space), o).size();
      });
      return {{"seconds", s}, {"files", files}};
    }
    if (cmd == "results") {
      std::ofstream out(arg);
      out << "department_id,ballot_score,questionnaire_score,daily_work_score,deductions,composite,rank_"
             "overall,"
             "rank_in_category,grade\n";
      auto opt = [](const std::optional<double>& v) {
        return v ? fmt::format("{:.17g}", *v) : std::string();
      };
      for (const auto& r : results.departments)
        out << cycle.departments[r.department].id << ',' << opt(r.ballot_score) << ','
            << opt(r.questionnaire_score) << ',' << opt(r.daily_work_score) << ','
            << fmt::format("{:.17g}", r.deductions) << ',' << opt(r.composite) << ',' << r.rank_overall << ','
            << r.rank_in_category << ',' << to_string(r.grade) << '\n';
      return {{"ok", true}};
    }
    if (cmd == "letters") {
      docx::DocumentSettings settings;
      settings.date = *Date::parse(kLetterDate);
      const docx::Documents docs({cycle, results, profile}, settings);
      nlohmann::json all = nlohmann::json::array();
      for (std::uint32_t d : docs.participating()) {
        auto j = to_json(docs.letter_data(d));
        const auto& r = results.departments[d];
        j["deduction_cap"] = fmt::format("{:.2f}", r.receipt.deduction_cap);
        j["anonymity_k"] = static_cast<int>(profile.number_or("anonymity.k", kDefaultMinCell));
        for (const auto& c : r.receipt.components) j[c.component + "_valid"] = c.valid;
        all.push_back(std::move(j));
      }
      std::ofstream(arg) << all.dump();
      return {{"ok", true}, {"letters", all.size()}};
    }
    if (cmd == "info")
      return {{"departments", cycle.departments.size()},
              {"participating", cycle.participating_count()},
              {"ballots", cycle.ballots.size()},
              {"questionnaire_answers", cycle.questionnaires.size()},
              {"ratings", cycle.ballots.size() + cycle.questionnaires.size()}};
    throw std::runtime_error("unknown command: " + cmd);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--once") {
    // One import and one scoring of DIR, timed, then exit (peak RSS is the caller's to read).
    try {
      PluginRegistry registry{std::vector<fs::path>{LIBREVIEW_BUILD_PLUGIN_DIR}};
      Cycle cycle;
      const double import_s = seconds([&] { cycle = import_cycle(argv[2], import_options()); });
      const RegionProfile profile = ProfileLibrary(registry).resolve("default", cycle.info.as_of);
      const History history;
      Results results;
      const double score_s = seconds([&] { results = score_cycle(cycle, history, profile, registry); });
      std::cout << nlohmann::json{{"import_seconds", import_s},
                                  {"score_seconds", score_s},
                                  {"departments", cycle.departments.size()},
                                  {"ratings", cycle.ballots.size() + cycle.questionnaires.size()}}
                       .dump()
                << std::endl;
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "bench_driver: " << e.what() << '\n';
      return 1;
    }
  }
  if (argc != 2) {
    std::cerr << "usage: bench_driver DIR  (commands on stdin; see the source)\n"
                 "       bench_driver --once DIR  (one import and scoring, timed)\n";
    return 2;
  }
  try {
    Session s(argv[1]);
    std::cout << nlohmann::json{{"ready", true}}.dump() << std::endl;
    for (std::string line; std::getline(std::cin, line);) {
      std::istringstream in(line);
      std::string cmd, arg;
      in >> cmd;
      std::getline(in >> std::ws, arg);
      if (cmd.empty()) continue;
      if (cmd == "quit") break;
      try {
        std::cout << s.run(cmd, arg).dump() << std::endl;
      } catch (const std::exception& e) {
        std::cout << nlohmann::json{{"error", e.what()}}.dump() << std::endl;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_driver: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
