#include "startup_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTextStream>

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <boost/asio/ip/address.hpp>

#include "util/log.h"

namespace cairn::app {

QStringList KnownNetworks() { return {QStringLiteral("devnet"), QStringLiteral("testnet")}; }

quint16 DefaultRpcPort(const QString& network) { return network == QStringLiteral("testnet") ? 17451 : 7451; }

namespace {

bool IsIpAddress(const QString& address) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(address.toStdString(), ec);
  return !ec;
}

}  // namespace

bool IsLoopbackAddress(const QString& address) {
  if (address == QStringLiteral("localhost")) return true;
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address.toStdString(), ec);
  return !ec && parsed.is_loopback();
}

QString StartupOptions::NetworkDir() const { return QDir(base_datadir).filePath(network); }

QString DefaultDataDir() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("cairn"));
}

ParsedStartup ParseStartupOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate(
      "main", "Cairn: a desktop proof-of-stake node with an embedded wallet.\n\n"
              "Other commands:\n"
              "  cairn rpc METHOD [PARAMS...]   call a running node (cairn rpc --help lists the methods)\n"
              "  cairn util ...   keys, addresses, signatures and hashes (cairn util --help)\n"
              "  cairn devnet --validators N [--nodes M]   a local multi-node devnet (cairn devnet --help)\n"
              "  cairn slashing-protection import|export FILE   EIP-3076 interchange of the\n"
              "                   validator's signing history (cairn slashing-protection --help)"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption datadir_opt(
      QStringLiteral("datadir"),
      QCoreApplication::translate("main", "Folder for chain data, wallets and logs (default: %1).").arg(DefaultDataDir()),
      QCoreApplication::translate("main", "dir"));
  const QCommandLineOption network_opt(
      QStringLiteral("network"),
      QCoreApplication::translate("main", "Network to join: %1 (default: devnet).").arg(KnownNetworks().join(", ")),
      QCoreApplication::translate("main", "name"), QStringLiteral("devnet"));
  const QCommandLineOption daemon_opt(QStringLiteral("daemon"),
                                      QCoreApplication::translate("main", "Run the node headless, without a window."));
  const QCommandLineOption debug_opt(
      QStringLiteral("debug"),
      QCoreApplication::translate("main", "Log levels: LEVEL or CATEGORY=LEVEL, comma-separated (e.g. info,net=debug)."),
      QCoreApplication::translate("main", "spec"), QStringLiteral("info"));
  const QCommandLineOption quiet_opt(QStringLiteral("quiet"),
                                     QCoreApplication::translate("main", "Log to the data folder's debug.log only."));
  const auto tr = [](const char* text) { return QCoreApplication::translate("main", text); };
  const QCommandLineOption no_rpc_opt(QStringLiteral("no-rpc"), tr("Do not serve RPC, REST or WebSocket requests."));
  const QCommandLineOption rpc_bind_opt(
      QStringLiteral("rpc-bind"),
      tr("Address the RPC server listens on (default: 127.0.0.1). Any other than loopback needs TLS."),
      tr("address"), QStringLiteral("127.0.0.1"));
  const QCommandLineOption rpc_port_opt(QStringLiteral("rpc-port"),
                                        tr("RPC port (default: 7451 on devnet, 17451 on testnet; 0: any free port)."),
                                        tr("port"));
  const QCommandLineOption rpc_auth_opt(
      QStringLiteral("rpc-auth"),
      tr("A user allowed besides the cookie, as user:salt$hash (see cairn util rpcauth). Repeatable."),
      tr("entry"));
  const QCommandLineOption rpc_tls_cert_opt(QStringLiteral("rpc-tls-cert"), tr("PEM certificate chain: serve RPC over TLS."),
                                            tr("file"));
  const QCommandLineOption rpc_tls_key_opt(QStringLiteral("rpc-tls-key"), tr("PEM private key of --rpc-tls-cert."),
                                           tr("file"));
  const QCommandLineOption rpc_cors_opt(QStringLiteral("rpc-cors"),
                                        tr("A browser origin allowed to call the RPC (e.g. http://localhost:3000). Repeatable."),
                                        tr("origin"));
  const QCommandLineOption metrics_port_opt(
      QStringLiteral("metrics-port"),
      tr("Also serve Prometheus /metrics without authentication on this port (default: only on the RPC port, "
         "with authentication)."),
      tr("port"));
  const QCommandLineOption metrics_bind_opt(QStringLiteral("metrics-bind"),
                                            tr("Address of the --metrics-port listener (default: 127.0.0.1)."),
                                            tr("address"), QStringLiteral("127.0.0.1"));
  const QCommandLineOption no_p2p_opt(QStringLiteral("no-p2p"), tr("Run without the peer-to-peer network (a node alone)."));
  const QCommandLineOption p2p_bind_opt(QStringLiteral("p2p-bind"),
                                        tr("Address the peer-to-peer listener binds (default: 0.0.0.0)."), tr("address"),
                                        QStringLiteral("0.0.0.0"));
  const QCommandLineOption p2p_port_opt(QStringLiteral("p2p-port"),
                                        tr("Peer-to-peer port (default: 7452 on devnet, 17452 on testnet; 0: any free port)."),
                                        tr("port"));
  const QCommandLineOption connect_opt(QStringLiteral("connect"),
                                       tr("Connect only to this peer (host:port); no other outbound peers. Repeatable."),
                                       tr("host:port"));
  const QCommandLineOption seed_opt(QStringLiteral("seed"),
                                    tr("A bootstrap peer (host:port); more are learnt from peers. Repeatable."),
                                    tr("host:port"));
  const QCommandLineOption no_lan_opt(QStringLiteral("no-lan-discovery"),
                                      tr("Do not look for peers on the local network (UDP multicast)."));
  QCommandLineOption double_propose_opt(QStringLiteral("test-double-propose"),
                                        QStringLiteral("Tests only (devnet): propose two conflicting blocks per slot."));
  double_propose_opt.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOptions({datadir_opt, network_opt, daemon_opt, debug_opt, quiet_opt, no_rpc_opt, rpc_bind_opt, rpc_port_opt,
                     rpc_auth_opt, rpc_tls_cert_opt, rpc_tls_key_opt, rpc_cors_opt, metrics_port_opt, metrics_bind_opt,
                     no_p2p_opt, p2p_bind_opt, p2p_port_opt, connect_opt, seed_opt, no_lan_opt, double_propose_opt});

  QTextStream err(stderr);
  if (!parser.parse(arguments)) {
    err << "cairn: " << parser.errorText() << "\n";
    return {std::nullopt, 1};
  }
  if (parser.isSet(QStringLiteral("help"))) {
    QTextStream(stdout) << parser.helpText();
    return {std::nullopt, 0};
  }
  if (parser.isSet(QStringLiteral("version"))) {
    QTextStream(stdout) << QCoreApplication::applicationName() << " " << QCoreApplication::applicationVersion() << "\n";
    return {std::nullopt, 0};
  }
  if (!parser.positionalArguments().isEmpty()) {
    err << "cairn: unknown command '" << parser.positionalArguments().first() << "' (see cairn --help)\n";
    return {std::nullopt, 1};
  }

  StartupOptions options;
  options.mode = parser.isSet(daemon_opt) ? RunMode::Daemon : RunMode::Gui;
  options.network = parser.value(network_opt);
  options.network_given = parser.isSet(network_opt);
  options.datadir_given = parser.isSet(datadir_opt);
  if (!KnownNetworks().contains(options.network)) {
    err << "cairn: unknown network '" << options.network << "' (known: " << KnownNetworks().join(", ") << ")\n";
    return {std::nullopt, 1};
  }
  options.base_datadir = parser.isSet(datadir_opt) ? QDir(parser.value(datadir_opt)).absolutePath() : DefaultDataDir();
  options.log_spec = parser.value(debug_opt);
  // Checked here, before a window or a node starts, so that a typo never opens the app.
  util::LogConfig checked;
  if (auto applied = util::ApplyLogSpec(checked, options.log_spec.toStdString()); !applied) {
    err << "cairn: --debug: " << QString::fromStdString(applied.error()) << "\n";
    return {std::nullopt, 1};
  }
  options.print_to_console = !parser.isSet(quiet_opt);

  const auto port_of = [&](const QCommandLineOption& option) -> std::optional<quint16> {
    bool ok = false;
    const uint port = parser.value(option).toUInt(&ok);
    if (!ok || port > 65535) {
      err << "cairn: --" << option.names().first() << " must be a port number from 0 to 65535, not '"
          << parser.value(option) << "'\n";
      return std::nullopt;
    }
    return static_cast<quint16>(port);
  };
  options.rpc_enabled = !parser.isSet(no_rpc_opt);
  options.rpc_bind = parser.value(rpc_bind_opt);
  options.rpc_port = DefaultRpcPort(options.network);
  if (parser.isSet(rpc_port_opt)) {
    const auto port = port_of(rpc_port_opt);
    if (!port) return {std::nullopt, 1};
    options.rpc_port = *port;
  }
  options.rpc_auth = parser.values(rpc_auth_opt);
  options.rpc_tls_cert = parser.value(rpc_tls_cert_opt);
  options.rpc_tls_key = parser.value(rpc_tls_key_opt);
  if (options.rpc_tls_cert.isEmpty() != options.rpc_tls_key.isEmpty()) {
    err << "cairn: --rpc-tls-cert and --rpc-tls-key go together\n";
    return {std::nullopt, 1};
  }
  if (!IsIpAddress(options.rpc_bind) && options.rpc_bind != QStringLiteral("localhost")) {
    err << "cairn: --rpc-bind '" << options.rpc_bind << "' is not an IP address\n";
    return {std::nullopt, 1};
  }
  if (!IsLoopbackAddress(options.rpc_bind) && options.rpc_tls_cert.isEmpty()) {
    // Passwords and cookies would cross the network in clear text.
    err << "cairn: --rpc-bind " << options.rpc_bind
        << " is reachable from other machines: give --rpc-tls-cert and --rpc-tls-key to serve it over TLS\n";
    return {std::nullopt, 1};
  }
  options.rpc_cors = parser.values(rpc_cors_opt);
  options.metrics_bind = parser.value(metrics_bind_opt);
  if (!IsIpAddress(options.metrics_bind) && options.metrics_bind != QStringLiteral("localhost")) {
    err << "cairn: --metrics-bind '" << options.metrics_bind << "' is not an IP address\n";
    return {std::nullopt, 1};
  }
  if (parser.isSet(metrics_port_opt)) {
    const auto port = port_of(metrics_port_opt);
    if (!port) return {std::nullopt, 1};
    options.metrics_port = *port;
  }
  options.p2p_enabled = !parser.isSet(no_p2p_opt);
  options.p2p_bind = parser.value(p2p_bind_opt);
  if (!IsIpAddress(options.p2p_bind)) {
    err << "cairn: --p2p-bind '" << options.p2p_bind << "' is not an IP address\n";
    return {std::nullopt, 1};
  }
  options.p2p_port = DefaultP2pPort(options.network);
  if (parser.isSet(p2p_port_opt)) {
    const auto port = port_of(p2p_port_opt);
    if (!port) return {std::nullopt, 1};
    options.p2p_port = *port;
  }
  for (const auto* list : {&connect_opt, &seed_opt}) {
    for (const QString& peer : parser.values(*list)) {
      const auto colon = peer.lastIndexOf(QLatin1Char(':'));
      bool ok = false;
      const uint port = colon > 0 ? peer.mid(colon + 1).toUInt(&ok) : 0;
      if (!ok || port == 0 || port > 65535) {
        err << "cairn: --" << list->names().first() << " '" << peer << "' is not host:port\n";
        return {std::nullopt, 1};
      }
    }
  }
  options.connect = parser.values(connect_opt);
  options.seeds = parser.values(seed_opt);
  options.lan_discovery = !parser.isSet(no_lan_opt);
  options.test_double_propose = parser.isSet(double_propose_opt);
  if (options.test_double_propose && options.network != QStringLiteral("devnet")) {
    err << "cairn: --test-double-propose is a test switch for the devnet only\n";
    return {std::nullopt, 1};
  }
  return {options, 0};
}

quint16 DefaultP2pPort(const QString& network) { return network == QStringLiteral("testnet") ? 17452 : 7452; }

void ApplyNetworkOptions(const StartupOptions& options, runtime::NodeConfig& config) {
  config.double_propose_for_testing = options.test_double_propose;
  if (!options.p2p_enabled) {
    config.p2p.reset();
    return;
  }
  runtime::P2pConfig p2p;
  p2p.listen_host = options.p2p_bind.toStdString();
  p2p.listen_port = options.p2p_port;
  for (const QString& peer : options.connect) p2p.connect.push_back(peer.toStdString());
  for (const QString& peer : options.seeds) p2p.seeds.push_back(peer.toStdString());
  p2p.lan_discovery = options.lan_discovery;
  config.p2p = std::move(p2p);
}

QString LogFilePath(const StartupOptions& options) {
  return QDir(options.NetworkDir()).filePath(QStringLiteral("debug.log"));
}

util::Result<void, std::string> ConfigureNodeLogging(const StartupOptions& options) {
  util::LogConfig config;
  if (auto applied = util::ApplyLogSpec(config, options.log_spec.toStdString()); !applied) {
    return util::Err("--debug: " + applied.error());
  }
  config.to_stderr = options.print_to_console;
  config.file_path = LogFilePath(options).toStdString();
  return util::ConfigureLogging(config);
}

}  // namespace cairn::app
