// libreview: the command line for the county appraisal office (行评办).
#include <fmt/format.h>

#include <clocale>
#include <cstdlib>
#include <iostream>

#include "cli.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"
#include "libreview/version.hpp"

namespace {

std::string language_from_locale() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') return std::string(v).starts_with("zh") ? "zh" : "en";
  }
  return "en";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace review;
  cli::Globals g;
  CLI::App app{"libreview: the yearly democratic appraisal of departmental conduct (民主评议行风), "
               "from the county's data to the ranking, the annual report and a feedback letter to "
               "each department.",
               "libreview"};
  app.require_subcommand(1);
  app.fallthrough();  // -v, -q and --lang also after the subcommand
  app.footer(
      "Exit codes: 0 ok, 1 invalid data, 2 usage, 3 plugin or environment problem.\n"
      "Environment: LIBREVIEW_PLUGIN_PATH (plugin folders, ':'-separated; 'disable' turns plugins off),\n"
      "             LIBREVIEW_LOG (trace, debug, info, warn, error, off).");
  app.add_flag("-v,--verbose", g.verbose, "more messages (-vv for debug)");
  app.add_flag("-q,--quiet", g.quiet, "only errors");
  app.add_option("--lang", g.lang, "message language: zh or en (default: from the locale)")
      ->check(CLI::IsMember({"zh", "en"}));
  app.set_version_flag("--version", std::string("libreview ") + review::version());

  cli::add_plugins_command(app, g);
  cli::add_validate_command(app, g);
  cli::add_import_command(app, g);
  cli::add_profiles_command(app, g);
  cli::add_run_command(app, g);
  cli::add_compare_command(app, g);

  app.parse_complete_callback([&] {
    if (g.lang.empty()) g.lang = language_from_locale();
    if (g.quiet) log::set_level(log::Level::error);
    else if (g.verbose >= 2) log::set_level(log::Level::debug);
    else if (g.verbose == 1) log::set_level(log::Level::info);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? cli::kOk : cli::kUsage;
  } catch (const ValidationError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    if (e.diagnostics().empty()) std::cerr << e.what() << '\n';
    if (e.total() > e.diagnostics().size())
      std::cerr << fmt::format(fmt::runtime(cli::tr(g, "... and {} more problems\n", "……另有 {} 处问题\n")),
                               e.total() - e.diagnostics().size());
    std::cerr << fmt::format(fmt::runtime(cli::tr(g, "invalid data: {} problem(s); nothing was stored or written\n",
                                                   "数据有误：共 {} 处问题；未保存、未生成任何文件\n")),
                             e.total());
    return cli::kInvalidData;
  } catch (const PluginError& e) {
    std::cerr << cli::tr(g, "plugin error: ", "插件错误：") << e.what() << '\n';
    return cli::kEnvironment;
  } catch (const Error& e) {
    std::cerr << cli::tr(g, "error: ", "错误：") << e.what() << '\n';
    return cli::kEnvironment;
  } catch (const std::exception& e) {
    std::cerr << cli::tr(g, "error: ", "错误：") << e.what() << '\n';
    return cli::kEnvironment;
  }
  return g.exit_code;
}
