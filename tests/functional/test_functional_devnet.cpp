// The real `cairn --daemon --network devnet --datadir DIR` as a process: it must make a block every
// slot and finalize them, shut down cleanly on SIGTERM within 5 s with exit code 0, and on restart
// continue from the height it reached (not from 0) with finality advancing again.
// Waits by reading the node's log lines as they come (no blind sleeps).
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int WAIT_MS = 60'000;

struct Progress {
  qint64 head = -1;
  qint64 finalized = -1;
  qint64 started_head = -1;  // from the "node started" line
  QStringList lines;
};

class Daemon {
 public:
  explicit Daemon(const QString& datadir) {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    // --rpc-port 0: any free port, so that parallel tests never fight over the default one.
    m_process.start(QStringLiteral(CAIRN_BINARY),
                    {QStringLiteral("--daemon"), QStringLiteral("--network"), QStringLiteral("devnet"),
                     QStringLiteral("--datadir"), datadir, QStringLiteral("--rpc-port"), QStringLiteral("0")});
  }
  ~Daemon() {
    if (m_process.state() != QProcess::NotRunning) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }
  QProcess& process() { return m_process; }

  // Reads log lines until `done` holds or the timeout passes.
  bool WaitFor(const std::function<bool(const Progress&)>& done, int timeout_ms = WAIT_MS) {
    static const QRegularExpression slot_line(
        QStringLiteral("head height (\\d+) .*finalized slot \\d+ height (\\d+)"));
    static const QRegularExpression start_line(QStringLiteral("node started: .*head height (\\d+)"));
    QElapsedTimer timer;
    timer.start();
    while (!done(m_progress)) {
      const qint64 left = timeout_ms - timer.elapsed();
      if (left <= 0 || m_process.state() == QProcess::NotRunning) return false;
      if (!m_process.canReadLine() && !m_process.waitForReadyRead(static_cast<int>(left))) continue;
      while (m_process.canReadLine()) {
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        m_progress.lines << line;
        if (auto m = slot_line.match(line); m.hasMatch()) {
          m_progress.head = m.captured(1).toLongLong();
          m_progress.finalized = m.captured(2).toLongLong();
        } else if (auto s = start_line.match(line); s.hasMatch()) {
          m_progress.started_head = s.captured(1).toLongLong();
        }
      }
    }
    return true;
  }
  const Progress& progress() const { return m_progress; }
  QString Tail() const { return m_progress.lines.mid(std::max<qsizetype>(0, m_progress.lines.size() - 15)).join('\n'); }

  // SIGTERM, then the exit must come within 5 s with code 0.
  void TerminateAndCheck() {
    QElapsedTimer timer;
    timer.start();
    m_process.terminate();
    QVERIFY2(m_process.waitForFinished(5000), qPrintable(Tail()));
    QVERIFY(timer.elapsed() < 5000);
    m_process.readAll();
    QCOMPARE(m_process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_process.exitCode(), 0);
  }

 private:
  QProcess m_process;
  Progress m_progress;
};

}  // namespace

class TestFunctionalDevnet : public QObject {
  Q_OBJECT

 private slots:
  void producesFinalizesStopsAndResumes() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qint64 stopped_head = -1;
    {
      Daemon node(dir.path());
      QVERIFY(node.process().waitForStarted(10'000));
      QVERIFY2(node.WaitFor([](const Progress& p) { return p.finalized >= 3; }), qPrintable(node.Tail()));
      QVERIFY(node.progress().head >= node.progress().finalized + 2);
      node.TerminateAndCheck();
      if (QTest::currentTestFailed()) return;
      stopped_head = node.progress().head;
    }
    {
      Daemon node(dir.path());
      QVERIFY(node.process().waitForStarted(10'000));
      QVERIFY2(node.WaitFor([](const Progress& p) { return p.started_head >= 0; }), qPrintable(node.Tail()));
      // The head logged last before SIGTERM is on disk (a block is committed before its slot's line).
      QVERIFY2(node.progress().started_head >= stopped_head, qPrintable(node.Tail()));
      const qint64 resumed = node.progress().started_head;
      QVERIFY2(node.WaitFor([&](const Progress& p) { return p.finalized > resumed; }), qPrintable(node.Tail()));
      QVERIFY(node.progress().head > resumed);
      node.TerminateAndCheck();
    }
  }
};

QTEST_GUILESS_MAIN(TestFunctionalDevnet)
#include "test_functional_devnet.moc"
