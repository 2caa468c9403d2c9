// A well-formed report plugin whose static constructor leaves a marker file
// (the path in $LIBREVIEW_TEST_MARKER): tests/plugin_trust.sh plants it where
// plugins must never be loaded from and asserts the marker never appears.
#include <cstdio>
#include <cstdlib>

#include "libreview/plugin_author.hpp"
#include "libreview/report.hpp"

namespace {

struct LeaveMarker {
  LeaveMarker() {
    if (const char* path = std::getenv("LIBREVIEW_TEST_MARKER"))
      if (std::FILE* f = std::fopen(path, "w")) {
        std::fputs("the marker plugin's code ran\n", f);
        std::fclose(f);
      }
  }
} leave_marker;

class MarkerReport final : public review::ReportWriter {
 public:
  std::vector<review::ReportOption> options() const override { return {}; }
  std::vector<std::filesystem::path> write(const review::ReportInput&, const std::filesystem::path&,
                                           const review::ReportOptions&) const override {
    return {};
  }
};

std::unique_ptr<review::Plugin> make() { return std::make_unique<MarkerReport>(); }

}  // namespace

LIBREVIEW_PLUGIN("report", "marker", "0.1.0", "leaves a marker file when its code runs", make)
