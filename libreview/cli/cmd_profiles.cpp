// `libreview profiles`: the region profiles found, as an inheritance tree.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report_util.hpp"

namespace review::cli {

namespace {

struct Line {
  std::string label;  // tree branches and id
  const ProfileInfo* info;
};

void walk(const std::map<std::string, std::vector<const ProfileInfo*>>& children, const ProfileInfo& p,
          const std::string& prefix, const std::string& branch, std::vector<Line>& out) {
  out.push_back({prefix + branch + p.id, &p});
  auto it = children.find(p.id);
  if (it == children.end()) return;
  const std::string next = prefix + (branch.empty() ? "" : branch == "└── " ? "    " : "│   ");
  for (std::size_t i = 0; i < it->second.size(); ++i)
    walk(children, *it->second[i], next, i + 1 == it->second.size() ? "└── " : "├── ", out);
}

std::string pad(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
}

}  // namespace

void add_profiles_command(CLI::App& app, Globals& g) {
  auto* cmd =
      add_command(app, g, "profiles",
                  {"list the region profiles found, as a tree of what inherits what",
                   "列出找到的地区方案，按继承关系显示为树"},
                  {"Example:\n  libreview profiles\n  libreview profiles -v\n"
                   "A profile is a TOML file in a regions/ folder next to the plugins; see docs/profiles.md.",
                   "示例：\n  libreview profiles\n  libreview profiles -v\n"
                   "地区方案是插件目录旁 regions/ 文件夹中的 TOML 文件；见 docs/profiles.md。"});
  cmd->callback([&g] {
    const auto& registry = PluginRegistry::global();
    const ProfileLibrary library(registry);
    const auto profiles = library.list();
    std::map<std::string, std::vector<const ProfileInfo*>> children;
    std::vector<const ProfileInfo*> roots;
    std::map<std::string, const ProfileInfo*> by_id;
    for (const auto& p : profiles) by_id[p.id] = &p;
    for (const auto& p : profiles) {
      if (p.inherits.empty() || by_id.count(p.inherits) == 0)
        roots.push_back(&p);
      else
        children[p.inherits].push_back(&p);
    }
    std::vector<Line> lines;
    for (const auto* root : roots) walk(children, *root, "", "", lines);
    int w_label = display_width(tr(g, "profile", "方案")), w_name = display_width(tr(g, "name", "名称"));
    for (const auto& l : lines) {
      w_label = std::max(w_label, display_width(l.label));
      w_name = std::max(w_name, display_width(l.info->name));
    }
    std::cout << pad(tr(g, "profile", "方案"), w_label) << "  " << pad(tr(g, "name", "名称"), w_name) << "  "
              << tr(g, "summary", "说明") << '\n';
    for (const auto& l : lines)
      std::cout << pad(l.label, w_label) << "  " << pad(l.info->name, w_name) << "  " << l.info->summary
                << '\n';
    if (profiles.empty()) {
      std::cout << tr(g, "no profiles found in: ", "未找到地区方案，已搜索：");
      for (const auto& f : registry.profile_folders()) std::cout << f.string() << ' ';
      std::cout << '\n';
    } else if (g.verbose > 0) {
      std::cout << '\n';
      for (const auto& p : profiles) std::cout << fmt::format("{}: {}\n", p.id, p.file.string());
    }
  });
}

}  // namespace review::cli
