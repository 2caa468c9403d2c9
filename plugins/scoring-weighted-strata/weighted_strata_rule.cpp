// scoring-weighted-strata: B is a weighted mean of the ballots, each weighted
// by the representative's sector (界别) as set for the department's category
// (序列): `strata.<category>.<sector> = weight`, `strata.*.<sector>` for every
// category; unset pairs weigh 1. Q, W, D and everything else as the default.
#include <fmt/format.h>

#include <map>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/plugin_author.hpp"
#include "libreview/scoring.hpp"
#include "libreview/scoring_kit.hpp"

namespace {

using namespace review;

/// Weights by (category, sector) as dense tables for the cycle.
struct StrataWeights {
  std::vector<std::uint32_t> category_of;  // by department
  std::vector<std::uint32_t> sector_of;    // by representative
  std::vector<std::string> categories;
  std::vector<std::string> sectors;
  std::vector<double> weight;  // [category * sectors.size() + sector]

  StrataWeights(const Cycle& cycle, const RegionProfile& profile) {
    std::map<std::string, std::uint32_t> cat_index, sec_index;
    for (const auto& d : cycle.departments)
      category_of.push_back(
          cat_index.try_emplace(d.category, static_cast<std::uint32_t>(cat_index.size())).first->second);
    for (const auto& r : cycle.representatives)
      sector_of.push_back(
          sec_index.try_emplace(r.sector, static_cast<std::uint32_t>(sec_index.size())).first->second);
    for (const auto& s : cycle.ballot_sheets)  // anonymous sheets rate after the representatives
      sector_of.push_back(
          sec_index.try_emplace(s.sector, static_cast<std::uint32_t>(sec_index.size())).first->second);
    categories.resize(cat_index.size());
    sectors.resize(std::max<std::size_t>(1, sec_index.size()));
    for (const auto& [name, i] : cat_index) categories[i] = name;
    for (const auto& [name, i] : sec_index) sectors[i] = name;
    weight.assign(std::max<std::size_t>(1, categories.size()) * sectors.size(), 1.0);
    // `*` first, then exact categories override it.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& [key, value] : profile.with_prefix("strata.")) {
        const std::string rest = key.substr(7);
        const auto dot = rest.find('.');
        if (dot == std::string::npos) refuse<UsageError>("LR-P134", profile.id, key);
        const std::string category = rest.substr(0, dot), sector = rest.substr(dot + 1);
        if ((category == "*") != (pass == 0)) continue;
        const double* w = std::get_if<double>(&value);
        if (w == nullptr || !(*w >= 0)) refuse<UsageError>("LR-P135", profile.id, key);
        auto s = sec_index.find(sector);
        if (s == sec_index.end()) continue;  // no representative of that sector this cycle
        for (const auto& [name, c] : cat_index)
          if (category == "*" || category == name) weight[c * sectors.size() + s->second] = *w;
      }
    }
  }

  [[nodiscard]] std::string describe(std::uint32_t category) const {
    std::vector<std::string> parts;
    for (std::size_t s = 0; s < sectors.size(); ++s)
      parts.push_back(fmt::format("{}×{}", sectors[s], weight[category * sectors.size() + s]));
    return fmt::format("{}测评票按界别加权计分：{}", categories.empty() ? "" : categories[category],
                       fmt::join(parts, "，"));
  }
};

/// The weighted-strata rule (分界别加权计分规则).
class WeightedStrataRule final : public ScoringRule {
 public:
  Results score(const ScoringInput& in) const override {
    const Cycle& cycle = in.cycle;
    const auto p = kit::Parameters::from(in.profile);
    const std::size_t n = cycle.departments.size();
    const std::size_t raters = cycle.rater_count();
    const StrataWeights strata(cycle, in.profile);

    // One pass: the tally the flags need and the weighted sums of B.
    kit::Tally ballots;
    ballots.by_department.assign(n, kit::RatingCounts{});
    ballots.by_rater.assign(raters, kit::RatingCounts{});
    std::vector<double> weighted_points(n, 0.0), weights(n, 0.0);
    const double valid_mask[kRatingCount] = {1, 1, 1, 0};
    const std::size_t sectors = strata.sectors.size();
    const auto& cols = cycle.ballots;
    if (cols.department.size() != cols.size() || cols.rater.size() != cols.size())
      refuse<InternalError>("LR-P136");
    for (std::size_t i = 0; i < cols.size(); ++i) {
      const std::uint32_t d = cols.department[i];
      const std::uint32_t r = cols.rater[i];
      const auto k = static_cast<std::uint8_t>(cols.rating[i]);
      if (d >= n || r >= raters || k >= kRatingCount) [[unlikely]]
        refuse<InternalError>("LR-P137", i + 1);
      ++ballots.by_department[d][k];
      ++ballots.by_rater[r][k];
      const double w = strata.weight[strata.category_of[d] * sectors + strata.sector_of[r]] * valid_mask[k];
      weights[d] += w;
      weighted_points[d] += w * p.points[k];
    }
    const kit::Tally questionnaires = kit::tally(cycle.questionnaires, n, 0);

    kit::Components components;
    for (std::size_t d = 0; d < n; ++d) {
      ComponentReceipt b = kit::mean_points("ballot", ballots.by_department[d], p);
      b.score.reset();
      if (weights[d] > 0) b.score = weighted_points[d] / weights[d];
      b.note = strata.describe(strata.category_of[d]);
      components.ballot.push_back(std::move(b));
      components.questionnaire.push_back(
          kit::mean_points("questionnaire", questionnaires.by_department[d], p));
    }
    return kit::assemble(in, p, "weighted-strata", std::move(components), ballots);
  }
};

std::unique_ptr<Plugin> make() { return std::make_unique<WeightedStrataRule>(); }

}  // namespace

LIBREVIEW_PLUGIN(
    "scoring", "weighted-strata", "1.0.0",
    "ballots weighted by representative sector per department category (strata.<category>.<sector>)", make)
