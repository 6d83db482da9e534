# Install in FHS places, and the Debian package (cpack -G DEB in the build directory).
#
#   bin/idpmetrics                              the program
#   share/man/man1/idpmetrics.1                 its manual page
#   share/idpmetrics/reports/*.json             report definitions and DORA benchmark tables
#   share/idpmetrics/idpmetrics.example.yaml    the example configuration
#   share/idpmetrics/schedules/                 crontab, systemd units, Kubernetes CronJob
#   share/doc/idpmetrics/                       README.md and docs/*.md, the documentation pages
#
# The program carries the report definitions built in (embedded at build time); the installed
# copies are the ones it reads first when present (util/datadir.c), and the editable originals
# for reporting.definitions_dir.
include(GNUInstallDirs)

# Where the installed program looks for its data (util/datadir.c): the compiled-in data directory
# when it runs from the compiled-in bindir, else the same path relative to the executable.
set(IDPM_INSTALL_DATADIR "${CMAKE_INSTALL_FULL_DATADIR}/idpmetrics")
file(RELATIVE_PATH IDPM_DATADIR_FROM_BINDIR "${CMAKE_INSTALL_FULL_BINDIR}" "${IDPM_INSTALL_DATADIR}")
target_sources(idpmcore PRIVATE ${CMAKE_SOURCE_DIR}/src/util/datadir.c)
set_source_files_properties(${CMAKE_SOURCE_DIR}/src/util/datadir.c PROPERTIES COMPILE_DEFINITIONS
  "IDPM_INSTALL_BINDIR=\"${CMAKE_INSTALL_FULL_BINDIR}\";IDPM_INSTALL_DATADIR=\"${IDPM_INSTALL_DATADIR}\";IDPM_DATADIR_FROM_BINDIR=\"${IDPM_DATADIR_FROM_BINDIR}\"")

install(TARGETS idpmetrics RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/docs/idpmetrics.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
set(IDPM_INSTALL_REPORTS "")
foreach(f IN LISTS REPORT_FILES)
  list(APPEND IDPM_INSTALL_REPORTS ${CMAKE_SOURCE_DIR}/reports/${f})
endforeach()
install(FILES ${IDPM_INSTALL_REPORTS} DESTINATION ${CMAKE_INSTALL_DATADIR}/idpmetrics/reports)
install(FILES ${CMAKE_SOURCE_DIR}/docs/idpmetrics.example.yaml DESTINATION ${CMAKE_INSTALL_DATADIR}/idpmetrics)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/schedules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/idpmetrics/schedules)
# The installed crontab and systemd units name the program where this installation puts it
# (/usr/bin/idpmetrics from the package); the source tree's name /usr/local/bin/idpmetrics, where a
# `cmake --install` with the default prefix puts it.  The Kubernetes Dockerfile installs with the
# default prefix inside its image: it stays as it is.
install(CODE "
  foreach(f crontab systemd/idpmetrics.service systemd/idpmetrics-prune.service)
    set(p \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/idpmetrics/schedules/\${f}\")
    file(READ \"\${p}\" text)
    string(REPLACE /usr/local/bin/idpmetrics \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/idpmetrics\" text \"\${text}\")
    file(WRITE \"\${p}\" \"\${text}\")
  endforeach()
")
# the README beside docs/, as in the repository, so that their links work
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")

# The Debian package: Depends from dpkg-shlibdeps (dpkg-dev) on the binary, the Korean font recommended.
# Build it from a Release build configured with -DCMAKE_INSTALL_PREFIX=/usr (the package installs under /usr).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME idpmetrics)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "platform KPIs and DORA metrics from Backstage, GitHub and surveys")
set(CPACK_PACKAGE_DESCRIPTION
  "idpmetrics collects Backstage scaffolder and catalog data, GitHub repositories, workflows,\ndeployments and incidents, and developer-survey exports into SQLite, computes the platform\nKPIs per quarter, team and service, and renders HTML, PDF, XLSX, chart, CSV and JSON reports.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "idpmetrics maintainers <idpmetrics@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3")
include(CPack)
