# ctest driver of the downstream test (cmake -P):
#   -DBUILD_DIR=<libreview build> -DSOURCE_DIR=<tests/downstream> -DWORK_DIR=<scratch>
#   -DCYCLE=<data/sample/2017> -DGENERATOR=<generator> -DC_COMPILER=<cc>
# Installs the build tree into WORK_DIR/prefix, builds this project against it with
# find_package(libreview CONFIG), runs both programs, and builds main.c once more from
# `pkg-config --cflags --libs libreview` alone.
foreach(v BUILD_DIR SOURCE_DIR WORK_DIR CYCLE GENERATOR C_COMPILER)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run.cmake: ${v} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "$ ${ARGN}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
  set(LAST_OUTPUT "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
# Nothing of the environment may help: the installed prefix alone must do.
set(ENV{LIBREVIEW_PLUGIN_PATH} "")
set(ENV{LIBREVIEW_SAMPLE_DIR} "")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=${C_COMPILER})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/downstream_cpp" "${CYCLE}" "${WORK_DIR}/out-cpp")
if(NOT LAST_OUTPUT MATCHES "47 departments scored with rule 'default' under 'seed-county', 2 files written")
  message(FATAL_ERROR "downstream_cpp printed something else")
endif()
if(NOT LAST_OUTPUT MATCHES "plugins from ${prefix}/")
  message(FATAL_ERROR "downstream_cpp did not use the installed plugins")
endif()
run("${WORK_DIR}/build/downstream_c" "${CYCLE}")
if(NOT LAST_OUTPUT MATCHES "47 departments scored with rule 'default' under 'seed-county'")
  message(FATAL_ERROR "downstream_c printed something else")
endif()

# pkg-config against the installed prefix.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB pcfile "${prefix}/lib*/pkgconfig/libreview.pc" "${prefix}/lib/*/pkgconfig/libreview.pc")
if(NOT pcfile)
  message(FATAL_ERROR "no libreview.pc under ${prefix}")
endif()
get_filename_component(pcdir "${pcfile}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pcdir}")
run(${PKG_CONFIG} --cflags --libs libreview)
string(STRIP "${LAST_OUTPUT}" flags)
if(NOT flags MATCHES "-I${prefix}/" OR NOT flags MATCHES "-lreview_c" OR NOT flags MATCHES "-lreview( |$)")
  message(FATAL_ERROR "pkg-config --cflags --libs libreview: '${flags}' does not point into ${prefix}")
endif()
run(${PKG_CONFIG} --variable=plugindir libreview)
string(STRIP "${LAST_OUTPUT}" plugindir)
if(NOT EXISTS "${plugindir}/review_scoring_default.so")
  message(FATAL_ERROR "pkg-config plugindir '${plugindir}' holds no review_scoring_default.so")
endif()
separate_arguments(flag_list UNIX_COMMAND "${flags}")
string(REGEX MATCH "-L([^ ]+)" _ "${flags}")
run(${C_COMPILER} -std=c99 "${SOURCE_DIR}/main.c" -o "${WORK_DIR}/downstream_c_pkgconfig" ${flag_list}
    "-Wl,-rpath,${CMAKE_MATCH_1}")
run("${WORK_DIR}/downstream_c_pkgconfig" "${CYCLE}")
if(NOT LAST_OUTPUT MATCHES "47 departments scored")
  message(FATAL_ERROR "the program built with pkg-config's flags printed something else")
endif()
message(STATUS "downstream: ok")
