// The ratings put in their final columns: ballots ordered by department, then
// representative.
#include <algorithm>
#include <utility>

#include "ingest/importer_internal.hpp"

namespace review::ingest {

/// ballot_keys_ in increasing order: two stable counting passes (by representative,
/// then by department), linear where std::sort is not. The keys are distinct
/// (second ballots are refused), so the order is the one std::sort gives.
void Importer::sort_ballot_keys() {
  const std::size_t n = ballot_keys_.size();
  if (n < 4096) {
    std::sort(ballot_keys_.begin(), ballot_keys_.end());
    return;
  }
  auto rater = [](std::uint64_t k) { return static_cast<std::uint32_t>((k >> 2) & 0xFFFFFFFFU); };
  auto dept = [](std::uint64_t k) { return static_cast<std::uint32_t>(k >> 34); };
  std::uint32_t raters = 0, departments = 0;
  for (const auto k : ballot_keys_) {
    raters = std::max(raters, rater(k) + 1);
    departments = std::max(departments, dept(k) + 1);
  }
  if (raters > 4 * n || departments > 4 * n) {  // far more buckets than keys
    std::sort(ballot_keys_.begin(), ballot_keys_.end());
    return;
  }
  std::vector<std::uint64_t> tmp(n);
  auto pass = [](const std::vector<std::uint64_t>& from, std::vector<std::uint64_t>& to,
                 std::uint32_t buckets, auto&& bucket) {
    std::vector<std::size_t> start(std::size_t{buckets} + 1, 0);
    for (const auto k : from) ++start[bucket(k) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
    for (const auto k : from) to[start[bucket(k)]++] = k;
  };
  pass(ballot_keys_, tmp, raters, rater);
  pass(tmp, ballot_keys_, departments, dept);
}

void Importer::finish() {
  // Ballots ordered by department then representative: the file's order (which
  // may follow the order votes were collected in) is not kept.
  sort_ballot_keys();
  std::vector<std::uint32_t> dept(ballot_keys_.size()), rater(ballot_keys_.size());
  std::vector<Rating> rating(ballot_keys_.size());
  for (std::size_t i = 0; i < ballot_keys_.size(); ++i) {
    dept[i] = static_cast<std::uint32_t>(ballot_keys_[i] >> 34);
    rater[i] = static_cast<std::uint32_t>((ballot_keys_[i] >> 2) & 0xFFFFFFFFU);
    rating[i] = static_cast<Rating>(ballot_keys_[i] & 3U);
  }
  cycle_.ballots.department = Column<std::uint32_t>(std::move(dept));
  cycle_.ballots.rater = Column<std::uint32_t>(std::move(rater));
  cycle_.ballots.rating = Column<Rating>(std::move(rating));
  cycle_.questionnaires.department = Column<std::uint32_t>(std::move(q_department_));
  cycle_.questionnaires.rater = Column<std::uint32_t>(std::move(q_response_));
  cycle_.questionnaires.group = Column<std::uint32_t>(std::move(q_group_));
  cycle_.questionnaires.rating = Column<Rating>(std::move(q_rating_));
  // Ratings given as columns (import_tables()) keep their order and storage.
  if (given_ballots_) cycle_.ballots = std::move(*given_ballots_);
  if (given_questionnaires_) cycle_.questionnaires = std::move(*given_questionnaires_);
  cycle_.build_index();
}

}  // namespace review::ingest
