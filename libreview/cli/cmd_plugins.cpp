// `libreview plugins`: every plugin with kind, id, version and file, and every refused file.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/error.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report.hpp"
#include "libreview/report_util.hpp"
#include "libreview/session.hpp"

namespace review::cli {

namespace {
std::string pad(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

const char* type_name(const Globals& g, OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return tr(g, "bool", "是/否");
    case OptionType::string:
      return tr(g, "text", "文本");
    case OptionType::date:
      return tr(g, "date", "日期");
    case OptionType::path:
      return tr(g, "file", "文件");
    case OptionType::choice:
      return tr(g, "choice", "可选值");
  }
  return "?";
}

// `libreview plugins --options`: each report format, then each option it reads with its type,
// default, meaning and allowed values (GDAL's creation-option lists).
void print_report_options(const Globals& g, const PluginRegistry& registry) {
  for (const auto& p : registry.list()) {
    if (p.kind != PluginKind::report) continue;
    std::cout << p.id << '\n';
    std::vector<FormatOptions> declared;
    try {
      declared = report_options({p.id}, registry);
    } catch (const Error& e) {
      std::cout << "  " << tr(g, "(its options cannot be read: ", "（无法读取其选项：") << e.what()
                << tr(g, ")", "）") << '\n';
      continue;
    }
    if (declared.front().options.empty()) std::cout << "  " << tr(g, "(no options)", "（无选项）") << '\n';
    for (const auto& o : declared.front().options) {
      std::cout << "  " << o.name << '=' << type_name(g, o.type);
      if (!o.default_value.empty())
        std::cout << fmt::format(fmt::runtime(tr(g, " (default: {})", "（默认：{}）")), o.default_value);
      std::cout << '\n';
      std::cout << "      " << (g.zh() ? o.meaning_zh : o.meaning_en) << '\n';
      if (o.type == OptionType::choice)
        std::cout << fmt::format(
            fmt::runtime(tr(g, "      allowed: {}{}\n", "      可选：{}{}\n")),
            fmt::join(o.choices, tr(g, ", ", "、")),
            o.list ? tr(g, " (several, comma-separated)", "（可多选，以逗号分隔）") : "");
    }
  }
}
}  // namespace

void add_plugins_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(app, g, "plugins",
                          {"list the plugins found, and the files refused with the reason",
                           "列出找到的插件，以及被拒绝的文件和原因"},
                          {"Example:\n  libreview plugins\n  libreview plugins --options\n"
                           "  LIBREVIEW_PLUGIN_PATH=/opt/county/plugins libreview plugins",
                           "示例：\n  libreview plugins\n  libreview plugins --options\n"
                           "  LIBREVIEW_PLUGIN_PATH=/opt/county/plugins libreview plugins"});
  auto with_options = std::make_shared<bool>(false);
  cmd->add_flag("--options", *with_options,
                tr(g, "list the options each report format reads (--set KEY=VALUE of `libreview run`)",
                   "列出每种报表格式可用的选项（即 `libreview run` 的 --set KEY=VALUE）"));
  cmd->callback([&g, with_options] {
    auto& registry = PluginRegistry::global();
    if (*with_options) {
      print_report_options(g, registry);
      return;
    }
    const auto plugins = registry.list();
    std::cout << pad(tr(g, "kind", "类别"), 8) << ' ' << pad(tr(g, "id", "标识"), 24) << ' '
              << pad(tr(g, "version", "版本"), 8) << ' ' << tr(g, "file", "文件") << '\n';
    for (const auto& p : plugins)
      std::cout << fmt::format("{:<8} {:<24} {:<8} {}\n", to_string(p.kind), p.id, p.version,
                               p.file.empty() ? std::string(tr(g, "(in-process)", "（进程内）")) : p.file.string());
    const auto refused = registry.refused();
    if (!refused.empty()) {
      std::cout << '\n' << tr(g, "refused:", "已拒绝：") << '\n';
      for (const auto& r : refused) std::cout << fmt::format("  {}: {}\n", r.file.string(), r.reason);
    }
    if (plugins.empty()) {
      std::cout << tr(g, "no plugins found in: ", "未找到插件，已搜索：");
      for (const auto& f : registry.folders()) std::cout << f.string() << ' ';
      std::cout << '\n';
    }
  });
}

}  // namespace review::cli
