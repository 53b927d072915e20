// ui/wallet: the controller's state, send path, error wording, address and passphrase checks, and the
// mnemonic's life, against FakeLauncher/FakeWallet (tests/common/fakes/fake_wallet.h).
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

#include "fake_launcher.h"
#include "test_registry.h"
#include "ui/app_settings.h"
#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"
#include "ui/wallet/wallet_controller.h"
#include "ui/wallet/wallet_text.h"

namespace cairn::test {

namespace {
// The controller calls the wallet from worker threads (refreshes on events), so the recorder is read
// through its locked copy.
bool HasCall(const FakeWallet& w, const std::string& line) {
  const auto calls = w.Calls();
  return std::find(calls.begin(), calls.end(), line) != calls.end();
}
std::size_t CountCalls(const FakeWallet& w, const std::string& prefix) {
  const auto calls = w.Calls();
  return static_cast<std::size_t>(
      std::count_if(calls.begin(), calls.end(), [&](const std::string& c) { return c.rfind(prefix, 0) == 0; }));
}
QString Q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

class TestWalletUi : public QObject {
  Q_OBJECT

  FakeLauncher* m_launcher = nullptr;
  ui::Session* m_session = nullptr;
  ui::AppSettings* m_settings = nullptr;

  // Runs `op` on the controller and waits for its operationDone; returns {ok, message}.
  template <typename Op>
  std::pair<bool, QString> Run(ui::WalletController& c, Op op) {
    QSignalSpy done(&c, &ui::WalletController::operationDone);
    op();
    if (done.isEmpty() && !done.wait(5000)) return {false, QStringLiteral("timeout")};
    return {done.last().at(1).toBool(), done.last().at(2).toString()};
  }

 private slots:
  void init() {
    m_settings = new ui::AppSettings(QStringLiteral("/tmp/cairn-wallet-ui-test"));
    m_settings->setAutoLockMinutes(5);
    m_launcher = new FakeLauncher;
    m_session = new ui::Session(*m_launcher);
    m_session->start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-wallet-ui-test"));
    QTRY_VERIFY(m_session->running());
  }
  void cleanup() {
    ui::WaitForWorkers();
    QCoreApplication::processEvents();
    delete m_session;
    delete m_launcher;
    delete m_settings;
  }

  void stateAndAccounts() {
    ui::WalletController c;
    QTRY_VERIFY(c.loaded());
    QVERIFY(c.available());
    QVERIFY(c.exists());
    QVERIFY(!c.watchOnly());
    QVERIFY(c.confirmed());
    QVERIFY(!c.locked());
    QVERIFY(c.canSend());
    QTRY_COMPARE(c.accounts().size(), 2);
    QCOMPARE(c.receiveAddress(), Q(AddrText(ALICE)));
    const QVariantMap a0 = c.accounts()[0].toMap();
    QCOMPARE(a0.value("balance").toString(), QString::number(ALICE_BALANCE));  // above 2^53, exact
    QCOMPARE(a0.value("spendable").toString(), QStringLiteral("900"));
    QCOMPARE(a0.value("bonded").toString(), QStringLiteral("500"));
    QCOMPARE(a0.value("unbonding").toString(), QStringLiteral("70"));
    QCOMPARE(a0.value("rewards").toString(), QStringLiteral("12"));
    QCOMPARE(a0.value("pendingOut").toString(), QStringLiteral("3"));
    QCOMPARE(a0.value("label").toString(), QStringLiteral("main"));
    QCOMPARE(c.totals().value("spendable").toString(), QStringLiteral("1801"));
    QSignalSpy changed(&c, &ui::WalletController::accountsChanged);
    c.setCurrentAccount(1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(c.receiveAddress(), Q(AddrText(BOB)));
    QCOMPARE(c.current().value("label").toString(), QStringLiteral("savings"));
    c.setCurrentAccount(7);  // out of range: ignored
    QCOMPARE(c.currentAccount(), 1);
  }

  void lockedStateAndAutoLock() {
    m_launcher->wallet.locked = true;
    ui::WalletController c;
    QTRY_VERIFY(c.loaded());
    QVERIFY(c.locked());
    QTRY_VERIFY(HasCall(m_launcher->wallet, "SetAutoLock 300000"));
    m_settings->setAutoLockMinutes(0);
    QTRY_VERIFY(HasCall(m_launcher->wallet, "SetAutoLock 0"));
    const auto before = CountCalls(m_launcher->wallet, "SetAutoLock");
    m_settings->setUnit(QStringLiteral("CAIRN"));  // another setting: no new SetAutoLock
    QCoreApplication::processEvents();
    ui::WaitForWorkers();
    QCOMPARE(CountCalls(m_launcher->wallet, "SetAutoLock"), before);
  }

  // The wallet's addresses become the event bridge's watch list: activity on them refreshes balances.
  void walletActivityRefreshes() {
    ui::WalletController c;
    QTRY_COMPARE(c.accounts().size(), 2);
    ui::WaitForWorkers();
    QTest::qWait(2 * static_cast<int>(ui::COALESCE_INTERVAL.count()));
    QSignalSpy activity(&m_session->events(), &ui::EventBridge::walletActivity);
    const auto before = CountCalls(m_launcher->wallet, "Accounts");
    m_launcher->node.Emit(api::AddressTxEvent{Addr(BOB), Filled(9), api::TxStatus::Included, std::nullopt});
    QTRY_COMPARE(activity.count(), 1);
    QTRY_VERIFY(CountCalls(m_launcher->wallet, "Accounts") > before);
  }

  // A new account: named, derived by the wallet, then the current one; a locked wallet is unlocked for
  // it with the passphrase and locked again (also when the wallet refuses); rename; empty names refused.
  void createAndRenameAccounts() {
    ui::WalletController c;
    QTRY_VERIFY(c.loaded());
    QTRY_COMPARE(c.accounts().size(), 2);

    auto [ok, message] = Run(c, [&] { c.createAccount(QStringLiteral("   "), QString()); });
    QVERIFY(!ok);
    QVERIFY(message.contains(QStringLiteral("name")));
    QCOMPARE(CountCalls(m_launcher->wallet, "CreateAccount"), std::size_t{0});

    std::tie(ok, message) = Run(c, [&] { c.createAccount(QStringLiteral(" Savings "), QString()); });
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(HasCall(m_launcher->wallet, "CreateAccount Savings"));
    QCOMPARE(CountCalls(m_launcher->wallet, "Unlock"), std::size_t{0});  // it was unlocked

    m_launcher->wallet.locked = true;
    const auto locks = CountCalls(m_launcher->wallet, "Lock");
    std::tie(ok, message) = Run(c, [&] { c.createAccount(QStringLiteral("Cold"), QStringLiteral("pass phrase")); });
    QVERIFY(!ok);  // this fake stays locked after Unlock: the wallet's refusal reaches the user
    QVERIFY(HasCall(m_launcher->wallet, "Unlock pass phrase 0"));
    QCOMPARE(CountCalls(m_launcher->wallet, "Lock"), locks + 1);  // locked again as it was
    QVERIFY(!message.contains(QStringLiteral("pass phrase")));
    m_launcher->wallet.locked = false;

    std::tie(ok, message) = Run(c, [&] { c.renameAccount(1, QStringLiteral("Rainy day")); });
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(HasCall(m_launcher->wallet, "RenameAccount 1 Rainy day"));
    std::tie(ok, message) = Run(c, [&] { c.renameAccount(1, QString()); });
    QVERIFY(!ok);
  }

  void sendSubmitsTransfer() {
    ui::WalletController c;
    QTRY_COMPARE(c.accounts().size(), 2);
    c.setCurrentAccount(1);
    const auto [ok, message] = Run(c, [&] {
      c.send(Q(AddrText(CAROL)), QStringLiteral("250"), QStringLiteral("priority"), QStringLiteral("rent"),
             QStringLiteral("pw"));
    });
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(message, Q(util::ToHex(SENT_ID.span())));
    QVERIFY(HasCall(m_launcher->wallet, "Unlock pw 0"));
    QVERIFY(HasCall(m_launcher->wallet,
                    "Submit 1 transfer to=" + AddrText(CAROL) + " amount=250 level=priority fee=- memo=rent"));
    QVERIFY(!c.busy());
  }

  void sendRefusesBadInputBeforeTheWallet() {
    ui::WalletController c;
    QTRY_COMPARE(c.accounts().size(), 2);
    const auto submits = CountCalls(m_launcher->wallet, "Submit");
    auto [ok, message] = Run(c, [&] {
      c.send(QStringLiteral("tcairn1nope"), QStringLiteral("1"), QStringLiteral("normal"), {}, QStringLiteral("pw"));
    });
    QVERIFY(!ok);
    QVERIFY(!message.isEmpty());
    std::tie(ok, message) = Run(c, [&] {
      c.send(Q(AddrText(BOB)), QStringLiteral("0"), QStringLiteral("normal"), {}, QStringLiteral("pw"));
    });
    QVERIFY(!ok);
    QVERIFY(message.contains(QStringLiteral("greater than zero")));
    QCOMPARE(CountCalls(m_launcher->wallet, "Submit"), submits);
  }

  void sendErrorsAreSentences() {
    ui::WalletController c;
    QTRY_COMPARE(c.accounts().size(), 2);
    m_launcher->wallet.locked = true;
    auto [ok, message] = Run(c, [&] {
      c.send(Q(AddrText(BOB)), QStringLiteral("5"), QStringLiteral("normal"), {}, QString());
    });
    QVERIFY(!ok);
    QCOMPARE(message, ui::ErrorSentence({api::ErrorKind::Unavailable, "the wallet is locked", "locked"}));
    QVERIFY(message.contains(QStringLiteral("locked")));
    QCOMPARE(c.lastError(), message);

    m_launcher->wallet.locked = false;
    const auto submits = CountCalls(m_launcher->wallet, "Submit");
    m_launcher->wallet.fail = api::Error{api::ErrorKind::Unavailable, "wrong passphrase", "wrong_passphrase"};
    std::tie(ok, message) = Run(c, [&] {
      c.send(Q(AddrText(BOB)), QStringLiteral("5"), QStringLiteral("normal"), {}, QStringLiteral("bad"));
    });
    QVERIFY(!ok);
    QVERIFY(message.contains(QStringLiteral("passphrase is wrong")));
    QVERIFY(!message.contains(QStringLiteral("bad")));
    QCOMPARE(CountCalls(m_launcher->wallet, "Submit"), submits);  // the unlock failed first
  }

  void errorMapping() {
    using api::ErrorKind;
    QVERIFY(ui::ErrorSentence({ErrorKind::Unavailable, "x", "try_later"}).contains(QStringLiteral("Wait")));
    QVERIFY(ui::ErrorSentence({ErrorKind::Unavailable, "x", "watch_only"}).contains(QStringLiteral("watch-only")));
    QVERIFY(ui::ErrorSentence({ErrorKind::Unavailable, "x", "unconfirmed"}).contains(QStringLiteral("recovery words")));
    QVERIFY(ui::ErrorSentence({ErrorKind::Rejected, "fee below minimum", "fee_too_low"}).contains(QStringLiteral("fee is too low")));
    const QString unknown = ui::ErrorSentence({ErrorKind::Rejected, "something odd", "odd_code"});
    QVERIFY(unknown.contains(QStringLiteral("odd_code")));
    QVERIFY(unknown.contains(QStringLiteral("Something odd.")));
    QCOMPARE(ui::ErrorSentence({ErrorKind::InvalidArgument, "amount must be positive", ""}),
             QStringLiteral("Amount must be positive."));
  }

  void feeEstimate() {
    ui::WalletController c;
    QTRY_COMPARE(c.accounts().size(), 2);
    c.estimateFee(Q(AddrText(BOB)), QStringLiteral("100"), QStringLiteral("economy"));
    QVERIFY(c.feeBusy());
    QTRY_COMPARE(c.fee(), QStringLiteral("1440"));
    QVERIFY(!c.feeBusy());
    QVERIFY(HasCall(m_launcher->wallet, "EstimateFee 0 transfer to=" + AddrText(BOB) + " amount=100 level=economy"));
    // Incomplete form: priced as a transfer to the account itself.
    c.estimateFee(QString(), QString(), QStringLiteral("normal"));
    QTRY_VERIFY(HasCall(m_launcher->wallet, "EstimateFee 0 transfer to=" + AddrText(ALICE) + " amount=1 level=normal"));
    m_launcher->wallet.fail = api::Error{api::ErrorKind::Unavailable, "", "watch_only"};
    c.estimateFee(Q(AddrText(BOB)), QStringLiteral("100"), QStringLiteral("normal"));
    QTRY_VERIFY(!c.feeError().isEmpty());
    QCOMPARE(c.fee(), QString());
  }

  void addressValidation() {
    ui::WalletController c;
    QCOMPARE(c.validateAddress(Q(AddrText(BOB))), QString());
    QCOMPARE(c.validateAddress(QStringLiteral("  ") + Q(AddrText(BOB)) + QStringLiteral(" ")), QString());
    const QString mainnet = Q(chain::EncodeAddress(Addr(BOB), chain::MAINNET_HRP));
    QVERIFY(c.validateAddress(mainnet).contains(QStringLiteral("another network")));
    QString typo = Q(AddrText(BOB));
    typo[12] = typo[12] == QLatin1Char('q') ? QLatin1Char('p') : QLatin1Char('q');
    QVERIFY2(c.validateAddress(typo).contains(QStringLiteral("typo")), qPrintable(c.validateAddress(typo)));
    QVERIFY(!c.validateAddress(QString()).isEmpty());
    QVERIFY(c.validateAddress(QStringLiteral("hello")).contains(QStringLiteral("tcairn1")));
    QCOMPARE(c.validateAddressList(Q(AddrText(BOB)) + "\n\n" + Q(AddrText(CAROL)) + "\n"), QString());
    QVERIFY(c.validateAddressList(Q(AddrText(BOB)) + "\n" + typo).startsWith(QStringLiteral("Line 2:")));
    QVERIFY(c.validateAddressList(Q(AddrText(BOB)) + "\n" + Q(AddrText(BOB))).contains(QStringLiteral("already")));
    QVERIFY(!c.validateAddressList(QStringLiteral("\n")).isEmpty());
  }

  void passphraseStrengthOrders() {
    const QStringList ordered = {QString(), QStringLiteral("abc"), QStringLiteral("Tr0ub4dor&3"),
                                 QStringLiteral("orbit velvet cactus"), QStringLiteral("orbit velvet cactus lantern Mosaic 71")};
    int previous = -1;
    for (const QString& p : ordered) {
      const auto s = ui::PassphraseStrength(p);
      QVERIFY2(s.score >= previous, qPrintable(p));
      QVERIFY(s.score >= 0 && s.score <= 4);
      QVERIFY(!s.hint.isEmpty());
      previous = s.score;
    }
    QCOMPARE(ui::PassphraseStrength(QString()).score, 0);
    QCOMPARE(ui::PassphraseStrength(QStringLiteral("orbit velvet cactus lantern Mosaic 71")).score, 4);
    QVERIFY(ui::PassphraseStrength(QStringLiteral("abc")).score < ui::PassphraseStrength(QStringLiteral("orbit velvet cactus")).score);
    // Common passwords and runs stay weak however long.
    QVERIFY(ui::PassphraseStrength(QStringLiteral("Password123456!")).score <= 1);
    QVERIFY(ui::PassphraseStrength(QStringLiteral("Password123456!")).hint.contains(QStringLiteral("password")));
    QVERIFY(ui::PassphraseStrength(QStringLiteral("aaaaaaaaaaaaaaaaaaaa")).score <= 1);
    ui::WalletController c;
    QCOMPARE(c.passphraseStrength(QStringLiteral("abc")).value("score").toInt(), ui::PassphraseStrength("abc").score);
  }

  // Created words live in memory until confirmed; wrong words are refused without calling the wallet.
  void createShowsWordsOnceThenWipes() {
    ui::WalletController c;
    QTRY_VERIFY(c.loaded());
    auto [ok, message] = Run(c, [&] { c.create(QStringLiteral("long passphrase"), 24); });
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(HasCall(m_launcher->wallet, "Create long passphrase words=24"));
    const QStringList expected = Q(std::string(FAKE_MNEMONIC)).split(' ');
    QCOMPARE(c.mnemonicWords(), expected);

    std::tie(ok, message) = Run(c, [&] { c.confirmSelectedWords({2}, {QStringLiteral("wrong")}); });
    QVERIFY(!ok);
    QVERIFY(message.contains(QStringLiteral("Word 2")));
    QCOMPARE(CountCalls(m_launcher->wallet, "ConfirmMnemonic"), std::size_t{0});
    QCOMPARE(c.mnemonicWords().size(), expected.size());

    QSignalSpy wiped(&c, &ui::WalletController::mnemonicChanged);
    std::tie(ok, message) = Run(c, [&] {
      c.confirmSelectedWords({1, 3}, {QStringLiteral("Abandon "), QStringLiteral("able")});
    });
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(HasCall(m_launcher->wallet, "ConfirmMnemonic " + std::string(FAKE_MNEMONIC)));
    QVERIFY(c.mnemonicWords().isEmpty());
    QCOMPARE(wiped.count(), 1);
  }

  void confirmTypedRestoreAndWatchOnly() {
    ui::WalletController c;
    QTRY_VERIFY(c.loaded());
    auto [ok, message] = Run(c, [&] { c.confirmMnemonic(QStringLiteral("  Abandon  ABILITY able\n")); });
    QVERIFY(ok);
    QVERIFY(HasCall(m_launcher->wallet, "ConfirmMnemonic abandon ability able"));
    std::tie(ok, message) = Run(c, [&] { c.restore(QStringLiteral("abandon ability"), QStringLiteral("extra"), QStringLiteral("pw")); });
    QVERIFY(ok);
    QVERIFY(HasCall(m_launcher->wallet, "Restore mnemonic=abandon ability bip39=extra passphrase=pw"));
    std::tie(ok, message) = Run(c, [&] { c.createWatchOnly({Q(AddrText(BOB)), QStringLiteral(" "), Q(AddrText(CAROL))}); });
    QVERIFY(ok);
    QVERIFY(HasCall(m_launcher->wallet, "CreateWatchOnly " + AddrText(BOB) + " " + AddrText(CAROL)));
    std::tie(ok, message) = Run(c, [&] { c.unlock(QStringLiteral("pw")); });
    QVERIFY(ok);
    std::tie(ok, message) = Run(c, [&] { c.lock(); });
    QVERIFY(ok);
    QVERIFY(HasCall(m_launcher->wallet, "Lock"));

    QVERIFY(c.validateMnemonic(QString()).size() > 0);
    QVERIFY(c.validateMnemonic(QStringLiteral("abandon ability able")).contains(QStringLiteral("12, 15")));
    QVERIFY(c.validateMnemonic(QStringLiteral("abandon ab1lity")).contains(QStringLiteral("ab1lity")));
    QCOMPARE(c.validateMnemonic(QStringLiteral("word ").repeated(12)), QString());
  }
};

CAIRN_REGISTER_TEST(TestWalletUi);

}  // namespace cairn::test

#include "test_wallet_ui.moc"
