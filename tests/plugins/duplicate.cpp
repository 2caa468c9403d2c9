// Built twice under two file names: both claim the id "test-dup".
#include "libreview/plugin_author.hpp"

#include "empty_rule.hpp"

LIBREVIEW_PLUGIN("scoring", "test-dup", "0.1.0", "two modules claim this id", test_plugins::make_empty_rule)
