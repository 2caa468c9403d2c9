// Random but valid cycles and histories (libreview/testing.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "libreview/testing.hpp"

namespace review::testing {

namespace {

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

}  // namespace

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
                                       exempt ? "垂直管理" : "", "",
                                       o.kinds > 0 ? fmt::format("类型{}", d % o.kinds + 1) : ""});
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

}  // namespace review::testing
