// A full pool: eviction order (futures, then lowest fee rate, a sender's highest nonce only), the
// newcomer must beat what it evicts, byte limits; and the fee-rate estimate.
#include "chain/address.h"
#include "mempool_fixture.h"
#include "test_registry.h"

namespace cairn::test {
namespace {

using mempool::AdmitCode;
using mempool::TxPlacement;

mempool::MempoolConfig Capacity(std::size_t max_txs) {
  mempool::MempoolConfig c;
  c.max_txs = max_txs;
  return c;
}

class EvictionTest : public QObject {
  Q_OBJECT

 private slots:
  void evictsTheLowestFeeRateForABetterTx() {
    PoolEnv env(Capacity(4));
    std::vector<chain::TxId> ids;
    for (std::uint32_t seed = 1; seed <= 4; ++seed) ids.push_back(env.pool->Admit(env.Transfer(seed, 0, 1 + seed))->id);
    // At the minimum rate, or equal to the lowest pooled rate: refused.
    const auto at_minimum = env.pool->Admit(env.Transfer(5, 0, 1));
    QCOMPARE(Outcome(at_minimum), std::string("pool_full"));
    QCOMPARE(at_minimum.error().kind, mempool::AdmitErrorKind::Policy);
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(5, 0, 2))), std::string("pool_full"));
    const auto better = env.pool->Admit(env.Transfer(5, 0, 3));
    QVERIFY(better);
    QCOMPARE(better->evicted, std::uint32_t{1});
    QVERIFY(!env.pool->Contains(ids[0]));  // seed 1 paid rate 2, the lowest
    for (std::size_t i = 1; i < ids.size(); ++i) QVERIFY(env.pool->Contains(ids[i]));
    QCOMPARE(env.pool->size(), std::size_t{4});
    QCOMPARE(env.pool->stats().evicted, std::uint64_t{1});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void evictsOnlyASendersHighestNonce() {
    PoolEnv env(Capacity(4));
    // Seed 1: nonces 0,1,2 at rates 10, 1, 10: its cheap middle tx is not a candidate (a gap would open).
    QVERIFY(env.pool->Admit(env.Transfer(1, 0, 10)));
    const auto cheap_middle = env.pool->Admit(env.Transfer(1, 1, 1))->id;
    QVERIFY(env.pool->Admit(env.Transfer(1, 2, 10)));
    const auto b = env.pool->Admit(env.Transfer(2, 0, 5))->id;
    const auto r = env.pool->Admit(env.Transfer(3, 0, 6));
    QVERIFY(r);
    QVERIFY(!env.pool->Contains(b));
    QVERIFY(env.pool->Contains(cheap_middle));
    QCOMPARE(env.pool->PendingOf(SeedAddress(1)).size(), std::size_t{3});
    // The newcomer's own sender is never a victim: seed 3 cannot push out seed 3.
    PoolEnv own(Capacity(2));
    QVERIFY(own.pool->Admit(own.Transfer(1, 0, 1)));
    QVERIFY(own.pool->Admit(own.Transfer(1, 1, 1)));
    QCOMPARE(Outcome(own.pool->Admit(own.Transfer(1, 2, 50))), std::string("pool_full"));
    QCOMPARE(Outcome(own.pool->Admit(own.Transfer(2, 0, 50))), std::string("ok:ready"));
    QCOMPARE(own.pool->PendingOf(SeedAddress(1)).size(), std::size_t{1});  // lost its nonce 1 (the tail)
    QCOMPARE(own.pool->CheckInvariants(), std::string());
  }

  void evictsFuturesFirstAndFuturesEvictOnlyFutures() {
    PoolEnv env(Capacity(2));
    const auto ready = env.pool->Admit(env.Transfer(1, 0, 2))->id;
    const auto future = env.pool->Admit(env.Transfer(2, 5, 8));
    QCOMPARE(future->placement, TxPlacement::Future);
    // A ready newcomer beating both evicts the future one first, although it pays more than the ready one.
    QVERIFY(env.pool->Admit(env.Transfer(4, 0, 9)));
    QVERIFY(!env.pool->Contains(future->id));
    QVERIFY(env.pool->Contains(ready));
    // Only ready txs left: a future newcomer may not displace them, even paying more.
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(3, 4, 20))), std::string("pool_full"));
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void respectsTheByteLimit() {
    PoolEnv probe;
    const std::size_t one = chain::Encode(probe.Transfer(1, 0, 3)).size();
    mempool::MempoolConfig config;
    config.max_bytes = one * 3 + one / 2;  // room for three
    PoolEnv env(config);
    for (std::uint32_t seed = 1; seed <= 3; ++seed) QVERIFY(env.pool->Admit(env.Transfer(seed, 0, 3)));
    QCOMPARE(Outcome(env.pool->Admit(env.Transfer(4, 0, 3))), std::string("pool_full"));
    QVERIFY(env.pool->Admit(env.Transfer(4, 0, 4)));
    QVERIFY(env.pool->bytes() <= config.max_bytes);
    QCOMPARE(env.pool->size(), std::size_t{3});
    QCOMPARE(env.pool->CheckInvariants(), std::string());
  }

  void estimatesTheRateForTheNextBlock() {
    chain::ChainParams params = PoolParams();
    params.max_block_txs = 2;
    PoolEnv env({}, params);
    QCOMPARE(env.pool->EstimateFeeRate().fee_rate, std::uint64_t{1});  // empty: the minimum
    QVERIFY(env.pool->Admit(env.Transfer(1, 0, 5)));
    QCOMPARE(env.pool->EstimateFeeRate().fee_rate, std::uint64_t{1});  // room left
    QVERIFY(env.pool->Admit(env.Transfer(2, 0, 9)));
    QVERIFY(env.pool->Admit(env.Transfer(3, 0, 7)));
    const auto est = env.pool->EstimateFeeRate();
    QCOMPARE(est.ready_txs, std::size_t{3});
    QCOMPARE(est.block_txs, std::size_t{2});
    QCOMPARE(est.fee_rate, std::uint64_t{8});  // beats the 2nd best (7)
  }

  void listsByFeeRateBestFirst() {
    PoolEnv env;
    QVERIFY(env.pool->ByFeeRate(10).empty());
    const auto low = env.pool->Admit(env.Transfer(1, 0, 2))->id;
    const auto high = env.pool->Admit(env.Transfer(2, 0, 9))->id;
    const auto tie_first = env.pool->Admit(env.Transfer(3, 0, 5))->id;
    const auto tie_second = env.pool->Admit(env.Transfer(4, 0, 5))->id;
    const auto future = env.pool->Admit(env.Transfer(5, 3, 7));  // a nonce gap: listed all the same
    QCOMPARE(future->placement, TxPlacement::Future);
    const auto all = env.pool->ByFeeRate(100);
    QCOMPARE(all.size(), std::size_t{5});
    QCOMPARE(all[0].id, high);
    QCOMPARE(all[1].id, future->id);
    QCOMPARE(all[1].placement, TxPlacement::Future);
    QCOMPARE(all[2].id, tie_first);  // equal rates: the older first
    QCOMPARE(all[3].id, tie_second);
    QCOMPARE(all[4].id, low);
    QCOMPARE(all[4].sender, SeedAddress(1));
    const auto top = env.pool->ByFeeRate(2);
    QCOMPARE(top.size(), std::size_t{2});
    QCOMPARE(top[0].id, high);
    QCOMPARE(top[1].id, future->id);
    QVERIFY(env.pool->ByFeeRate(0).empty());
  }
};

CAIRN_REGISTER_TEST(EvictionTest);

}  // namespace
}  // namespace cairn::test

#include "test_eviction.moc"
