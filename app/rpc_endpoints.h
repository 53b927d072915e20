// The node's RPC listeners, started from the start-up options once the node runs: JSON-RPC, REST and
// WebSocket on --rpc-bind:--rpc-port (cookie and --rpc-auth users; TLS with --rpc-tls-cert), and,
// with --metrics-port, Prometheus /metrics without authentication on its own listener.
// The cookie file (<network folder>/.cookie, mode 0600) is written fresh at each start and removed on
// a clean stop, so a stale cookie never authenticates against a later run.
// Thread safety: Start and destruction on the main thread.
// Ownership: borrows the api::Node and api::Wallet, which must outlive the endpoints; owns the servers and the service.
// Failure: Start returns one sentence (port in use, unreadable TLS files, a malformed --rpc-auth).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/node.h"
#include "api/wallet.h"
#include "rpc/http_server.h"
#include "rpc/service.h"
#include "startup_options.h"
#include "util/result.h"

namespace cairn::app {

class RpcEndpoints {
 public:
  // `wallet` (optional) serves the wallet.* methods on the authenticated RPC listener only.
  static util::Result<std::unique_ptr<RpcEndpoints>, std::string> Start(const StartupOptions& options,
                                                                        api::Node& node, api::Wallet* wallet);
  ~RpcEndpoints();
  RpcEndpoints(const RpcEndpoints&) = delete;
  RpcEndpoints& operator=(const RpcEndpoints&) = delete;

  std::uint16_t rpc_port() const;
  std::optional<std::uint16_t> metrics_port() const;

 private:
  RpcEndpoints() = default;

  std::unique_ptr<rpc::Service> m_service;
  std::unique_ptr<rpc::Service> m_metrics_service;  // /metrics of m_service, nothing else
  std::unique_ptr<rpc::HttpServer> m_rpc;      // declared after m_service: stopped before it goes
  std::unique_ptr<rpc::HttpServer> m_metrics;
};

}  // namespace cairn::app
