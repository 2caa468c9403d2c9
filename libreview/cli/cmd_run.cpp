// `libreview run DIR --out OUT`: import, score under the region's profile, write the reports.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "libreview/log.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "scoring_session.hpp"

namespace review::cli {

namespace {

struct RunOptions {
  std::string source;
  std::string store;
  std::string profile;
  std::string rule;
  std::string out;
  std::vector<std::string> formats;
};

// csv always first, then the requested formats, or every installed report plugin.
std::vector<std::string> formats_to_write(const std::vector<std::string>& requested) {
  std::vector<std::string> out{"csv"};
  if (requested.empty()) {
    for (const auto& p : PluginRegistry::global().list())
      if (p.kind == PluginKind::report && p.id != "csv") out.push_back(p.id);
    return out;
  }
  for (const auto& f : requested)
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

}  // namespace

void add_run_command(CLI::App& app, Globals& g) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd =
      app.add_subcommand("run", "import a cycle, score it and write results.csv, flags.csv and reports");
  cmd->add_option("DIR", opts->source, "the cycle folder (cycle.toml and CSV files) or .xlsx workbook")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--store", opts->store,
                  "save the cycle into this store and take earlier years from it (relapse)");
  cmd->add_option("--profile", opts->profile,
                  "region profile id or .toml file (default: the cycle's region)");
  cmd->add_option("--rule", opts->rule, "scoring rule id (default: the profile's)");
  cmd->add_option("--out", opts->out, "output folder (created when needed)")->required();
  cmd->add_option("--format", opts->formats, "report formats, comma-separated (default: every installed one)")
      ->delimiter(',');
  cmd->footer(
      "Example:\n  libreview run data/sample/2017 --store review.db --out out/2017\n"
      "  libreview run data/sample/2017 --profile focus-theme --rule majority --out out/focus --format "
      "csv,json\n"
      "A folder with any error is refused whole: every problem is listed and nothing is stored or written.");
  cmd->callback([opts, &g] {
    auto& registry = PluginRegistry::global();
    LoadedCycle loaded = load_cycle(opts->source, opts->store);
    // Every writer is found before anything is scored or written.
    std::vector<std::pair<std::string, std::shared_ptr<ReportWriter>>> writers;
    for (const auto& f : formats_to_write(opts->formats)) writers.emplace_back(f, registry.report_writer(f));
    Scored scored = score(loaded, opts->profile, opts->rule);
    if (loaded.store) loaded.store->save(loaded.cycle);

    const std::filesystem::path out(opts->out);
    std::filesystem::create_directories(out);
    // Temporary files of an earlier run that was killed (their process is gone).
    if (const auto stale = remove_stale_temp_files(out); stale > 0)
      log::write("report", log::Level::info,
                 fmt::format("removed {} temporary file(s) left by an interrupted run", stale));
    const ReportInput input{loaded.cycle, scored.results, scored.profile};
    std::vector<std::filesystem::path> written;
    for (const auto& [id, writer] : writers) {
      auto files = writer->write(input, out, ReportOptions{});
      written.insert(written.end(), files.begin(), files.end());
    }
    if (g.quiet) return;
    std::size_t scored_count = 0;
    for (const auto& r : scored.results.departments) scored_count += r.composite ? 1 : 0;
    const auto& info = loaded.cycle.info;
    std::cout << fmt::format(
        fmt::runtime(tr(g,
                        "{name} {year}: {n} departments scored with rule '{rule}' under profile '{profile}' "
                        "({lineage}); {flags} flags\n",
                        "{name} {year}：以规则 '{rule}'、方案 '{profile}'（{lineage}）计分 {n} 个部门；提示 "
                        "{flags} 条\n")),
        fmt::arg("name", info.name.empty() ? info.region : info.name), fmt::arg("year", info.year),
        fmt::arg("n", scored_count), fmt::arg("rule", scored.results.rule),
        fmt::arg("profile", scored.profile.id),
        fmt::arg("lineage", fmt::format("{}", fmt::join(scored.profile.lineage, " → "))),
        fmt::arg("flags", scored.results.flags.size()));
    if (loaded.store) std::cout << tr(g, "saved into ", "已保存到 ") << opts->store << '\n';
    std::cout << tr(g, "written:\n", "已生成：\n");
    for (const auto& f : written) std::cout << "  " << f.string() << '\n';
  });
}

}  // namespace review::cli
