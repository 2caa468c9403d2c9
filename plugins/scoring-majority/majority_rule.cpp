// scoring-majority: a verdict by majority of the valid votes instead of the
// mean (多数票规则). Satisfied when satisfied votes exceed half of the valid
// votes, basically satisfied when satisfied and basic votes together do, else
// dissatisfied; the verdict scores the points of its rating. Fewer valid votes
// than `majority.quorum` give no verdict: the component counts as missing.
#include <fmt/format.h>

#include "libreview/plugin_author.hpp"
#include "libreview/report_util.hpp"
#include "libreview/scoring.hpp"
#include "libreview/scoring_kit.hpp"

namespace {

using namespace review;

ComponentReceipt verdict(std::string_view component, const kit::RatingCounts& counts,
                         const kit::Parameters& p, double quorum) {
  ComponentReceipt c = kit::mean_points(component, counts, p);
  c.score.reset();
  const auto valid = c.valid;
  const auto satisfied = counts[static_cast<int>(Rating::satisfied)];
  const auto basic = counts[static_cast<int>(Rating::basic)];
  if (static_cast<double>(valid) < quorum) {
    c.note = fmt::format("有效票{}张，少于作出多数结论所需的{}张，本项不作结论", valid, quorum);
    return c;
  }
  Rating v = Rating::dissatisfied;
  if (2 * std::int64_t{satisfied} > valid)
    v = Rating::satisfied;
  else if (2 * (std::int64_t{satisfied} + basic) > valid)
    v = Rating::basic;
  c.score = p.points[static_cast<int>(v)];
  c.note =
      fmt::format("多数结论为“{}”：有效票{}张，其中满意{}张，满意与基本满意合计{}张；按“{}”计{}分",
                  label_zh(v), valid, satisfied, satisfied + basic, label_zh(v), format_figure(*c.score));
  return c;
}

/// The majority rule (多数票计分规则).
class MajorityRule final : public ScoringRule {
 public:
  Results score(const ScoringInput& in) const override {
    const Cycle& cycle = in.cycle;
    const auto p = kit::Parameters::from(in.profile);
    const double quorum = in.profile.number("majority.quorum");
    const std::size_t n = cycle.departments.size();
    const kit::Tally ballots = kit::tally(cycle.ballots, n, cycle.rater_count());
    const kit::Tally questionnaires = kit::tally(cycle.questionnaires, n, 0);
    kit::Components components;
    for (std::size_t d = 0; d < n; ++d) {
      components.ballot.push_back(verdict("ballot", ballots.by_department[d], p, quorum));
      components.questionnaire.push_back(
          verdict("questionnaire", questionnaires.by_department[d], p, quorum));
    }
    return kit::assemble(in, p, "majority", std::move(components), ballots);
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<MajorityRule>(); }

}  // namespace

LIBREVIEW_PLUGIN("scoring", "majority", "1.0.0",
                 "a verdict by majority of valid votes (satisfied / basic / dissatisfied), with a quorum",
                 make)
