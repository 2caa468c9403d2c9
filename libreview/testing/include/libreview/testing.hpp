#pragma once
/// @file testing.hpp
/// Test data generators of libreview (测试数据): random but valid cycles and
/// histories for property checks, tests, fuzzing and benchmarks. The static
/// library `review::testing` (built in the source tree, not installed): link it
/// beside `review::core`. The core compiles the same generator for
/// check_scoring_rule() and keeps its copy hidden.

#include <cstddef>
#include <cstdint>
#include <random>

#include "libreview/cycle.hpp"
#include "libreview/scoring.hpp"

namespace review::testing {

/// The generators' random numbers (伪随机数): the same seed gives the same numbers on
/// every platform and standard library (mt19937_64 and integer arithmetic only).
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

/// The shape of a random cycle.
struct RandomCycleOptions {
  std::uint64_t seed = 1;
  std::size_t departments = 12;  ///< participating and exempt
  std::size_t exempt = 2;
  std::size_t categories = 3;
  std::size_t kinds = 0;  ///< department kinds (部门类型) 类型1…类型n given in turn; 0: none
  std::size_t representatives = 40;  ///< each votes on a random share of departments
  std::size_t responses = 200;       ///< questionnaire responses, each about a few departments
  int year = 2017;
};

/// A random but valid cycle (随机周期) for property checks and benchmarks:
/// ballots, questionnaires, daily work (some missing), complaints,
/// rectification items and self-assessments, same seed, same cycle.
Cycle random_cycle(const RandomCycleOptions& options);

/// A random History for `cycle` (earlier verified items, some of whose
/// categories recur in the cycle), same seed, same history.
History random_history(const Cycle& cycle, std::uint64_t seed);

}  // namespace review::testing
