// The pool following the chain: included txs leave, the rest stays ready, stale nonces are refused,
// futures are promoted or dropped after the hold window, expiry, balance re-checks, reorg readmission
// through the signature cache, and block selection order.
#include "chain/address.h"
#include "mempool_fixture.h"
#include "test_registry.h"

namespace cairn::test {
namespace {

using mempool::TxPlacement;

std::vector<std::uint64_t> Nonces(const std::vector<mempool::PooledTxInfo>& infos) {
  std::vector<std::uint64_t> out;
  for (const auto& i : infos) out.push_back(i.nonce);
  return out;
}

class HeadTest : public QObject {
  Q_OBJECT

 private slots:
  void includedTxsLeaveAndTheRestStaysReady_data() {
    QTest::addColumn<bool>("with_diff");
    QTest::newRow("diff") << true;
    QTest::newRow("full re-read") << false;
  }
  void includedTxsLeaveAndTheRestStaysReady() {
    QFETCH(bool, with_diff);
    PoolEnv env;
    std::vector<chain::Transaction> txs;
    for (std::uint64_t n = 0; n < 5; ++n) txs.push_back(env.Transfer(1, n, 2));
    for (const auto& r : env.pool->AdmitBatch(txs)) QVERIFY(r);
    QVERIFY(env.pool->Admit(env.Transfer(2, 0, 3)));
    const auto block = env.pool->SelectForBlock(3, 1 << 20);
    QCOMPARE(block.size(), std::size_t{3});  // seed 2 (rate 3) first, then seed 1 nonces 0, 1
    QCOMPARE(block[0].sender, SeedKey(2).public_key());
    QCOMPARE(block[1].nonce, std::uint64_t{0});
    QCOMPARE(block[2].nonce, std::uint64_t{1});
    env.NextBlock(block, with_diff);
    QCOMPARE(env.pool->size(), std::size_t{3});
    QCOMPARE(env.pool->stats().removed_stale, std::uint64_t{3});
    const auto left = env.pool->PendingOf(SeedAddress(1));
    QCOMPARE(Nonces(left), (std::vector<std::uint64_t>{2, 3, 4}));
    for (const auto& i : left) QCOMPARE(i.placement, TxPlacement::Ready);
    QCOMPARE(Outcome(env.pool->Admit(txs[0])), std::string("stale_nonce"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(2, 0, 9))), std::string("stale_nonce"));
    QCOMPARE(env.pool->CheckInvariants(), std::string());
    // The next block takes the rest.
    env.NextBlock(env.pool->SelectForBlock(100, 1 << 20), with_diff);
    QCOMPARE(env.pool->size(), std::size_t{0});
    QCOMPARE(env.pool->stats().senders, std::size_t{0});
  }

  void futureIsDroppedAfterTheHoldWindow() {
    mempool::MempoolConfig config;
    config.future_hold_slots = 3;
    PoolEnv env(config);
    const auto held = env.pool->Admit(env.Transfer(1, 2));
    QCOMPARE(held->placement, TxPlacement::Future);
    for (int i = 0; i < 3; ++i) env.NextBlock();
    QCOMPARE(env.Slot(), chain::Slot{3});
    QVERIFY(env.pool->Contains(held->id));
    env.NextBlock();
    QVERIFY(!env.pool->Contains(held->id));
    QCOMPARE(env.pool->stats().future_dropped, std::uint64_t{1});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void futureIsPromotedWhenABlockFillsTheGap() {
    PoolEnv env;
    const auto gap_filler = env.Transfer(1, 0);  // never pooled: arrives in someone else's block
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(1, 1))), std::string("ok:future"));
    env.NextBlock({gap_filler});
    QCOMPARE(env.pool->PendingOf(SeedAddress(1)).at(0).placement, TxPlacement::Ready);
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void expiredTxsLeave() {
    PoolEnv env;
    const auto short_lived = env.pool->Admit(env.Transfer(1, 0, 1, 1, /*expiry=*/2));
    const auto long_lived = env.pool->Admit(env.Transfer(2, 0, 1, 1, /*expiry=*/50));
    env.NextBlock();
    QVERIFY(env.pool->Contains(short_lived->id));
    QVERIFY(env.pool->SelectForBlock(10, 1 << 20, /*block_slot=*/3).size() == 1);  // not for a later slot
    env.NextBlock();  // slot 2: no block after it may include the tx
    QVERIFY(!env.pool->Contains(short_lived->id));
    QVERIFY(env.pool->Contains(long_lived->id));
    QCOMPARE(env.pool->stats().expired, std::uint64_t{1});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void balanceIsRecheckedAtANewHead() {
    PoolEnv env;
    const chain::Amount part = POOR_BALANCE / 4;
    // Nonces 1 and 2 wait for nonce 0; nonce 0 arrives in a block and spends most of the balance.
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(POOR_SEED, 1, 1, part))), std::string("ok:future"));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(POOR_SEED, 2, 1, part))), std::string("ok:future"));
    env.NextBlock({env.Transfer(POOR_SEED, 0, 1, POOR_BALANCE / 2)});
    const auto left = env.pool->PendingOf(SeedAddress(POOR_SEED));
    QCOMPARE(left.size(), std::size_t{2});
    QCOMPARE(left[0].placement, TxPlacement::Ready);   // fits what is left
    QCOMPARE(left[1].placement, TxPlacement::Future);  // does not fit after nonce 1
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void reorgReadmitsThroughTheSignatureCache() {
    PoolEnv env;
    const state::MemoryState fork_point = env.chain.state();
    const chain::Slot fork_slot = env.Slot();
    std::vector<chain::Transaction> txs;
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
      for (std::uint64_t n = 0; n < 3; ++n) txs.push_back(env.Transfer(seed, n, seed));
    }
    for (const auto& r : env.pool->AdmitBatch(txs)) QVERIFY(r);
    const auto verified = env.verifier.stats().verifications;
    QCOMPARE(verified, std::uint64_t{txs.size()});
    const auto block = env.pool->SelectForBlock(100, 1 << 20);
    QCOMPARE(block.size(), txs.size());
    env.NextBlock(block);
    QCOMPARE(env.pool->size(), std::size_t{0});

    // The block is reverted: the head goes back to the fork point and its txs come back.
    env.pool->OnNewHead(fork_point, fork_slot);
    const auto hits = env.verifier.stats().cache_hits;
    for (const auto& r : env.pool->Readmit(block)) QVERIFY2(r, r ? "" : r.error().Message().c_str());
    QCOMPARE(env.pool->size(), txs.size());
    QCOMPARE(env.verifier.stats().verifications, verified);  // nothing verified twice
    QCOMPARE(env.verifier.stats().cache_hits, hits + txs.size());
    QCOMPARE(env.pool->stats().ready, txs.size());
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void selectsByFeeRateAcrossSendersAndNonceWithin() {
    PoolEnv env;
    // Seed 1: nonce 0 cheap (2), nonce 1 rich (10). Seed 2: nonce 0 at 5. Seed 3: nonce 0 at 7.
    const auto a0 = env.Transfer(1, 0, 2), a1 = env.Transfer(1, 1, 10);
    const auto b0 = env.Transfer(2, 0, 5), c0 = env.Transfer(3, 0, 7);
    for (const auto& tx : {a1, b0, a0, c0}) QVERIFY(env.pool->Admit(tx));
    QCOMPARE(env.pool->SelectForBlock(10, 1 << 20), (std::vector<chain::Transaction>{c0, b0, a0, a1}));
    QCOMPARE(env.pool->SelectForBlock(2, 1 << 20), (std::vector<chain::Transaction>{c0, b0}));
    const std::size_t one = chain::Encode(c0).size();
    QCOMPARE(env.pool->SelectForBlock(10, one), (std::vector<chain::Transaction>{c0}));
    QCOMPARE(env.pool->SelectForBlock(0, 1 << 20).size(), std::size_t{0});
    // The selection is a valid block.
    env.NextBlock(env.pool->SelectForBlock(10, 1 << 20));
    QCOMPARE(env.pool->size(), std::size_t{0});
  }
};

CAIRN_REGISTER_TEST(HeadTest);

}  // namespace
}  // namespace cairn::test

#include "test_head.moc"
