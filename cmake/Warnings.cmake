# Project-wide warning flags. EDP_WERROR (on in the ci and asan presets) turns
# them into errors; third-party and generated code is compiled without them.
# Release builds use -O2: GCC 12 at -O3 reports false -Wrestrict errors in
# std::string concatenation (GCC PR105329).
set(EDP_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(EDP_WERROR)
  list(APPEND EDP_WARNING_FLAGS -Werror)
endif()

# edp_target_warnings(<target>): apply the project warning set to a target.
function(edp_target_warnings target)
  target_compile_options(${target} PRIVATE ${EDP_WARNING_FLAGS})
endfunction()
