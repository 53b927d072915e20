// ui/shell: NodeStatus against the fake node (values, banner conditions, start/stop validating), the
// settings' validation, and the German translation.
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include "fake_launcher.h"
#include "test_registry.h"
#include "ui/app_settings.h"
#include "ui/session.h"
#include "ui/shell/language.h"
#include "ui/shell/node_status.h"
#include "ui/shell/settings_controller.h"

namespace cairn::test {

// A running session over the fakes, with settings in the test location.
struct RunningSession {
  RunningSession() {
    session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/cairn-shell-test"));
    QTRY_VERIFY_WITH_TIMEOUT(session.running(), 5000);
  }
  FakeLauncher launcher;
  ui::AppSettings settings{QStringLiteral("/tmp/cairn-shell-test")};
  ui::Session session{launcher};
};

class TestShellUi : public QObject {
  Q_OBJECT

 private slots:
  void etaText() {
    QCOMPARE(ui::SyncEtaText(100, 0), QString());  // no rate measured yet: no made-up estimate
    QCOMPARE(ui::SyncEtaText(30, 1), QStringLiteral("less than a minute left"));
    QCOMPARE(ui::SyncEtaText(600, 1), QStringLiteral("about 10 minutes left"));
    QCOMPARE(ui::SyncEtaText(7200, 1), QStringLiteral("about 2 hours left"));
    QCOMPARE(ui::SyncEtaText(3 * 86400, 1), QStringLiteral("about 3 days left"));
  }

  void statusValues() {
    RunningSession run;
    ui::NodeStatus status;
    QTRY_VERIFY(status.ready());
    QCOMPARE(status.network(), QStringLiteral("devnet"));
    QCOMPARE(status.headHeight(), double(HEAD_HEIGHT));
    QCOMPARE(status.finalizedHeight(), double(FINALIZED_HEIGHT));
    QCOMPARE(status.currentSlot(), static_cast<double>(run.launcher.node.Head().current_slot));
    QCOMPARE(status.finalityLag(), double(2));
    QCOMPARE(status.peers(), 2);
    QVERIFY(!status.syncing());
    QCOMPARE(status.syncProgress(), 1.0);
    QCOMPARE(status.syncText(), QStringLiteral("Up to date"));
    QCOMPARE(status.etaText(), QString());
    QVERIFY(!status.needsPeers());
    QVERIFY(!status.offline());  // the devnet needs no peers
    QVERIFY(status.hasValidatorKey());
    QVERIFY(status.validating());
    QCOMPARE(status.validatorIndex(), 0);
    QVERIFY(status.validatorActive());
    QCOMPARE(status.blocksProposed(), double(3));
    QCOMPARE(status.votesCast(), double(9));
    QCOMPARE(status.validatorText(), QStringLiteral("Validator #0, validating"));
    QVERIFY(status.healthy());
    QVERIFY(!status.halted());
    QCOMPARE(status.clockBehindSeconds(), 0);  // the fake head is from 2023: our clock is ahead, fine
    QVERIFY(status.walletExists());
    QVERIFY(!status.walletLocked());
  }

  void refreshesOnNewHead() {
    RunningSession run;
    ui::NodeStatus status;
    QTRY_VERIFY(status.ready());
    run.launcher.node.SetHalted("the sign store failed");
    QSignalSpy changed(&status, &ui::NodeStatus::changed);
    run.launcher.node.Emit(api::NewHeadEvent{run.launcher.node.Head()});  // through the event bridge
    QTRY_VERIFY(status.halted());
    QVERIFY(changed.count() >= 1);
  }

  void syncingProgress() {
    RunningSession run;
    run.launcher.node.SetSync(api::SyncStatus{true, HEAD_HEIGHT, 12, HEAD_HEIGHT, 2});
    ui::NodeStatus status;
    QTRY_VERIFY(status.ready());
    QVERIFY(status.syncing());
    QCOMPARE(status.bestKnownHeight(), double(12));
    QCOMPARE(status.syncProgress(), 0.5);
    QCOMPARE(status.syncText(), QStringLiteral("Syncing: block 6 of 12"));
    // One sample cannot give a rate: the page says it is measuring rather than invent a time.
    QCOMPARE(status.etaText(), QStringLiteral("measuring the download speed…"));
  }

  void bannerConditions() {
    RunningSession run;
    run.launcher.node.SetHalted("the sign store failed");
    run.launcher.wallet.locked = true;
    const auto now = static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch());
    run.launcher.node.SetHeadTimestamp(now + 10'000);  // the chain is 10 s ahead of our clock
    ui::NodeStatus status;
    QTRY_VERIFY(status.ready());
    QVERIFY(status.halted());
    QCOMPARE(status.haltReason(), QStringLiteral("the sign store failed"));
    QVERIFY(status.walletLocked());
    QVERIFY2(status.clockBehindSeconds() >= 9 && status.clockBehindSeconds() <= 11,
             qPrintable(QString::number(status.clockBehindSeconds())));

    // Within one slot (1 s on the fake) is normal propagation, not a skewed clock.
    run.launcher.node.SetHeadTimestamp(static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch()) + 500);
    run.launcher.node.health = api::Health{false, {"finality lags 140 slots"}, 140, 1};
    QSignalSpy changed(&status, &ui::NodeStatus::changed);
    status.refresh();
    QTRY_VERIFY(changed.count() >= 1);
    QCOMPARE(status.clockBehindSeconds(), 0);
    QVERIFY(!status.healthy());
    QCOMPARE(status.healthProblems(), QStringList{QStringLiteral("finality lags 140 slots")});
    QCOMPARE(status.finalityLag(), double(140));
    QVERIFY(!status.stalled());  // one slot behind: normal

    // Not syncing, yet no block for many slots: not "Up to date".
    run.launcher.node.health = api::Health{false, {"head lags 20 slots"}, 22, 20};
    status.refresh();
    QTRY_VERIFY(status.stalled());
    QCOMPARE(status.syncText(), QStringLiteral("No new block for 20 slots"));

    // A network that needs peers, without any: offline.
    run.launcher.node.SetNetwork("testnet");
    run.launcher.node.SetSync(api::SyncStatus{false, HEAD_HEIGHT, HEAD_HEIGHT, HEAD_HEIGHT, 0});
    status.refresh();
    QTRY_VERIFY(status.offline());
    QVERIFY(status.needsPeers());
  }

  void startStopValidating() {
    RunningSession run;
    ui::NodeStatus status;
    QTRY_VERIFY(status.ready());
    QVERIFY(status.validating());
    status.setValidating(false);
    QVERIFY(status.validatorBusy());
    QTRY_VERIFY(!status.validatorBusy());
    QTRY_VERIFY(!status.validating());
    QCOMPARE(run.launcher.node.validating_calls, std::vector<bool>{false});
    QCOMPARE(status.validatorText(), QStringLiteral("Validator #0, stopped"));

    run.launcher.node.has_validator_key = false;
    status.setValidating(true);
    QTRY_VERIFY(!status.validatorBusy());
    QCOMPARE(status.validatorError(), QStringLiteral("Could not change validating: this node holds no validator key"));
    QTRY_VERIFY(!status.hasValidatorKey());
  }

  void settingsValidation() {
    RunningSession run;
    run.settings.setRpcPort(0);
    ui::SettingsController c;
    QVERIFY(c.portError(QString()).isEmpty());  // the network's default
    QVERIFY(c.portError(QStringLiteral("7777")).isEmpty());
    QVERIFY(!c.portError(QStringLiteral("80")).isEmpty());
    QVERIFY(!c.portError(QStringLiteral("70000")).isEmpty());
    QVERIFY(!c.portError(QStringLiteral("abc")).isEmpty());
    QVERIFY(!c.setRpcPort(QStringLiteral("80")));
    QCOMPARE(run.settings.rpcPort(), 0);
    QVERIFY(!c.restartNeeded());
    QVERIFY(c.setRpcPort(QStringLiteral("7777")));
    QCOMPARE(run.settings.rpcPort(), 7777);
    QVERIFY(c.restartNeeded());  // the running node still listens where it started
    QVERIFY(c.setRpcPort(QString()));
    QVERIFY(!c.restartNeeded());

    QVERIFY(!c.dataDirError(QStringLiteral("relative/dir")).isEmpty());
    QVERIFY(!c.dataDirError(QString()).isEmpty());
    QVERIFY(!c.dataDirError(QStringLiteral("/proc/version")).isEmpty());  // a file
    QVERIFY(c.dataDirError(QStringLiteral("/tmp/cairn-shell-test/new/folder")).isEmpty());
    QVERIFY(!c.setDataDir(QStringLiteral("relative")));
    QVERIFY(c.setDataDir(QStringLiteral("/tmp/cairn-shell-other")));
    QCOMPARE(run.settings.dataDir(), QStringLiteral("/tmp/cairn-shell-other"));
    QVERIFY(c.restartNeeded());
    QVERIFY(c.setDataDir(QStringLiteral("/tmp/cairn-shell-test/")));
    QVERIFY(!c.restartNeeded());

    QVERIFY(c.autoLockError(QStringLiteral("30")).isEmpty());
    QVERIFY(c.autoLockError(QStringLiteral("0")).isEmpty());
    QVERIFY(!c.autoLockError(QStringLiteral("-1")).isEmpty());
    QVERIFY(!c.autoLockError(QStringLiteral("1441")).isEmpty());
    QVERIFY(!c.setAutoLockMinutes(QStringLiteral("x")));
    QVERIFY(c.setAutoLockMinutes(QStringLiteral("15")));
    QCOMPARE(run.settings.autoLockMinutes(), 15);
    run.settings.setAutoLockMinutes(10);
    run.settings.setDataDir(QString());
  }

  void germanTranslation() {
    ui::Language language(nullptr);
    QVERIFY(language.apply(QStringLiteral("de")));
    QCOMPARE(language.current(), QStringLiteral("de"));
    QCOMPARE(ui::NodeStatus::tr("Up to date"), QStringLiteral("Auf dem neuesten Stand"));
    QCOMPARE(ui::SyncEtaText(600, 1), QStringLiteral("noch etwa 10 Minuten"));
    QVERIFY(language.apply(QStringLiteral("en")));
    QCOMPARE(ui::NodeStatus::tr("Up to date"), QStringLiteral("Up to date"));
    QVERIFY(!language.apply(QStringLiteral("xx")));  // no such translation: stays English
    QCOMPARE(language.current(), QStringLiteral("en"));
  }
};

CAIRN_REGISTER_TEST(TestShellUi);

}  // namespace cairn::test

#include "test_shell_ui.moc"
