#include "startup_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTextStream>

namespace cairn::app {

QStringList KnownNetworks() { return {QStringLiteral("devnet"), QStringLiteral("testnet")}; }

QString StartupOptions::NetworkDir() const { return QDir(base_datadir).filePath(network); }

QString DefaultDataDir() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(QStringLiteral("cairn"));
}

ParsedStartup ParseStartupOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate(
      "main", "Cairn: a desktop proof-of-stake node with an embedded wallet.\n\n"
              "Other commands:\n"
              "  cairn util ...   keys, addresses, signatures and hashes (cairn util --help)\n"
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
  parser.addOptions({datadir_opt, network_opt, daemon_opt, debug_opt, quiet_opt});

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
  if (!KnownNetworks().contains(options.network)) {
    err << "cairn: unknown network '" << options.network << "' (known: " << KnownNetworks().join(", ") << ")\n";
    return {std::nullopt, 1};
  }
  options.base_datadir = parser.isSet(datadir_opt) ? QDir(parser.value(datadir_opt)).absolutePath() : DefaultDataDir();
  options.log_spec = parser.value(debug_opt);
  options.print_to_console = !parser.isSet(quiet_opt);
  return {options, 0};
}

}  // namespace cairn::app
