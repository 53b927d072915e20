# Helpers that keep Cairn's layering honest.
#
# Every node/ library is included as "<lib>/<file>.h". Each library publishes an include root that holds
# ONLY its own folder (a symlink in the build tree), so a target can include exactly the libraries it
# links: a layer that reaches upward fails to compile instead of silently growing a dependency.

set(CAIRN_ENGINE_TARGETS "" CACHE INTERNAL "node/ library targets")

function(cairn_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
    -Wcast-align -Wnull-dereference -Wformat=2)
  if(CAIRN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# cairn_engine_library(<lib> SOURCES ... [DEPENDS ...]) defines target cairn_<lib> from node/<lib>.
function(cairn_engine_library lib)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  set(target cairn_${lib})
  add_library(${target} STATIC ${ARG_SOURCES})
  set(root "${CMAKE_BINARY_DIR}/include-roots/${lib}")
  file(MAKE_DIRECTORY "${root}")
  if(NOT EXISTS "${root}/${lib}")
    file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}" "${root}/${lib}" SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC "${root}")
  target_link_libraries(${target} PUBLIC ${ARG_DEPENDS} PRIVATE ${ARG_PRIVATE_DEPENDS})
  set_target_properties(${target} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF POSITION_INDEPENDENT_CODE ON)
  cairn_warnings(${target})
  set(CAIRN_ENGINE_TARGETS ${CAIRN_ENGINE_TARGETS} ${target} CACHE INTERNAL "node/ library targets")
endfunction()

# node/ must run headless on a server: fail the configure step if any engine library links Qt.
function(cairn_check_engine_has_no_qt)
  foreach(target IN LISTS CAIRN_ENGINE_TARGETS)
    get_target_property(libs ${target} LINK_LIBRARIES)
    get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
    foreach(lib IN LISTS libs ilibs)
      if(lib MATCHES "Qt[0-9]*::")
        message(FATAL_ERROR "${target} links ${lib}: node/ must not depend on Qt (DESIGN.md section 1)")
      endif()
    endforeach()
  endforeach()
endfunction()
