# Helpers shared by every target of libreview.

# The plugin ABI number lives in one place, plugin.hpp; CMake reads it from there.
file(STRINGS "${PROJECT_SOURCE_DIR}/libreview/include/libreview/plugin.hpp" _abi_line
     REGEX "^#define LIBREVIEW_PLUGIN_ABI [0-9]+")
string(REGEX REPLACE "^#define LIBREVIEW_PLUGIN_ABI ([0-9]+).*" "\\1" LIBREVIEW_PLUGIN_ABI "${_abi_line}")
if(NOT LIBREVIEW_PLUGIN_ABI)
  message(FATAL_ERROR "could not read LIBREVIEW_PLUGIN_ABI from plugin.hpp")
endif()
# A bump re-runs CMake, so that the build tree's plugin folder follows it.
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                                     "${PROJECT_SOURCE_DIR}/libreview/include/libreview/plugin.hpp")

# <libdir>/libreview/plugins/<ABI>: next to libreview.so, in the build tree and when installed.
set(LIBREVIEW_PLUGIN_SUBDIR "libreview/plugins/${LIBREVIEW_PLUGIN_ABI}")
set(LIBREVIEW_BUILD_PLUGIN_DIR "${PROJECT_BINARY_DIR}/lib/${LIBREVIEW_PLUGIN_SUBDIR}")
set(LIBREVIEW_INSTALL_PLUGIN_DIR "${CMAKE_INSTALL_LIBDIR}/${LIBREVIEW_PLUGIN_SUBDIR}")

# libreview_warnings(target): the project's warning set.
function(libreview_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12 reports -Wrestrict inside std::string for code that is fine (GCC bug 105329).
      target_compile_options(${target} PRIVATE -Wno-restrict)
    endif()
    if(LIBREVIEW_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# add_review_plugin(<kind>-<name> SOURCES ... [LIBRARIES ...] [TEST_ONLY])
#
# Builds the loadable module review_<kind>_<name>.so into the ABI-versioned
# plugin folder and installs it there. TEST_ONLY plugins go to a folder of their
# own below the build tree and are never installed (the broken plugins the
# tests load on purpose).
function(add_review_plugin name)
  cmake_parse_arguments(P "TEST_ONLY" "OUTPUT_DIR" "SOURCES;LIBRARIES" ${ARGN})
  string(REPLACE "-" "_" target "review_${name}")
  add_library(${target} MODULE ${P_SOURCES})
  set_target_properties(${target} PROPERTIES PREFIX "" OUTPUT_NAME "${target}")
  target_link_libraries(${target} PRIVATE review::core ${P_LIBRARIES})
  libreview_warnings(${target})
  if(P_TEST_ONLY)
    if(NOT P_OUTPUT_DIR)
      set(P_OUTPUT_DIR "${PROJECT_BINARY_DIR}/tests/plugins")
    endif()
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIR}")
  else()
    set_target_properties(${target} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${LIBREVIEW_BUILD_PLUGIN_DIR}"
      BUILD_RPATH "$ORIGIN/../../.."
      INSTALL_RPATH "$ORIGIN/../../..")
    install(TARGETS ${target} LIBRARY DESTINATION "${LIBREVIEW_INSTALL_PLUGIN_DIR}" COMPONENT plugins)
    set_property(GLOBAL APPEND PROPERTY LIBREVIEW_PLUGIN_TARGETS ${target})
  endif()
endfunction()

# add_review_profiles(files...): region profiles (TOML) copied next to the plugins.
function(add_review_profiles)
  foreach(f IN LISTS ARGN)
    get_filename_component(n "${f}" NAME)
    configure_file("${f}" "${LIBREVIEW_BUILD_PLUGIN_DIR}/regions/${n}" COPYONLY)
  endforeach()
  install(FILES ${ARGN} DESTINATION "${LIBREVIEW_INSTALL_PLUGIN_DIR}/regions" COMPONENT plugins)
endfunction()
