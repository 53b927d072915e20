// The real `cairn --daemon` driven over its RPC by the real `cairn rpc` client, as a user would: the
// cookie appears (0600) and goes on a clean stop; chain queries answer; a signed transfer submitted with
// tx.submit (built with `cairn util derive --seed-file` and `cairn util transfer`) is included and
// finalized and moves balances; errors come back as JSON-RPC codes with exit
// code 1; wrong credentials are refused; REST answers with the cookie and refuses without it; the
// separate /metrics listener needs no credentials and `promtool check metrics` accepts its output; a
// wallet is created, confirmed, unlocked, funded, sends and delegates through wallet.* alone.
// Ports are chosen by the daemon (--rpc-port 0) and read from its log. Waits follow the daemon's log.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <functional>

#include "chain/address.h"
#include "crypto/secure_memory.h"
#include "rpc/auth.h"
#include "rpc/http_client.h"
#include "runtime/devnet_bootstrap.h"

using namespace cairn;

namespace {

constexpr int WAIT_MS = 60'000;

struct CliResult {
  int exit_code = -1;
  QString out;
  QString err;
};

CliResult RunCairn(const QStringList& args, const QByteArray& stdin_text = {}) {
  QProcess p;
  p.start(QStringLiteral(CAIRN_BINARY), args);
  if (!stdin_text.isEmpty()) p.write(stdin_text);
  p.closeWriteChannel();
  if (!p.waitForFinished(30'000)) {
    p.kill();
    p.waitForFinished();
  }
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

class Daemon {
 public:
  explicit Daemon(const QString& datadir) {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral(CAIRN_BINARY),
                    {QStringLiteral("--daemon"), QStringLiteral("--network"), QStringLiteral("devnet"),
                     QStringLiteral("--datadir"), datadir, QStringLiteral("--rpc-port"), QStringLiteral("0"),
                     QStringLiteral("--metrics-port"), QStringLiteral("0")});
  }
  ~Daemon() {
    if (m_process.state() != QProcess::NotRunning) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }
  QProcess& process() { return m_process; }

  // Reads log lines until `done` holds (checked after every line) or the timeout passes.
  bool WaitFor(const std::function<bool(const QString& line)>& done, int timeout_ms = WAIT_MS) {
    QElapsedTimer timer;
    timer.start();
    for (;;) {
      while (m_process.canReadLine()) {
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        m_lines << line;
        if (done(line)) return true;
      }
      const qint64 left = timeout_ms - timer.elapsed();
      if (left <= 0 || m_process.state() == QProcess::NotRunning) return false;
      m_process.waitForReadyRead(static_cast<int>(left));
    }
  }
  // The next "slot N: ..." line: one slot has passed.
  bool WaitSlot() {
    return WaitFor([](const QString& line) { return line.contains(QStringLiteral("consensus: slot ")); });
  }
  QString Tail() const { return m_lines.mid(std::max<qsizetype>(0, m_lines.size() - 20)).join('\n'); }

 private:
  QProcess m_process;
  QStringList m_lines;
};

}  // namespace

class TestFunctionalRpc : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  std::unique_ptr<Daemon> m_daemon;
  quint16 m_rpc_port = 0;
  quint16 m_metrics_port = 0;

  QString NetworkDir() const { return QDir(m_dir.path()).filePath(QStringLiteral("devnet")); }

  CliResult Rpc(QStringList args, const QByteArray& stdin_text = {}) {
    args.prepend(QString::number(m_rpc_port));
    args.prepend(QStringLiteral("--rpc-port"));
    args.prepend(m_dir.path());
    args.prepend(QStringLiteral("--datadir"));
    args.prepend(QStringLiteral("rpc"));
    return RunCairn(args, stdin_text);
  }
  QJsonObject RpcObject(const QStringList& args, const QByteArray& stdin_text = {}) {
    const CliResult r = Rpc(args, stdin_text);
    if (r.exit_code != 0) qWarning() << "cairn rpc" << args << "failed:" << r.err;
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
  }

  QString m_funded_address;  // the devnet's funded account (transferIsIncludedAndFinalized)
  QString m_funded_key;

  // Waits slot by slot until chain.tx says finalized.
  bool WaitFinalized(const QString& id) {
    for (int i = 0; i < 20; ++i) {
      if (!m_daemon->WaitSlot()) return false;
      if (RpcObject({QStringLiteral("chain.tx"), id}).value(QStringLiteral("status")).toString() == QStringLiteral("finalized")) {
        return true;
      }
    }
    return false;
  }

 private slots:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_daemon = std::make_unique<Daemon>(m_dir.path());
    static const QRegularExpression rpc_line(QStringLiteral("rpc: listening on 127\\.0\\.0\\.1:(\\d+)"));
    static const QRegularExpression metrics_line(QStringLiteral("metrics: listening on 127\\.0\\.0\\.1:(\\d+)"));
    QVERIFY2(m_daemon->WaitFor([&](const QString& line) {
      if (auto m = rpc_line.match(line); m.hasMatch()) m_rpc_port = static_cast<quint16>(m.captured(1).toUInt());
      if (auto m = metrics_line.match(line); m.hasMatch()) m_metrics_port = static_cast<quint16>(m.captured(1).toUInt());
      return m_rpc_port != 0 && m_metrics_port != 0;
    }), qPrintable(m_daemon->Tail()));
  }

  void cookieIsPrivate() {
    const QString cookie = QDir(NetworkDir()).filePath(QStringLiteral(".cookie"));
    struct stat st {};
    QCOMPARE(::stat(cookie.toLocal8Bit().constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
  }

  void helpListsMethods() {
    const CliResult r = RunCairn({QStringLiteral("rpc"), QStringLiteral("--help")});
    QCOMPARE(r.exit_code, 0);
    for (const char* method : {"chain.head", "chain.block", "tx.submit", "account.get", "node.health", "mempool.info"}) {
      QVERIFY2(r.out.contains(QLatin1String(method)), method);
    }
  }

  void chainQueriesAnswer() {
    // Wait until something is final, then the CLI's view must agree with itself.
    qint64 finalized = 0;
    for (int i = 0; i < 30 && finalized < 2; ++i) {
      QVERIFY2(m_daemon->WaitSlot(), qPrintable(m_daemon->Tail()));
      finalized = RpcObject({QStringLiteral("chain.finalized")}).value(QStringLiteral("height")).toInteger();
    }
    QVERIFY2(finalized >= 2, qPrintable(m_daemon->Tail()));
    const QJsonObject head = RpcObject({QStringLiteral("chain.head")});
    QVERIFY(head.value(QStringLiteral("height")).toInteger() >= finalized);
    const QJsonObject block = RpcObject({QStringLiteral("chain.block"), QString::number(finalized)});
    QCOMPARE(block.value(QStringLiteral("height")).toInteger(), finalized);
    QCOMPARE(block.value(QStringLiteral("finality")).toString(), QStringLiteral("finalized"));
    const QString id = block.value(QStringLiteral("id")).toString();
    QCOMPARE(id.size(), 64);
    const QJsonObject by_hash = RpcObject({QStringLiteral("chain.block"), id});
    QCOMPARE(by_hash.value(QStringLiteral("height")).toInteger(), finalized);
    const CliResult health = Rpc({QStringLiteral("node.health")});
    QCOMPARE(health.exit_code, 0);
  }

  void transferIsIncludedAndFinalized() {
    // As a devnet user would, with the CLI alone: the funded account is the devnet seed's first account
    // key (devnet_bootstrap.h), `cairn util transfer` signs, `cairn rpc tx.submit` sends.
    const auto field = [](const CliResult& r, const QString& name) {
      for (const QString& line : r.out.split(QLatin1Char('\n'))) {
        if (line.startsWith(name + QStringLiteral(": "))) return line.mid(name.size() + 2).trimmed();
      }
      return QString();
    };
    const CliResult derived = RunCairn({QStringLiteral("util"), QStringLiteral("derive"), QStringLiteral("--seed-file"),
                                        QDir(NetworkDir()).filePath(QLatin1String(runtime::DEVNET_KEY_FILE_NAME)),
                                        QStringLiteral("--path"), QStringLiteral("m/44'/7337'/0'/0'/0'"),
                                        QStringLiteral("--network"), QStringLiteral("devnet")});
    QVERIFY2(derived.exit_code == 0, qPrintable(derived.err));
    const QString sender = field(derived, QStringLiteral("address"));
    const QString key = field(derived, QStringLiteral("private"));
    const QJsonObject account = RpcObject({QStringLiteral("account.get"), sender});
    QVERIFY2(account.value(QStringLiteral("balance")).toString().size() > 6, "the devnet account is not funded");
    const qint64 nonce = account.value(QStringLiteral("pending_nonce")).toInteger();

    crypto::SecureBuffer recipient_seed(32);
    crypto::RandomBytes(recipient_seed.mutable_span());
    const auto recipient_key = crypto::SecretKey::FromSeed(recipient_seed.span());
    QVERIFY(recipient_key.has_value());
    const QString recipient = QString::fromStdString(
        chain::EncodeAddress(chain::AddressFromPublicKey(recipient_key->public_key()), chain::TESTNET_HRP));

    const CliResult signed_tx =
        RunCairn({QStringLiteral("util"), QStringLiteral("transfer"), QStringLiteral("--genesis"),
                  QDir(NetworkDir()).filePath(QLatin1String(runtime::GENESIS_FILE_NAME)), QStringLiteral("--to"), recipient,
                  QStringLiteral("--amount"), QStringLiteral("0.00123456"), QStringLiteral("--nonce"), QString::number(nonce),
                  QStringLiteral("--key"), key});
    QVERIFY2(signed_tx.exit_code == 0, qPrintable(signed_tx.err));
    const QString raw = field(signed_tx, QStringLiteral("tx"));
    const QString id = field(signed_tx, QStringLiteral("id"));

    const CliResult submitted = Rpc({QStringLiteral("tx.submit"), raw});
    QVERIFY2(submitted.exit_code == 0, qPrintable(submitted.err));
    QVERIFY2(submitted.out.contains(id), qPrintable(submitted.out));
    // The same bytes again: the pool knows them (a clear JSON-RPC error, exit code 1).
    const CliResult again = Rpc({QStringLiteral("tx.submit"), raw});
    QCOMPARE(again.exit_code, 1);
    QVERIFY2(again.err.contains(QStringLiteral("-32010")), qPrintable(again.err));

    QString status;
    for (int i = 0; i < 20 && status != QStringLiteral("finalized"); ++i) {
      QVERIFY2(m_daemon->WaitSlot(), qPrintable(m_daemon->Tail()));
      status = RpcObject({QStringLiteral("chain.tx"), id}).value(QStringLiteral("status")).toString();
    }
    QCOMPARE(status, QStringLiteral("finalized"));
    const QJsonObject received = RpcObject({QStringLiteral("account.balance"), recipient});
    QCOMPARE(received.value(QStringLiteral("balance")).toString(), QStringLiteral("123456"));
    const QJsonObject sent = RpcObject({QStringLiteral("account.get"), sender});
    QCOMPARE(sent.value(QStringLiteral("nonce")).toInteger(), nonce + 1);
    m_funded_address = sender;
    m_funded_key = key;
  }

  void walletFromTheCommandLine() {
    // Create (passphrase on stdin), confirm the words, unlock, receive, send, delegate: cairn rpc alone.
    QVERIFY(!m_funded_address.isEmpty());
    const QByteArray passphrase = "correct horse battery staple\n";
    const QJsonObject created = RpcObject({QStringLiteral("wallet.create")}, passphrase);
    const QString words = created.value(QStringLiteral("mnemonic")).toString();
    QCOMPARE(words.split(QLatin1Char(' ')).size(), 24);
    const CliResult too_early = Rpc({QStringLiteral("wallet.send"), QStringLiteral("0"), m_funded_address, QStringLiteral("1")});
    QCOMPARE(too_early.exit_code, 1);
    QVERIFY2(!Rpc({QStringLiteral("wallet.confirm")}, words.toUtf8() + "\n").exit_code, "wallet.confirm failed");
    QCOMPARE(RpcObject({QStringLiteral("wallet.unlock")}, passphrase).value(QStringLiteral("locked")).toBool(), false);
    const QJsonArray accounts = RpcObject({QStringLiteral("wallet.accounts")}).value(QStringLiteral("accounts")).toArray();
    QCOMPARE(accounts.size(), 1);
    const QString mine = accounts.at(0).toObject().value(QStringLiteral("address")).toString();

    // Receive 10 CAIRN from the devnet account.
    const qint64 nonce = RpcObject({QStringLiteral("account.get"), m_funded_address}).value(QStringLiteral("pending_nonce")).toInteger();
    const CliResult funding =
        RunCairn({QStringLiteral("util"), QStringLiteral("transfer"), QStringLiteral("--genesis"),
                  QDir(NetworkDir()).filePath(QLatin1String(runtime::GENESIS_FILE_NAME)), QStringLiteral("--to"), mine,
                  QStringLiteral("--amount"), QStringLiteral("10"), QStringLiteral("--nonce"), QString::number(nonce)},
                 m_funded_key.toUtf8() + "\n");
    QVERIFY2(funding.exit_code == 0, qPrintable(funding.err));
    const QString funding_tx = funding.out.section(QStringLiteral("tx: "), 1).trimmed();
    const QString funding_id = funding.out.section(QStringLiteral("id: "), 1).section(QLatin1Char('\n'), 0, 0).trimmed();
    QCOMPARE(RpcObject({QStringLiteral("tx.submit"), funding_tx}).value(QStringLiteral("id")).toString(), funding_id);
    QVERIFY(WaitFinalized(funding_id));
    QCOMPARE(RpcObject({QStringLiteral("wallet.balance"), QStringLiteral("0")}).value(QStringLiteral("balance")).toString(),
             QStringLiteral("1000000000"));

    // Send 1 CAIRN back and delegate 2 CAIRN to the devnet validator (operated by the funded account).
    const QJsonObject sent = RpcObject({QStringLiteral("wallet.send"), QStringLiteral("0"), m_funded_address,
                                        QStringLiteral("100000000")});
    const QString sent_id = sent.value(QStringLiteral("id")).toString();
    QCOMPARE(sent_id.size(), 64);
    const QJsonObject delegated = RpcObject({QStringLiteral("wallet.delegate"), QStringLiteral("0"), m_funded_address,
                                             QStringLiteral("200000000")});
    QCOMPARE(delegated.value(QStringLiteral("nonce")).toInteger(), sent.value(QStringLiteral("nonce")).toInteger() + 1);
    QVERIFY(WaitFinalized(sent_id));
    QVERIFY(WaitFinalized(delegated.value(QStringLiteral("id")).toString()));
    const QJsonObject balance = RpcObject({QStringLiteral("wallet.balance"), QStringLiteral("0")});
    QCOMPARE(balance.value(QStringLiteral("bonded")).toString(), QStringLiteral("200000000"));
    const qint64 fees = sent.value(QStringLiteral("fee")).toString().toLongLong() +
                        delegated.value(QStringLiteral("fee")).toString().toLongLong();
    QCOMPARE(balance.value(QStringLiteral("balance")).toString().toLongLong(), 1'000'000'000 - 300'000'000 - fees);
    const QJsonArray history = RpcObject({QStringLiteral("wallet.history")}).value(QStringLiteral("entries")).toArray();
    QVERIFY2(history.size() >= 3, qPrintable(QString::number(history.size())));

    // Locked: no more sends, and a wrong passphrase is named as such.
    QVERIFY(!Rpc({QStringLiteral("wallet.lock")}).exit_code);
    const CliResult locked = Rpc({QStringLiteral("wallet.send"), QStringLiteral("0"), m_funded_address, QStringLiteral("1")});
    QCOMPARE(locked.exit_code, 1);
    QVERIFY2(locked.err.contains(QStringLiteral("locked")), qPrintable(locked.err));
    const CliResult wrong = Rpc({QStringLiteral("wallet.unlock")}, "not it\n");
    QCOMPARE(wrong.exit_code, 1);
    QVERIFY2(wrong.err.contains(QStringLiteral("wrong_passphrase")), qPrintable(wrong.err));
    QVERIFY2(!wrong.err.contains(QStringLiteral("not it")), qPrintable(wrong.err));
  }

  void errorsAreJsonRpcCodes() {
    const CliResult unknown = Rpc({QStringLiteral("no.such_method")});
    QCOMPARE(unknown.exit_code, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("-32601")), qPrintable(unknown.err));
    const CliResult bad_hash = Rpc({QStringLiteral("chain.tx"), QStringLiteral("xyz")});
    QCOMPARE(bad_hash.exit_code, 1);
    QVERIFY2(bad_hash.err.contains(QStringLiteral("-32602")), qPrintable(bad_hash.err));
    const CliResult garbage_tx = Rpc({QStringLiteral("tx.submit"), QStringLiteral("00ff")});
    QCOMPARE(garbage_tx.exit_code, 1);
    QVERIFY2(garbage_tx.err.contains(QStringLiteral("-32602")), qPrintable(garbage_tx.err));
    const CliResult wrong_user =
        Rpc({QStringLiteral("--rpc-user"), QStringLiteral("mallory"), QStringLiteral("--rpc-password"),
             QStringLiteral("guess"), QStringLiteral("chain.head")});
    QCOMPARE(wrong_user.exit_code, 1);
    QVERIFY2(wrong_user.err.contains(QStringLiteral("refused")), qPrintable(wrong_user.err));
    const CliResult no_node = RunCairn({QStringLiteral("rpc"), QStringLiteral("--datadir"), m_dir.path() + QStringLiteral("/none"),
                                        QStringLiteral("chain.head")});
    QCOMPARE(no_node.exit_code, 1);
    QVERIFY2(no_node.err.contains(QStringLiteral(".cookie")), qPrintable(no_node.err));
  }

  void restNeedsTheCookie() {
    auto client = rpc::HttpClient::Connect("127.0.0.1", m_rpc_port);
    QVERIFY2(client, client ? "" : client.error().c_str());
    auto anonymous = (*client)->Request("GET", "/chain/head");
    QVERIFY(anonymous);
    QCOMPARE(anonymous->status, 401u);
    auto cookie = rpc::ReadCookieFile(QDir(NetworkDir()).filePath(QStringLiteral(".cookie")).toStdString());
    QVERIFY(cookie);
    auto head = (*client)->Request("GET", "/chain/head", {},
                                   {{"Authorization", rpc::BasicAuthHeader(cookie->user, cookie->password)}});
    QVERIFY(head);
    QCOMPARE(head->status, 200u);
    QVERIFY(QJsonDocument::fromJson(QByteArray::fromStdString(head->body)).object().contains(QStringLiteral("height")));
  }

  void metricsListenerServesPrometheus() {
    auto client = rpc::HttpClient::Connect("127.0.0.1", m_metrics_port);
    QVERIFY2(client, client ? "" : client.error().c_str());
    auto metrics = (*client)->Request("GET", "/metrics");
    QVERIFY(metrics);
    QCOMPARE(metrics->status, 200u);
    QVERIFY(metrics->body.find("cairn_chain_height ") != std::string::npos);
    QVERIFY(metrics->body.find("cairn_chain_finalized_height ") != std::string::npos);
    auto other = (*client)->Request("GET", "/chain/head");  // nothing else on the credential-free listener
    QVERIFY(other);
    QCOMPARE(other->status, 404u);
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty()) QSKIP("promtool not found (Debian package prometheus): the exposition format is unchecked");
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    check.write(QByteArray::fromStdString(metrics->body));
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30'000));
    QVERIFY2(check.exitCode() == 0, check.readAll().constData());
  }

  void cleanStopRemovesTheCookie() {
    m_daemon->process().terminate();
    QVERIFY(m_daemon->process().waitForFinished(5000));
    QCOMPARE(m_daemon->process().exitCode(), 0);
    QVERIFY(!QFile::exists(QDir(NetworkDir()).filePath(QStringLiteral(".cookie"))));
  }
};

QTEST_GUILESS_MAIN(TestFunctionalRpc)
#include "test_functional_rpc.moc"
