#pragma once
// Internals of the importer: the lookup tables of its hot path. IdTable
// (id_table_internal.hpp) interns ids (department, representative, response
// ids); PairSet finds a second rating of one rater for one department.
// Header-only so that the tests and the micro-benchmarks reach them directly.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "id_table_internal.hpp"

namespace review::ingest {

using detail::hash_id;
using detail::id_head;
using detail::IdTable;
using detail::same_id;
using detail::shortlex_less;

/// Which (rater, department) pairs were seen, exactly.
///
/// The rows of one rater (a questionnaire response, often a representative)
/// follow each other in practice, so while they do the set is a stamp per
/// department: the number of the run of rows (of one rater) that last rated it.
/// A pair is new when its department's stamp is not the current run's: O(1),
/// no hashing, memory of one word per department. When a rater comes back after
/// other raters (rows out of order) the set falls back, for the rest of the
/// table, to a row of bits per rater while raters × departments stays small
/// (kMaxBitmapWords), else to an open-addressing hash set of the pairs; the pairs
/// marked so far are given again by the caller (`replay`).
class PairSet {
 public:
  static constexpr std::size_t kMaxBitmapWords = std::size_t{1} << 21;  // 16 MiB of bits

  /// How the set holds the pairs now (tests look at it).
  enum class Mode : std::uint8_t { runs, bitmap, hashed };

  /// Empties the set for a table rating `departments` departments by `raters`
  /// raters (0: not known; the bitmap then grows with the raters seen).
  void reset(std::size_t departments, std::size_t raters = 0) {
    words_ = (departments + 63) / 64;
    raters_ = raters;
    stamp_.assign(departments, 0);
    raters_seen_.clear();
    run_ = 0;
    current_ = kNoRater;
    bits_.clear();
    slots_.clear();
    used_ = 0;
    mode_ = Mode::runs;
  }
  [[nodiscard]] Mode mode() const noexcept { return mode_; }

  /// Marks the pair; false when it was marked already. `replay(mark)` must call
  /// `mark(rater, department)` for every pair marked since reset() (in any
  /// order; pairs given twice are fine); it is called at most once, when the
  /// rows are found out of order.
  template <class Replay>
  bool insert(std::uint32_t rater, std::uint32_t department, Replay&& replay) {
    if (mode_ == Mode::runs) [[likely]] {
      if (rater != current_) [[unlikely]] {
        if (!start_run(rater)) {
          fall_back(std::forward<Replay>(replay));
          return insert_fallback(rater, department);
        }
      }
      std::uint32_t& stamp = stamp_[department];
      if (stamp == run_) return false;
      stamp = run_;
      return true;
    }
    return insert_fallback(rater, department);
  }

 private:
  static constexpr std::uint32_t kNoRater = ~std::uint32_t{0};

  /// Starts the run of `rater`; false when it had a run already (or runs are used up).
  bool start_run(std::uint32_t rater) {
    const std::size_t w = rater / 64;
    if (w >= raters_seen_.size()) raters_seen_.resize(std::max(w + 1, raters_seen_.size() * 2), 0);
    const std::uint64_t bit = std::uint64_t{1} << (rater % 64);
    if ((raters_seen_[w] & bit) != 0 || run_ == ~std::uint32_t{0}) return false;
    raters_seen_[w] |= bit;
    current_ = rater;
    ++run_;
    return true;
  }
  template <class Replay>
  void fall_back(Replay&& replay) {
    mode_ = Mode::bitmap;
    stamp_ = {};
    raters_seen_ = {};
    if (raters_ > 0 && raters_ * words_ <= kMaxBitmapWords)
      bits_.assign(raters_ * words_, 0);  // its full size at once
    else if (raters_ > 0)
      to_hash();
    replay(
        [this](std::uint32_t rater, std::uint32_t department) { (void)insert_fallback(rater, department); });
  }
  bool insert_fallback(std::uint32_t rater, std::uint32_t department) {
    if (mode_ == Mode::bitmap) {
      const std::size_t need = (std::size_t{rater} + 1) * words_;
      if (need <= kMaxBitmapWords) {
        if (bits_.size() < need) bits_.resize(std::min(std::max(need, bits_.size() * 2), kMaxBitmapWords), 0);
        auto& word = bits_[std::size_t{rater} * words_ + department / 64];
        const std::uint64_t bit = std::uint64_t{1} << (department % 64);
        if ((word & bit) != 0) return false;
        word |= bit;
        return true;
      }
      to_hash();
    }
    return insert_hashed((std::uint64_t{rater} << 32 | department) + 1);  // 0 marks an empty slot
  }
  void to_hash() {
    mode_ = Mode::hashed;
    slots_.assign(std::size_t{1} << 16, 0);
    for (std::size_t w = 0; w < bits_.size(); ++w)
      for (std::uint64_t word = bits_[w]; word != 0; word &= word - 1) {
        const auto rater = static_cast<std::uint32_t>(w / words_);
        const auto department = static_cast<std::uint32_t>((w % words_) * 64 + std::countr_zero(word));
        insert_hashed((std::uint64_t{rater} << 32 | department) + 1);
      }
    bits_ = {};
  }
  bool insert_hashed(std::uint64_t key) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        ++used_;
        return true;
      }
    }
  }
  void grow() {
    std::vector<std::uint64_t> old(std::max<std::size_t>(slots_.size() * 2, 16), 0);
    old.swap(slots_);
    used_ = 0;
    for (std::uint64_t k : old)
      if (k != 0) insert_hashed(k);
  }
  static std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }

  Mode mode_ = Mode::runs;
  // runs
  std::vector<std::uint32_t> stamp_;        ///< by department: the run that last rated it (0: none)
  std::vector<std::uint64_t> raters_seen_;  ///< a bit per rater that had a run
  std::uint32_t run_ = 0;                   ///< the current run's number (1, 2, ...)
  std::uint32_t current_ = kNoRater;        ///< the current run's rater
  // bitmap, then hashed
  std::size_t words_ = 1;
  std::size_t raters_ = 0;  ///< raters the table may name, when known
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint64_t> slots_;
  std::size_t used_ = 0;
};

}  // namespace review::ingest
