// Its factory throws.
#include <stdexcept>

#include "libreview/plugin_author.hpp"

namespace {
std::unique_ptr<review::Plugin> make() { throw std::runtime_error("the factory cannot make its rule"); }
}  // namespace

LIBREVIEW_PLUGIN("scoring", "test-throwing-factory", "0.1.0", "a factory that throws", make)
