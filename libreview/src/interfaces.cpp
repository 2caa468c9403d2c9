// Key functions of the plugin interfaces and small shared helpers of scoring.
#include <array>
#include <cmath>

#include "libreview/plugin.hpp"
#include "libreview/region.hpp"
#include "libreview/report.hpp"
#include "libreview/scoring.hpp"

namespace review {

Plugin::~Plugin() = default;
ScoringRule::~ScoringRule() = default;
ReportWriter::~ReportWriter() = default;
RegionRule::~RegionRule() = default;

std::string_view to_string(PluginKind kind) {
  static constexpr std::array<std::string_view, 3> kNames{"scoring", "report", "region"};
  return kNames.at(static_cast<std::size_t>(kind));
}

std::string_view to_string(SubjectKind k) {
  static constexpr std::array<std::string_view, 3> kNames{"department", "representative", "sheet"};
  return kNames.at(static_cast<std::size_t>(k));
}

double round_half_away(double value, int digits) {
  // 10^0 .. 10^22 are exact doubles, as pow() returns them; a table spares the call.
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const double scale = digits >= 0 && digits <= 22 ? kPowers[digits] : std::pow(10.0, digits);
  // Values are computed in binary; nudge by a few ulps so that a decimal x.xx5
  // that landed just below its true value still rounds away from zero.
  const double scaled = value * scale;
  const double nudged = scaled + std::copysign(std::abs(scaled) * 4 * 2.220446049250313e-16, scaled);
  return std::round(nudged) / scale;
}

}  // namespace review

#include "libreview/version.hpp"

namespace review {
const char* version() noexcept { return LIBREVIEW_VERSION; }
int plugin_abi() noexcept { return LIBREVIEW_PLUGIN_ABI; }
}  // namespace review
