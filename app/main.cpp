// Cairn's entry point: `cairn [options]` starts the node (with a window, or headless with --daemon);
// `cairn rpc METHOD [PARAMS...]` calls a running node; `cairn util ...` runs the key and encoding tools;
// `cairn slashing-protection import|export FILE` moves validators' signing history (EIP-3076).
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include <csignal>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>

#include <pthread.h>

#include "cairn_qml_plugins.h"
#include "desktop_app.h"
#include "devnet_command.h"
#include "rpc_command.h"
#include "rpc_endpoints.h"
#include "slashing_protection_command.h"
#include "startup_options.h"
#include "runtime/node_context.h"
#include "util/log.h"
#include "util_command.h"

namespace {

int RunNode(const cairn::app::StartupOptions& options) {
  QTextStream err(stderr);
  const QString dir = options.NetworkDir();
  if (!QDir().mkpath(dir)) {
    err << "cairn: cannot create data folder " << dir << "\n";
    return 1;
  }
  if (auto configured = cairn::app::ConfigureNodeLogging(options); !configured) {
    err << "cairn: " << QString::fromStdString(configured.error()) << "\n";
    return 1;
  }
  CAIRN_LOG(App, Info) << "Cairn " << CAIRN_VERSION << " starting: network " << options.network.toStdString()
                       << ", data folder " << dir.toStdString() << ", headless mode";
  if (options.network != QStringLiteral("devnet")) {
    // Kept as before this engine existed (exit 0, tests/cli expects it): a testnet node needs peers,
    // and this build has no networking yet.
    CAIRN_LOG(App, Warn) << "network " << options.network.toStdString()
                         << " cannot run yet (no networking in this build); use --network devnet. Exiting.";
    return 0;
  }
  // SIGINT/SIGTERM are blocked before any thread starts (threads inherit the mask) and taken with
  // sigtimedwait on this thread: no work runs in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  cairn::runtime::NodeConfig config;
  config.network_dir = dir.toStdString();
  config.network = options.network.toStdString();
  cairn::app::ApplyNetworkOptions(options, config);
  cairn::runtime::NodeContext node(config);
  if (auto started = node.Start(); !started) {
    CAIRN_LOG(App, Error) << "cannot start the node: " << started.error();
    return 1;
  }
  std::unique_ptr<cairn::app::RpcEndpoints> rpc;
  if (options.rpc_enabled) {
    auto endpoints = cairn::app::RpcEndpoints::Start(options, node.api(), &node.wallet());
    if (!endpoints) {
      CAIRN_LOG(App, Error) << "cannot start the RPC server: " << endpoints.error();
      node.Stop();
      return 1;
    }
    rpc = std::move(*endpoints);
  }
  int received = 0;
  while (received <= 0) {
    const timespec poll{0, 500'000'000};
    received = sigtimedwait(&stop_signals, nullptr, &poll);
    if (received <= 0 && node.status().halted) break;
  }
  const bool halted = received <= 0;
  CAIRN_LOG(App, Info) << (halted ? std::string("node halted") : "received " + std::string(strsignal(received)))
                       << "; shutting down";
  rpc.reset();  // no request may reach a node that is stopping
  node.Stop();
  CAIRN_LOG(App, Info) << "shut down cleanly";
  return halted ? 1 : 0;
}

}  // namespace

// The window needs a QApplication (QCustomPlot charts are widgets: STACK.md pitfall 3); the command
// tools, --daemon and bad or --help command lines must work on a server without a display, so the
// options are parsed first and only a desktop start makes a QApplication.
int main(int argc, char** argv) {
  QCoreApplication::setApplicationName(QStringLiteral("cairn"));
  QCoreApplication::setOrganizationName(QStringLiteral("Cairn"));
  QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));
  QStringList args;
  for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);

  const QString command = args.size() >= 2 ? args.at(1) : QString();
  if (command == QStringLiteral("util") || command == QStringLiteral("rpc") ||
      command == QStringLiteral("slashing-protection") || command == QStringLiteral("devnet")) {
    QCoreApplication app(argc, argv);
    if (command == QStringLiteral("devnet")) return cairn::app::RunDevnetCommand(args.mid(2));
    if (command == QStringLiteral("util")) return cairn::app::RunUtilCommand(args.mid(2));
    if (command == QStringLiteral("rpc")) return cairn::app::RunRpcCommand(args.mid(2));
    return cairn::app::RunSlashingProtectionCommand(args.mid(2));
  }
  const auto parsed = cairn::app::ParseStartupOptions(args);
  if (!parsed.options) return parsed.exit_code;
  if (parsed.options->mode == cairn::app::RunMode::Gui) {
    QApplication app(argc, argv);
    return cairn::app::RunGui(*parsed.options);
  }
  QCoreApplication app(argc, argv);
  return RunNode(*parsed.options);
}
