// scoring-default: the rule of spec section 3 with every flag of section 4.
// One pass over each rating column; everything after it is the shared kit.
#include "libreview/plugin_author.hpp"
#include "libreview/scoring.hpp"
#include "libreview/scoring_kit.hpp"

namespace {

using namespace review;

/// The default rule (默认计分规则): B and Q are mean points of the valid votes.
class DefaultRule final : public ScoringRule {
 public:
  Results score(const ScoringInput& in) const override {
    const auto p = kit::Parameters::from(in.profile);
    auto scores = kit::mean_point_scores(in.cycle, p);
    return kit::assemble(in, p, "default", std::move(scores.components), scores.ballots);
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<DefaultRule>(); }

}  // namespace

LIBREVIEW_PLUGIN("scoring", "default", "1.0.0", "the spec's rule: 0.5·B + 0.3·Q + 0.2·W − D, with every flag",
                 make)
