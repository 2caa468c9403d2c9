// Says it is a report plugin but its factory makes a scoring rule.
#include "libreview/plugin_author.hpp"
#include "libreview/scoring.hpp"

namespace {
class Empty final : public review::ScoringRule {
 public:
  review::Results score(const review::ScoringInput&) const override { return {}; }
};
std::unique_ptr<review::Plugin> make() { return std::make_unique<Empty>(); }
}  // namespace

LIBREVIEW_PLUGIN("report", "test-wrong-kind", "0.1.0", "descriptor and object disagree", make)
