// NodeContext over a util::ManualClock with TickSource::External: every slot event runs because the
// test moved the clock, so N slots give exactly N blocks, and the healthy-chain finality rule of
// 3SF-mini (PROTOCOL.md section 5: finalized = head - 2) can be checked slot by slot. Restart from the
// same folder must resume the chain, and finality must recover.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include "runtime/devnet_bootstrap.h"
#include "runtime/node_context.h"
#include "storage/chain_store.h"
#include "storage/sign_store.h"

using namespace cairn;

namespace {

constexpr std::int64_t START_MS = 1'700'000'000'300;
constexpr std::int64_t GENESIS_MS = 1'700'000'001'000;  // the next whole second
constexpr std::int64_t SLOT_MS = 1000;

runtime::NodeConfig Config(const QTemporaryDir& dir, const util::Clock& clock) {
  runtime::NodeConfig c;
  c.network_dir = dir.path().toStdString();
  c.clock = &clock;
  c.tick_source = runtime::TickSource::External;
  return c;
}

// Runs both events of `slot`: its start (propose) and one third in (vote).
void RunSlot(runtime::NodeContext& node, util::ManualClock& clock, chain::Slot slot) {
  clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS);
  node.RunDueTicks();
  clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS + SLOT_MS / 3 + 1);
  node.RunDueTicks();
}

}  // namespace

class TestRuntime : public QObject {
  Q_OBJECT

 private slots:
  void blockEverySlotFinalizesAndResumes() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    util::ManualClock clock(START_MS);
    {
      runtime::NodeContext node(Config(dir, clock));
      auto started = node.Start();
      QVERIFY2(started, started ? "" : started.error().c_str());
      QCOMPARE(node.status().head_height, 0u);
      for (chain::Slot s = 1; s <= 10; ++s) {
        RunSlot(node, clock, s);
        const auto st = node.status();
        QCOMPARE(st.head_height, s);
        QCOMPARE(st.head_slot, s);
        if (s >= 3) {
          QCOMPARE(st.finalized_height, s - 1);  // the vote of slot s finalizes s - 1 at once
          QCOMPARE(st.justified_height, s - 1);
        }
        QVERIFY(!st.halted);
      }
      QCOMPARE(node.status().blocks_proposed, 10u);
      QCOMPARE(node.status().votes_cast, 10u);
      node.Stop();
      node.Stop();  // idempotent
    }
    // The bootstrap files.
    const QString key_path = dir.filePath(runtime::DEVNET_KEY_FILE_NAME);
    struct stat key_stat {};
    QCOMPARE(::stat(key_path.toLocal8Bit().constData(), &key_stat), 0);
    QCOMPARE(key_stat.st_mode & 0777, 0600u);
    QVERIFY(QFile::exists(dir.filePath(runtime::GENESIS_FILE_NAME)));
    QVERIFY(QFile::exists(dir.filePath(storage::CHAIN_DB_FILE_NAME)));
    QVERIFY(QFile::exists(dir.filePath(storage::SIGN_STORE_FILE_NAME)));

    // Restart: the chain resumes at height 10 (the Store rebuilt by replay), then grows and finalizes.
    {
      runtime::NodeContext node(Config(dir, clock));
      auto started = node.Start();
      QVERIFY2(started, started ? "" : started.error().c_str());
      QCOMPARE(node.status().head_height, 10u);
      // Replay counts only the votes blocks carry: the last vote (of slot 10) finalized 9 before the stop.
      QCOMPARE(node.status().finalized_height, 8u);
      for (chain::Slot s = 11; s <= 16; ++s) RunSlot(node, clock, s);
      const auto st = node.status();
      QCOMPARE(st.head_height, 16u);
      QCOMPARE(st.finalized_height, 15u);
      QVERIFY(!st.halted);
    }
  }

  void skippedSlotsLeaveAGapAndFinalityRecovers() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    util::ManualClock clock(START_MS);
    runtime::NodeContext node(Config(dir, clock));
    QVERIFY(node.Start());
    for (chain::Slot s = 1; s <= 4; ++s) RunSlot(node, clock, s);
    QCOMPARE(node.status().head_height, 4u);
    // The machine "sleeps" for 20 slots: events are not replayed, the next block is at slot 25.
    for (chain::Slot s = 25; s <= 40; ++s) RunSlot(node, clock, s);
    const auto st = node.status();
    QCOMPARE(st.head_height, 4u + 16u);
    QCOMPARE(st.head_slot, 40u);
    QVERIFY2(st.finalized.slot >= 38, std::to_string(st.finalized.slot).c_str());
  }

  // Closed for longer than a staking period (32 devnet slots), then started again: no block was there
  // to rotate the skipped periods' active sets, yet the validator proposes at once (the next block
  // gives the skipped periods the set that was next), and finality resumes once the justifiable slots
  // (sparser after a long gap) are reached.
  void aChainThatStoodStillForPeriodsResumes() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    util::ManualClock clock(START_MS);
    {
      runtime::NodeContext node(Config(dir, clock));
      QVERIFY(node.Start());
      for (chain::Slot s = 1; s <= 4; ++s) RunSlot(node, clock, s);
      QCOMPARE(node.status().head_height, 4u);
    }
    runtime::NodeContext node(Config(dir, clock));
    QVERIFY(node.Start());
    const chain::Slot back = 4 + 5 * 32;  // five staking periods later
    RunSlot(node, clock, back);
    QCOMPARE(node.status().head_height, 5u);
    QCOMPARE(node.status().head_slot, back);
    for (chain::Slot s = back + 1; s <= back + 60; ++s) RunSlot(node, clock, s);
    const auto st = node.status();
    QCOMPARE(st.head_height, 5u + 60u);
    QVERIFY2(st.finalized.slot > back, std::to_string(st.finalized.slot).c_str());
    QVERIFY(!st.halted);
  }

  void startFailsCleanlyOnAnUnsupportedNetwork() {
    QTemporaryDir dir;
    util::ManualClock clock(START_MS);
    auto config = Config(dir, clock);
    config.network = "testnet";
    runtime::NodeContext node(config);
    QVERIFY(!node.Start());
    QVERIFY(!node.running());
    node.Stop();
  }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "test_runtime.moc"
