#include "cli_runner.h"

namespace cairn::test {

RunResult RunCairn(const QStringList& args, const QByteArray& input) {
  QProcess p;
  p.start(QStringLiteral(CAIRN_BINARY), args);
  if (!p.waitForStarted(10000)) return {};
  if (!input.isEmpty()) p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(30000)) {
    p.kill();
    p.waitForFinished();
  }
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()),
          p.exitStatus()};
}

QString Field(const RunResult& r, const QString& name) {
  for (const QString& line : r.out.split('\n')) {
    if (line.startsWith(name + QStringLiteral(": "))) return line.mid(name.size() + 2);
  }
  return {};
}

}  // namespace cairn::test
