// The RPC's method table as data: every JSON-RPC method with its parameters and a one-line summary.
// `cairn rpc --help` prints it, rpc.methods returns it, and the dispatcher (dispatch.h) binds request
// parameters against it, so the listing cannot drift from what the server accepts.
//
// Parameters may be passed by position (a JSON array, in the declared order; null stands for an
// omitted optional) or by name (a JSON object; unknown names are an error).
//
// Thread safety: the table is built once (thread-safe static initialisation) and never changes.
// Ownership: the returned references point into that static table and stay valid for the program's life.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace cairn::rpc {

enum class ParamType : std::uint8_t {
  Integer,      // a JSON number: non-negative integer within u64
  Boolean,      // true / false
  String,       // any JSON string
  Hash,         // 64 hex digits (block id, tx id)
  Hex,          // an even number of hex digits (raw bytes)
  Address,      // bech32m with the network's prefix
  Cursor,       // an opaque string: a previous page's "next_cursor"
  StringList,   // a JSON array of strings
  AddressList,  // a JSON array of addresses
};
std::string_view ParamTypeName(ParamType type);  // "integer", "boolean", "string", "hash", ...

enum class Required : std::uint8_t { No, Yes };
// A secret parameter (a passphrase or a mnemonic of wallet.*) is never repeated: not in an error
// message (the dispatcher withholds any message that would), not in logs or metrics (rpc/ records no
// parameter values). Clients such as `cairn rpc` should read it from standard input rather than take
// it on a command line, where the process list and shell history would keep it.
enum class Secret : std::uint8_t { No, Yes };

struct ParamSpec {
  std::string_view name;
  ParamType type;
  Required required;
  Secret secret = Secret::No;
};

// Where a method may be called: subscriptions need a connection that outlives the request.
enum class Transport : std::uint8_t { Any, WebSocketOnly };
std::string_view TransportName(Transport transport);  // "any", "websocket"

struct MethodInfo {
  std::string_view name;  // "chain.block"
  std::vector<ParamSpec> params;
  std::string_view summary;
  Transport transport = Transport::Any;
};

// Every method, in listing order. Its positions are stable for the process (metrics index by them).
const std::vector<MethodInfo>& Methods();
// Nothing for an unknown name.
const MethodInfo* FindMethod(std::string_view name);

}  // namespace cairn::rpc
