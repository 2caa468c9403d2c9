// Exports the ABI and the descriptor but no factory.
#include <boost/config.hpp>

#include "libreview/plugin.hpp"

extern "C" BOOST_SYMBOL_EXPORT int libreview_plugin_abi() { return LIBREVIEW_PLUGIN_ABI; }
extern "C" BOOST_SYMBOL_EXPORT const int libreview_plugin_abi_1;
const int libreview_plugin_abi_1 = LIBREVIEW_PLUGIN_ABI;
extern "C" BOOST_SYMBOL_EXPORT const libreview_plugin_descriptor_t libreview_plugin_descriptor;
const libreview_plugin_descriptor_t libreview_plugin_descriptor = {LIBREVIEW_PLUGIN_ABI, "scoring",
                                                                   "test-no-factory", "0.1.0", "no factory"};
