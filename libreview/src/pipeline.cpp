// The scoring pipeline, the consistency check of results and the property
// checker every scoring rule goes through.
#include "libreview/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <random>
#include <set>

#include "libreview/error.hpp"
#include "libreview/scoring_kit.hpp"
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

/// A flag, component or deduction of a department's result that no output could label.
std::optional<std::string> vocabulary_problem(const DepartmentResult& r, const std::string& department) {
  auto unknown = [&](std::string_view what, const std::string& code) {
    return fmt::format("department {} has the {} '{}', not in the vocabulary (vocabulary.hpp)", department,
                       what, code);
  };
  for (const auto& f : r.flags)
    if (find_term(TermFamily::flag, f) == nullptr) return unknown("flag", f);
  for (const auto& c : r.receipt.components)
    if (find_term(TermFamily::component, c.component) == nullptr) return unknown("component", c.component);
  for (const auto& d : r.receipt.deductions)
    if (find_term(TermFamily::deduction, d.kind) == nullptr) return unknown("deduction", d.kind);
  return std::nullopt;
}

std::optional<std::string> structure_problem(const Cycle& cycle, const Results& results) {
  if (results.departments.size() != cycle.departments.size())
    return fmt::format("{} results for {} departments", results.departments.size(), cycle.departments.size());
  for (std::uint32_t i = 0; i < results.departments.size(); ++i) {
    const auto& r = results.departments[i];
    if (r.department != i)
      return fmt::format("result {} is for department #{}, not in cycle order", i, r.department);
    const bool exempt = cycle.departments[i].status == DepartmentStatus::exempt;
    if (exempt && (r.composite || r.rank_overall != 0 || r.rank_in_category != 0 || r.grade != Grade::none))
      return fmt::format("exempt department {} was scored or ranked", dep_name(cycle, i));
    if (r.composite.has_value() != (r.grade != Grade::none))
      return fmt::format("department {} has {} but {}", dep_name(cycle, i),
                         r.composite ? "a composite" : "no composite",
                         r.grade != Grade::none ? "a grade" : "no grade");
    if (!std::is_sorted(r.flags.begin(), r.flags.end()) ||
        std::adjacent_find(r.flags.begin(), r.flags.end()) != r.flags.end())
      return fmt::format("flags of department {} are not sorted and unique", dep_name(cycle, i));
    if (auto p = vocabulary_problem(r, dep_name(cycle, i))) return p;
  }
  for (const auto& f : results.flags) {
    if (find_term(TermFamily::flag, f.flag) == nullptr)
      return fmt::format("flag '{}' is not in the vocabulary (vocabulary.hpp)", f.flag);
    if (f.subject_kind == SubjectKind::department && !cycle.department_index(f.subject_id))
      return fmt::format("flag '{}' names an unknown department '{}'", f.flag, f.subject_id);
    if (f.subject_kind == SubjectKind::representative && !cycle.representative_index(f.subject_id))
      return fmt::format("flag '{}' names an unknown representative '{}'", f.flag, f.subject_id);
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
      return fmt::format("composite {} of {} is outside [{}, {}]", *r.composite,
                         dep_name(cycle, r.department), range.composite_min, range.composite_max);
    for (const auto* v : {&r.ballot_score, &r.questionnaire_score})
      if (outside(*v, range.component_min, range.component_max))
        return fmt::format("component score {} of {} is outside [{}, {}]", **v, dep_name(cycle, r.department),
                           range.component_min, range.component_max);
    if (outside(r.daily_work_score, 0, 100))
      return fmt::format("daily-work score {} of {} is outside [0, 100]", *r.daily_work_score,
                         dep_name(cycle, r.department));
    if (!(r.deductions >= 0)) return fmt::format("negative deductions for {}", dep_name(cycle, r.department));
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
      return fmt::format("{} is ranked {} overall, its composite ranks {}", dep_name(cycle, got.department),
                         got.rank_overall, expected.overall[i]);
    if (got.rank_in_category != expected.in_category[i])
      return fmt::format("{} is ranked {} in its category, its composite ranks {}",
                         dep_name(cycle, got.department), got.rank_in_category, expected.in_category[i]);
  }
  return std::nullopt;
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || *a == *b || (std::isnan(*a) && std::isnan(*b));
}

std::optional<std::string> difference(const Cycle& cycle, const Results& a, const Results& b) {
  if (a.departments.size() != b.departments.size()) return std::string("a different number of results");
  for (std::size_t i = 0; i < a.departments.size(); ++i) {
    const auto& x = a.departments[i];
    const auto& y = b.departments[i];
    if (!same(x.composite, y.composite) || !same(x.ballot_score, y.ballot_score) ||
        !same(x.questionnaire_score, y.questionnaire_score) ||
        !same(x.daily_work_score, y.daily_work_score) || x.deductions != y.deductions)
      return fmt::format("scores of {} differ between two runs", dep_name(cycle, x.department));
    if (x.rank_overall != y.rank_overall || x.rank_in_category != y.rank_in_category || x.grade != y.grade)
      return fmt::format("rank or grade of {} differ between two runs", dep_name(cycle, x.department));
    if (x.flags != y.flags)
      return fmt::format("flags of {} differ between two runs", dep_name(cycle, x.department));
  }
  if (a.flags.size() != b.flags.size()) return std::string("the flag lists differ between two runs");
  for (std::size_t i = 0; i < a.flags.size(); ++i)
    if (a.flags[i].flag != b.flags[i].flag || a.flags[i].subject_id != b.flags[i].subject_id ||
        a.flags[i].detail != b.flags[i].detail)
      return std::string("the flag lists differ between two runs");
  return std::nullopt;
}

// ---- random data ---------------------------------------------------------------

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(engine_() % n); }
  bool chance(double p) { return static_cast<double>(engine_() % 1000000) < p * 1e6; }
  double between(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine_() % 10001) / 10000.0;
  }

 private:
  std::mt19937_64 engine_;
};

const char* const kCategories[] = {"吃拿卡要", "态度生硬", "办事拖拉", "乱收费"};
const char* const kSectors[] = {"人大代表", "政协委员", "企业代表", "群众代表"};
const char* const kGroups[] = {"企业", "农村", "学校", "门店"};

Rating random_rating(Random& rng) {
  const auto x = rng.below(100);
  if (x < 50) return Rating::satisfied;
  if (x < 80) return Rating::basic;
  if (x < 92) return Rating::dissatisfied;
  return Rating::unknown;
}

Date random_day(Random& rng, int year) {
  return Date{year, static_cast<unsigned>(1 + rng.below(12)), static_cast<unsigned>(1 + rng.below(28))};
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
  switch (p) {
    case ScoringProperty::well_formed:
      return "well_formed";
    case ScoringProperty::in_range:
      return "in_range";
    case ScoringProperty::ranks_agree:
      return "ranks_agree";
    case ScoringProperty::monotone:
      return "monotone";
    case ScoringProperty::all_dissatisfied_minimum:
      return "all_dissatisfied_minimum";
    case ScoringProperty::deterministic:
      return "deterministic";
  }
  return "?";
}

void check_results(const Cycle& cycle, const Results& results, const RegionProfile& profile,
                   std::string_view who) {
  auto problem = structure_problem(cycle, results);
  if (!problem) problem = range_problem(cycle, results, range_of(profile));
  if (!problem) problem = rank_problem(cycle, results);
  if (problem) throw PluginError(fmt::format("{} gave inconsistent results: {}", who, *problem));
}

Results score_with(const ScoringRule& rule, std::string_view rule_id, const ScoringInput& input,
                   const std::vector<std::shared_ptr<RegionRule>>& region_rules) {
  const std::string who = fmt::format("scoring rule '{}'", rule_id);
  Results results = plugin_guard(who, [&] { return rule.score(input); });
  results.rule = std::string(rule_id);
  results.profile = input.profile.id;
  check_results(input.cycle, results, input.profile, who);
  for (std::size_t i = 0; i < region_rules.size(); ++i) {
    const std::string region_who =
        fmt::format("region rule '{}'", i < input.profile.region_rules.size() ? input.profile.region_rules[i]
                                                                              : std::to_string(i));
    plugin_guard(region_who, [&] { region_rules[i]->apply(input, results); });
    check_results(input.cycle, results, input.profile, region_who);
  }
  return results;
}

namespace {
// Rules that passed check_scoring_rule(): registry|rule|profile|date.
std::mutex checked_mutex;
std::set<std::string> checked_rules;
}  // namespace

void forget_rule_checks(const PluginRegistry& registry, std::string_view rule_id) {
  const std::string prefix = fmt::format("{}|{}|", static_cast<const void*>(&registry), rule_id);
  std::lock_guard lock(checked_mutex);
  std::erase_if(checked_rules, [&](const std::string& key) { return key.starts_with(prefix); });
}

Results score_cycle(const Cycle& cycle, const History& history, const RegionProfile& profile,
                    const PluginRegistry& registry, std::string_view rule) {
  const std::string rule_id(rule.empty() ? std::string_view(profile.scoring_rule) : rule);
  auto scoring = registry.scoring_rule(rule_id);
  {
    // Each rule is checked once per process, registry, profile and parameter date
    // (forgotten when an in-process rule of that id is removed).
    auto& mutex = checked_mutex;
    auto& checked = checked_rules;
    const std::string key = fmt::format("{}|{}|{}|{}", static_cast<const void*>(&registry), rule_id,
                                        profile.id, profile.as_of.to_string());
    std::lock_guard lock(mutex);
    if (checked.count(key) == 0) {
      check_scoring_rule(*scoring, rule_id, profile);
      checked.insert(key);
    }
  }
  std::vector<std::shared_ptr<RegionRule>> region_rules;
  for (const auto& id : profile.region_rules) region_rules.push_back(registry.region_rule(id));
  log::get("scoring")->info("scoring {} {} with rule '{}' under profile '{}'", cycle.info.region,
                            cycle.info.year, rule_id, profile.id);
  return score_with(*scoring, rule_id, ScoringInput{cycle, history, profile}, region_rules);
}

void check_scoring_rule(const ScoringRule& rule, std::string_view rule_id, const RegionProfile& profile,
                        std::uint64_t seed, int trials) {
  const std::string who = fmt::format("scoring rule '{}'", rule_id);
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
      throw PluginError(
          fmt::format("{} breaks the property '{}' under profile '{}': {} (random cycle, seed {})", who,
                      to_string(p), profile.id, what, s));
    };
    Random shape(s ^ 0x9e3779b97f4a7c15ULL);
    RandomCycleOptions options;
    options.seed = s;
    options.departments = 3 + shape.below(18);
    options.exempt = shape.below(3);
    options.categories = 1 + shape.below(4);
    options.representatives = 5 + shape.below(40);
    options.responses = shape.below(120);
    const Cycle cycle = random_cycle(options);
    const History history = random_history(cycle, s);

    const Results first = score(cycle, history);
    if (auto p = structure_problem(cycle, first)) broke(ScoringProperty::well_formed, *p);
    if (auto p = range_problem(cycle, first, range)) broke(ScoringProperty::in_range, *p);
    if (auto p = rank_problem(cycle, first)) broke(ScoringProperty::ranks_agree, *p);

    const Cycle copy = cycle;
    if (auto p = difference(cycle, first, score(cycle, history))) broke(ScoringProperty::deterministic, *p);
    if (auto p = difference(cycle, first, score(copy, history))) broke(ScoringProperty::deterministic, *p);

    // Monotone: turn a few valid, non-satisfied votes satisfied, one at a time.
    Random pick(s * 31 + 7);
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
              fmt::format("{} went from {} to {} when {} {} ({}) became satisfied", cycle.departments[d].id,
                          *before_c, after_c ? fmt::format("{}", *after_c) : std::string("no composite"),
                          ballots ? "ballot" : "questionnaire answer", i + 1, to_string(columns.rating[i])));
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
              fmt::format("{} scores {} with every vote dissatisfied, the lowest is {}",
                          worst.departments[r.department].id, *r.composite, lowest_points));
  }
}

void check_scoring_rule(std::string_view rule_id, const RegionProfile& profile, std::uint64_t seed,
                        int trials, const PluginRegistry& registry) {
  auto rule = registry.scoring_rule(rule_id);
  check_scoring_rule(*rule, rule_id, profile, seed, trials);
}

Cycle random_cycle(const RandomCycleOptions& o) {
  Random rng(o.seed);
  Cycle c;
  c.info.year = o.year;
  c.info.region = "random";
  c.info.name = fmt::format("random cycle {}", o.seed);
  c.info.as_of = Date{o.year, 12, 31};
  const std::size_t categories = std::max<std::size_t>(1, o.categories);
  for (std::size_t d = 0; d < o.departments; ++d) {
    const bool exempt = d + o.exempt >= o.departments;
    c.departments.push_back(Department{fmt::format("D{:03}", d + 1), fmt::format("部门{:03}", d + 1),
                                       fmt::format("序列{}", d % categories + 1),
                                       exempt ? DepartmentStatus::exempt : DepartmentStatus::participating,
                                       exempt ? "垂直管理" : "", ""});
  }
  for (std::size_t r = 0; r < o.representatives; ++r)
    c.representatives.push_back(Representative{fmt::format("R{:04}", r + 1),
                                               kSectors[rng.below(std::size(kSectors))], rng.chance(0.7)});
  const std::size_t participating = o.departments - std::min(o.exempt, o.departments);

  std::vector<std::uint32_t> dep, rater, group;
  std::vector<Rating> rating;
  for (std::uint32_t r = 0; r < o.representatives; ++r) {
    const bool straight = rng.chance(0.1);
    for (std::uint32_t d = 0; d < participating; ++d) {
      if (!rng.chance(0.85)) continue;
      dep.push_back(d);
      rater.push_back(r);
      rating.push_back(straight ? Rating::satisfied : random_rating(rng));
    }
  }
  c.ballots = RatingColumns{Column<std::uint32_t>(std::move(dep)), Column<std::uint32_t>(std::move(rater)),
                            Column<Rating>(std::move(rating)), Column<std::uint32_t>()};

  for (const char* g : kGroups) c.respondent_groups.emplace_back(g);
  dep.clear(), rater.clear(), rating.clear(), group.clear();
  for (std::uint32_t r = 0; r < o.responses && participating > 0; ++r) {
    const auto g = static_cast<std::uint32_t>(rng.below(c.respondent_groups.size()));
    c.responses.push_back(Response{fmt::format("Q{:05}", r + 1), g});
    std::set<std::uint32_t> about;
    const std::size_t n = 1 + rng.below(3);
    for (std::size_t k = 0; k < n; ++k) about.insert(static_cast<std::uint32_t>(rng.below(participating)));
    for (auto d : about) {
      dep.push_back(d);
      rater.push_back(r);
      rating.push_back(random_rating(rng));
      group.push_back(g);
    }
  }
  c.questionnaires =
      RatingColumns{Column<std::uint32_t>(std::move(dep)), Column<std::uint32_t>(std::move(rater)),
                    Column<Rating>(std::move(rating)), Column<std::uint32_t>(std::move(group))};

  c.daily_work.assign(o.departments, std::nullopt);
  c.expected_scores.assign(o.departments, std::nullopt);
  for (std::size_t d = 0; d < participating; ++d) {
    if (rng.chance(0.85)) c.daily_work[d] = std::round(rng.between(55, 100) * 2) / 2;
    if (rng.chance(0.5)) c.expected_scores[d] = std::round(rng.between(70, 100));
  }
  for (std::size_t k = 0; k < participating; ++k) {
    if (!rng.chance(0.6)) continue;
    Complaint x;
    x.id = fmt::format("C{:04}", k + 1);
    x.department_id = c.departments[rng.below(participating)].id;
    x.received_on = random_day(rng, o.year);
    x.channel = static_cast<ComplaintChannel>(rng.below(4));
    x.category = kCategories[rng.below(std::size(kCategories))];
    x.substantiated = rng.chance(0.6);
    c.complaints.push_back(std::move(x));
  }
  for (std::size_t k = 0; k < participating; ++k) {
    if (!rng.chance(0.7)) continue;
    RectificationItem x;
    x.id = fmt::format("Z{:04}", k + 1);
    x.department_id = c.departments[rng.below(participating)].id;
    x.source = static_cast<RectificationSource>(rng.below(3));
    x.category = kCategories[rng.below(std::size(kCategories))];
    x.description = "整改事项";
    x.deadline = random_day(rng, o.year);
    x.status = static_cast<RectificationStatus>(rng.below(4));
    c.rectifications.push_back(std::move(x));
  }
  c.build_index();
  return c;
}

History random_history(const Cycle& cycle, std::uint64_t seed) {
  Random rng(seed ^ 0x5bd1e995ULL);
  History h;
  for (const auto& d : cycle.departments) {
    if (d.status == DepartmentStatus::exempt || !rng.chance(0.4)) continue;
    h.verified_items.push_back(PastItem{cycle.info.year - 1 - static_cast<int>(rng.below(2)), d.id,
                                        kCategories[rng.below(std::size(kCategories))],
                                        fmt::format("H-{}-{}", d.id, h.verified_items.size() + 1)});
  }
  return h;
}

}  // namespace review
