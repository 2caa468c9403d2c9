// `libreview demo [--out DIR]`: the bundled sample county end to end, 2016 then 2017 through a store.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "libreview/session.hpp"

namespace review::cli {

void add_demo_command(CLI::App& app, Globals& g) {
  auto out = std::make_shared<std::string>("libreview-demo");
  auto* cmd = app.add_subcommand(
      "demo", tr(g, "run the bundled sample county end to end (2016, then 2017 with 2016's history) and show "
                    "where the outputs are",
                 "完整运行随附的示例县数据（先 2016 年，再以 2016 年为历史运行 2017 年），并显示输出位置"));
  cmd->add_option("--out", *out,
                  tr(g, "output folder: review.db and one folder of reports per year", "输出文件夹：review.db 及每年一个报表文件夹"))
      ->capture_default_str();
  cmd->footer(tr(g,
                 "The sample county is installed with libreview (<prefix>/share/libreview/sample);\n"
                 "LIBREVIEW_SAMPLE_DIR points elsewhere.\n"
                 "Example:\n  libreview demo --out out/sample",
                 "示例县数据随 libreview 安装（<前缀>/share/libreview/sample）；\n"
                 "可用 LIBREVIEW_SAMPLE_DIR 指向其他位置。\n"
                 "示例：\n  libreview demo --out out/sample"));
  cmd->callback([out, &g] {
    const auto started = std::chrono::steady_clock::now();
    const std::filesystem::path sample = sample_folder();
    const std::filesystem::path dir = std::filesystem::absolute(*out);
    std::filesystem::create_directories(dir);
    if (!g.quiet)
      std::cout << fmt::format(fmt::runtime(tr(g, "sample county: {}\n", "示例县数据：{}\n")), sample.string());
    RunResult last;
    for (const char* year : {"2016", "2017"}) {
      RunOptions options;
      options.store = dir / "review.db";
      options.out_dir = dir / year;
      ProgressBar bar(g);
      options.progress = bar.callback();
      last = run_cycle(sample / year, options);
      bar.clear();
      if (!g.quiet) {
        std::cout << run_summary(g, last) << '\n';
        std::cout << fmt::format(fmt::runtime(tr(g, "  {} files in {}\n", "  {} 个文件，位于 {}\n")),
                                 last.written.size(), options.out_dir.string());
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (g.quiet) return;
    std::cout << fmt::format(
        fmt::runtime(tr(g, "store: {} (2016 and 2017; 2016 is the history of 2017's relapse check)\n",
                        "数据库：{}（含 2016、2017 年；2016 年用作 2017 年问题重犯的历史）\n")),
        (dir / "review.db").string());
    std::cout << fmt::format(fmt::runtime(tr(g, "outputs of 2017 ({:.1f} s in all):\n", "2017 年的输出（共用时 {:.1f} 秒）：\n")),
                             seconds);
    // Files of the year's folder one by one; a subfolder (the feedback letters) as one line with its count.
    std::map<std::filesystem::path, std::size_t> in_subfolders;
    const std::filesystem::path year_dir = dir / "2017";
    for (const auto& f : last.written) {
      if (f.parent_path() == year_dir) std::cout << "  " << f.string() << '\n';
      else ++in_subfolders[f.parent_path()];
    }
    for (const auto& [folder, n] : in_subfolders)
      std::cout << fmt::format(fmt::runtime(tr(g, "  {}/ ({} files)\n", "  {}/（{} 个文件）\n")), folder.string(), n);
  });
}

}  // namespace review::cli
