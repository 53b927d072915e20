// `cairn devnet --validators 2 --nodes 1` as a user runs it: it prints one line per node (role, RPC
// and P2P ports, folder), its nodes finalize together (read from their logs as the lines come), and
// Ctrl-C (SIGINT) stops them all: the command exits 0 and no node listens any more.
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr int WAIT_MS = 90'000;

struct NodeLine {
  QString role;
  quint16 rpc = 0;
  quint16 p2p = 0;
  QString folder;
};

// The highest finalized height in a node's debug.log so far (-1: none yet).
qint64 FinalizedHeight(const QString& log_path) {
  QFile file(log_path);
  if (!file.open(QIODevice::ReadOnly)) return -1;
  static const QRegularExpression line(QStringLiteral("finalized slot \\d+ height (\\d+)"));
  qint64 best = -1;
  const QString text = QString::fromUtf8(file.readAll());
  for (auto it = line.globalMatch(text); it.hasNext();) best = std::max(best, it.next().captured(1).toLongLong());
  return best;
}

// Nobody listens on 127.0.0.1:port: a connection is refused. (Binding is no test: the closed
// connections of a stopped node linger in TIME_WAIT on its port.)
bool NobodyListens(quint16 port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const bool refused = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 && errno == ECONNREFUSED;
  ::close(fd);
  return refused;
}

}  // namespace

class TestDevnetCommand : public QObject {
  Q_OBJECT

 private slots:
  void startsFinalizesAndStopsOnCtrlC() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess devnet;
    devnet.setProcessChannelMode(QProcess::MergedChannels);
    devnet.start(QStringLiteral(CAIRN_BINARY), {QStringLiteral("devnet"), QStringLiteral("--validators"), QStringLiteral("2"),
                                                QStringLiteral("--nodes"), QStringLiteral("1"), QStringLiteral("--datadir"),
                                                dir.path()});
    QVERIFY(devnet.waitForStarted());

    // The table, up to "Press Ctrl-C".
    static const QRegularExpression row(QStringLiteral("^(\\d+)\\s+(validator|node)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)$"));
    std::vector<NodeLine> nodes;
    QString output;
    QElapsedTimer timer;
    timer.start();
    while (!output.contains(QStringLiteral("Press Ctrl-C"))) {
      QVERIFY2(timer.elapsed() < WAIT_MS && devnet.state() == QProcess::Running, qPrintable(output));
      if (!devnet.canReadLine()) {
        devnet.waitForReadyRead(1000);
        continue;
      }
      const QString line = QString::fromUtf8(devnet.readLine()).trimmed();
      output += line + QLatin1Char('\n');
      if (auto m = row.match(line); m.hasMatch()) {
        nodes.push_back({m.captured(2), static_cast<quint16>(m.captured(3).toUInt()),
                         static_cast<quint16>(m.captured(4).toUInt()), m.captured(5)});
      }
    }
    QCOMPARE(nodes.size(), std::size_t{3});
    QCOMPARE(nodes[0].role, QStringLiteral("validator"));
    QCOMPARE(nodes[1].role, QStringLiteral("validator"));
    QCOMPARE(nodes[2].role, QStringLiteral("node"));
    for (const auto& n : nodes) QVERIFY(n.folder.startsWith(dir.path()));

    // Every node, the non-validator included, sees blocks finalized (2 validators of equal stake:
    // both must take part, so this proves they found each other).
    for (const auto& n : nodes) {
      const QString log = n.folder + QStringLiteral("/devnet/debug.log");
      while (FinalizedHeight(log) < 3) {
        QVERIFY2(timer.elapsed() < WAIT_MS, qPrintable(log + QStringLiteral(": finality did not reach height 3")));
        QVERIFY2(devnet.state() == QProcess::Running, qPrintable(output + devnet.readAll()));
        devnet.waitForReadyRead(200);  // also drains the command's output
        output += QString::fromUtf8(devnet.readAll());
      }
    }

    ::kill(static_cast<pid_t>(devnet.processId()), SIGINT);
    QVERIFY(devnet.waitForFinished(30'000));
    output += QString::fromUtf8(devnet.readAll());
    QCOMPARE(devnet.exitStatus(), QProcess::NormalExit);
    QCOMPARE(devnet.exitCode(), 0);
    QVERIFY2(output.contains(QStringLiteral("stopped.")), qPrintable(output));
    // Stopped means stopped: no node still listens.
    for (const auto& n : nodes) {
      QVERIFY2(NobodyListens(n.rpc), qPrintable(QStringLiteral("RPC port %1 still listening").arg(n.rpc)));
      QVERIFY2(NobodyListens(n.p2p), qPrintable(QStringLiteral("P2P port %1 still listening").arg(n.p2p)));
    }
  }

  void refusesBadOptions() {
    QProcess devnet;
    devnet.start(QStringLiteral(CAIRN_BINARY), {QStringLiteral("devnet"), QStringLiteral("--validators"), QStringLiteral("0")});
    QVERIFY(devnet.waitForFinished(10'000));
    QCOMPARE(devnet.exitCode(), 1);
    QVERIFY(QString::fromUtf8(devnet.readAllStandardError()).contains(QStringLiteral("--validators")));
  }
};

QTEST_GUILESS_MAIN(TestDevnetCommand)
#include "test_devnet_command.moc"
