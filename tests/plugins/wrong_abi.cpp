// Built for another plugin ABI (999). Its static constructor marks the
// environment, so a test can prove the host refused it without loading it.
#include <boost/dll/alias.hpp>
#include <cstdlib>
#include <memory>

#include "libreview/plugin.hpp"

namespace {
struct MarkLoaded {
  MarkLoaded() { setenv("LIBREVIEW_TEST_WRONG_ABI_LOADED", "1", 1); }
} mark_loaded;
std::unique_ptr<review::Plugin> factory() { return nullptr; }
}  // namespace

extern "C" BOOST_SYMBOL_EXPORT int libreview_plugin_abi() { return 999; }
extern "C" BOOST_SYMBOL_EXPORT const int libreview_plugin_abi_999;
const int libreview_plugin_abi_999 = 999;
extern "C" BOOST_SYMBOL_EXPORT const libreview_plugin_descriptor_t libreview_plugin_descriptor;
const libreview_plugin_descriptor_t libreview_plugin_descriptor = {999, "scoring", "test-wrong-abi", "0.1.0",
                                                                   "built for another ABI"};
BOOST_DLL_ALIAS(factory, libreview_plugin)
