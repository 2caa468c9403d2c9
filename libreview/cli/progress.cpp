// The progress bar of long work (import of many sources, reports), on standard error.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "cli.hpp"
#include "libreview/report_util.hpp"

namespace review::cli {

namespace {

std::string step_label(const Globals& g, std::string_view step) {
  if (step == "import") return tr(g, "importing", "导入");
  if (step == "score") return tr(g, "scoring", "计分");
  if (step == "save") return tr(g, "saving", "保存");
  if (step == "report") return tr(g, "reports", "报表");
  if (step.starts_with("report:"))
    return fmt::format("{} {}", tr(g, "report", "报表"), step.substr(std::string_view("report:").size()));
  return std::string(step);
}

}  // namespace

ProgressBar::ProgressBar(const Globals& g) : g_(g), enabled_(!g.quiet && ::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(std::string_view step, std::size_t done, std::size_t total) {
  if (!enabled_) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total == 0 ? kWidth : std::min(kWidth, done * kWidth / total);
  std::string label = step_label(g_, step);
  const int pad = std::max(0, 16 - display_width(label));
  std::fprintf(stderr, "\r\033[K%s%*s [%s%s] %zu/%zu", label.c_str(), pad, "", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, '.').c_str(), done, total);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

Progress ProgressBar::callback() {
  if (!enabled_) return {};
  return [this](std::string_view step, std::size_t done, std::size_t total) { update(step, done, total); };
}

}  // namespace review::cli
