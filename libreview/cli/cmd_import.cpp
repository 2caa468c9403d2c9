// `libreview import DIR... [--store FILE]`: validate cycles, then save each in the store.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/ingest.hpp"
#include "libreview/store.hpp"

namespace review::cli {

void add_import_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "import",
      "validate cycles' data (folders or .xlsx) and save them in the store, replacing the same years");
  cmd->footer(
      "Every source is validated first: nothing is stored when any has a problem (see `libreview "
      "validate`).\n"
      "Example:\n  libreview import data/2017\n  libreview import data/2016 data/2017 --store "
      "/srv/county/review.db");
  struct Args {
    std::vector<std::string> sources;
    std::string store = default_store_name();
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("source", args->sources, "cycle folders (cycle.toml and CSV files) or workbooks")
      ->required();
  cmd->add_option("--store", args->store, "the store file")->capture_default_str();
  cmd->callback([&g, args] {
    std::vector<Cycle> cycles;
    for (const auto& source : args->sources) cycles.push_back(import_cycle(source));
    Store store(args->store);
    for (const auto& cycle : cycles) {
      store.save(cycle);
      std::cout << fmt::format(fmt::runtime(tr(g, "stored in {}: {}\n", "已保存到 {}：{}\n")), args->store,
                               cycle_summary(g, cycle));
      std::cout << fmt::format(fmt::runtime(tr(g, "content hash {}\n", "数据指纹 {}\n")), cycle.content_hash);
    }
  });
}

}  // namespace review::cli
