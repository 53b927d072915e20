// The node's start-up options (`cairn [options]`), parsed from the command line with
// QCommandLineParser: --datadir, --network, --daemon, --debug, the RPC and metrics listeners, plus
// --help and --version.
// Thread safety: used on the main thread during start-up only.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <string>

#include "runtime/node_context.h"
#include "util/result.h"

namespace cairn::app {

enum class RunMode { Gui, Daemon };

struct StartupOptions {
  RunMode mode = RunMode::Gui;
  QString network;       // "devnet" or "testnet"
  QString base_datadir;  // the folder that holds one sub-folder per network
  bool network_given = false;  // --network / --datadir were on the command line (the desktop app then
  bool datadir_given = false;  // uses them for this run instead of its saved settings)
  QString log_spec;      // e.g. "info,net=debug"
  bool print_to_console = true;

  // RPC (JSON-RPC, REST, WebSocket) and Prometheus metrics.
  bool rpc_enabled = true;
  QString rpc_bind = QStringLiteral("127.0.0.1");
  quint16 rpc_port = 0;      // never 0 after parsing unless --rpc-port 0 asked for an ephemeral port
  QStringList rpc_auth;      // "user:salt$hmac" entries (cairn util rpcauth)
  QString rpc_tls_cert;      // PEM certificate chain; TLS is on when both files are given
  QString rpc_tls_key;       // PEM private key
  QStringList rpc_cors;      // allowed browser origins; empty: no CORS
  QString metrics_bind = QStringLiteral("127.0.0.1");
  std::optional<quint16> metrics_port;  // a separate unauthenticated /metrics listener when set

  // Peer-to-peer network (PROTOCOL.md section 10).
  bool p2p_enabled = true;
  QString p2p_bind = QStringLiteral("0.0.0.0");
  quint16 p2p_port = 0;        // never 0 after parsing unless --p2p-port 0 asked for an ephemeral port
  QStringList connect;         // host:port: only these peers
  QStringList seeds;           // host:port: bootstrap peers
  bool lan_discovery = true;
  bool test_double_propose = false;  // hidden test switch (devnet only): this node double-proposes

  // <base_datadir>/<network>: where this network's chain, wallet and debug.log live.
  QString NetworkDir() const;
};

// The node's log file: <network dir>/debug.log.
QString LogFilePath(const StartupOptions& options);
// Sends the node's log to LogFilePath (and to stderr unless --quiet) at the --debug levels: what both the
// daemon and the desktop app do before their node starts. Fails with one sentence.
util::Result<void, std::string> ConfigureNodeLogging(const StartupOptions& options);

// Parses `arguments` (argv including the program name). Prints --help/--version output and returns
// exit_code 0, or prints a one-line error and returns exit_code 1; otherwise returns the options.
struct ParsedStartup {
  std::optional<StartupOptions> options;
  int exit_code = 0;
};
ParsedStartup ParseStartupOptions(const QStringList& arguments);

QStringList KnownNetworks();

// The default RPC port of a network: devnet 7451, testnet 17451.
quint16 DefaultRpcPort(const QString& network);
// The default p2p port of a network: devnet 7452, testnet 17452.
quint16 DefaultP2pPort(const QString& network);
// Puts the p2p options (and the test switch) into a node's configuration.
void ApplyNetworkOptions(const StartupOptions& options, runtime::NodeConfig& config);

// True for 127.0.0.0/8, ::1 and "localhost": addresses only this machine can reach.
bool IsLoopbackAddress(const QString& address);

// The default folder for all networks' data: <generic data location>/cairn (~/.local/share/cairn).
QString DefaultDataDir();

}  // namespace cairn::app
