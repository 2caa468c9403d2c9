#pragma once
// A scoring rule that scores nothing, for the test plugins whose descriptors are what is tested.
#include <memory>

#include "libreview/scoring.hpp"

namespace test_plugins {
class EmptyRule final : public review::ScoringRule {
 public:
  review::Results score(const review::ScoringInput&) const override { return {}; }
};
inline std::unique_ptr<review::Plugin> make_empty_rule() { return std::make_unique<EmptyRule>(); }
}  // namespace test_plugins
