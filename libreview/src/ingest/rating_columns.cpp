// Ballots and questionnaires given as integer columns with their dictionaries
// (import_tables(), pandas categoricals): checked column-wise, kept where they lie.
#include <algorithm>
#include <utility>

#include "ingest/importer_internal.hpp"

namespace review::ingest {
namespace {

constexpr std::string_view kUnknownDepartmentIndex = "unknown department index";
constexpr std::string_view kUnknownRepresentativeIndex = "unknown representative index";
constexpr std::string_view kUnknownGroup = "unknown respondent group code";
constexpr std::string_view kNegativeResponse = "response number is negative";
constexpr std::uint32_t kNone = ~std::uint32_t{0};

}  // namespace

void Importer::read(const RatingTable& t, bool ballots) {
  file_ = t.name;
  const std::size_t n = t.rating.size();
  if (t.department.size() != n || t.rater.size() != n || (!t.group.empty() && t.group.size() != n)) {
    diags_.add(file_, 0, 0, "", "", kColumnLengths);
    return;
  }
  enum { c_department, c_rater, c_rating, c_group };
  auto show = [&](int c, std::uint32_t code) {
    if (t.signed_codes[c]) {
      const auto v = c == c_rating ? std::int64_t{static_cast<std::int8_t>(code)}
                                   : std::int64_t{static_cast<std::int32_t>(code)};
      return std::to_string(v);
    }
    return std::to_string(code);
  };
  auto fail_at = [&](std::size_t row, int c, std::string_view value, std::string_view message) {
    diags_.add(file_, row + 1, t.column_positions[c], t.column_names[c], value, message);
  };
  // A code through its column's dictionary (`map`: code to index, kNone when not
  // known): false, after a diagnostic, when there is no such code or index.
  auto look_up = [&](std::size_t row, int c, std::uint32_t& code, const std::vector<std::uint32_t>& map,
                     const std::vector<std::string>& values, std::string_view unknown) {
    if (code >= map.size()) {
      fail_at(row, c, "", kMissingValue);
      return false;
    }
    const std::uint32_t given = code;
    if ((code = map[code]) == kNone) {
      fail_at(row, c, values[given], unknown);
      return false;
    }
    return true;
  };
  // Dictionaries become maps from code to index (kNone: not known).
  const std::size_t n_departments = cycle_.departments.size();
  std::vector<std::uint32_t> dep_map, rater_map;
  for (const auto& v : t.department_values) {
    dep_map.push_back(department_ids_.find(trim(v)));
  }
  const bool by_response = !ballots;
  std::vector<std::uint32_t> response_group;
  std::size_t n_raters = 0;
  if (ballots) {
    for (const auto& v : t.rater_values) {
      rater_map.push_back(representative_ids_.find(trim(v)));
    }
    n_raters = cycle_.representatives.size();
  } else {
    cycle_.responses.clear();
    if (!t.rater_values.empty()) {
      for (const auto& v : t.rater_values) cycle_.responses.push_back(Response{std::string(trim(v)), 0});
    } else {
      std::uint32_t top = 0;
      bool any = false;
      for (const auto r : t.rater.span())
        if (r != kNone && static_cast<std::int32_t>(r) >= 0) top = std::max(top, r), any = true;
      if (any)
        for (std::uint32_t i = 0; i <= top; ++i) cycle_.responses.push_back(Response{std::to_string(i), 0});
    }
    n_raters = cycle_.responses.size();
    response_group.assign(n_raters, kNone);
    cycle_.respondent_groups = t.group.empty() ? std::vector<std::string>{""} : t.group_values;
  }
  seen_pairs_.reset(cycle_.departments.size(), n_raters);
  std::vector<std::uint8_t> rating_map;
  for (const auto& v : t.rating_values) {
    const auto r = parse_enum<Rating>(v);
    rating_map.push_back(r ? static_cast<std::uint8_t>(*r) : 0xFF);
  }
  std::vector<std::uint8_t> exempt(n_departments, 0);
  for (std::size_t d = 0; d < n_departments; ++d)
    exempt[d] = cycle_.departments[d].status == DepartmentStatus::exempt ? 1 : 0;
  const bool map_dep = !t.department_values.empty(), map_rater = ballots && !t.rater_values.empty(),
             map_rating = !t.rating_values.empty();
  std::vector<std::uint32_t> dep_out(map_dep ? n : 0), rater_out(map_rater ? n : 0);
  std::vector<Rating> rating_out(map_rating ? n : 0);
  const std::string_view second = ballots ? kSecondBallot : kSecondAnswer;
  const auto dep_in = t.department.span();
  const auto rater_in = t.rater.span();
  const auto rating_in = t.rating.span();
  std::vector<std::size_t> bad_rows;  ///< rows not marked in seen_pairs_ (a bad department, rater or rating)
  for (std::size_t i = 0; i < n; ++i) {
    // department
    std::uint32_t d = dep_in[i];
    bool ok = true;
    if (map_dep) {
      ok = look_up(i, c_department, d, dep_map, t.department_values, kUnknownDepartment);
      dep_out[i] = d;
    } else if (d >= n_departments) {
      fail_at(i, c_department, show(c_department, d), d == kNone ? kMissingValue : kUnknownDepartmentIndex);
      ok = false;
    }
    if (ok && exempt[d] != 0) {
      fail_at(i, c_department, cycle_.departments[d].id, kExempt);
      ok = false;
    }
    // rater
    std::uint32_t r = rater_in[i];
    bool rater_ok = true;
    if (map_rater) {
      rater_ok = look_up(i, c_rater, r, rater_map, t.rater_values, kUnknownRepresentative);
      rater_out[i] = r;
    } else if (r >= n_raters) {
      fail_at(i, c_rater, show(c_rater, r),
              r == kNone ? kMissingValue
              : ballots  ? kUnknownRepresentativeIndex
                         : kNegativeResponse);
      rater_ok = false;
    }
    // rating
    std::uint8_t v = rating_in[i];
    bool rating_ok = true;
    if (map_rating) {
      if (v >= rating_map.size()) {
        fail_at(i, c_rating, "", kMissingValue);
        rating_ok = false;
      } else if (rating_map[v] == 0xFF) {
        fail_at(i, c_rating, t.rating_values[v], "rating not in the list");
        rating_ok = false;
      } else {
        v = rating_map[v];
      }
      rating_out[i] = static_cast<Rating>(v);
    } else if (v >= kRatingCount) {
      fail_at(i, c_rating, show(c_rating, v), v == 0xFF ? kMissingValue : "rating not in the list");
      rating_ok = false;
    }
    // respondent group, the same on every row of a response
    if (by_response && rater_ok && !t.group.empty()) {
      const std::uint32_t g = t.group[i];
      if (g >= cycle_.respondent_groups.size()) {
        fail_at(i, c_group, show(c_group, g), g == kNone ? kMissingValue : kUnknownGroup);
      } else if (response_group[r] == kNone) {
        response_group[r] = g;
        cycle_.responses[r].group = g;
      } else if (response_group[r] != g) {
        fail_at(i, c_group, cycle_.respondent_groups[g], kGroupChanged);
      }
    }
    if (!ok || !rater_ok || !rating_ok) {
      bad_rows.push_back(i);
      continue;
    }
    // The rows marked so far, for the duplicate check's fall-back: all before i but the bad ones.
    const auto replay = [&](auto&& mark) {
      std::size_t b = 0;
      for (std::size_t j = 0; j < i; ++j) {
        if (b < bad_rows.size() && bad_rows[b] == j) {
          ++b;
          continue;
        }
        mark(map_rater ? rater_out[j] : rater_in[j], map_dep ? dep_out[j] : dep_in[j]);
      }
    };
    if (!seen_pairs_.insert(r, d, replay)) fail_at(i, c_department, cycle_.departments[d].id, second);
  }
  RatingColumns out;
  out.department = map_dep ? Column<std::uint32_t>(std::move(dep_out)) : t.department;
  out.rater = map_rater ? Column<std::uint32_t>(std::move(rater_out)) : t.rater;
  if (map_rating) {
    out.rating = Column<Rating>(std::move(rating_out));
  } else {
    // Rating is a one-byte enum: the codes are used where they lie.
    out.rating = Column<Rating>(reinterpret_cast<const Rating*>(t.rating.data()), n, t.rating.owner());
  }
  if (!ballots) {
    out.group = t.group.empty() ? Column<std::uint32_t>(std::vector<std::uint32_t>(n, 0)) : t.group;
    given_questionnaires_ = std::move(out);
  } else {
    given_ballots_ = std::move(out);
  }
}

}  // namespace review::ingest
