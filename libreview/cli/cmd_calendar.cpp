// `libreview calendar --profile P --year Y --out DIR`: the year's schedule of a profile's
// stage calendar (年度工作日程), as a workbook and an iCalendar file a phone imports.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/calendar.hpp"
#include "libreview/error.hpp"
#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report_util.hpp"
#include "xlsx_book.hpp"

namespace review::cli {

namespace {

void write_schedule_workbook(const std::filesystem::path& file, const std::string& title,
                             const std::vector<Stage>& stages) {
  AtomicFile out(file);
  {
    xlsx::Book book(out.temp_path());
    xlsx::Sheet sheet = book.add_sheet("工作日程");
    const xlsx::Formats& f = sheet.formats();
    sheet.title(title, "", 4);
    sheet.header(2, {"序号", "阶段", "开始", "结束", "天数"});
    lxw_row_t r = 3;
    int n = 0;
    for (const Stage& s : stages) {
      sheet.number(r, 0, ++n, f.integer);
      sheet.text(r, 1, s.name.empty() ? s.id : s.name, f.text);
      sheet.date(r, 2, *s.start, f.date);
      sheet.date(r, 3, *s.end, f.date);
      sheet.number(r, 4, s.end->days() - s.start->days() + 1, f.integer);
      ++r;
    }
    sheet.print_setup();
    sheet.fit_columns();
    book.close();
  }
  out.commit();
}

}  // namespace

void add_calendar_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "calendar",
      {"write a year's schedule of a profile's stages: a workbook and an iCalendar (.ics) file for phones",
       "写出某评议方案某年度的工作日程：Excel 工作簿和手机日历可导入的 .ics 文件"},
      {"Example:\n  libreview calendar --profile seed-county --year 2018 --out 日程",
       "示例：\n  libreview calendar --profile seed-county --year 2018 --out 日程"});
  struct Args {
    std::string profile = "default";
    int year = 0;
    std::string out;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--profile", args->profile,
                  tr(g, "region profile id or .toml file", "评议方案编号或 .toml 文件"))
      ->capture_default_str();
  cmd->add_option("--year", args->year, tr(g, "the year", "年度"))->required()->check(CLI::Range(1900, 9999));
  cmd->add_option("--out", args->out, tr(g, "the folder to write into", "输出文件夹"))->required();
  cmd->callback([&g, args] {
    const ProfileLibrary library(PluginRegistry::global());
    const RegionProfile profile = library.resolve(args->profile, Date{args->year, 12, 31});
    const std::vector<Stage> stages = dated_stages(profile.stages);
    if (stages.empty())
      throw_error(ErrorCode::invalid_data, fmt::format(fmt::runtime(tr(g, "profile '{}' has no dated stages",
                                                                       "评议方案“{}”没有带日期的阶段安排")),
                                                       profile.id));
    const std::string name = profile.name.empty() ? profile.id : profile.name;
    const std::string title = fmt::format("{}{}年度民主评议行风工作日程", name, args->year);
    const std::filesystem::path dir(args->out);
    std::filesystem::create_directories(dir);
    const auto ics = dir / fmt::format("{}年度民主评议行风工作日程.ics", args->year);
    const auto xlsx = dir / fmt::format("{}年度民主评议行风工作日程.xlsx", args->year);
    write_schedule_workbook(xlsx, title, stages);
    write_file_atomically(ics, to_icalendar(stages, title, profile.id, today()));
    if (g.quiet) return;
    std::cout << fmt::format(fmt::runtime(tr(g, "{} stages: {}, {}\n", "{} 个阶段：{}，{}\n")), stages.size(),
                             xlsx.string(), ics.string());
  });
}

}  // namespace review::cli
