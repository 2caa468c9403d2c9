// Says it is a report plugin but its factory makes a scoring rule.
#include "libreview/plugin_author.hpp"

#include "empty_rule.hpp"

LIBREVIEW_PLUGIN("report", "test-wrong-kind", "0.1.0", "descriptor and object disagree", test_plugins::make_empty_rule)
