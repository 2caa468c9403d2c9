# The fuzz targets and what each links; shared by fuzz/ (libFuzzer) and tests/ (replays).
set(LIBREVIEW_FUZZ_TARGETS csv sheets xlsx toml docx package progress)

# libreview_fuzz_setup(<target> <name>): sources beyond fuzz_<name>.cpp, libraries, definitions.
function(libreview_fuzz_setup target name)
  target_link_libraries(${target} PRIVATE review::core PkgConfig::LIBZIP fmt::fmt)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
  target_compile_definitions(${target} PRIVATE
    LIBREVIEW_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    LIBREVIEW_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
    LIBREVIEW_FUZZ_TARGET="${name}")
  if(name STREQUAL "docx")
    # The template reader lives in the report-docx plugin: its sources are compiled in.
    set(_d ${PROJECT_SOURCE_DIR}/plugins/report-docx)
    target_sources(${target} PRIVATE ${_d}/docx_template.cpp ${_d}/ooxml_body.cpp ${_d}/ooxml_package.cpp
                                     ${_d}/ooxml_read.cpp ${_d}/ooxml_styles.cpp ${_d}/ooxml_zip.cpp)
    target_include_directories(${target} PRIVATE ${_d})
    target_link_libraries(${target} PRIVATE review_opc pugixml::pugixml)
  endif()
  if(name STREQUAL "package")
    # The county package reader and the roll-up: the static library review_city.
    target_link_libraries(${target} PRIVATE review_city)
  endif()
endfunction()
