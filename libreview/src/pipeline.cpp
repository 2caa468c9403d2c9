// The scoring pipeline, the consistency check of results and the property
// checker every scoring rule goes through.
#include "libreview/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "libreview/scoring_kit.hpp"
#include "libreview/testing.hpp"
#include "libreview/vocabulary.hpp"
#include "log_internal.hpp"
#include "plugin_internal.hpp"
#include "ranking_internal.hpp"

namespace review {

namespace {

// ---- problems a result can have, one function per property ------------------

std::string dep_name(const Cycle& cycle, std::uint32_t d) {
  return d < cycle.departments.size() ? cycle.departments[d].id : fmt::format("#{}", d);
}

/// A flag, component or deduction of department `d`'s result that no output could label.
std::optional<std::string> vocabulary_problem(const Cycle& cycle, std::uint32_t d,
                                              const DepartmentResult& r) {
  auto unknown = [&](const std::string& what, const std::string& code) {
    return message("LR-G135", dep_name(cycle, d), what, code);
  };
  for (const auto& f : r.flags)
    if (find_term(TermFamily::flag, f) == nullptr) return unknown(message("LR-G136"), f);
  for (const auto& c : r.receipt.components)
    if (find_term(TermFamily::component, c.component) == nullptr)
      return unknown(message("LR-G137"), c.component);
  for (const auto& line : r.receipt.deductions)
    if (find_term(TermFamily::deduction, line.kind) == nullptr) return unknown(message("LR-G138"), line.kind);
  return std::nullopt;
}

std::optional<std::string> structure_problem(const Cycle& cycle, const Results& results) {
  if (results.departments.size() != cycle.departments.size())
    return message("LR-G139", results.departments.size(), cycle.departments.size());
  for (std::uint32_t i = 0; i < results.departments.size(); ++i) {
    const auto& r = results.departments[i];
    if (r.department != i) return message("LR-G140", i, r.department);
    const bool exempt = cycle.departments[i].status == DepartmentStatus::exempt;
    if (exempt && (r.composite || r.rank_overall != 0 || r.rank_in_category != 0 || r.grade != Grade::none))
      return message("LR-G141", dep_name(cycle, i));
    if (r.composite.has_value() != (r.grade != Grade::none))
      return message(r.composite ? "LR-G142" : "LR-G143", dep_name(cycle, i));
    if (!std::is_sorted(r.flags.begin(), r.flags.end()) ||
        std::adjacent_find(r.flags.begin(), r.flags.end()) != r.flags.end())
      return message("LR-G144", dep_name(cycle, i));
    if (auto p = vocabulary_problem(cycle, i, r)) return p;
  }
  for (const auto& f : results.flags) {
    if (find_term(TermFamily::flag, f.flag) == nullptr) return message("LR-G145", f.flag);
    if (f.subject_kind == SubjectKind::department && !cycle.department_index(f.subject_id))
      return message("LR-G146", f.flag, f.subject_id);
    if (f.subject_kind == SubjectKind::representative && !cycle.representative_index(f.subject_id))
      return message("LR-G147", f.flag, f.subject_id);
  }
  return std::nullopt;
}

struct Range {
  double composite_min = 0, composite_max = 100;
  double component_min = 0, component_max = 100;
};

Range range_of(const RegionProfile& profile) {
  Range r;
  r.composite_min = profile.number_or("clip.min", 0);
  r.composite_max = profile.number_or("clip.max", 100);
  const double points[] = {profile.number_or("points.satisfied", 100), profile.number_or("points.basic", 70),
                           profile.number_or("points.dissatisfied", 0)};
  r.component_min = std::min(0.0, *std::min_element(std::begin(points), std::end(points)));
  r.component_max = std::max(100.0, *std::max_element(std::begin(points), std::end(points)));
  return r;
}

std::optional<std::string> range_problem(const Cycle& cycle, const Results& results, const Range& range) {
  constexpr double eps = 1e-9;
  auto outside = [&](const std::optional<double>& v, double lo, double hi) {
    return v && !(*v >= lo - eps && *v <= hi + eps);
  };
  for (const auto& r : results.departments) {
    if (outside(r.composite, range.composite_min, range.composite_max))
      return message("LR-G148", *r.composite, dep_name(cycle, r.department), range.composite_min,
                     range.composite_max);
    for (const auto* v : {&r.ballot_score, &r.questionnaire_score})
      if (outside(*v, range.component_min, range.component_max))
        return message("LR-G149", **v, dep_name(cycle, r.department), range.component_min,
                       range.component_max);
    if (outside(r.daily_work_score, 0, 100))
      return message("LR-G150", *r.daily_work_score, dep_name(cycle, r.department));
    if (outside(r.commitment_score, 0, 100))
      return message("LR-G151", *r.commitment_score, dep_name(cycle, r.department));
    if (!(r.deductions >= 0)) return message("LR-G152", dep_name(cycle, r.department));
  }
  return std::nullopt;
}

// Whether the ranks of `results` are the competition ranks of their composites, checked in
// O(n) from the order the ranks claim (a counting sort by overall rank) instead of sorting
// again. Any doubt (NaN, a rank out of range, a mismatch) answers false, and rank_problem()
// then computes the expected ranks by a sort for its message.
bool ranks_agree_fast(const Results& results, const std::vector<std::uint32_t>& category_of,
                      std::uint32_t categories) {
  const std::size_t n = results.departments.size();
  std::size_t scored = 0;
  for (const auto& r : results.departments) {
    if (!r.composite) {
      if (r.rank_overall != 0 || r.rank_in_category != 0) return false;
      continue;
    }
    if (std::isnan(*r.composite)) return false;
    ++scored;
  }
  // start[k]: where the departments claiming overall rank k begin in `order`.
  std::vector<std::uint32_t> start(scored + 2, 0);
  for (const auto& r : results.departments) {
    if (!r.composite) continue;
    if (r.rank_overall < 1 || static_cast<std::size_t>(r.rank_overall) > scored) return false;
    ++start[static_cast<std::size_t>(r.rank_overall) + 1];
  }
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<std::uint32_t> order(scored);
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto& r = results.departments[i];
    if (r.composite) order[start[static_cast<std::size_t>(r.rank_overall)]++] = i;
  }
  struct Last {
    int count = 0;
    int rank = 0;
    double composite = 0;
  };
  std::vector<Last> last(categories);
  for (std::size_t at = 0; at < scored; ++at) {
    const auto& r = results.departments[order[at]];
    const double c = *r.composite;
    if (at == 0) {
      if (r.rank_overall != 1) return false;
    } else {
      const auto& prev = results.departments[order[at - 1]];
      const double pc = *prev.composite;
      if (c == pc) {
        if (r.rank_overall != prev.rank_overall) return false;
      } else if (!(c < pc) || r.rank_overall != static_cast<int>(at) + 1) {
        return false;
      }
    }
    if (r.department >= category_of.size()) return false;
    Last& l = last[category_of[r.department]];
    l.rank = (l.count > 0 && c == l.composite) ? l.rank : l.count + 1;
    ++l.count;
    l.composite = c;
    if (r.rank_in_category != l.rank) return false;
  }
  return true;
}

std::optional<std::string> rank_problem(const Cycle& cycle, const Results& results) {
  // Called after structure_problem(): one result per department, in cycle order.
  std::uint32_t categories = 0;
  const auto category_of = detail::category_ids(cycle, &categories);
  if (ranks_agree_fast(results, category_of, categories)) return std::nullopt;
  const auto expected = detail::competition_ranks(results.departments, category_of, categories);
  for (std::size_t i = 0; i < results.departments.size(); ++i) {
    const auto& got = results.departments[i];
    if (got.rank_overall != expected.overall[i])
      return message("LR-G153", dep_name(cycle, got.department), got.rank_overall, expected.overall[i]);
    if (got.rank_in_category != expected.in_category[i])
      return message("LR-G154", dep_name(cycle, got.department), got.rank_in_category,
                     expected.in_category[i]);
  }
  return std::nullopt;
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || *a == *b || (std::isnan(*a) && std::isnan(*b));
}

std::optional<std::string> difference(const Cycle& cycle, const Results& a, const Results& b) {
  if (a.departments.size() != b.departments.size()) return message("LR-G155");
  for (std::size_t i = 0; i < a.departments.size(); ++i) {
    const auto& x = a.departments[i];
    const auto& y = b.departments[i];
    if (!same(x.composite, y.composite) || !same(x.ballot_score, y.ballot_score) ||
        !same(x.questionnaire_score, y.questionnaire_score) ||
        !same(x.daily_work_score, y.daily_work_score) || !same(x.commitment_score, y.commitment_score) ||
        x.deductions != y.deductions)
      return message("LR-G156", dep_name(cycle, x.department));
    if (x.rank_overall != y.rank_overall || x.rank_in_category != y.rank_in_category || x.grade != y.grade)
      return message("LR-G157", dep_name(cycle, x.department));
    if (x.flags != y.flags) return message("LR-G158", dep_name(cycle, x.department));
  }
  if (a.flags.size() != b.flags.size()) return message("LR-G159");
  for (std::size_t i = 0; i < a.flags.size(); ++i)
    if (a.flags[i].flag != b.flags[i].flag || a.flags[i].subject_id != b.flags[i].subject_id ||
        a.flags[i].detail != b.flags[i].detail)
      return message("LR-G159");
  return std::nullopt;
}

Column<Rating> with_rating(const Column<Rating>& column, std::size_t i, Rating value) {
  std::vector<Rating> v(column.begin(), column.end());
  v[i] = value;
  return Column<Rating>(std::move(v));
}

Column<Rating> all_ratings(std::size_t n, Rating value) {
  return Column<Rating>(std::vector<Rating>(n, value));
}

}  // namespace

std::string_view to_string(ScoringProperty p) {
  static constexpr std::array<std::string_view, 6> kNames{
      "well_formed",               // well_formed,
      "in_range",                  // in_range,
      "ranks_agree",               // ranks_agree,
      "monotone",                  // monotone,
      "all_dissatisfied_minimum",  // all_dissatisfied_minimum,
      "deterministic",             // deterministic
  };
  return kNames.at(static_cast<std::size_t>(p));
}

void check_results(const Cycle& cycle, const Results& results, const RegionProfile& profile,
                   std::string_view who) {
  auto problem = structure_problem(cycle, results);
  if (!problem) problem = range_problem(cycle, results, range_of(profile));
  if (!problem) problem = rank_problem(cycle, results);
  if (problem) refuse<PluginError>("LR-G160", who, *problem);
}

Results score_with(const ScoringRule& rule, std::string_view rule_id, const ScoringInput& input,
                   const std::vector<std::shared_ptr<RegionRule>>& region_rules) {
  const std::string who = message("LR-G128", rule_id);
  Results results = plugin_guard(who, [&] { return rule.score(input); });
  results.rule = std::string(rule_id);
  results.profile = input.profile.id;
  check_results(input.cycle, results, input.profile, who);
  for (std::size_t i = 0; i < region_rules.size(); ++i) {
    const std::string region_who = message(
        "LR-G130", i < input.profile.region_rules.size() ? input.profile.region_rules[i] : std::to_string(i));
    plugin_guard(region_who, [&] { region_rules[i]->apply(input, results); });
    check_results(input.cycle, results, input.profile, region_who);
  }
  return results;
}

Results score_cycle(const Cycle& cycle, const History& history, const RegionProfile& profile,
                    const PluginRegistry& registry, std::string_view rule) {
  const std::string rule_id(rule.empty() ? std::string_view(profile.scoring_rule) : rule);
  auto scoring = registry.scoring_rule(rule_id);
  registry.check_rule_once(rule_id, fmt::format("{}|{}", profile.id, profile.as_of.to_string()),
                           [&] { check_scoring_rule(*scoring, rule_id, profile); });
  std::vector<std::shared_ptr<RegionRule>> region_rules;
  for (const auto& id : profile.region_rules) region_rules.push_back(registry.region_rule(id));
  log::get("scoring")->info(message("LR-W112", cycle.info.region, cycle.info.year, rule_id, profile.id));
  Results results = score_with(*scoring, rule_id, ScoringInput{cycle, history, profile}, region_rules);
  results.carried_over = history.carried;
  // Year over year (较上年), whatever the rule: the department's figures in the earlier cycle.
  if (history.previous_year != 0 && !history.previous.empty()) {
    std::unordered_map<std::string_view, const PreviousResult*> earlier;
    for (const auto& p : history.previous) earlier.emplace(p.department_id, &p);
    for (auto& r : results.departments) {
      const auto it = earlier.find(cycle.departments.at(r.department).id);
      if (it == earlier.end()) continue;
      r.previous_year = history.previous_year;
      r.previous_composite = it->second->composite;
      r.previous_rank_overall = it->second->rank_overall;
      r.previous_grade = it->second->grade;
    }
  }
  return results;
}

void check_scoring_rule(const ScoringRule& rule, std::string_view rule_id, const RegionProfile& profile,
                        std::uint64_t seed, int trials) {
  const std::string who = message("LR-G128", rule_id);
  const Range range = range_of(profile);
  const double lowest_points =
      std::clamp(std::min({profile.number_or("points.satisfied", 100), profile.number_or("points.basic", 70),
                           profile.number_or("points.dissatisfied", 0)}),
                 range.composite_min, range.composite_max);
  auto score = [&](const Cycle& c, const History& h) {
    return plugin_guard(who, [&] { return rule.score(ScoringInput{c, h, profile}); });
  };
  for (int t = 0; t < trials; ++t) {
    const std::uint64_t s = seed + static_cast<std::uint64_t>(t);
    auto broke = [&](ScoringProperty p, const std::string& what) {
      refuse<PluginError>("LR-G161", who, to_string(p), profile.id, what, s);
    };
    testing::Random shape(s ^ 0x9e3779b97f4a7c15ULL);
    testing::RandomCycleOptions options;
    options.seed = s;
    options.departments = 3 + shape.below(18);
    options.exempt = shape.below(3);
    options.categories = 1 + shape.below(4);
    options.representatives = 5 + shape.below(40);
    options.responses = shape.below(120);
    const Cycle cycle = testing::random_cycle(options);
    const History history = testing::random_history(cycle, s);

    const Results first = score(cycle, history);
    if (auto p = structure_problem(cycle, first)) broke(ScoringProperty::well_formed, *p);
    if (auto p = range_problem(cycle, first, range)) broke(ScoringProperty::in_range, *p);
    if (auto p = rank_problem(cycle, first)) broke(ScoringProperty::ranks_agree, *p);

    const Cycle copy = cycle;
    if (auto p = difference(cycle, first, score(cycle, history))) broke(ScoringProperty::deterministic, *p);
    if (auto p = difference(cycle, first, score(copy, history))) broke(ScoringProperty::deterministic, *p);

    // Monotone: turn a few valid, non-satisfied votes satisfied, one at a time.
    testing::Random pick(s * 31 + 7);
    for (int k = 0; k < 6; ++k) {
      const bool ballots = k % 2 == 0 || cycle.questionnaires.size() == 0;
      const RatingColumns& columns = ballots ? cycle.ballots : cycle.questionnaires;
      if (columns.size() == 0) continue;
      std::size_t i = pick.below(columns.size());
      for (std::size_t tries = 0; tries < columns.size(); ++tries, i = (i + 1) % columns.size())
        if (columns.rating[i] == Rating::basic || columns.rating[i] == Rating::dissatisfied) break;
      if (columns.rating[i] != Rating::basic && columns.rating[i] != Rating::dissatisfied) continue;
      Cycle better = cycle;
      (ballots ? better.ballots : better.questionnaires).rating =
          with_rating(columns.rating, i, Rating::satisfied);
      const Results after = score(better, history);
      const std::uint32_t d = columns.department[i];
      const auto& before_c = first.departments.at(d).composite;
      const auto& after_c = after.departments.at(d).composite;
      if (before_c && (!after_c || *after_c < *before_c - 1e-9))
        broke(ScoringProperty::monotone,
              message("LR-G162", cycle.departments[d].id, *before_c,
                      after_c ? fmt::format("{}", *after_c) : message("LR-G163"),
                      message(ballots ? "LR-G164" : "LR-G165"), i + 1,
                      language() == Language::zh ? std::string(term(columns.rating[i]).zh)
                                                 : std::string(to_string(columns.rating[i]))));
    }

    // Every vote dissatisfied, no daily work, no deductions: the lowest points.
    Cycle worst = cycle;
    worst.ballots.rating = all_ratings(cycle.ballots.size(), Rating::dissatisfied);
    worst.questionnaires.rating = all_ratings(cycle.questionnaires.size(), Rating::dissatisfied);
    worst.daily_work.assign(cycle.departments.size(), std::nullopt);
    worst.complaints.clear();
    worst.rectifications.clear();
    const Results bottom = score(worst, History{});
    for (const auto& r : bottom.departments)
      if (r.composite && std::abs(*r.composite - lowest_points) > 1e-9)
        broke(ScoringProperty::all_dissatisfied_minimum,
              message("LR-G166", worst.departments[r.department].id, *r.composite, lowest_points));
  }
}

void check_scoring_rule(std::string_view rule_id, const RegionProfile& profile, std::uint64_t seed,
                        int trials, const PluginRegistry& registry) {
  auto rule = registry.scoring_rule(rule_id);
  check_scoring_rule(*rule, rule_id, profile, seed, trials);
}

}  // namespace review
