#pragma once
// Standard competition ranking (1, 2, 2, 4) shared by kit::rank() and
// check_results(): one sort of the scored departments, no copies of results.
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/scoring.hpp"

namespace review::detail {

/// Dense ids of the categories (序列) of every department of `cycle`, in order of first appearance.
inline std::vector<std::uint32_t> category_ids(const Cycle& cycle, std::uint32_t* count = nullptr) {
  std::vector<std::uint32_t> ids(cycle.departments.size());
  std::unordered_map<std::string_view, std::uint32_t> seen;
  std::string_view last;
  std::uint32_t last_id = 0;
  bool have_last = false;
  for (std::size_t d = 0; d < ids.size(); ++d) {
    const std::string_view c = cycle.departments[d].category;
    if (!have_last || c != last) {
      last_id = seen.try_emplace(c, static_cast<std::uint32_t>(seen.size())).first->second;
      last = c;
      have_last = true;
    }
    ids[d] = last_id;
  }
  if (count != nullptr) *count = static_cast<std::uint32_t>(seen.size());
  return ids;
}

/// Ranks overall and within category of `results` (0 when not ranked), in the order of `results`.
struct Ranks {
  std::vector<int> overall;
  std::vector<int> in_category;
};

/// Competition ranks on the unrounded composites; ties keep their order (a stable sort), exactly
/// as kit::rank() always ranked. `category_of` is indexed by department (category_ids()).
/// Throws std::out_of_range for a result naming a department the cycle does not have.
inline Ranks competition_ranks(const std::vector<DepartmentResult>& results,
                               const std::vector<std::uint32_t>& category_of, std::uint32_t categories) {
  const std::size_t n = results.size();
  Ranks out;
  out.overall.assign(n, 0);
  out.in_category.assign(n, 0);
  struct Key {
    double composite;
    std::uint32_t at;  // index into results
  };
  std::vector<Key> scored;
  scored.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = results[i];
    if (!r.composite) continue;
    if (r.department >= category_of.size()) throw std::out_of_range("result for an unknown department");
    scored.push_back(Key{*r.composite, static_cast<std::uint32_t>(i)});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Key& a, const Key& b) { return a.composite > b.composite; });
  struct Last {
    int count = 0;
    int rank = 0;
    double composite = 0;
  };
  std::vector<Last> last(categories);
  for (std::size_t i = 0; i < scored.size(); ++i) {
    const Key& k = scored[i];
    out.overall[k.at] = (i > 0 && k.composite == scored[i - 1].composite) ? out.overall[scored[i - 1].at]
                                                                          : static_cast<int>(i) + 1;
    Last& c = last[category_of[results[k.at].department]];
    c.rank = (c.count > 0 && k.composite == c.composite) ? c.rank : c.count + 1;
    ++c.count;
    c.composite = k.composite;
    out.in_category[k.at] = c.rank;
  }
  return out;
}

}  // namespace review::detail
