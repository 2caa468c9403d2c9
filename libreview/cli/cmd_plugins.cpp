// `libreview plugins`: every plugin with kind, id, version and file, and every refused file.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/plugin.hpp"
#include "libreview/report_util.hpp"

namespace review::cli {

namespace {
std::string pad(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}
}  // namespace

void add_plugins_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "plugins", tr(g, "list the plugins found, and the files refused with the reason",
                    "列出找到的插件，以及被拒绝的文件和原因"));
  cmd->footer(tr(g, "Example:\n  libreview plugins\n  LIBREVIEW_PLUGIN_PATH=/opt/county/plugins libreview plugins",
                 "示例：\n  libreview plugins\n  LIBREVIEW_PLUGIN_PATH=/opt/county/plugins libreview plugins"));
  cmd->callback([&g] {
    auto& registry = PluginRegistry::global();
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
