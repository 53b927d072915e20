// ui/ core: units, settings, the session's start and failure, and the event bridge's coalescing.
#include <QSignalSpy>
#include <QTest>

#include <thread>

#include "fake_launcher.h"
#include "test_registry.h"
#include "ui/app_settings.h"
#include "ui/async.h"
#include "ui/event_bridge.h"
#include "ui/session.h"
#include "ui/units.h"

namespace cairn::test {

class TestCoreUi : public QObject {
  Q_OBJECT

 private slots:
  void unitsFormat() {
    QCOMPARE(ui::FormatUnits(150'000'000, 8), QStringLiteral("1.5"));
    QCOMPARE(ui::FormatUnits(1, 8), QStringLiteral("0.00000001"));
    QCOMPARE(ui::FormatUnits(0, 8), QStringLiteral("0"));
    QCOMPARE(ui::FormatUnits(123'456'700'000'000, 8, true), QStringLiteral("1,234,567"));
    QCOMPARE(ui::FormatUnits(150'000'000, 5), QStringLiteral("1500"));  // mCAIRN
    QCOMPARE(ui::FormatUnits(150, 2), QStringLiteral("1.5"));            // uCAIRN
    QCOMPARE(ui::FormatUnits(18'446'744'073'709'551'615ull, 8), QStringLiteral("184467440737.09551615"));
  }

  void unitsParse() {
    QCOMPARE(*ui::ParseUnits(QStringLiteral("1.5"), 8), chain::Amount{150'000'000});
    QCOMPARE(*ui::ParseUnits(QStringLiteral("1,234.5"), 8), chain::Amount{123'450'000'000});
    QCOMPARE(*ui::ParseUnits(QStringLiteral("1.5"), 5), chain::Amount{150'000});  // mCAIRN
    QCOMPARE(*ui::ParseUnits(QStringLiteral("2"), 2), chain::Amount{200});        // uCAIRN
    QCOMPARE(*ui::ParseUnits(QStringLiteral("184467440737.09551615"), 8), chain::Amount{18'446'744'073'709'551'615ull});
    for (const char* bad : {"", "1.", ".5", "01", "-1", "1e5", "1.123456789", "184467440737.09551616", "abc"}) {
      QVERIFY2(!ui::ParseUnits(QString::fromLatin1(bad), 8), bad);
    }
    QVERIFY(!ui::ParseUnits(QStringLiteral("1.123456"), 5));  // mCAIRN has 5 decimals
    for (chain::Amount a : {chain::Amount{0}, chain::Amount{1}, chain::Amount{99'999}, chain::Amount{123'456'789'012}}) {
      for (int d : {8, 5, 2}) {
        QCOMPARE(*ui::ParseUnits(ui::FormatUnits(a, d, true), d), a);
      }
    }
  }

  void settingsPersistAndRefuse() {
    ui::AppSettings settings(QStringLiteral("/tmp/default-dir"));
    QCOMPARE(settings.dataDir(), QStringLiteral("/tmp/default-dir"));
    settings.setUnit(QStringLiteral("mCAIRN"));
    settings.setUnit(QStringLiteral("bogus"));
    QCOMPARE(settings.unit(), QStringLiteral("mCAIRN"));
    settings.setRpcPort(70000);
    settings.setRpcPort(7777);
    QCOMPARE(settings.rpcPort(), 7777);
    settings.setNetwork(QStringLiteral("moon"));
    QCOMPARE(settings.network(), QStringLiteral("devnet"));
    ui::AppSettings reread(QStringLiteral("/elsewhere"));  // a second reader sees the saved values
    QCOMPARE(reread.unit(), QStringLiteral("mCAIRN"));
    QCOMPARE(reread.rpcPort(), 7777);
    reread.setUnit(QStringLiteral("CAIRN"));
    reread.setRpcPort(0);
  }

  void sessionStartsAndFails() {
    FakeLauncher launcher;
    launcher.fail_with = "The node could not start: disk full.";
    ui::Session session(launcher);
    QCOMPARE(ui::Session::Instance(), &session);
    session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/x"));
    QCOMPARE(session.state(), ui::Session::State::Starting);
    QTRY_COMPARE(session.state(), ui::Session::State::Failed);
    QCOMPARE(session.errorText(), QStringLiteral("The node could not start: disk full."));
    QVERIFY(session.node() == nullptr);
    session.reset();
    QCOMPARE(session.state(), ui::Session::State::Idle);

    launcher.fail_with.reset();
    QSignalSpy started(&session, &ui::Session::started);
    session.start(QStringLiteral("devnet"), QStringLiteral("/tmp/x/"));
    QTRY_COMPARE(started.count(), 1);
    QVERIFY(session.running());
    QCOMPARE(session.node(), static_cast<api::Node*>(&launcher.node));
    QCOMPARE(session.networkDir(), QStringLiteral("/tmp/x/devnet"));
    QCOMPARE(session.addressPrefix(), QStringLiteral("tcairn"));
    session.shutdown();
    QCOMPARE(launcher.shutdowns.load(), 1);
    QVERIFY(session.node() == nullptr);
  }

  // Thousands of heads from a node thread reach the GUI as a handful of signals, the last head
  // included; a lone event after a quiet spell is delivered without waiting for the interval.
  void eventBridgeCoalesces() {
    FakeNode node;
    ui::EventBridge bridge;
    QSignalSpy heads(&bridge, &ui::EventBridge::headChanged);
    QSignalSpy wallet(&bridge, &ui::EventBridge::walletActivity);
    bridge.Attach(bridge.Prepare(&node));
    QCOMPARE(heads.count(), 1);  // the attach flush
    bridge.SetWatchedAddresses({Addr(ALICE)});
    ui::WaitForWorkers();  // the address subscription is made on a worker...
    QCoreApplication::processEvents();  // ...and adopted on this thread

    std::thread producer([&] {
      for (chain::Height h = 100; h < 5100; ++h) {
        api::ChainHead head;
        head.height = h;
        node.Emit(api::NewHeadEvent{head});
      }
      node.Emit(api::AddressTxEvent{Addr(BOB), Filled(1), api::TxStatus::Included, std::nullopt});
    });
    producer.join();
    QTRY_COMPARE(bridge.head().height, chain::Height{5099});
    QTRY_VERIFY(heads.count() >= 2);
    QTest::qWait(3 * static_cast<int>(ui::COALESCE_INTERVAL.count()));
    QVERIFY2(heads.count() <= 4, qPrintable(QString::number(heads.count())));
    QCOMPARE(wallet.count(), 1);  // the attach flush only: BOB is not watched

    node.Emit(api::AddressTxEvent{Addr(ALICE), Filled(2), api::TxStatus::Included, std::nullopt});
    QTRY_COMPARE_WITH_TIMEOUT(wallet.count(), 2, 100);  // quiet before: no coalescing delay

    bridge.Detach();
    const int before = heads.count();
    node.Emit(api::NewHeadEvent{api::ChainHead{}});
    QTest::qWait(2 * static_cast<int>(ui::COALESCE_INTERVAL.count()));
    QCOMPARE(heads.count(), before);  // detached: nothing arrives
  }
};

CAIRN_REGISTER_TEST(TestCoreUi);

}  // namespace cairn::test

#include "test_core_ui.moc"
