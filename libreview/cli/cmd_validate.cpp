// `libreview validate DIR...`: every problem of each cycle's data, one per line, and a summary.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/ingest.hpp"

namespace review::cli {

std::string cycle_summary(const Globals& g, const Cycle& c) {
  const std::size_t exempt = c.departments.size() - c.participating_count();
  return fmt::format(
      fmt::runtime(tr(g,
                      "{} {} ({}): {} departments ({} exempt), {} representatives, {} ballots, "
                      "{} questionnaire answers from {} responses, {} complaints, {} rectification "
                      "items",
                      "{} {}（{}）：部门 {} 个（免评 {} 个），评议代表 {} 名，测评票 {} 张，"
                      "问卷答复 {} 条（问卷 {} 份），投诉 {} 件，整改事项 {} 项")),
      c.info.region, c.info.year, c.info.name, c.departments.size(), exempt, c.representatives.size(),
      c.ballots.size(), c.questionnaires.size(), c.responses.size(), c.complaints.size(),
      c.rectifications.size());
}

CLI::App* add_command(CLI::App& app, const Globals& g, const char* name, Text about, Text footer) {
  auto* cmd = app.add_subcommand(name, tr(g, about.en, about.zh));
  cmd->footer(tr(g, footer.en, footer.zh));
  return cmd;
}

void add_sources(CLI::App& cmd, const Globals& g, std::vector<std::string>& sources) {
  cmd.add_option("source", sources,
                 tr(g, "cycle folders (cycle.toml and CSV files) or workbooks",
                    "年度数据文件夹（cycle.toml 和 CSV 文件）或工作簿"))
      ->required();
}

void add_validate_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "validate",
      {"check cycles' data (folders or .xlsx) and list every problem",
       "检查各年度数据（文件夹或 .xlsx），列出每一处问题"},
      {"Prints each problem as file:line:column: message (value), then a summary per cycle.\n"
       "Exit 0 when every cycle is clean, 1 otherwise.\n"
       "Example:\n  libreview validate data/2017\n  libreview validate data/2016 data/2017 cycle.xlsx",
       "每处问题按 文件:行:列: 说明 (值) 列出，然后是每个年度的小结。\n"
       "全部无误时退出码为 0，否则为 1。\n"
       "示例：\n  libreview validate data/2017\n  libreview validate data/2016 data/2017 cycle.xlsx"});
  auto sources = std::make_shared<std::vector<std::string>>();
  add_sources(*cmd, g, *sources);
  cmd->callback([&g, sources] {
    ProgressBar bar(g);
    for (std::size_t i = 0; i < sources->size(); ++i) {
      const auto& source = (*sources)[i];
      if (sources->size() > 1) bar.update("import", i, sources->size());
      try {
        const Cycle cycle = import_cycle(source);
        bar.clear();
        std::cout << tr(g, "ok: ", "数据无误：") << cycle_summary(g, cycle) << '\n';
      } catch (const ValidationError& e) {
        bar.clear();
        for (const auto& d : e.diagnostics()) std::cout << d.to_string() << '\n';
        if (e.total() > e.diagnostics().size())
          std::cout << fmt::format(fmt::runtime(tr(g, "... and {} more problems\n", "……另有 {} 处问题\n")),
                                   e.total() - e.diagnostics().size());
        std::cout << fmt::format(fmt::runtime(tr(g, "{}: {} problem(s)\n", "{}：共 {} 处问题\n")), source,
                                 std::max<std::size_t>(e.total(), e.diagnostics().size()));
        g.exit_code = kInvalidData;
      }
    }
  });
}

}  // namespace review::cli
