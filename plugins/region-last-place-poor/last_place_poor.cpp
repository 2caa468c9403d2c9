// region-last-place-poor: the last place (末位) of each sequence whose composite
// is below `last_place_poor.below` is graded poor (较差), with a note in its receipt.
#include <fmt/format.h>

#include <algorithm>

#include "libreview/plugin_author.hpp"
#include "libreview/region.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"

namespace {

using namespace review;

/// 末位较差: a region rule applied after scoring.
class LastPlacePoor final : public RegionRule {
 public:
  void apply(const ScoringInput& in, Results& results) const override {
    const double below = in.profile.number("last_place_poor.below");
    const int digits = static_cast<int>(in.profile.number_or("rounding.digits", 2));
    for (auto& r : results.departments) {
      const bool last = std::binary_search(r.flags.begin(), r.flags.end(), std::string("last_place"));
      if (!last || !r.composite || round_half_away(*r.composite, digits) >= below) continue;
      const Grade was = r.grade;
      r.grade = Grade::poor;
      r.receipt.notes.push_back(
          fmt::format("地区规则“末位较差”：在{}序列中排名末位，综合得分{}分，低于{}分，等次由“{}”定为“较差”",
                      in.cycle.departments.at(r.department).category, format_figure(*r.composite, digits),
                      below, label_zh(was)));
    }
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<LastPlacePoor>(); }

}  // namespace

LIBREVIEW_PLUGIN("region", "last-place-poor", "1.0.0",
                 "the last place of each sequence below last_place_poor.below is graded poor", make)
