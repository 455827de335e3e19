# Helpers for tests, fuzz targets and benchmarks.

# edp_test(<name> SOURCES <files...> LIBS <targets...> LABELS <labels...>
#          [ENVIRONMENT <VAR=value...>])
# A GoogleTest executable registered with ctest under the given labels
# (unit, integration, e2e, conformance, fuzz).
function(edp_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  edp_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  if(T_ENVIRONMENT)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${T_ENVIRONMENT}")
  endif()
endfunction()

# edp_fuzz_target(<name> SOURCE <file> LIBS <targets...> CORPUS <dir>)
# The source defines LLVMFuzzerTestOneInput. With EDP_FUZZ (clang) it becomes
# a libFuzzer binary run by scripts/fuzz.sh; otherwise it is linked with a
# replay driver and registered as a ctest (label "fuzz") that feeds every file
# of the seed corpus through it, so the normal and sanitizer builds check the
# corpus on every run.
function(edp_fuzz_target name)
  cmake_parse_arguments(F "" "SOURCE;CORPUS" "LIBS" ${ARGN})
  if(EDP_FUZZ)
    add_executable(${name} ${F_SOURCE})
    target_link_libraries(${name} PRIVATE ${F_LIBS})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set_property(GLOBAL APPEND PROPERTY EDP_FUZZ_TARGETS ${name})
  else()
    add_executable(${name} ${F_SOURCE} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
    target_link_libraries(${name} PRIVATE ${F_LIBS})
    edp_target_warnings(${name})
    if(EDP_TESTS)
      add_test(NAME ${name}_corpus COMMAND ${name} ${F_CORPUS})
      set_tests_properties(${name}_corpus PROPERTIES LABELS "fuzz")
    endif()
  endif()
endfunction()
