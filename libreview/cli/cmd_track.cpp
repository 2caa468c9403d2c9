// `libreview track --store DB --year Y [--progress FILE] [--as-of DATE] --out DIR`: the
// progress of rectification applied to the stored items, then the ledger (整改督办台账) and
// the notices (督办通知书) of departments with overdue items (track.hpp).
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "libreview/error.hpp"
#include "libreview/store.hpp"
#include "libreview/track.hpp"

namespace review::cli {

void add_track_command(CLI::App& app, Globals& g) {
  auto* cmd = add_command(
      app, g, "track",
      {"apply a progress file to the stored rectification items and write the ledger and the notices of "
       "departments with overdue items",
       "把整改进展表登记到数据库中的整改事项，生成整改督办台账和逾期部门的督办通知书"},
      {"The progress file (progress.csv or 整改进展.csv) has the columns item_id (整改编号), date (日期), "
       "status "
       "(状态), note (情况) and inspector (督查人). An unknown item, or a status going back without a note, "
       "refuses "
       "the whole file and nothing changes. Without --progress only the ledger and notices are written.\n"
       "Example:\n  libreview track --store review.db --year 2017 --progress 整改进展.csv --out 督办",
       "整改进展表（progress.csv 或 整改进展.csv）的列为 整改编号、日期、状态、情况、督查人。"
       "有不存在的整改编号，或状态倒退而未写明情况的，整份进展表不予登记，数据库不变。不给 --progress "
       "时只生成台账和通知书。\n"
       "示例：\n  libreview track --store review.db --year 2017 --progress 整改进展.csv --out 督办"});
  struct Args {
    std::string store = default_store_name();
    std::string region;
    int year = 0;
    std::string progress;
    std::string as_of;
    std::string out;
    std::string office;
    int reply_days = 10;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--store", args->store, tr(g, "the store file", "数据库文件"))->capture_default_str();
  cmd->add_option("--year", args->year, tr(g, "the cycle's year", "年度"))
      ->required()
      ->check(CLI::Range(1900, 9999));
  cmd->add_option("--region", args->region,
                  tr(g, "the region (needed when the store holds several for that year)",
                     "地区（该年度数据库中有多个地区时必填）"));
  cmd->add_option(
      "--progress", args->progress,
      tr(g, "the progress file (progress.csv / 整改进展.csv)", "整改进展表（progress.csv / 整改进展.csv）"));
  cmd->add_option("--as-of", args->as_of,
                  tr(g, "the day the ledger is drawn up (default: today)", "台账截止日期（默认：今天）"));
  cmd->add_option("--office", args->office, tr(g, "who signs the notices", "通知书落款单位"));
  cmd->add_option("--reply-days", args->reply_days,
                  tr(g, "days a department has to report back (default 10)",
                     "部门书面报送整改情况的期限（天，默认 10）"))
      ->check(CLI::Range(1, 365));
  cmd->add_option("--out", args->out, tr(g, "the folder to write into", "输出文件夹"))->required();
  cmd->callback([&g, args] {
    TrackOptions o;
    o.store = args->store;
    o.region = args->region;
    o.year = args->year;
    o.progress = args->progress;
    o.out_dir = args->out;
    o.reply_days = args->reply_days;
    if (!args->office.empty()) o.office = args->office;
    if (!args->as_of.empty()) {
      o.as_of = Date::parse_written(args->as_of);
      if (!o.as_of)
        throw UsageError(fmt::format(fmt::runtime(tr(g, "--as-of {}: not a date (write 2017-12-31)",
                                                     "--as-of {}：不是日期（写作 2017-12-31）")),
                                     args->as_of));
    }
    const TrackResult r = track(o);
    if (g.quiet) return;
    std::cout << fmt::format(
        fmt::runtime(
            tr(g,
               "applied {} progress line(s); {} item(s) overdue, {} due within 30 days, {} closed this "
               "period, {} carried over from last year\n",
               "已登记整改进展 {} 条；逾期未完成 {} 项，30日内到期 {} 项，本期销号 {} 项，上年结转 {} 项\n")),
        r.applied, r.overdue, r.due_soon, r.closed_this_period, r.carried_over);
    std::cout << tr(g, "written:\n", "已生成：\n");
    for (const auto& f : r.written) std::cout << "  " << f.string() << '\n';
  });
}

}  // namespace review::cli
