// Command-line words -> JSON-RPC params, shared by `cairn rpc` (rpc_command.cpp) and the desktop
// console (console_backend.cpp), so that a command typed in either place means the same thing.
//
// Positional words go in the method's declared order; an optional parameter the text cannot be is
// skipped (`chain.block 7` fills `height`, `chain.block HASH` fills `hash`); secret parameters are never
// positional (they come from standard input or a masked field). Text-typed parameters (hashes, hex,
// addresses, cursors, strings) are taken as they are, so "1234" stays a string; numbers, booleans and
// lists are JSON. For an unknown method the words become a JSON array (JSON where the text parses,
// else a string) and the node judges.
//
// Thread safety: pure functions, any thread. Failure: a sentence without the "cairn rpc: " prefix.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rpc/methods.h"
#include "util/result.h"

namespace cairn::app {

enum class ParamStyle : std::uint8_t { Positional, Named };  // Named: each word is name=value

// One word as the value of `spec` (null: unknown method or parameter).
nlohmann::json ParamValue(const rpc::ParamSpec* spec, const std::string& text);

// `method`: the method's name as typed; `words`: the words after it.
util::Result<nlohmann::json, std::string> BuildParams(std::string_view method, const std::vector<std::string>& words,
                                                      ParamStyle style);

}  // namespace cairn::app
