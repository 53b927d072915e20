// Cairn's entry point: `cairn [options]` starts the node (with a window, or headless with --daemon);
// `cairn util ...` runs the key and encoding tools; `cairn slashing-protection import|export FILE` moves
// validators' signing history (EIP-3076).
#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include "slashing_protection_command.h"
#include "startup_options.h"
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
  cairn::util::LogConfig log_config;
  if (auto applied = cairn::util::ApplyLogSpec(log_config, options.log_spec.toStdString()); !applied) {
    err << "cairn: --debug: " << QString::fromStdString(applied.error()) << "\n";
    return 1;
  }
  log_config.to_stderr = options.print_to_console;
  log_config.file_path = QDir(dir).filePath(QStringLiteral("debug.log")).toStdString();
  if (auto configured = cairn::util::ConfigureLogging(log_config); !configured) {
    err << "cairn: " << QString::fromStdString(configured.error()) << "\n";
    return 1;
  }
  CAIRN_LOG(App, Info) << "Cairn " << CAIRN_VERSION << " starting: network " << options.network.toStdString()
                       << ", data folder " << dir.toStdString() << ", "
                       << (options.mode == cairn::app::RunMode::Daemon ? "headless" : "desktop") << " mode";
  // The chain engine (consensus, storage, networking) and the desktop interface are not part of this
  // build yet: say so plainly rather than pretend to run.
  CAIRN_LOG(App, Warn) << "this build has no node engine yet; only `cairn util` is functional. Exiting.";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("cairn"));
  QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));

  const QStringList args = QCoreApplication::arguments();
  if (args.size() >= 2 && args.at(1) == QStringLiteral("util")) {
    return cairn::app::RunUtilCommand(args.mid(2));
  }
  if (args.size() >= 2 && args.at(1) == QStringLiteral("slashing-protection")) {
    return cairn::app::RunSlashingProtectionCommand(args.mid(2));
  }
  const auto parsed = cairn::app::ParseStartupOptions(args);
  if (!parsed.options) return parsed.exit_code;
  return RunNode(*parsed.options);
}
