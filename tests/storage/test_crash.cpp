// The crash test: storage_crash_writer commits the synthetic chain; this test SIGKILLs it 100 times at
// random moments (seeded) and after every kill checks that the database opens, its head is a block
// of the deterministic chain no lower than before, the state loads and equals the replay of blocks
// 1..head, every block up to the head is stored with its diff, the indexes claim no height above the
// head, and the next writer resumes from head + 1.
#include <QProcess>
#include <QTest>

#include <chrono>
#include <random>
#include <thread>

#include "storage/chain_reader.h"
#include "storage_test_util.h"

using namespace cairn;
using namespace cairn::test;

namespace {

constexpr int KILLS = 100;
constexpr std::uint32_t ACCOUNTS = 300;
constexpr std::uint32_t TXS = 40;

// Starts the writer and waits for its "ready <height>" line. Returns the height, or -1.
long long StartWriter(QProcess& process, const std::string& path) {
  process.setProgram(QStringLiteral(CAIRN_CRASH_WRITER));
  process.setArguments({QString::fromStdString(path), QString::number(ACCOUNTS), QString::number(TXS)});
  process.start();
  if (!process.waitForStarted(10'000)) return -1;
  QByteArray line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!line.contains('\n') && std::chrono::steady_clock::now() < deadline) {
    if (!process.waitForReadyRead(1000) && process.state() != QProcess::Running) break;
    line += process.readAllStandardOutput();
  }
  if (!line.startsWith("ready ")) {
    qWarning("writer did not get ready: %s / %s", line.constData(), process.readAllStandardError().constData());
    return -1;
  }
  return line.mid(6).trimmed().toLongLong();
}

}  // namespace

class TestCrash : public QObject {
  Q_OBJECT

 private slots:
  void survivesAHundredKills() {
    TempFolder dir;
    const std::string path = dir.Path("chain.db");
    const SyntheticChain chain(ACCOUNTS, TXS, true);
    SyntheticChain::Replay replay{chain.Genesis(), {chain.genesis_hash()}};
    std::vector<SyntheticBlock> recent;  // the expected blocks above `verified`
    chain::Height verified = 0;          // blocks 1..verified were checked in full
    std::vector<chain::TxId> last_txid{chain::TxId{}};  // of each block
    std::mt19937 rng(0xC0FFEE);
    std::uniform_int_distribution<int> delay_ms(3, 300);
    long long previous_head = -1;
    const auto started = std::chrono::steady_clock::now();

    for (int kill = 0; kill < KILLS; ++kill) {
      QProcess writer;
      const long long ready = StartWriter(writer, path);
      QVERIFY2(ready >= 0, "the writer could not open the database it left");
      if (previous_head >= 0) QCOMPARE(ready, previous_head);  // resumes at head + 1
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
      writer.kill();  // SIGKILL
      QVERIFY(writer.waitForFinished(10'000));

      // The database opens; its head is a block of the deterministic chain, never lower than before.
      auto store = OpenStore(path, chain, storage::OpenMode::MustExist);
      QVERIFY(store);
      QVERIFY(store->head());
      const chain::Height head = store->head()->height;
      QVERIFY(static_cast<long long>(head) >= previous_head);
      while (replay.ids.size() <= head) {
        recent.push_back(chain.Extend(replay));
        last_txid.push_back(chain::ComputeTxId(recent.back().block.body.txs.back()));
      }
      QCOMPARE(store->head()->id, replay.ids[head]);
      auto loaded = store->LoadState();
      STORAGE_VERIFY(loaded);
      QVERIFY2(SameState(*loaded, replay.state), "the state differs from the replay of blocks 1..head");
      store.reset();

      // Every block up to the head is stored with its diff (the new ones in full), the indexes stay
      // at or below the head.
      auto reader = storage::ChainReader::Open(path, IdentityOf(chain));
      STORAGE_VERIFY(reader);
      auto status = (*reader)->Status();
      STORAGE_VERIFY(status);
      QVERIFY(status->indexed_height <= head);
      QVERIFY(status->checkpoint_height <= head);
      for (const SyntheticBlock& expected : recent) {
        const chain::Height h = expected.block.unsigned_header().height;
        if (h > head) break;
        auto block = (*reader)->BlockByHeight(h);
        STORAGE_VERIFY(block);
        QVERIFY(block->has_value());
        QCOMPARE((*block)->block, expected.block);
        auto diff = (*reader)->DiffByHeight(h);
        STORAGE_VERIFY(diff);
        QVERIFY(diff->has_value());
        QCOMPARE(**diff, expected.diff);
      }
      QCOMPARE(RawQueryInt(path, "SELECT count(*) FROM canonical"), static_cast<std::int64_t>(head + 1));
      // (A killed revert-and-recommit may leave the reverted block and its diff off the chain.)
      QCOMPARE(RawQueryInt(path, "SELECT count(*) FROM canonical c JOIN blocks b ON b.hash = c.hash "
                                 "JOIN diffs d ON d.block = b.id"),
               static_cast<std::int64_t>(head));
      QVERIFY(RawQueryInt(path, "SELECT ifnull(max(height), 0) FROM tx_offsets") <= static_cast<std::int64_t>(status->indexed_height));
      QVERIFY(RawQueryInt(path, "SELECT ifnull(max(height), 0) FROM tx_by_account") <= static_cast<std::int64_t>(status->indexed_height));
      if (status->indexed_height > 0) {
        // The newest indexed block's transactions are found by id.
        const chain::Height h = status->indexed_height;
        auto found = (*reader)->TxById(last_txid[h]);
        STORAGE_VERIFY(found);
        QVERIFY(found->value.has_value());
        QCOMPARE(found->value->position.height, h);
      }
      recent.erase(recent.begin(), recent.begin() + static_cast<std::ptrdiff_t>(head - verified));
      verified = head;
      previous_head = static_cast<long long>(head);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    qInfo("%d kills, final height %lld, %.1f s", KILLS, previous_head, seconds);
  }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "test_crash.moc"
