#pragma once
// Standard competition ranking (1, 2, 2, 4) shared by kit::rank() and
// check_results(): one sort of the scored departments, no copies of results.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libreview/cycle.hpp"
#include "libreview/scoring.hpp"

namespace review::detail {

/// Dense ids of the categories (序列) of every department of `cycle`, in order of first appearance.
inline std::vector<std::uint32_t> category_ids(const Cycle& cycle, std::uint32_t* count = nullptr) {
  const std::size_t n = cycle.departments.size();
  std::vector<std::uint32_t> ids(n);
  // Categories are few: a linear search over the distinct ones seen, the last one first.
  std::vector<std::string_view> distinct;
  std::unordered_map<std::string_view, std::uint32_t> many;  // past kMany distinct categories
  constexpr std::size_t kMany = 32;
  std::uint32_t last = 0;
  for (std::size_t d = 0; d < n; ++d) {
    const std::string_view c = cycle.departments[d].category;
    if (!distinct.empty() && distinct[last] == c) {
      ids[d] = last;
      continue;
    }
    std::uint32_t id = 0;
    if (distinct.size() <= kMany) {
      id = static_cast<std::uint32_t>(std::find(distinct.begin(), distinct.end(), c) - distinct.begin());
    } else {
      if (many.empty())
        for (std::uint32_t i = 0; i < distinct.size(); ++i) many.emplace(distinct[i], i);
      auto it = many.find(c);
      id = it == many.end() ? static_cast<std::uint32_t>(distinct.size()) : it->second;
      if (it == many.end()) many.emplace(c, id);
    }
    if (id == distinct.size()) distinct.push_back(c);
    ids[d] = last = id;
  }
  if (count != nullptr) *count = static_cast<std::uint32_t>(distinct.size());
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
  if (std::none_of(scored.begin(), scored.end(), [](const Key& k) { return std::isnan(k.composite); }))
    std::sort(scored.begin(), scored.end(), [](const Key& a, const Key& b) {
      return a.composite > b.composite || (a.composite == b.composite && a.at < b.at);
    });
  else  // the same order as a stable sort, whatever NaN does to the comparison
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
