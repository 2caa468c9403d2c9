// `libreview reconcile A B`: double entry (双录入核对), every difference between two
// keyings of one cycle, as the import reads them.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/reconcile.hpp"

namespace review::cli {

void add_reconcile_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "reconcile", tr(g, "compare two keyings of one cycle's paper (double entry) and list every difference",
                      "核对同一年度纸质票的两次录入（双录入），列出每一处不同"));
  cmd->footer(tr(g,
                 "Prints each difference as table:key:column: A value ≠ B value, and each row keyed on one\n"
                 "side only as table:key: only in A (B). Values are compared as the import reads them\n"
                 "(1 = 满意 = satisfied; 2017/7/8 = 2017年7月8日). Writes nothing.\n"
                 "Exit 0 when both hold the same data, 1 otherwise.\n"
                 "Example:\n  libreview reconcile keyed-by-wang keyed-by-li",
                 "每处不同按 表:键:列: A 的值 ≠ B 的值 列出，只在一方录入的行按 表:键: 仅 A 有（B）列出。\n"
                 "按导入时的读法比较（1 = 满意 = satisfied；2017/7/8 = 2017年7月8日）。不写任何文件。\n"
                 "两次录入相同时退出码为 0，否则为 1。\n"
                 "示例：\n  libreview reconcile 王录入 李录入"));
  auto a = std::make_shared<std::string>();
  auto b = std::make_shared<std::string>();
  cmd->add_option("a", *a, tr(g, "the first keying (folder or workbook)", "第一次录入（文件夹或工作簿）"))
      ->required();
  cmd->add_option("b", *b, tr(g, "the second keying (folder or workbook)", "第二次录入（文件夹或工作簿）"))
      ->required();
  cmd->callback([&g, a, b] {
    const auto differences = reconcile(*a, *b);
    for (const auto& d : differences) {
      if (!d.column.empty())
        std::cout << to_string(d) << '\n';
      else
        std::cout << fmt::format(fmt::runtime(d.a ? tr(g, "{}:{}: only in A", "{}:{}: 仅 A 有")
                                                  : tr(g, "{}:{}: only in B", "{}:{}: 仅 B 有")),
                                 d.table, d.key)
                  << '\n';
    }
    if (differences.empty()) {
      std::cout << tr(g, "the two keyings hold the same data\n", "两次录入一致\n");
    } else {
      std::cout << fmt::format(fmt::runtime(tr(g, "{} difference(s)\n", "共 {} 处不同\n")),
                               differences.size());
      g.exit_code = kInvalidData;
    }
  });
}

}  // namespace review::cli
