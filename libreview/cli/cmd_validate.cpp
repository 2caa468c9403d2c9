// `libreview validate DIR...`: every problem of each cycle's data, one per line, and a summary.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/calendar.hpp"
#include "libreview/ingest.hpp"

namespace review::cli {

std::string cycle_summary(const Globals& g, const Cycle& c) {
  const std::size_t exempt = c.departments.size() - c.participating_count();
  return fmt::format(
      fmt::runtime(
          tr(g,
             "{} {} ({}): {} departments ({} exempt), {} representatives, {} ballots returned "
             "({} ratings), {} questionnaires returned ({} answers), {} complaints, {} "
             "rectification items",
             "{} {}（{}）：部门 {} 个（免评 {} 个），评议代表 {} 名，收回测评票 {} 张（评价 {} 条），"
             "收回问卷 {} 份（答复 {} 条），投诉 {} 件，整改事项 {} 项")),
      c.info.region, c.info.year, c.info.name, c.departments.size(), exempt, c.representatives.size(),
      c.ballot_accounting().returned, c.ballots.size(), c.questionnaire_accounting().returned,
      c.questionnaires.size(), c.complaints.size(), c.rectifications.size());
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

namespace {

/// The dates outside their stage (warnings, exit code unchanged), then how many and whose stages.
void print_calendar_warnings(const Cycle& cycle, const DatedFields& dated, const std::string& profile) {
  StageCalendar calendar;
  try {
    calendar = stage_calendar(cycle.info, profile);
  } catch (const NotFoundError&) {
    std::cout << fmt::format(fmt::runtime(calendar_text("LR-W103")),
                             profile.empty() ? cycle.info.region : profile)
              << '\n';
    return;
  }
  const auto warnings = stage_warnings(dated, calendar.stages);
  if (warnings.empty()) return;
  // As many as the import shows problems; the rest counted.
  const std::size_t shown = std::min(warnings.size(), ImportOptions{}.max_diagnostics);
  for (std::size_t i = 0; i < shown; ++i) std::cout << warnings[i].to_string() << '\n';
  if (shown < warnings.size())
    std::cout << fmt::format(fmt::runtime(calendar_text("LR-W105")), warnings.size() - shown) << '\n';
  const std::string from = calendar.source == "cycle.toml"
                               ? calendar.source
                               : fmt::format(fmt::runtime(calendar_text("LR-W104")), calendar.source);
  std::cout << fmt::format(fmt::runtime(calendar_text("LR-W102")), warnings.size(), from) << '\n';
}

}  // namespace

void add_validate_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "validate",
      {"check cycles' data (folders or .xlsx) and list every problem",
       "检查各年度数据（文件夹或 .xlsx），列出每一处问题"},
      {"Prints each problem as file:line:column: message (value), then a summary per cycle.\n"
       "Dates outside their stage (commitments, hearings, surveys, outreach; the stages of\n"
       "cycle.toml, else of the profile) follow as warnings, which do not change the exit code.\n"
       "Exit 0 when every cycle is clean, 1 otherwise.\n"
       "Example:\n  libreview validate data/2017\n  libreview validate data/2016 data/2017 cycle.xlsx\n"
       "  libreview validate data/2018 --profile shortened-cycle",
       "每处问题按 文件:行:列: 说明 (值) 列出，然后是每个年度的小结。\n"
       "不在所属阶段之内的日期（公开承诺、听证质询、调查走访、三联系一走访；阶段安排取自\n"
       "cycle.toml，未给出时取自评议方案）随后作为提示列出，不影响退出码。\n"
       "全部无误时退出码为 0，否则为 1。\n"
       "示例：\n  libreview validate data/2017\n  libreview validate data/2016 data/2017 cycle.xlsx\n"
       "  libreview validate data/2018 --profile shortened-cycle"});
  auto sources = std::make_shared<std::vector<std::string>>();
  auto profile = std::make_shared<std::string>();
  add_sources(*cmd, g, *sources);
  cmd->add_option("--profile", *profile,
                  tr(g,
                     "the profile the cycles will be scored under (default: each cycle's region): its "
                     "required tables and stage calendar",
                     "计分所用的评议方案（默认：各年度 cycle.toml 中的地区）：据此确定必需的数据和阶段安排"));
  cmd->callback([&g, sources, profile] {
    ProgressBar bar(g);
    for (std::size_t i = 0; i < sources->size(); ++i) {
      const auto& source = (*sources)[i];
      if (sources->size() > 1) bar.update("import", i, sources->size());
      try {
        ImportOptions options = import_options_for(*profile);
        DatedFields dated;
        options.dated_fields = &dated;
        const Cycle cycle = import_cycle(source, options);
        bar.clear();
        std::cout << tr(g, "ok: ", "数据无误：") << cycle_summary(g, cycle) << '\n';
        print_calendar_warnings(cycle, dated, *profile);
      } catch (const ValidationError& e) {
        bar.clear();
        for (const auto& d : e.diagnostics()) std::cout << d.to_string() << '\n';
        if (e.diagnostics().empty())  // refused whole (a workbook's formula without a value): its message
          std::cout << e.what() << '\n';
        else if (e.total() > e.diagnostics().size())
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
