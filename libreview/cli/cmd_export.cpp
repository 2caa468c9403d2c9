// `libreview export --store DB --year Y [--region R] --out FILE.lrpkg`: the county package
// (上报数据包) a county office sends to the city (package.hpp).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/package.hpp"

namespace review::cli {

void add_export_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "export",
      {"write the county package (.lrpkg) of one year for the city: results, department flags and "
       "suppressed breakdowns, with a manifest of SHA-256 digests",
       "导出某一年度的上报数据包（.lrpkg）报送市里：评议结果、部门提示和已做小格隐藏的分组统计，附 SHA-256 "
       "清单"},
      {"The cycle is taken from the store and scored with its region's profile and rule. The package holds "
       "no "
       "ballot, answer, representative code or complaint summary.\n"
       "Example:\n  libreview export --store review.db --year 2017 --out XX县-2017.lrpkg",
       "从数据库取出该年度数据，按本地区评议方案和计分规则计分后导出。数据包不含测评票、问卷答复、代表编号和"
       "投诉摘要。\n"
       "示例：\n  libreview export --store review.db --year 2017 --out XX县-2017.lrpkg"});
  struct Args {
    std::string store = default_store_name();
    int year = 0;
    std::string region;
    std::string out;
    std::string profile;
    std::string rule;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--store", args->store, tr(g, "the store file", "数据库文件"))->capture_default_str();
  cmd->add_option("--year", args->year, tr(g, "the year to export", "导出的年度"))->required();
  cmd->add_option("--region", args->region,
                  tr(g, "the region (needed when the store holds several for that year)",
                     "地区（数据库中该年度有多个地区时必填）"));
  cmd->add_option("--out", args->out,
                  tr(g, "the package file to write (.lrpkg)", "写出的数据包文件（.lrpkg）"))
      ->required();
  cmd->add_option("--profile", args->profile,
                  tr(g, "region profile id or .toml file (default: the cycle's region)",
                     "评议方案编号或 .toml 文件（默认：本年度数据的地区）"));
  cmd->add_option("--rule", args->rule,
                  tr(g, "scoring rule (default: the profile's)", "计分规则（默认：评议方案规定的）"));
  cmd->callback([&g, args] {
    const PackageManifest m =
        export_package(args->store, args->year, args->region, args->out, args->profile, args->rule);
    if (g.quiet) return;
    std::cout << fmt::format(
        fmt::runtime(tr(g, "package written: {} ({} {}, profile {}, rule {}, {} members)\n",
                        "已导出数据包：{}（{} {} 年度，评议方案 {}，计分规则 {}，成员 {} 个）\n")),
        args->out, m.county, m.year, m.profile, m.rule, m.members.size());
  });
}

}  // namespace review::cli
