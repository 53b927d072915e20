// cairn_rpc internal: running a method of the table (methods.h) for any front end. JSON-RPC over HTTP
// (service.cpp), REST (rest.cpp) and JSON-RPC over WebSocket (subscriptions.cpp) all end in
// Dispatcher::Call, so a resource has one handler, one parameter check and one JSON shape.
//
// Thread safety: Dispatcher::Call and the counters may be used from any thread at once (the handlers
// keep no state; counters are atomics). ConnectionMethods belong to one WebSocket session and are
// called on that session's message thread only.
// Ownership: the Dispatcher borrows the api::Node and the optional api::Wallet, which must outlive it;
// sessions share the Dispatcher (shared_ptr) so a late WebSocket teardown never sees it destroyed.
// Failure: every failure is an RpcError value; Call catches exceptions from third-party code and
// answers Internal.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/node.h"
#include "api/wallet.h"
#include "rpc/error_codes.h"
#include "rpc/json_codec.h"
#include "rpc/methods.h"
#include "rpc/metrics_text.h"

namespace cairn::rpc {

inline constexpr std::size_t DEFAULT_PAGE_SIZE = 20;

struct RpcError {
  int code = INTERNAL_ERROR;
  std::string message;
  Json data;  // null: no "data" member
};
template <class T>
using RpcResult = util::Result<T, RpcError>;

RpcError MakeError(int code, std::string message);
RpcError InvalidParam(std::string_view param, std::string_view why);  // "invalid params: param 'x' <why>"
RpcError FromApiError(const api::Error& error);
// REST: the HTTP status for an error code (400, 404, 503, 500).
unsigned HttpStatusFor(int code);
// {"code": ..., "message": ...[, "data": ...]}
Json ErrorJson(const RpcError& error);

// A method's parameters after binding: present only when given, already of the declared type.
class BoundParams {
 public:
  using Value = std::variant<std::uint64_t, bool, std::string, crypto::Hash256, util::Bytes, chain::Address,
                             std::vector<std::string>, std::vector<chain::Address>>;

  void Set(std::string_view name, Value value) { m_values.insert_or_assign(std::string(name), std::move(value)); }
  bool Has(std::string_view name) const { return m_values.find(name) != m_values.end(); }
  // Null when absent. The caller asks with the type the table declares (a mismatch is a bug: null).
  template <class T>
  const T* Get(std::string_view name) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? nullptr : std::get_if<T>(&it->second);
  }
  // A required parameter: binding guarantees it, so its absence is a table/handler mismatch (abort).
  template <class T>
  const T& Need(std::string_view name) const {
    const T* v = Get<T>(name);
    if (v == nullptr) util::ResultMisuse("rpc: a handler asked for a parameter its table entry does not require");
    return *v;
  }
  bool Flag(std::string_view name) const {
    const bool* v = Get<bool>(name);
    return v != nullptr && *v;
  }
  // The names of the given parameters (a method taking several shapes checks they fit the one chosen).
  std::vector<std::string_view> Names() const {
    std::vector<std::string_view> out;
    for (const auto& entry : m_values) out.emplace_back(entry.first);
    return out;
  }

 private:
  std::map<std::string, Value, std::less<>> m_values;
};

// Checks `params` (null/absent, a JSON array by position or an object by name) against the method.
RpcResult<BoundParams> BindParams(const MethodInfo& method, const Json& params, const JsonCodec& codec);

// Request counts by method (unknown names share one "unknown" slot), by REST route, errors by code.
// Only names from the table and codes from ERROR_CODES become labels: never a parameter value, so a
// passphrase or mnemonic in a wallet.* request cannot reach /metrics (nothing in rpc/ logs params either).
class RpcCounters {
 public:
  // Above the table's size (tests/rpc checks it): a method past this slot would be counted as "unknown".
  static constexpr std::size_t MAX_METHODS = 128;
  static constexpr std::size_t MAX_ROUTES = 32;
  void CountMethod(std::optional<std::size_t> method_index);
  void CountRoute(std::size_t route_index);
  void CountError(int code);
  // Labels: method names + "unknown", `route_names`, every ERROR_CODES entry.
  RpcCountersSnapshot Snapshot(const std::vector<std::string_view>& route_names) const;

 private:
  std::array<std::atomic<std::uint64_t>, MAX_METHODS + 1> m_methods{};
  std::array<std::atomic<std::uint64_t>, MAX_ROUTES> m_routes{};
  std::array<std::atomic<std::uint64_t>, ERROR_CODES.size()> m_errors{};
};

// The methods that need a live connection (subscribe/unsubscribe), implemented by a WebSocket session.
class ConnectionMethods {
 public:
  virtual ~ConnectionMethods() = default;
  virtual RpcResult<Json> Subscribe(const BoundParams& params) = 0;
  virtual RpcResult<Json> Unsubscribe(const BoundParams& params) = 0;
};

// What a method handler may use. The wallet.* handlers (wallet_methods.cpp) use `wallet`; the
// dispatcher answers UNAVAILABLE before binding when a method needs it and the node has none.
struct MethodContext {
  api::Node& node;
  const JsonCodec& codec;
  ConnectionMethods* connection;  // null over HTTP
  api::Wallet* wallet = nullptr;  // never null in a handler of a Needs::Wallet method
};

// A row of the method table (methods.cpp; wallet_methods.cpp adds the wallet section).
using Handler = RpcResult<Json> (*)(MethodContext&, const BoundParams&);
enum class Needs : std::uint8_t { Node, Wallet };
struct MethodDef {
  MethodInfo info;
  Handler handler;
  Needs needs = Needs::Node;
};
// The wallet.* rows, in listing order.
std::vector<MethodDef> WalletMethodDefs();

class Dispatcher {
 public:
  // `wallet` null: the node has no wallet and every wallet.* method answers UNAVAILABLE.
  Dispatcher(api::Node& node, JsonCodec codec, api::Wallet* wallet = nullptr)
      : m_node(node), m_codec(std::move(codec)), m_wallet(wallet) {}

  // Finds, counts, binds and runs a method. `connection` is null over HTTP (WebSocket-only methods
  // then answer METHOD_NOT_FOUND saying where they are available). REST calls are counted by route
  // (RpcCounters::CountRoute), not by method.
  enum class Origin : std::uint8_t { JsonRpc, Rest };
  RpcResult<Json> Call(std::string_view method, const Json& params, ConnectionMethods* connection,
                       Origin origin = Origin::JsonRpc);

  const JsonCodec& codec() const { return m_codec; }
  api::Node& node() { return m_node; }
  RpcCounters& counters() { return m_counters; }

 private:
  api::Node& m_node;
  JsonCodec m_codec;
  api::Wallet* m_wallet;
  RpcCounters m_counters;
};

// One JSON-RPC 2.0 message: a request or a batch (at most MAX_BATCH). Returns the response text, or
// nothing when every request was a notification (HTTP answers 204, WebSocket sends nothing).
inline constexpr std::size_t MAX_BATCH = 100;
inline constexpr int MAX_JSON_DEPTH = 32;  // deeper input is a parse error (bounds recursion)
std::optional<std::string> HandleJsonRpc(std::string_view text, Dispatcher& dispatcher, ConnectionMethods* connection);

}  // namespace cairn::rpc
