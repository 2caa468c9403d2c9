// Built twice under two file names: both claim the id "test-dup".
#include "libreview/plugin_author.hpp"
#include "libreview/scoring.hpp"

namespace {
class Empty final : public review::ScoringRule {
 public:
  review::Results score(const review::ScoringInput&) const override { return {}; }
};
std::unique_ptr<review::Plugin> make() { return std::make_unique<Empty>(); }
}  // namespace

LIBREVIEW_PLUGIN("scoring", "test-dup", "0.1.0", "two modules claim this id", make)
