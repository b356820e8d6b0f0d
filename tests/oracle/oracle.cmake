# oracle.cmake — where the native half of each differential test comes from
# (tests/oracle/README.md).  Included by the top-level CMakeLists.txt before tests/ and
# examples/, which call oracle_serve() for every test whose native run needs something
# a host may lack; oracle_finish() (called last) writes the manifest and the fixture.
#
# A need is one of:
#   i386    the host runs i386 programs (a kernel with IA-32 emulation)
#   compat  the host runs compatibility-mode code in 64-bit processes (far transfers to
#           CS 0x23, int $0x80 from 64-bit code): the same kernel switch
#   seg16   the host runs 16-bit code segments from the LDT (a kernel built with
#           CONFIG_X86_16BIT, and compat): the VM's Debian cloud kernel is built
#           without it, so a test that needs seg16 is native-only (oracle_native_only)
#   vm      always the VM's kernel (behaviour of a stock kernel that hosts differ in)
# Each of i386, compat and seg16 is probed once per build directory (tests/oracle/probe/*.S,
# built and run at configure time; the answer is cached).  A test whose needs the host
# meets runs natively as always; otherwise ctest gives it EMU_ORACLE_REF and makes it
# depend on the fixture test oracle.vm, which records the native halves in a real
# kernel under qemu-system-x86_64 (tests/oracle/vm/run.sh).
#
# EMU_ORACLE (cache variable, or the environment variable of the same name at configure
# time) overrides the probes: "native" serves everything from the host, "vm" every test
# with a need from the VM (this is how the VM path is exercised on a host that runs
# i386), "auto" (default) follows the probes.

set(EMU_ORACLE "auto" CACHE STRING "native references: auto (probe the host), native, vm")
set_property(CACHE EMU_ORACLE PROPERTY STRINGS auto native vm)
set(ORACLE_CHOICE ${EMU_ORACLE})
if(NOT "$ENV{EMU_ORACLE}" STREQUAL "")
  set(ORACLE_CHOICE $ENV{EMU_ORACLE})
endif()
if(NOT ORACLE_CHOICE MATCHES "^(auto|native|vm)$")
  message(FATAL_ERROR "EMU_ORACLE must be auto, native or vm, not '${ORACLE_CHOICE}'")
endif()
set(ORACLE_DIR ${CMAKE_BINARY_DIR}/oracle)
set(ORACLE_SRC ${CMAKE_SOURCE_DIR}/tests/oracle)
set(ORACLE_NEEDS i386 compat seg16 vm)
set_property(GLOBAL PROPERTY ORACLE_MANIFEST "")
set_property(GLOBAL PROPERTY ORACLE_UNSERVED "")

# oracle_probe(NEED SOURCE FLAGS...): build SOURCE and run it once per build directory;
# the host meets NEED when it exits with status 42.  Sets ORACLE_HOST_<NEED> (cached) and
# ORACLE_HOST_<NEED>_WHY (what happened, for the summary).
function(oracle_probe need src)
  set(exe ${ORACLE_DIR}/probe/${need})
  if(DEFINED ORACLE_HOST_${need} AND EXISTS ${exe})
    return()
  endif()
  file(MAKE_DIRECTORY ${ORACLE_DIR}/probe)
  execute_process(COMMAND gcc ${ARGN} -nostdlib -static -o ${exe} ${src}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    set(ok OFF)
    set(why "the probe did not build: ${err}")
  else()
    # Through sh, which says why an exec failed ("Exec format error") and how it ended.
    execute_process(COMMAND sh -c "\"$0\"" ${exe}
                    RESULT_VARIABLE rc TIMEOUT 30 OUTPUT_QUIET ERROR_VARIABLE err)
    if(rc EQUAL 42)
      set(ok ON)
      set(why "yes")
    else()
      set(ok OFF)
      string(REGEX REPLACE "\n+$" "" err "${err}")
      string(REGEX REPLACE "\n" "; " err "${err}")
      set(why "no (status ${rc}: ${err})")
    endif()
  endif()
  set(ORACLE_HOST_${need} ${ok} CACHE INTERNAL "")
  set(ORACLE_HOST_${need}_WHY "${why}" CACHE INTERNAL "")
endfunction()

oracle_probe(i386 ${ORACLE_SRC}/probe/i386.S -m32)
oracle_probe(compat ${ORACLE_SRC}/probe/compat.S -no-pie)
oracle_probe(seg16 ${ORACLE_SRC}/probe/seg16.S -no-pie)
# Not a need: whether the host's CPU keeps the x87 pointers as emu does, which decides
# the diff-x87ptr-mask: tags (tests/diff/CMakeLists.txt).
oracle_probe(x87ptr ${ORACLE_SRC}/probe/x87ptr.S -no-pie)
set(ORACLE_HOST_vm OFF)

# oracle_serve(TEST NEEDS need... COMMAND cmd... [FILES path...]): TEST (already added,
# with COMMAND as its command) needs what NEEDS lists of the machine its native half runs
# on.  Where the host lacks one, the test compares with the record the VM makes by
# running COMMAND with EMU_ORACLE_RECORD; FILES are the build outputs the command reads
# (its program), which the VM's image carries and whose digest keys the record.  Call
# it after set_tests_properties(TEST ...), which would replace the ENVIRONMENT set here.
function(oracle_serve name)
  cmake_parse_arguments(O "" "" "NEEDS;COMMAND;FILES" ${ARGN})
  set(vm OFF)
  foreach(need IN LISTS O_NEEDS)
    if(NOT need IN_LIST ORACLE_NEEDS)
      message(FATAL_ERROR "oracle_serve(${name}): unknown need '${need}' (${ORACLE_NEEDS})")
    endif()
    if(need STREQUAL "seg16")
      message(FATAL_ERROR "oracle_serve(${name}): the VM cannot serve seg16 (oracle_native_only)")
    endif()
    if(need STREQUAL "vm" OR ORACLE_CHOICE STREQUAL "vm" OR
       (ORACLE_CHOICE STREQUAL "auto" AND NOT ORACLE_HOST_${need}))
      set(vm ON)
    endif()
  endforeach()
  if(NOT vm)
    return()
  endif()
  set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT "EMU_ORACLE_REF=${ORACLE_DIR}/ref/${name}")
  set_property(TEST ${name} APPEND PROPERTY FIXTURES_REQUIRED oracle_vm)
  set_property(TEST ${name} APPEND PROPERTY LABELS oracle-vm)
  set(cmd "")
  foreach(a IN LISTS O_COMMAND)
    string(REPLACE "'" "'\\''" a "${a}")
    string(APPEND cmd " '${a}'")
  endforeach()
  string(STRIP "${cmd}" cmd)
  # The manifest is a CMake list: a '[' without its ']' would join the lines after it.
  string(REGEX MATCHALL "\\[" open "${cmd}")
  string(REGEX MATCHALL "\\]" close "${cmd}")
  list(LENGTH open no)
  list(LENGTH close nc)
  if(NOT no EQUAL nc)
    message(FATAL_ERROR "oracle_serve(${name}): its command has unbalanced [ ] (${cmd})")
  endif()
  string(JOIN " " files ${O_FILES})
  set_property(GLOBAL APPEND PROPERTY ORACLE_MANIFEST "${name}\t${files}\t${cmd}")
endfunction()

# oracle_native_only(TEST NEEDS need... WHY text): TEST needs the host itself (a CPU
# that runs the program beside emu, as --lockstep does, or CPU behaviour that the VM's
# software CPU does not model).  Where the host lacks a need, ctest gives the test
# EMU_ORACLE_UNSERVED (the runner prints it and exits 77: a skip that ctest counts and
# shows, never a pass) and the label oracle-unserved.
function(oracle_native_only name)
  cmake_parse_arguments(O "" "WHY" "NEEDS" ${ARGN})
  set(missing "")
  foreach(need IN LISTS O_NEEDS)
    if(ORACLE_CHOICE STREQUAL "vm" OR (ORACLE_CHOICE STREQUAL "auto" AND NOT ORACLE_HOST_${need}))
      list(APPEND missing ${need})
    endif()
  endforeach()
  if(NOT missing)
    return()
  endif()
  string(JOIN "," missing ${missing})
  set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT
               "EMU_ORACLE_UNSERVED=this test needs a host that runs ${missing} natively (${O_WHY}); this one does not (tests/oracle/README.md)")
  set_property(TEST ${name} APPEND PROPERTY LABELS oracle-unserved)
  set_property(GLOBAL APPEND PROPERTY ORACLE_UNSERVED ${name})
endfunction()

# oracle_finish(): the manifest, the fixture test oracle.vm that brings its records up
# to date (only when some test needs the VM), and the summary .ci/run prints.
function(oracle_finish)
  get_property(lines GLOBAL PROPERTY ORACLE_MANIFEST)
  list(LENGTH lines n)
  get_property(unserved GLOBAL PROPERTY ORACLE_UNSERVED)
  list(LENGTH unserved nu)
  set(body "")
  foreach(l IN LISTS lines)
    string(APPEND body "${l}\n")
  endforeach()
  # Rewritten only when it changes, so an unchanged manifest keeps its records' age.
  file(WRITE ${ORACLE_DIR}/manifest.tsv.new "${body}")
  configure_file(${ORACLE_DIR}/manifest.tsv.new ${ORACLE_DIR}/manifest.tsv COPYONLY)
  set(summary "oracle: choice ${ORACLE_CHOICE}. Host runs i386: ${ORACLE_HOST_i386_WHY}. ")
  string(APPEND summary "Host runs compat mode: ${ORACLE_HOST_compat_WHY}. ")
  string(APPEND summary "Host runs 16-bit code: ${ORACLE_HOST_seg16_WHY}. ")
  string(APPEND summary "Host CPU keeps the x87 pointers as emu (else masked): "
         "${ORACLE_HOST_x87ptr_WHY}.\n")
  string(APPEND summary "oracle: ${n} tests compare against Debian's kernel under "
         "qemu-system-x86_64, the others against this host\n")
  string(APPEND summary "oracle: ${nu} tests need this host itself and skip here "
         "(label oracle-unserved)\n")
  file(WRITE ${ORACLE_DIR}/choice.txt "${summary}")
  message(STATUS "oracle: ${ORACLE_CHOICE}: i386 ${ORACLE_HOST_i386_WHY}; compat mode "
                 "${ORACLE_HOST_compat_WHY}; 16-bit code ${ORACLE_HOST_seg16_WHY}; "
                 "x87 pointers as emu ${ORACLE_HOST_x87ptr_WHY}; "
                 "${n} tests served by the VM, ${nu} skip")
  if(n GREATER 0)
    add_test(NAME oracle.vm
             COMMAND bash ${ORACLE_SRC}/vm/run.sh --dir ${ORACLE_DIR} --source ${CMAKE_SOURCE_DIR})
    set_tests_properties(oracle.vm PROPERTIES FIXTURES_SETUP oracle_vm TIMEOUT 2700
                         LABELS oracle)
  endif()
endfunction()
