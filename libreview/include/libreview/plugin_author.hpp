#pragma once
/// @file plugin_author.hpp
/// For plugin authors: include this in the one source file that declares the
/// plugin with LIBREVIEW_PLUGIN(). Needs Boost.DLL's headers.

#include <boost/dll/alias.hpp>
#include <memory>

#include "libreview/plugin.hpp"

#define LIBREVIEW_PP_CAT_(a, b) a##b
#define LIBREVIEW_PP_CAT(a, b) LIBREVIEW_PP_CAT_(a, b)

/// Declares a plugin. `FACTORY` is a function `std::unique_ptr<review::Plugin>()`
/// returning a ScoringRule, ReportWriter or RegionRule to match KIND. Use once per module:
///
///     LIBREVIEW_PLUGIN("scoring", "default", "1.0.0", "the spec's default rule", make_rule)
#define LIBREVIEW_PLUGIN(KIND, ID, VERSION, SUMMARY, FACTORY)                                       \
  extern "C" BOOST_SYMBOL_EXPORT int libreview_plugin_abi() { return LIBREVIEW_PLUGIN_ABI; }      \
  extern "C" BOOST_SYMBOL_EXPORT const int LIBREVIEW_PP_CAT(libreview_plugin_abi_,                 \
                                                            LIBREVIEW_PLUGIN_ABI);                 \
  const int LIBREVIEW_PP_CAT(libreview_plugin_abi_, LIBREVIEW_PLUGIN_ABI) = LIBREVIEW_PLUGIN_ABI; \
  extern "C" BOOST_SYMBOL_EXPORT const libreview_plugin_descriptor_t libreview_plugin_descriptor; \
  const libreview_plugin_descriptor_t libreview_plugin_descriptor = {LIBREVIEW_PLUGIN_ABI, KIND,  \
                                                                     ID, VERSION, SUMMARY};        \
  namespace {                                                                                      \
  std::unique_ptr<review::Plugin> libreview_plugin_factory() { return FACTORY(); }                \
  }                                                                                                \
  BOOST_DLL_ALIAS(libreview_plugin_factory, libreview_plugin)
