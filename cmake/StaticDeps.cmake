# Static third-party dependencies for the shipped executables.
#
# With EDP_STATIC_DEPS (default ON; forced OFF under EDP_SANITIZE / EDP_FUZZ)
# an executable marked with edp_link_static_deps(<target>) links gRPC++, grpc,
# gpr, upb, address_sorting, re2, c-ares, zlib, protobuf, every abseil library
# they need, OpenSSL and (when its archive exists) ICU from
# the static archives Debian ships (/usr/lib/<arch>/lib*.a). libc, libm,
# libstdc++ and libgcc_s stay dynamic. This removes ~55 shared objects from
# the provider's start-up (loading, symbol lookup, relocation): handshake
# median 13.6 -> 7.1 ms, idle RSS 22 -> 17 MB (bench_provider_startup, AutoMTLS).
# Every other executable (tests, test providers, tools, benchmarks) keeps
# linking the shared libraries, so their links stay fast.
#
# How it works
#   Libraries do not link the imported third-party targets directly but the
#   wrapper targets defined here:
#
#     edp::dep::grpcpp    gRPC::grpc++           edp::dep::protobuf  protobuf::libprotobuf
#     edp::dep::openssl   OpenSSL::SSL + Crypto  edp::dep::mpfr      PkgConfig::MPFR
#     edp::dep::gmp       PkgConfig::GMP         edp::dep::icuuc     ICU::uc
#
#   Each wrapper's link interface is a generator expression on the target
#   property EDP_STATIC_DEPS of the executable being linked: unset -> the
#   shared imported target(s); ON -> edp_static_deps, one link group
#   (--start-group ... --end-group) holding every static archive, so archive
#   order does not matter and the group lands after all project libraries.
#   A shipped executable therefore never sees the shared gRPC/absl/protobuf
#   libraries, and cannot end up with two copies. edp_link_static_deps() sets
#   the property and adds a post-build check that fails the build if a shared
#   gRPC/absl/protobuf/OpenSSL/... library is still in DT_NEEDED.
#
#   The archive list comes from `pkg-config --static --libs <module>`; each
#   -lfoo becomes the libfoo.a found by find_library, except the libc family
#   (c, m, dl, pthread, rt, util, resolv, atomic, stdc++, gcc, gcc_s), which
#   stays dynamic. gRPC++, protobuf and OpenSSL must be available statically
#   (a missing archive is a configure error: install the -dev package or
#   configure with -DEDP_STATIC_DEPS=OFF); ICU falls back to its shared
#   library when the archive is missing; MPFR and GMP (LGPL) always stay
#   shared.
#
# Script mode (used by the post-build check):
#   cmake -DEDP_CHECK_BINARY=<file> -DEDP_READELF=<readelf> -P StaticDeps.cmake

if(CMAKE_SCRIPT_MODE_FILE)
  # Post-build check: no shared copy of a statically linked dependency.
  execute_process(COMMAND "${EDP_READELF}" -d "${EDP_CHECK_BINARY}"
                  OUTPUT_VARIABLE _dyn RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "readelf -d ${EDP_CHECK_BINARY} failed")
  endif()
  string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" _needed "${_dyn}")
  set(_bad)
  foreach(_n IN LISTS _needed)
    string(REGEX REPLACE "Shared library: \\[([^]]+)\\]" "\\1" _n "${_n}")
    if(_n MATCHES "^lib(grpc|gpr|upb|address_sorting|re2|cares|protobuf|absl_|ssl|crypto|z\\.|icu)")
      list(APPEND _bad ${_n})
    endif()
  endforeach()
  if(_bad)
    list(JOIN _bad ", " _bad)
    message(FATAL_ERROR "${EDP_CHECK_BINARY} is linked with EDP_STATIC_DEPS but still "
                        "needs shared ${_bad}: a library links a third-party target directly "
                        "instead of its edp::dep:: wrapper (cmake/StaticDeps.cmake)")
  endif()
  return()
endif()

include(CMakeDependentOption)
cmake_dependent_option(EDP_STATIC_DEPS
  "Link shipped executables against static gRPC/absl/protobuf/OpenSSL/ICU"
  ON "NOT EDP_SANITIZE;NOT EDP_FUZZ" OFF)

# Libraries that stay dynamic even when a static archive exists.
set(_EDP_DYNAMIC_SYSTEM_LIBS c m dl pthread rt util resolv atomic stdc++ gcc gcc_s)

# _edp_static_archives(<pkg-config module> <archives-var> <system-var> <missing-var>)
function(_edp_static_archives module archives_var system_var missing_var)
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --static --libs ${module}
                  OUTPUT_VARIABLE flags RESULT_VARIABLE rc ERROR_VARIABLE err
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --static --libs ${module} failed: ${err}")
  endif()
  execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --variable=libdir ${module}
                  OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(dirs ${libdir})
  set(archives)
  set(system)
  set(missing)
  foreach(flag IN LISTS flags)
    if(flag MATCHES "^-L(.+)$")
      list(APPEND dirs "${CMAKE_MATCH_1}")
    elseif(flag MATCHES "^-l(.+)$")
      set(name "${CMAKE_MATCH_1}")
      if(name IN_LIST _EDP_DYNAMIC_SYSTEM_LIBS)
        list(APPEND system "${name}")
        continue()
      endif()
      unset(archive)
      find_library(archive NAMES lib${name}.a HINTS ${dirs} NO_CACHE)
      if(archive)
        list(APPEND archives "${archive}")
      else()
        list(APPEND missing "lib${name}.a")
      endif()
    endif()
    # Other flags (-pthread, -Wl,--push-state,--as-needed, ...) are covered
    # by the system libraries added to edp_static_deps below.
  endforeach()
  list(REMOVE_DUPLICATES archives)
  list(REMOVE_DUPLICATES system)
  set(${archives_var} ${archives} PARENT_SCOPE)
  set(${system_var} ${system} PARENT_SCOPE)
  set(${missing_var} ${missing} PARENT_SCOPE)
endfunction()

set(_edp_static_all_archives)
set(_edp_static_all_system)
set(_edp_static_cond "$<BOOL:$<TARGET_PROPERTY:EDP_STATIC_DEPS>>")

# _edp_dep(<name> <pkg-config module> REQUIRED|OPTIONAL|SHARED <imported targets...>)
# SHARED: always the shared library, even with EDP_STATIC_DEPS.
# Defines edp::dep::<name> (see the file comment).
function(_edp_dep name module mode)
  set(targets ${ARGN})
  add_library(edp_dep_${name} INTERFACE)
  add_library(edp::dep::${name} ALIAS edp_dep_${name})
  set(static OFF)
  if(EDP_STATIC_DEPS AND NOT mode STREQUAL "SHARED")
    _edp_static_archives(${module} archives system missing)
    if(missing AND mode STREQUAL "REQUIRED")
      message(FATAL_ERROR "EDP_STATIC_DEPS: static archives missing for ${module}: ${missing}. "
                          "Install the -dev package that ships them or configure with "
                          "-DEDP_STATIC_DEPS=OFF.")
    elseif(missing)
      message(STATUS "EDP_STATIC_DEPS: ${module} stays shared (missing ${missing})")
    else()
      set(static ON)
      list(APPEND _edp_static_all_archives ${archives})
      list(APPEND _edp_static_all_system ${system})
      set(_edp_static_all_archives ${_edp_static_all_archives} PARENT_SCOPE)
      set(_edp_static_all_system ${_edp_static_all_system} PARENT_SCOPE)
    endif()
  endif()
  if(static)
    foreach(t IN LISTS targets)
      target_link_libraries(edp_dep_${name} INTERFACE "$<$<NOT:${_edp_static_cond}>:${t}>")
    endforeach()
    target_link_libraries(edp_dep_${name} INTERFACE "$<${_edp_static_cond}:edp_static_deps>")
  else()
    target_link_libraries(edp_dep_${name} INTERFACE ${targets})
  endif()
endfunction()

_edp_dep(grpcpp grpc++ REQUIRED gRPC::grpc++)
_edp_dep(protobuf protobuf REQUIRED protobuf::libprotobuf)
_edp_dep(openssl openssl REQUIRED OpenSSL::SSL OpenSSL::Crypto)
# MPFR and GMP are LGPL: they stay shared libraries so that shipped binaries
# carry no relinking obligation (costs ~0.1-0.2 ms of start-up).
_edp_dep(mpfr mpfr SHARED PkgConfig::MPFR)
_edp_dep(gmp gmp SHARED PkgConfig::GMP)
_edp_dep(icuuc icu-uc OPTIONAL ICU::uc)
# libcurl (provider/otc) has too many transitive dependencies (nghttp2,
# libssh2, krb5, ldap, ...) to link statically: it stays shared. Its own
# libssl/libcrypto then load next to the static OpenSSL copy; the static
# copy's symbols are not exported (--exclude-libs in edp_link_static_deps),
# so each copy stays self-contained.
find_package(CURL REQUIRED)
_edp_dep(curl libcurl SHARED CURL::libcurl)

# edp_static_deps: every static archive in one RESCAN link group, then the
# libc-family libraries they need (--as-needed: glibc >= 2.34 has most of them
# in libc itself).
add_library(edp_static_deps INTERFACE)
if(_edp_static_all_archives)
  list(REMOVE_DUPLICATES _edp_static_all_archives)
  list(REMOVE_DUPLICATES _edp_static_all_system)
  list(LENGTH _edp_static_all_archives _n)
  message(STATUS "EDP_STATIC_DEPS: ${_n} static archives for shipped executables")
  string(REPLACE ";" "," _group "${_edp_static_all_archives}")
  set(_system_flags)
  foreach(lib IN LISTS _edp_static_all_system)
    list(APPEND _system_flags "-l${lib}")
  endforeach()
  target_link_libraries(edp_static_deps INTERFACE
    "$<LINK_GROUP:RESCAN,${_group}>"
    "-Wl,--push-state,--as-needed" ${_system_flags} "-Wl,--pop-state"
    Threads::Threads)
endif()

# edp_link_static_deps(<target>): link the executable <target> against the
# static third-party archives (no-op when EDP_STATIC_DEPS is OFF). Its
# project libraries must reach third-party code only through edp::dep::*.
function(edp_link_static_deps target)
  if(NOT EDP_STATIC_DEPS)
    return()
  endif()
  set_property(TARGET ${target} PROPERTY EDP_STATIC_DEPS ON)
  # --gc-sections drops unreferenced sections of the archives (Debian builds
  # gRPC with -ffunction-sections): ~0.6 MB less idle RSS, same start-up.
  # Compiling the project itself with -ffunction-sections -fdata-sections
  # saves another 1 MB of text but no RSS, so it is not done.
  # Measured and left out: -z now (0.4-0.8 ms slower to the handshake than
  # lazy binding), -z pack-relative-relocs (1.5 MB less RSS, same start-up,
  # but needs glibc >= 2.36 at run time), -no-pie (loses ASLR for a binary
  # that terminates TLS), -Wl,-O1 (only affects shared-library output).
  target_link_options(${target} PRIVATE "LINKER:--gc-sections")
  # Keep the static archives' symbols out of the dynamic symbol table: a
  # shared library that brings its own copy (libcurl -> libssl.so.3 ->
  # libcrypto.so.3) would otherwise bind part of its calls to our static
  # OpenSSL and mix two copies' internal state (tests/integration/otc_client
  # otc_client_static_tls_test).
  target_link_options(${target} PRIVATE "LINKER:--exclude-libs,ALL")
  if(CMAKE_READELF)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DEDP_CHECK_BINARY=$<TARGET_FILE:${target}>
              -DEDP_READELF=${CMAKE_READELF} -P ${PROJECT_SOURCE_DIR}/cmake/StaticDeps.cmake
      VERBATIM)
  endif()
endfunction()
