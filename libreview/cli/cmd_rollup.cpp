// `libreview rollup PKG... --out DIR [--kinds FILE]`: the city roll-up (汇总) of county
// packages: rollup.csv, the city workbook and the city report (rollup.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "cli.hpp"
#include "libreview/rollup.hpp"

namespace review::cli {

void add_rollup_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "rollup",
      {"roll up county packages (.lrpkg) into rollup.csv, the city workbook and the city report",
       "汇总各县上报数据包（.lrpkg），生成 rollup.csv、全市汇总工作簿和全市汇总报告"},
      {"Every package is verified against its manifest first: a changed, missing or extra member, an unknown "
       "format, a package from a newer libreview or two packages of one county and year are refused and "
       "nothing is written. Departments are compared across counties by their kind (部门类型): the `kind` "
       "column of each county's departments.csv, else --kinds FILE (CSV: department id or name, kind).\n"
       "Packages imported into a city store (`libreview import X.lrpkg --store city.db`) are rolled up with "
       "--store and --year, verified again.\n"
       "Example:\n  libreview rollup counties/*.lrpkg --out city/2017\n"
       "  libreview rollup --store city.db --year 2017 --out city/2017\n"
       "  libreview rollup a.lrpkg b.lrpkg --kinds 部门类型.csv --out city/2017",
       "先逐个核验数据包与清单：成员被改动、缺少或多出，格式版本不认识，由较新的 libreview "
       "导出，或同一县同一年度有两个数据包，"
       "都拒绝汇总，不生成任何文件。同类部门按部门类型跨县比较：取各县 departments.csv 的 "
       "kind（部门类型）列，"
       "没有时取 --kinds 对照表（CSV：部门编号或名称,部门类型）。\n"
       "已导入全市数据库的数据包（`libreview import X.lrpkg --store city.db`）用 --store 和 --year "
       "汇总，汇总前重新核验。\n"
       "示例：\n  libreview rollup counties/*.lrpkg --out city/2017\n"
       "  libreview rollup --store city.db --year 2017 --out city/2017\n"
       "  libreview rollup a.lrpkg b.lrpkg --kinds 部门类型.csv --out city/2017"});
  struct Args {
    std::vector<std::string> packages;
    std::string out;
    std::string kinds;
    std::string store;
    int year = 0;
  };
  auto args = std::make_shared<Args>();
  auto* files = cmd->add_option("package", args->packages,
                                tr(g, "county packages (.lrpkg)", "各县上报数据包（.lrpkg）"));
  auto* store = cmd->add_option("--store", args->store,
                                tr(g, "roll up the packages a city store holds (libreview import X.lrpkg)",
                                   "汇总全市数据库中已导入的数据包（libreview import X.lrpkg）"))
                    ->excludes(files);
  cmd->add_option("--year", args->year, tr(g, "the year (with --store)", "年度（与 --store 一起使用）"))
      ->needs(store);
  store->needs("--year");
  cmd->add_option("--out", args->out, tr(g, "the folder to write into", "输出文件夹"))->required();
  cmd->add_option("--kinds", args->kinds,
                  tr(g, "mapping file: department id or name → kind (CSV)",
                     "部门类型对照表：部门编号或名称 → 部门类型（CSV）"));
  cmd->callback([&g, args] {
    std::map<std::string, std::string> kinds;
    if (!args->kinds.empty()) kinds = read_kind_mapping(args->kinds);
    if (args->store.empty() && args->packages.empty())
      throw UsageError(
          tr(g, "give county packages, or --store and --year", "请给出数据包，或 --store 与 --year"));
    const Rollup r =
        args->store.empty()
            ? rollup(std::vector<std::filesystem::path>(args->packages.begin(), args->packages.end()), kinds)
            : rollup(stored_packages(args->store, args->year), kinds);
    const auto written = write_rollup(r, args->out);
    if (!r.unplaced.empty()) {
      std::cerr << fmt::format(
          fmt::runtime(tr(g, "{} department(s) have no kind and are not ranked in kind:\n",
                          "{} 个部门没有部门类型，未参加同类排名：\n")),
          r.unplaced.size());
      // The first twenty on the terminal; every one is listed in the city report (三、未归类部门).
      constexpr std::size_t kShown = 20;
      for (std::size_t i = 0; i < std::min(kShown, r.unplaced.size()); ++i)
        std::cerr << "  " << r.unplaced[i] << '\n';
      if (r.unplaced.size() > kShown)
        std::cerr << fmt::format(fmt::runtime(tr(g, "  ... and {} more, listed in the city report\n",
                                                 "  ……另有 {} 个，见全市汇总报告\n")),
                                 r.unplaced.size() - kShown);
    }
    if (g.quiet) return;
    std::cout << fmt::format(fmt::runtime(tr(g, "rolled up {} counties of {}, {} departments:\n",
                                             "已汇总 {1} 年度 {0} 个县，部门 {2} 个：\n")),
                             r.counties.size(), r.year, r.rows.size());
    for (const auto& f : written) std::cout << "  " << f.string() << '\n';
  });
}

}  // namespace review::cli
