// A good scoring plugin: every participating department scores the profile's `test.constant`.
// It throws from score() when the cycle is named "throw", to test translation at the boundary.
#include <stdexcept>

#include "libreview/plugin_author.hpp"
#include "libreview/scoring.hpp"

namespace {

class ConstantRule final : public review::ScoringRule {
 public:
  review::Results score(const review::ScoringInput& in) const override {
    if (in.cycle.info.name == "throw") throw std::logic_error("deliberate failure inside the plugin");
    review::Results r;
    r.rule = "test-good";
    r.profile = in.profile.id;
    for (std::uint32_t i = 0; i < in.cycle.departments.size(); ++i) {
      review::DepartmentResult d;
      d.department = i;
      d.composite = in.profile.number_or("test.constant", 50.0);
      r.departments.push_back(d);
    }
    return r;
  }
};

std::unique_ptr<review::Plugin> make() { return std::make_unique<ConstantRule>(); }

}  // namespace

LIBREVIEW_PLUGIN("scoring", "test-good", "0.1.0", "a constant score, for tests", make)
