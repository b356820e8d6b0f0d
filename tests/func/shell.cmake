# shell.cmake — the shell battery: each tests/func/shell_cases/NAME.sh becomes
# func.shell.NAME (busybox sh), func.bash.NAME (bash-static, when installed) and
# func.bashdyn.NAME (Debian's dynamic /bin/bash), run by
# shell.sh natively and under emu and compared.  Included from tests/func/CMakeLists.txt.
file(GLOB SHELL_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/shell_cases/*.sh)
if(NOT DEFINED FUNC_SCALE)
  set(FUNC_SCALE 1)
endif()
foreach(case_file IN LISTS SHELL_CASES)
  get_filename_component(case ${case_file} NAME_WE)
  foreach(sh busybox bash bashdyn)
    if(sh STREQUAL "busybox")
      set(sh_path /bin/busybox)
      set(prefix func.shell)
    elseif(sh STREQUAL "bash")
      set(sh_path /bin/bash-static)
      set(prefix func.bash)
    else()
      set(sh_path /bin/bash) # dynamic: the host's ld.so and libraries, under emu too
      set(prefix func.bashdyn)
    endif()
    add_test(NAME ${prefix}.${case}
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/shell.sh --emu ${EMU_TEST_EMU}
                     --scratch ${CMAKE_CURRENT_BINARY_DIR}/scratch/${prefix}.${case}
                     --timeout 60 --shell ${sh_path} ${case})
    math(EXPR ctest_timeout "150 * ${FUNC_SCALE}")
    set_tests_properties(${prefix}.${case} PROPERTIES
      TIMEOUT ${ctest_timeout} LABELS "func;shell" SKIP_RETURN_CODE 77
      ENVIRONMENT "EMU_DIFF_TIMEOUT_SCALE=${FUNC_SCALE}")
  endforeach()
endforeach()
