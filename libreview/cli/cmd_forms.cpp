// `libreview forms FOLDER --out DIR`: the printable ballot (测评表), the public questionnaire
// (群众问卷) and the entry workbook (数据录入表) of a cycle, from its roster alone (forms.hpp).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/forms.hpp"

namespace review::cli {

void add_forms_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "forms",
      {"write the printable ballot sheets, the public questionnaire and the entry workbook of a cycle",
       "生成可打印的测评表、群众问卷和数据录入表"},
      {"Only cycle.toml, departments.csv and (if there is one) representatives.csv are read. The ballots "
       "are numbered 001 to [ballots] issued of cycle.toml (else one per representative, else --sheets). "
       "The entry workbook, filled in and saved by Excel, WPS or LibreOffice, imports as it is.\n"
       "Example:\n  libreview forms data/sample/2017 --out 表格",
       "只读取 cycle.toml、departments.csv（部门.csv）和评议代表名册（如有）。测评表按 cycle.toml 的 "
       "[ballots] issued 编号为 001 至发放张数（没有时每位评议代表一张，再没有时按 --sheets）。数据录入表用 "
       "Excel、WPS 或 LibreOffice 填好保存后即可直接导入。\n"
       "示例：\n  libreview forms data/sample/2017 --out 表格"});
  struct Args {
    std::string source;
    std::string out;
    std::string office;
    std::size_t sheets = 200;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("source", args->source, tr(g, "the cycle folder or workbook", "评议数据文件夹或工作簿"))
      ->required();
  cmd->add_option("--out", args->out, tr(g, "the folder to write into", "输出文件夹"))->required();
  cmd->add_option("--office", args->office, tr(g, "who issues the forms", "印制单位"));
  cmd->add_option("--sheets", args->sheets,
                  tr(g,
                     "ballots to number when cycle.toml has no [ballots] issued and there is no roster "
                     "of representatives (default 200)",
                     "cycle.toml 未写发放张数且无代表名册时印制的测评表张数（默认 200）"))
      ->check(CLI::Range(1, 100000));
  cmd->callback([&g, args] {
    FormsOptions o;
    o.source = args->source;
    o.out_dir = args->out;
    o.default_sheets = args->sheets;
    if (!args->office.empty()) o.office = args->office;
    const FormsResult r = write_forms(o);
    if (g.quiet) return;
    std::cout << fmt::format(
        fmt::runtime(tr(g, "{} ballot sheets of {} departments\n", "测评表 {} 张，每张 {} 个参评单位\n")),
        r.ballot_sheets, r.departments);
    std::cout << tr(g, "written:\n", "已生成：\n");
    for (const auto& f : r.written) std::cout << "  " << f.string() << '\n';
  });
}

}  // namespace review::cli
