// ui/shell console: word splitting, completion, help, history without secrets, a command through a
// (fake) ConsoleBackend, and the masked prompt for secret parameters.
#include <QSignalSpy>
#include <QTest>

#include <mutex>

#include "fake_launcher.h"
#include "test_registry.h"
#include "ui/session.h"
#include "ui/shell/console_controller.h"

namespace cairn::test {

// Records what it was asked to run; "fail" answers an error.
class FakeConsole final : public ui::ConsoleBackend {
 public:
  util::Result<std::string, std::string> Run(const std::vector<std::string>& words,
                                             const std::map<std::string, std::string>& secrets) override {
    std::lock_guard lock(mutex);
    runs.push_back(words);
    last_secrets = secrets;
    if (!words.empty() && words.front() == "fail") return util::Err(std::string("error -32601: method not found"));
    std::string out = "ok:";
    for (const auto& w : words) out += " " + w;
    return out;
  }
  std::vector<MethodHelp> Methods() override {
    return {
        {"chain.head", {}, "The head block."},
        {"chain.block", {{"height", "integer", false, false}, {"hash", "hash", false, false}}, "One block."},
        {"wallet.unlock", {{"passphrase", "string", true, true}, {"timeout_ms", "integer", false, false}}, "Unlocks."},
        {"node.info", {}, "About the node."},
    };
  }
  std::mutex mutex;
  std::vector<std::vector<std::string>> runs;
  std::map<std::string, std::string> last_secrets;
};

class TestShellConsoleUi : public QObject {
  Q_OBJECT

 private:
  static void WaitForMethods(ui::ConsoleController& c) {
    QTRY_VERIFY(!c.MethodNames().isEmpty());
  }
  static QString LastRow(ui::ConsoleController& c) {
    const int n = c.output()->rowCount();
    return n > 0 ? c.output()->TextAt(n - 1) : QString();
  }

 private slots:
  void splitWords() {
    using C = ui::ConsoleController;
    QCOMPARE(C::SplitWords(QStringLiteral("  chain.block   7 ")), (QStringList{"chain.block", "7"}));
    QCOMPARE(C::SplitWords(QStringLiteral("a \"b c\" 'd e' \"x\\\"y\" \"\" f'g h'")),
             (QStringList{"a", "b c", "d e", "x\"y", "", "fg h"}));
    QCOMPARE(C::SplitWords(QStringLiteral("a 'x\\y'")), (QStringList{"a", "x\\y"}));  // no escapes in '...'
    QString error;
    QVERIFY(C::SplitWords(QStringLiteral("a \"open"), &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(C::SplitWords(QString()).isEmpty());
  }

  void completion() {
    FakeConsole backend;
    ui::ConsoleController c;
    c.SetBackend(&backend);
    WaitForMethods(c);
    QCOMPARE(c.complete(QStringLiteral("chain.h")), QStringLiteral("chain.head "));
    QCOMPARE(c.complete(QStringLiteral("ch")), QStringLiteral("chain."));
    QCOMPARE(c.complete(QStringLiteral("chain.")), QStringLiteral("chain."));
    QVERIFY(c.hint().contains(QStringLiteral("chain.block")) && c.hint().contains(QStringLiteral("chain.head")));
    QCOMPARE(c.complete(QStringLiteral("he")), QStringLiteral("help "));
    QCOMPARE(c.complete(QStringLiteral("help wal")), QStringLiteral("help wallet.unlock "));
    QCOMPARE(c.complete(QStringLiteral("zzz")), QStringLiteral("zzz"));
    QCOMPARE(c.complete(QStringLiteral("chain.block 7")), QStringLiteral("chain.block 7"));  // params: as typed
    c.updateHint(QStringLiteral("wallet.unlock "));
    QVERIFY(c.hint().startsWith(QStringLiteral("wallet.unlock [timeout_ms]")));  // the secret is not typed
  }

  void commandThroughBackend() {
    FakeConsole backend;
    ui::ConsoleController c;
    c.SetBackend(&backend);
    WaitForMethods(c);
    QVERIFY(c.available());
    c.run(QStringLiteral("chain.block \"7\""));
    QVERIFY(c.busy());
    QTRY_VERIFY(!c.busy());
    QCOMPARE(LastRow(c), QStringLiteral("ok: chain.block 7"));
    QCOMPARE(c.output()->KindAt(c.output()->rowCount() - 1), ui::ConsoleOutputModel::Result);
    QCOMPARE(backend.runs.back(), (std::vector<std::string>{"chain.block", "7"}));
    c.run(QStringLiteral("fail now"));
    QTRY_VERIFY(!c.busy());
    QCOMPARE(LastRow(c), QStringLiteral("error -32601: method not found"));
    QCOMPARE(c.output()->KindAt(c.output()->rowCount() - 1), ui::ConsoleOutputModel::Error);
    c.run(QStringLiteral("clear"));
    QCOMPARE(c.output()->rowCount(), 0);
  }

  void help() {
    FakeConsole backend;
    ui::ConsoleController c;
    c.SetBackend(&backend);
    WaitForMethods(c);
    c.run(QStringLiteral("help"));
    QVERIFY(LastRow(c).contains(QStringLiteral("chain.head")));
    QVERIFY(LastRow(c).contains(QStringLiteral("About the node.")));
    c.run(QStringLiteral("help wallet.unlock"));
    QVERIFY(LastRow(c).startsWith(QStringLiteral("wallet.unlock [timeout_ms]")));
    QVERIFY(LastRow(c).contains(QStringLiteral("hidden field")));
    c.run(QStringLiteral("help nope"));
    QCOMPARE(c.output()->KindAt(c.output()->rowCount() - 1), ui::ConsoleOutputModel::Error);
    QVERIFY(backend.runs.empty());  // help never reaches the node
  }

  void secretPromptAndHistory() {
    FakeConsole backend;
    ui::ConsoleController c;
    c.SetBackend(&backend);
    WaitForMethods(c);
    QSignalSpy prompts(&c, &ui::ConsoleController::secretPromptChanged);
    c.run(QStringLiteral("wallet.unlock 60000"));
    QCOMPARE(c.secretPrompt(), QStringLiteral("passphrase"));
    QCOMPARE(prompts.count(), 1);
    QVERIFY(!c.busy());
    QVERIFY(backend.runs.empty());  // nothing runs until the passphrase is given
    c.provideSecret(QStringLiteral("hunter2"));
    QCOMPARE(c.secretPrompt(), QString());
    QTRY_VERIFY(!c.busy());
    QCOMPARE(backend.runs.back(), (std::vector<std::string>{"wallet.unlock", "60000"}));
    QCOMPARE(backend.last_secrets.at("passphrase"), std::string("hunter2"));

    // Cancelled: nothing runs.
    c.run(QStringLiteral("wallet.unlock"));
    QCOMPARE(c.secretPrompt(), QStringLiteral("passphrase"));
    c.cancelSecret();
    QCOMPARE(c.secretPrompt(), QString());
    QCOMPARE(backend.runs.size(), std::size_t{1});

    // A passphrase typed on the line by mistake (in any position) is neither run nor remembered.
    const std::size_t runs_before = backend.runs.size();
    c.run(QStringLiteral("wallet.unlock 60000 oops-secret"));
    QCOMPARE(c.secretPrompt(), QString());
    c.run(QStringLiteral("wallet.unlock hunter2"));
    QCOMPARE(c.secretPrompt(), QString());
    QVERIFY(!c.busy());
    QCOMPARE(backend.runs.size(), runs_before);

    c.run(QStringLiteral("chain.head"));
    QTRY_VERIFY(!c.busy());
    const QStringList history = c.History();
    QCOMPARE(history, (QStringList{"wallet.unlock", "chain.head"}));
    for (const QString& entry : history) QVERIFY(!entry.contains(QStringLiteral("hunter2")));
    QVERIFY(!c.output()->allText().contains(QStringLiteral("hunter2")));
    QVERIFY(!c.output()->allText().contains(QStringLiteral("oops-secret")));

    // Up and down walk the history and come back to the draft.
    QCOMPARE(c.historyUp(QStringLiteral("draft")), QStringLiteral("chain.head"));
    QCOMPARE(c.historyUp(QStringLiteral("chain.head")), QStringLiteral("wallet.unlock"));
    QCOMPARE(c.historyUp(QStringLiteral("wallet.unlock")), QStringLiteral("wallet.unlock"));
    QCOMPARE(c.historyDown(), QStringLiteral("chain.head"));
    QCOMPARE(c.historyDown(), QStringLiteral("draft"));
  }

  void sessionConsole() {
    FakeConsole backend;
    FakeLauncher launcher;
    launcher.console = &backend;
    ui::Session session(launcher);
    ui::ConsoleController c;
    QVERIFY(!c.available());
    c.run(QStringLiteral("chain.head"));
    QCOMPARE(c.output()->KindAt(c.output()->rowCount() - 1), ui::ConsoleOutputModel::Error);  // not running
    session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-shell-test"));
    QTRY_VERIFY(c.available());
    WaitForMethods(c);
    c.run(QStringLiteral("node.info"));
    QTRY_COMPARE(LastRow(c), QStringLiteral("ok: node.info"));
  }
};

CAIRN_REGISTER_TEST(TestShellConsoleUi);

}  // namespace cairn::test

#include "test_shell_ui_console.moc"
