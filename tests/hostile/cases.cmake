# emu_case_tests(PREFIX LABELS [EXCLUDE...]): each *.sh of the calling directory but
# the EXCLUDE'd helpers is one case, the ctest test PREFIX.<name> (labels LABELS), run
# by tests/hostile/run_case.sh in a fresh scratch directory, its own PID namespace and
# under a hard timeout of 120 s (x4 in the sanitizer build, which the case reads as
# EMU_TIMEOUT_SCALE).  Used by the hostile battery and the stress family.
function(emu_case_tests prefix labels)
  set(emu ${EMU_TEST_EMU})
  if(NOT emu)
    set(emu ${CMAKE_BINARY_DIR}/emu)
  endif()
  if(EMU_SANITIZE)
    set(scale 4)
  else()
    set(scale 1)
  endif()
  file(GLOB cases CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.sh)
  foreach(helper IN LISTS ARGN)
    list(REMOVE_ITEM cases ${CMAKE_CURRENT_SOURCE_DIR}/${helper})
  endforeach()
  math(EXPR limit "120 * ${scale}")
  math(EXPR ctest_limit "${limit} + 30")
  foreach(case_path IN LISTS cases)
    get_filename_component(case ${case_path} NAME_WE)
    add_test(NAME ${prefix}.${case}
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/hostile/run_case.sh ${case_path}
                     ${CMAKE_CURRENT_BINARY_DIR}/scratch/${case} ${limit})
    set_tests_properties(${prefix}.${case} PROPERTIES
      TIMEOUT ${ctest_limit} LABELS "${labels}" SKIP_RETURN_CODE 77
      ENVIRONMENT "EMU=${emu};EMU_BUILD_DIR=${CMAKE_BINARY_DIR};EMU_SRC_DIR=${CMAKE_SOURCE_DIR};EMU_TIMEOUT_SCALE=${scale};EMU_SANITIZE=$<BOOL:${EMU_SANITIZE}>")
  endforeach()
endfunction()
