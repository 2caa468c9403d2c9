// `libreview run DIR --out OUT`: import, score under the region's profile, write the reports.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/error.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/session.hpp"

namespace review::cli {

std::string run_summary(const Globals& g, const RunResult& run) {
  std::size_t scored = 0;
  for (const auto& r : run.results.departments) scored += r.composite ? 1 : 0;
  const auto& info = run.cycle.info;
  return fmt::format(
      fmt::runtime(tr(g,
                      "{name} {year}: {n} departments scored with rule '{rule}' under profile '{profile}' "
                      "({lineage}); {flags} flags",
                      "{name} {year}：以规则 '{rule}'、方案 '{profile}'（{lineage}）计分 {n} 个部门；提示 "
                      "{flags} 条")),
      fmt::arg("name", info.name.empty() ? info.region : info.name), fmt::arg("year", info.year),
      fmt::arg("n", scored), fmt::arg("rule", run.results.rule), fmt::arg("profile", run.profile.id),
      fmt::arg("lineage", fmt::format("{}", fmt::join(run.profile.lineage, " → "))),
      fmt::arg("flags", run.results.flags.size()));
}

void add_run_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string source;
    std::string store;
    std::string profile;
    std::string rule;
    std::string out;
    std::vector<std::string> formats;
    bool integrity = false;
    std::string letter_template;
    std::vector<std::string> settings;
  };
  auto args = std::make_shared<Args>();
  auto* cmd =
      app.add_subcommand("run", tr(g, "import a cycle, score it and write results.csv, flags.csv and reports",
                                   "导入一个年度的数据，计分，生成 results.csv、flags.csv 和各种报表"));
  cmd->add_option("DIR", args->source,
                  tr(g, "the cycle folder (cycle.toml and CSV files) or .xlsx workbook",
                     "年度数据文件夹（cycle.toml 和 CSV 文件）或 .xlsx 工作簿"))
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--store", args->store,
                  tr(g, "save the cycle into this store and take earlier years from it (relapse)",
                     "保存到此数据库，并从中读取往年数据（用于判断问题重犯）"));
  cmd->add_option("--profile", args->profile,
                  tr(g, "region profile id or .toml file (default: the cycle's region)",
                     "地区方案标识或 .toml 文件（默认：本年度数据所属地区）"));
  cmd->add_option("--rule", args->rule,
                  tr(g, "scoring rule id (default: the profile's)", "计分规则标识（默认：方案所定）"));
  cmd->add_option("--out", args->out,
                  tr(g, "output folder (created when needed)", "输出文件夹（不存在则创建）"))
      ->required();
  cmd->add_option("--format", args->formats,
                  tr(g, "report formats, comma-separated (default: every installed one)",
                     "报表格式，以逗号分隔（默认：已安装的全部格式）"))
      ->delimiter(',');
  cmd->add_flag("--integrity", args->integrity,
                tr(g, "add the office's integrity sheet (representative flags) to the reports",
                   "在报表中加入行评办内部的评议诚信核查表（代表层面的提示）"));
  cmd->add_option("--template", args->letter_template,
                  tr(g, "the office's own .docx for the feedback letters (placeholders: docs/templates.md)",
                     "行评办自己的反馈意见书 .docx 模板（占位符见 docs/templates.md）"))
      ->check(CLI::ExistingFile);
  cmd->add_option(
         "--set", args->settings,
         tr(g,
            "a report option KEY=VALUE, e.g. office=..., date=YYYY-MM-DD, documents=letters (repeatable; "
            "every "
            "option: `libreview plugins --options`)",
            "报表选项 KEY=VALUE，如 office=…、date=YYYY-MM-DD、documents=letters（可重复；全部选项见 "
            "`libreview plugins --options`）"))
      ->check(CLI::Validator(
          [](const std::string& s) {
            try {
              ReportOptions scratch;
              set_report_option(scratch, s);
              return std::string();
            } catch (const UsageError& e) {
              return std::string(e.what());
            }
          },
          "KEY=VALUE"));
  cmd->footer(
      tr(g,
         "Example:\n  libreview run data/sample/2017 --store review.db --out out/2017\n"
         "  libreview run data/sample/2017 --profile focus-theme --rule majority --out out/focus --format "
         "csv,json\n"
         "  libreview run data/sample/2017 --out out/letters --format docx --template letter.docx --set "
         "office=县纠风办 --set date=2018-01-15\n"
         "A folder with any error is refused whole: every problem is listed and nothing is stored or "
         "written.",
         "示例：\n  libreview run data/sample/2017 --store review.db --out out/2017\n"
         "  libreview run data/sample/2017 --profile focus-theme --rule majority --out out/focus --format "
         "csv,json\n"
         "  libreview run data/sample/2017 --out out/letters --format docx --template letter.docx --set "
         "office=县纠风办 --set date=2018-01-15\n"
         "数据有任何错误即整体拒收：列出每一处问题，不保存、不生成任何文件。"));
  cmd->callback([args, &g] {
    RunOptions options;
    options.store = args->store;
    options.profile = args->profile;
    options.rule = args->rule;
    options.out_dir = args->out;
    options.formats = args->formats;
    options.report_options.include_integrity = args->integrity;
    options.report_options.template_path = args->letter_template;
    for (const std::string& s : args->settings) set_report_option(options.report_options, s);
    ProgressBar bar(g);
    options.progress = bar.callback();
    const RunResult run = run_cycle(args->source, options);
    bar.clear();
    if (g.quiet) return;
    std::cout << run_summary(g, run) << '\n';
    if (run.saved) std::cout << tr(g, "saved into ", "已保存到 ") << store_display_name(args->store) << '\n';
    std::cout << tr(g, "written:\n", "已生成：\n");
    for (const auto& f : run.written) std::cout << "  " << f.string() << '\n';
  });
}

}  // namespace review::cli
