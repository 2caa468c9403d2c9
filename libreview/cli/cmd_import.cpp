// `libreview import DIR [--store FILE]`: validate a cycle and save it in the store.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/ingest.hpp"
#include "libreview/store.hpp"

namespace review::cli {

void add_import_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "import",
      "validate a cycle's data (folder or .xlsx) and save it in the store, replacing the same year");
  cmd->footer(
      "Nothing is stored when the data has any problem (see `libreview validate`).\n"
      "Example:\n  libreview import data/2017\n  libreview import cycle.xlsx --store /srv/county/review.db");
  struct Args {
    std::string source;
    std::string store = default_store_name();
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("source", args->source, "the cycle folder (cycle.toml and CSV files) or workbook")
      ->required();
  cmd->add_option("--store", args->store, "the store file")->capture_default_str();
  cmd->callback([&g, args] {
    const Cycle cycle = import_cycle(args->source);
    Store store(args->store);
    store.save(cycle);
    std::cout << fmt::format(fmt::runtime(tr(g, "stored in {}: {}\n", "已保存到 {}：{}\n")), args->store,
                             cycle_summary(g, cycle));
    std::cout << fmt::format(fmt::runtime(tr(g, "content hash {}\n", "数据指纹 {}\n")), cycle.content_hash);
  });
}

}  // namespace review::cli
