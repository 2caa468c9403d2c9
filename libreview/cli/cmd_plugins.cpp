// `libreview plugins`: every plugin with kind, id, version and file, and every refused file.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/plugin.hpp"

namespace review::cli {

void add_plugins_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("plugins", "list the plugins found, and the files refused with the reason");
  cmd->footer("Example:\n  libreview plugins\n  LIBREVIEW_PLUGIN_PATH=/opt/county/plugins libreview plugins");
  cmd->callback([&g] {
    auto& registry = PluginRegistry::global();
    const auto plugins = registry.list();
    std::cout << fmt::format("{:<8} {:<24} {:<8} {}\n", tr(g, "kind", "类别"), tr(g, "id", "标识"),
                             tr(g, "version", "版本"), tr(g, "file", "文件"));
    for (const auto& p : plugins)
      std::cout << fmt::format("{:<8} {:<24} {:<8} {}\n", to_string(p.kind), p.id, p.version,
                               p.file.empty() ? std::string("(in-process)") : p.file.string());
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
