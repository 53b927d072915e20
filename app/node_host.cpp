#include "node_host.h"

#include <QDir>

#include "console_backend.h"
#include "util/log.h"

namespace cairn::app {

NodeHost::NodeHost(StartupOptions options) : m_options(std::move(options)) {}

NodeHost::~NodeHost() { Shutdown(); }

util::Result<ui::Launched, std::string> NodeHost::Launch(const ui::LaunchRequest& request) {
  Shutdown();
  StartupOptions options = m_options;
  options.network = QString::fromStdString(request.network);
  options.base_datadir = QString::fromStdString(request.data_dir);
  const QString dir = options.NetworkDir();
  if (!QDir().mkpath(dir)) return util::Err("Cannot create the data folder " + dir.toStdString() + ".");

  if (!m_logging_configured) {
    if (auto configured = ConfigureNodeLogging(options); !configured) return util::Err(configured.error());
    m_logging_configured = true;
  }
  ui::Launched launched;
  launched.network_dir = dir.toStdString();
  launched.log_path = LogFilePath(options).toStdString();
  CAIRN_LOG(App, Info) << "Cairn " << CAIRN_VERSION << " starting: network " << request.network << ", data folder "
                       << launched.network_dir << ", desktop mode";
  if (request.network != "devnet") {
    return util::Err("The " + request.network +
                     " needs peer-to-peer networking, which this version of Cairn does not have yet. Choose the "
                     "devnet to try Cairn on this computer.");
  }

  runtime::NodeConfig config = m_config_template;
  config.network_dir = launched.network_dir;
  config.network = request.network;
  m_node = std::make_unique<runtime::NodeContext>(config);
  if (auto started = m_node->Start(); !started) {
    CAIRN_LOG(App, Error) << "cannot start the node: " << started.error();
    m_node.reset();
    return util::Err("The node could not start: " + started.error());
  }
  if (!request.validate_on_launch) (void)m_node->api().SetValidating(false);

  if (request.rpc_enabled) {
    options.rpc_port = request.rpc_port != 0 ? request.rpc_port : DefaultRpcPort(options.network);
    auto endpoints = RpcEndpoints::Start(options, m_node->api(), &m_node->wallet());
    if (endpoints) {
      m_rpc = std::move(*endpoints);
      launched.rpc_endpoint = options.rpc_bind.toStdString() + ":" + std::to_string(m_rpc->rpc_port());
    } else {
      // A second Cairn on this machine, or another program, holds the port: the wallet and the chain
      // still work without RPC, so the window says so instead of refusing to start.
      CAIRN_LOG(App, Warn) << "RPC server not started: " << endpoints.error();
      launched.rpc_error = endpoints.error();
    }
  }
  launched.node = &m_node->api();
  launched.wallet = &m_node->wallet();
  m_console = std::make_unique<InProcessConsole>(m_node->api(), &m_node->wallet());
  launched.console = m_console.get();
  return launched;
}

void NodeHost::Shutdown() {
  m_console.reset();
  m_rpc.reset();  // no request may reach a node that is stopping
  if (m_node) {
    m_node->Stop();
    CAIRN_LOG(App, Info) << "shut down cleanly";
  }
  m_node.reset();
}

}  // namespace cairn::app
