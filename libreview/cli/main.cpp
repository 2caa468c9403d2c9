// libreview: the command line for the county appraisal office (行评办).
#include <fmt/format.h>

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli.hpp"
#include "libreview/error.hpp"
#include "libreview/log.hpp"
#include "libreview/messages.hpp"
#include "libreview/version.hpp"

namespace {

// The language is needed before the help texts are built: --lang X / --lang=X anywhere, else the locale.
std::string language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a(argv[i]);
    if (a == "--") break;
    if (a == "--lang" && i + 1 < argc) {
      const std::string_view v(argv[i + 1]);
      if (v == "zh" || v == "en") return std::string(v);
    }
    if (a == "--lang=zh") return "zh";
    if (a == "--lang=en") return "en";
  }
  return review::language_from_environment() == review::Language::zh ? "zh" : "en";
}

// CLI11's own labels in the help, in Chinese when wanted.
void translate_formatter(CLI::App& app, const review::cli::Globals& g) {
  if (!g.zh()) return;
  auto f = app.get_formatter();
  f->label("Usage", "用法");
  f->label("OPTIONS", "选项");
  f->label("SUBCOMMAND", "子命令");
  f->label("SUBCOMMANDS", "子命令");
  f->label("Positionals", "位置参数");
  f->label("REQUIRED", "必填");
  f->label("Needs", "需要");
  f->label("Excludes", "排除");
  f->label("Env", "环境变量");
}

// What a message of each error class starts with, in the user's language (the catalogue's LR-E00N).
std::string error_prefix(review::ErrorCode code) {
  const auto* entry = review::find_message(review::error_message_code(code));
  return review::message_text(*entry) + (review::language() == review::Language::zh ? "：" : ": ");
}

// CLI11's own failures, in the user's language: the catalogue's entry of each kind, then CLI11's detail.
std::string usage_message(const CLI::ParseError& e) {
  // By class (CLI11 names some errors after the subcommand, so get_name() does not tell).
  const char* code = nullptr;
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr)
    code = "LR-U101";
  else if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)
    code = "LR-U102";
  else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr)
    code = "LR-U103";
  else if (dynamic_cast<const CLI::ConversionError*>(&e) != nullptr)
    code = "LR-U104";
  else if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr)
    code = "LR-U105";
  else if (dynamic_cast<const CLI::ExcludesError*>(&e) != nullptr)
    code = "LR-U106";
  else if (dynamic_cast<const CLI::RequiresError*>(&e) != nullptr)
    code = "LR-U107";
  if (code == nullptr) return e.what();
  return review::message(code) + " — " + e.what();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace review;
  using cli::tr;
  cli::Globals g;
  g.lang = language(argc, argv);
  set_language(g.lang == "zh" ? Language::zh : Language::en);
  CLI::App app{tr(g,
                  "libreview: the yearly democratic appraisal of departmental conduct (民主评议行风), "
                  "from the county's data to the ranking, the annual report and a feedback letter to "
                  "each department.",
                  "libreview：民主评议行风年度评议，从县里的数据到排名、年度报告和给每个部门的反馈意见书。"),
               "libreview"};
  translate_formatter(app, g);
  app.option_defaults()->group(tr(g, "Options", "选项"));
  app.set_help_flag("-h,--help", tr(g, "print this help and exit", "显示本帮助并退出"));
  app.require_subcommand(1);
  app.fallthrough();  // -v, -q and --lang also after the subcommand
  app.footer(
      tr(g,
         "Exit codes: 0 ok, 1 invalid data, 2 usage, 3 plugin or environment problem.\n"
         "Environment: LIBREVIEW_PLUGIN_PATH (plugin folders, ':'-separated; 'disable' turns plugins off),\n"
         "             LIBREVIEW_LOG (trace, debug, info, warn, error, off),\n"
         "             LIBREVIEW_SAMPLE_DIR (the sample county for `libreview demo`),\n"
         "             LANG / LC_ALL (zh_* for Chinese messages; or --lang).\n"
         "Example:\n  libreview demo --out out/sample\n  libreview SUBCOMMAND --help",
         "退出码：0 成功，1 数据有误，2 用法错误，3 插件或运行环境问题。\n"
         "环境变量：LIBREVIEW_PLUGIN_PATH（插件目录，以 ':' 分隔；'disable' 关闭插件），\n"
         "          LIBREVIEW_LOG（trace、debug、info、warn、error、off），\n"
         "          LIBREVIEW_SAMPLE_DIR（`libreview demo` 所用示例县数据），\n"
         "          LANG / LC_ALL（zh_* 为中文提示；或用 --lang）。\n"
         "示例：\n  libreview demo --out out/sample\n  libreview 子命令 --help"));
  app.add_flag("-v,--verbose", g.verbose, tr(g, "more messages (-vv for debug)", "更多日志（-vv 为调试级）"));
  app.add_flag("-q,--quiet", g.quiet, tr(g, "only errors, no progress bar", "只显示错误，不显示进度条"));
  app.add_option("--lang", g.lang,
                 tr(g, "message language: zh or en (default: from the locale)",
                    "提示语言：zh 或 en（默认随系统区域设置）"))
      ->check(CLI::IsMember({"zh", "en"}));
  app.set_version_flag("--version", std::string("libreview ") + review::version(),
                       tr(g, "print the version and exit", "显示版本并退出"));

  cli::add_demo_command(app, g);
  cli::add_validate_command(app, g);
  cli::add_import_command(app, g);
  cli::add_run_command(app, g);
  cli::add_compare_command(app, g);
  cli::add_reconcile_command(app, g);
  cli::add_export_command(app, g);
  cli::add_rollup_command(app, g);
  cli::add_plugins_command(app, g);
  cli::add_profiles_command(app, g);
  cli::add_calendar_command(app, g);
  cli::add_track_command(app, g);
  cli::add_forms_command(app, g);

  for (auto* sub : app.get_subcommands({})) {
    sub->group(tr(g, "Subcommands", "子命令"));
    if (auto* help = sub->get_help_ptr(); help != nullptr) help->group(tr(g, "Options", "选项"));
  }

  app.parse_complete_callback([&] {
    if (g.quiet)
      log::set_level(log::Level::error);
    else if (g.verbose >= 2)
      log::set_level(log::Level::debug);
    else if (g.verbose == 1)
      log::set_level(log::Level::info);
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << error_prefix(ErrorCode::usage) << usage_message(e) << '\n'
              << tr(g, "Run with --help for the usage and examples.\n", "运行时加 --help 查看用法和示例。\n");
    return cli::kUsage;
  } catch (const ValidationError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    if (e.diagnostics().empty())
      std::cerr << e.what() << '\n';
    else if (e.total() > e.diagnostics().size())
      std::cerr << fmt::format(fmt::runtime(tr(g, "... and {} more problems\n", "……另有 {} 处问题\n")),
                               e.total() - e.diagnostics().size());
    std::cerr << fmt::format(
        fmt::runtime(tr(g, "invalid data: {} problem(s); nothing was stored or written\n",
                        "数据有误：共 {} 处问题；未保存、未生成任何文件\n")),
        std::max<std::size_t>(e.total(), e.diagnostics().size()));
    return cli::kInvalidData;
  } catch (const Error& e) {
    std::cerr << error_prefix(e.code()) << e.what() << '\n';
    if (e.code() == ErrorCode::usage)
      std::cerr << tr(g, "Run with --help for the usage and examples.\n",
                      "运行时加 --help 查看用法和示例。\n");
    return exit_code(e.code());
  } catch (const std::exception& e) {
    std::cerr << error_prefix(ErrorCode::internal) << e.what() << '\n';
    return exit_code(ErrorCode::internal);
  }
  return g.exit_code;
}
