# shell.cmake — the shell battery: each tests/func/shell_cases/NAME.sh becomes
# func.shell.NAME (busybox sh), func.bash.NAME (bash-static, when installed) and
# func.bashdyn.NAME (Debian's dynamic /bin/bash), run by
# shell.sh natively and under emu and compared.  Included from tests/func/CMakeLists.txt.
# A case whose first lines say "oracle-needs: i386" runs i386 programs (the helper
# hello32): where the host cannot, its native half comes from the oracle VM.
file(GLOB SHELL_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/shell_cases/*.sh)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SHELL_CASES})
if(NOT DEFINED FUNC_SCALE)
  set(FUNC_SCALE 1)
endif()

# The static helpers the fixtures copy into each scratch directory (bin/hello64 and
# bin/hello32), built once here rather than by every test.
set(SHELL_HELPERS ${CMAKE_CURRENT_BINARY_DIR}/shell_helpers)
set(SHELL_HELPER_SRC ${CMAKE_CURRENT_LIST_DIR}/hello.c)
add_custom_command(OUTPUT ${SHELL_HELPERS}/hello64 ${SHELL_HELPERS}/hello32
  COMMAND ${CMAKE_COMMAND} -E make_directory ${SHELL_HELPERS}
  COMMAND gcc -static -O1 -o ${SHELL_HELPERS}/hello64 ${SHELL_HELPER_SRC}
  COMMAND gcc -m32 -static -O1 -o ${SHELL_HELPERS}/hello32 ${SHELL_HELPER_SRC}
  DEPENDS ${SHELL_HELPER_SRC}
  COMMENT "shell battery helpers hello64, hello32"
  VERBATIM)
add_custom_target(shell_helpers ALL DEPENDS ${SHELL_HELPERS}/hello64 ${SHELL_HELPERS}/hello32)

foreach(case_file IN LISTS SHELL_CASES)
  get_filename_component(case ${case_file} NAME_WE)
  file(STRINGS ${case_file} needs_line LIMIT_COUNT 5 REGEX "oracle-needs:")
  set(needs "")
  if(needs_line MATCHES "oracle-needs:[ \t]*([a-z0-9 ]+)")
    string(REGEX REPLACE "[ \t]+" ";" needs "${CMAKE_MATCH_1}")
  endif()
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
    set(cmd bash ${CMAKE_CURRENT_LIST_DIR}/shell.sh --emu ${EMU_TEST_EMU}
            --scratch ${CMAKE_CURRENT_BINARY_DIR}/scratch/${prefix}.${case}
            --helpers ${SHELL_HELPERS} --timeout 60 --shell ${sh_path} ${case})
    add_test(NAME ${prefix}.${case} COMMAND ${cmd})
    math(EXPR ctest_timeout "150 * ${FUNC_SCALE}")
    set_tests_properties(${prefix}.${case} PROPERTIES
      TIMEOUT ${ctest_timeout} LABELS "func;shell" SKIP_RETURN_CODE 77
      ENVIRONMENT "EMU_DIFF_TIMEOUT_SCALE=${FUNC_SCALE}")
    if(needs)
      oracle_serve(${prefix}.${case} NEEDS ${needs} COMMAND ${cmd} FILES ${SHELL_HELPERS})
    endif()
  endforeach()
endforeach()
