// Exports the ABI and the descriptor but no factory.
#include <boost/config.hpp>

#include "libreview/plugin.hpp"

extern "C" BOOST_SYMBOL_EXPORT int libreview_plugin_abi() { return LIBREVIEW_PLUGIN_ABI; }
#define NO_FACTORY_CAT_(a, b) a##b
#define NO_FACTORY_CAT(a, b) NO_FACTORY_CAT_(a, b)
// The marker follows LIBREVIEW_PLUGIN_ABI, as LIBREVIEW_PLUGIN's does.
extern "C" BOOST_SYMBOL_EXPORT const int NO_FACTORY_CAT(libreview_plugin_abi_, LIBREVIEW_PLUGIN_ABI);
const int NO_FACTORY_CAT(libreview_plugin_abi_, LIBREVIEW_PLUGIN_ABI) = LIBREVIEW_PLUGIN_ABI;
extern "C" BOOST_SYMBOL_EXPORT const libreview_plugin_descriptor_t libreview_plugin_descriptor;
const libreview_plugin_descriptor_t libreview_plugin_descriptor = {LIBREVIEW_PLUGIN_ABI, "scoring",
                                                                   "test-no-factory", "0.1.0", "no factory"};
