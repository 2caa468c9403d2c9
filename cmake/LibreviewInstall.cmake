# Installs the CMake package (find_package(libreview CONFIG)) and a pkg-config file.
include(CMakePackageConfigHelpers)
set(LIBREVIEW_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/libreview")
install(EXPORT libreviewTargets NAMESPACE review:: DESTINATION "${LIBREVIEW_CMAKE_DIR}" COMPONENT dev)
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/libreviewConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/libreviewConfig.cmake" INSTALL_DESTINATION "${LIBREVIEW_CMAKE_DIR}" PATH_VARS LIBREVIEW_INSTALL_PLUGIN_DIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/libreviewConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/libreviewConfig.cmake" "${PROJECT_BINARY_DIR}/libreviewConfigVersion.cmake"
  DESTINATION "${LIBREVIEW_CMAKE_DIR}" COMPONENT dev)
file(RELATIVE_PATH LIBREVIEW_PC_PREFIX_FROM_PCDIR "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
if(TARGET review_c)
  set(LIBREVIEW_PC_LIBS "-lreview_c -lreview")
else()
  set(LIBREVIEW_PC_LIBS "-lreview")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/libreview.pc.in" "${PROJECT_BINARY_DIR}/libreview.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/libreview.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT dev)
