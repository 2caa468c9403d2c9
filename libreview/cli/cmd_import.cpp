// `libreview import DIR... [--store FILE]`: validate cycles, then save each in the store.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/ingest.hpp"
#include "libreview/package.hpp"
#include "libreview/store.hpp"

namespace review::cli {

void add_import_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "import",
      {"validate cycles' data (folders or .xlsx) or county packages (.lrpkg) and save them in the store, "
       "replacing the same years",
       "校验各年度数据（文件夹或 .xlsx）或各县上报数据包（.lrpkg）并保存到数据库，同一年度的旧数据被替换"},
      {"Every source is validated first: nothing is stored when any has a problem (see `libreview "
       "validate`).\n"
       "A county package (.lrpkg) is verified against its manifest and kept whole in a city store, for "
       "`libreview rollup --store`.\n"
       "Example:\n  libreview import data/2017\n  libreview import data/2016 data/2017 --store "
       "/srv/county/review.db\n  libreview import counties/*.lrpkg --store city.db",
       "先校验全部数据：任何一份有问题则什么也不保存（参见 `libreview validate`）。\n"
       "各县上报数据包（.lrpkg）先按清单核验，再整包保存到全市数据库，供 `libreview rollup --store` 汇总。\n"
       "示例：\n  libreview import data/2017\n  libreview import data/2016 data/2017 --store "
       "/srv/county/review.db\n  libreview import counties/*.lrpkg --store city.db"});
  struct Args {
    std::vector<std::string> sources;
    std::string store = default_store_name();
  };
  auto args = std::make_shared<Args>();
  add_sources(*cmd, g, args->sources);
  cmd->add_option("--store", args->store, tr(g, "the store file", "数据库文件"))->capture_default_str();
  cmd->callback([&g, args] {
    std::vector<Cycle> cycles;
    std::vector<CountyPackage> packages;
    {
      ProgressBar bar(g);
      for (std::size_t i = 0; i < args->sources.size(); ++i) {
        bar.update("import", i, args->sources.size());
        const std::filesystem::path source(args->sources[i]);
        if (source.extension() == kPackageExtension)
          packages.push_back(read_package(source));
        else
          cycles.push_back(import_cycle(source, import_options_for()));
      }
      Store store(args->store);
      for (std::size_t i = 0; i < cycles.size(); ++i) {
        bar.update("save", i, cycles.size() + packages.size());
        store.save(cycles[i]);
      }
      for (std::size_t i = 0; i < packages.size(); ++i) {
        bar.update("save", cycles.size() + i, cycles.size() + packages.size());
        const auto& p = packages[i];
        store.save_package(p.manifest.county, p.manifest.year, p.manifest_text, p.members);
      }
    }
    if (g.quiet) return;
    for (const auto& p : packages)
      std::cout << fmt::format(fmt::runtime(tr(g, "stored in {}: the package of {} {} ({})\n",
                                               "已保存到 {}：{} {} 年度上报数据包（{}）\n")),
                               store_display_name(args->store), p.manifest.county, p.manifest.year,
                               p.file.filename().string());
    for (const auto& cycle : cycles) {
      std::cout << fmt::format(fmt::runtime(tr(g, "stored in {}: {}\n", "已保存到 {}：{}\n")),
                               store_display_name(args->store), cycle_summary(g, cycle));
      std::cout << fmt::format(fmt::runtime(tr(g, "content hash {}\n", "数据指纹 {}\n")), cycle.content_hash);
    }
  });
}

}  // namespace review::cli
