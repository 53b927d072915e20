// Runs the real `cairn` executable for the CLI tests and reads its "name: value" output.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace cairn::test {

struct RunResult {
  int exit_code = -1;
  QString out;
  QString err;
  QProcess::ExitStatus status = QProcess::CrashExit;
};

// Starts `cairn args...`, writes `input` to its standard input and closes it, and waits (30 s at most,
// then kills it). A process that did not start gives exit_code -1 and CrashExit.
RunResult RunCairn(const QStringList& args, const QByteArray& input = {});

// The value printed on a "name: value" line of stdout (empty when there is none).
QString Field(const RunResult& r, const QString& name);

}  // namespace cairn::test

// An invalid invocation: a normal exit with status 1, exactly one non-empty line on stderr that
// contains `needle`, and nothing on stdout.
#define VERIFY_INVALID(result, needle)                                                                  \
  do {                                                                                                  \
    const ::cairn::test::RunResult& r_ = (result);                                                      \
    QCOMPARE(r_.status, QProcess::NormalExit);                                                          \
    QCOMPARE(r_.exit_code, 1);                                                                          \
    QVERIFY2(r_.err.trimmed().count('\n') == 0 && !r_.err.trimmed().isEmpty(), qPrintable(r_.err));    \
    QVERIFY2(r_.err.contains(needle), qPrintable(r_.err));                                              \
    QVERIFY(r_.out.isEmpty());                                                                          \
  } while (0)
