// NodeHost: the desktop app's ui::NodeLauncher. It runs the same node as `cairn --daemon` (a
// runtime::NodeContext with its threads, plus the RPC listeners when enabled) inside the GUI process.
//
// Thread safety: Launch and Shutdown from one thread at a time (ui::Session calls them on a worker).
// Ownership: owns the node and the listeners from Launch to Shutdown (and the destructor).
// Failure: Launch answers one sentence; the details are in <network dir>/debug.log.
#pragma once

#include <memory>

#include "rpc_endpoints.h"
#include "runtime/node_context.h"
#include "startup_options.h"
#include "ui/node_launcher.h"

namespace cairn::app {

class NodeHost final : public ui::NodeLauncher {
 public:
  // `options`: the command line's (log spec, RPC bind/auth/TLS); network, folder and RPC port come
  // with each LaunchRequest.
  explicit NodeHost(StartupOptions options);
  ~NodeHost() override;

  util::Result<ui::Launched, std::string> Launch(const ui::LaunchRequest& request) override;
  void Shutdown() override;

  // For tests and benchmarks: the running node (null when not launched).
  runtime::NodeContext* node() { return m_node.get(); }
  // Passed to every NodeContext this host creates (tests: cheap wallet key derivation, observers).
  void SetConfigTemplate(runtime::NodeConfig config) { m_config_template = std::move(config); }

 private:
  StartupOptions m_options;
  runtime::NodeConfig m_config_template;
  bool m_logging_configured = false;
  std::unique_ptr<runtime::NodeContext> m_node;
  std::unique_ptr<RpcEndpoints> m_rpc;
  std::unique_ptr<ui::ConsoleBackend> m_console;
};

}  // namespace cairn::app
