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
    const Cycle& cycle = in.cycle;
    const auto p = kit::Parameters::from(in.profile);
    const std::size_t n = cycle.departments.size();
    const kit::Tally ballots = kit::tally(cycle.ballots, n, cycle.rater_count());
    const kit::Tally questionnaires = kit::tally(cycle.questionnaires, n, 0);
    kit::Components components;
    components.ballot.reserve(n);
    components.questionnaire.reserve(n);
    for (std::size_t d = 0; d < n; ++d) {
      components.ballot.push_back(kit::mean_points("ballot", ballots.by_department[d], p));
      components.questionnaire.push_back(
          kit::mean_points("questionnaire", questionnaires.by_department[d], p));
    }
    return kit::assemble(in, p, "default", std::move(components), ballots);
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<DefaultRule>(); }

}  // namespace

LIBREVIEW_PLUGIN("scoring", "default", "1.0.0", "the spec's rule: 0.5·B + 0.3·Q + 0.2·W − D, with every flag",
                 make)
