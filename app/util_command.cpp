#include "util_command.h"

#include <QTextStream>

namespace cairn::app {

int RunUtilCommand(const QStringList& arguments) {
  QTextStream(stderr) << "cairn util: no subcommands yet (" << arguments.join(' ') << ")\n";
  return 1;
}

}  // namespace cairn::app
