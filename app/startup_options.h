// The node's start-up options (`cairn [options]`), parsed from the command line with
// QCommandLineParser: --datadir, --network, --daemon, --debug, plus --help and --version.
// Thread safety: used on the main thread during start-up only.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace cairn::app {

enum class RunMode { Gui, Daemon };

struct StartupOptions {
  RunMode mode = RunMode::Gui;
  QString network;       // "devnet" or "testnet"
  QString base_datadir;  // the folder that holds one sub-folder per network
  QString log_spec;      // e.g. "info,net=debug"
  bool print_to_console = true;

  // <base_datadir>/<network>: where this network's chain, wallet and debug.log live.
  QString NetworkDir() const;
};

// Parses `arguments` (argv including the program name). Prints --help/--version output and returns
// exit_code 0, or prints a one-line error and returns exit_code 1; otherwise returns the options.
struct ParsedStartup {
  std::optional<StartupOptions> options;
  int exit_code = 0;
};
ParsedStartup ParseStartupOptions(const QStringList& arguments);

QStringList KnownNetworks();

// The default folder for all networks' data: <generic data location>/cairn (~/.local/share/cairn).
QString DefaultDataDir();

}  // namespace cairn::app
