// `libreview import DIR... [--store FILE]`: validate cycles, then save each in the store.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/ingest.hpp"
#include "libreview/store.hpp"

namespace review::cli {

void add_import_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "import",
      {"validate cycles' data (folders or .xlsx) and save them in the store, replacing the same years",
       "校验各年度数据（文件夹或 .xlsx）并保存到数据库，同一年度的旧数据被替换"},
      {"Every source is validated first: nothing is stored when any has a problem (see `libreview "
       "validate`).\n"
       "Example:\n  libreview import data/2017\n  libreview import data/2016 data/2017 --store "
       "/srv/county/review.db",
       "先校验全部数据：任何一份有问题则什么也不保存（参见 `libreview validate`）。\n"
       "示例：\n  libreview import data/2017\n  libreview import data/2016 data/2017 --store "
       "/srv/county/review.db"});
  struct Args {
    std::vector<std::string> sources;
    std::string store = default_store_name();
  };
  auto args = std::make_shared<Args>();
  add_sources(*cmd, g, args->sources);
  cmd->add_option("--store", args->store, tr(g, "the store file", "数据库文件"))->capture_default_str();
  cmd->callback([&g, args] {
    std::vector<Cycle> cycles;
    {
      ProgressBar bar(g);
      for (std::size_t i = 0; i < args->sources.size(); ++i) {
        bar.update("import", i, args->sources.size());
        cycles.push_back(import_cycle(args->sources[i], import_options_for()));
      }
      Store store(args->store);
      for (std::size_t i = 0; i < cycles.size(); ++i) {
        bar.update("save", i, cycles.size());
        store.save(cycles[i]);
      }
    }
    if (g.quiet) return;
    for (const auto& cycle : cycles) {
      std::cout << fmt::format(fmt::runtime(tr(g, "stored in {}: {}\n", "已保存到 {}：{}\n")),
                               store_display_name(args->store), cycle_summary(g, cycle));
      std::cout << fmt::format(fmt::runtime(tr(g, "content hash {}\n", "数据指纹 {}\n")), cycle.content_hash);
    }
  });
}

}  // namespace review::cli
