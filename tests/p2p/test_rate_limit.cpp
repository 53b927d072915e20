// Rate limits, scores and the seen-cache: token-bucket refill and burst arithmetic, per-class
// independence of a peer's buckets (items counted where they should be), score decay and the ban
// threshold, and SeenCache's LRU order and bound. Also holds main() for the p2p_units executable.
#include <QCoreApplication>
#include <QTest>

#include <set>
#include <string>

#include "chain/ids.h"
#include "p2p/rate_limit.h"
#include "p2p/seen_cache.h"

using namespace cairn;
using p2p::MessageClass;
using p2p::MessageKind;
using p2p::Offence;

namespace {

constexpr Offence ALL_OFFENCES[] = {Offence::InvalidBlock, Offence::InvalidVote, Offence::InvalidEvidence,
                                    Offence::InvalidTx,    Offence::Malformed,   Offence::Oversized,
                                    Offence::Flooding,     Offence::Unrequested, Offence::WrongChainBlocks};

chain::TxId Id(std::uint8_t first, std::uint8_t last = 0) {
  chain::TxId id;
  id.bytes[0] = first;
  id.bytes[31] = last;
  return id;
}

}  // namespace

class TestRateLimit : public QObject {
  Q_OBJECT

 private slots:
  void bucketStartsFullAndRefusesBeyondBurst() {
    p2p::TokenBucket bucket({10, 5}, 1000);
    for (int i = 0; i < 5; ++i) QVERIFY(bucket.Take(1, 1000));
    QVERIFY(!bucket.Take(1, 1000));
    QCOMPARE(bucket.Available(1000), 0.0);
  }

  void bucketRefillsAtItsRate() {
    // 8/s: one token per 125 ms, exact in binary floating point.
    p2p::TokenBucket bucket({8, 4}, 0);
    QVERIFY(bucket.Take(4, 0));
    QVERIFY(!bucket.Take(1, 124));  // 0.992 tokens
    QVERIFY(bucket.Take(1, 125));
    QVERIFY(!bucket.Take(1, 125));
    QVERIFY(bucket.Take(2, 375));
    // A refusal takes nothing: 3 are not there, 2 still are.
    QVERIFY(!bucket.Take(3, 625));
    QVERIFY(bucket.Take(2, 625));
  }

  void bucketCapsAtBurst() {
    p2p::TokenBucket bucket({10, 5}, 0);
    QVERIFY(bucket.Take(5, 0));
    QCOMPARE(bucket.Available(3'600'000), 5.0);  // an hour of quiet still allows only one burst
    QVERIFY(!bucket.Take(6, 3'600'000));          // more than the burst can never pass
    QVERIFY(bucket.Take(5, 3'600'000));
    QVERIFY(!bucket.Take(1, 3'600'000));
  }

  void bucketIgnoresAClockGoingBackwards() {
    p2p::TokenBucket bucket({8, 4}, 10'000);
    QVERIFY(bucket.Take(4, 10'000));
    QVERIFY(!bucket.Take(1, 5'000));   // earlier time: no refill
    QVERIFY(!bucket.Take(1, 10'064));  // and the refill point did not move back: 0.512 tokens
    QVERIFY(bucket.Take(1, 10'128));   // 1.024
    QVERIFY(!bucket.Take(-1, 20'000));  // negative requests are refused, not turned into credit
  }

  void slowBucketsRefillSlowly() {
    p2p::TokenBucket bucket(p2p::DefaultSpec(MessageClass::PeerExchange), 0);  // 0.1/s, burst 3
    for (int i = 0; i < 3; ++i) QVERIFY(bucket.Take(1, 0));
    QVERIFY(!bucket.Take(1, 9'990));
    QVERIFY(bucket.Take(1, 10'010));
  }

  void classesAndDefaultSpecs() {
    QCOMPARE(p2p::ClassOf(MessageKind::Status), MessageClass::Control);
    QCOMPARE(p2p::ClassOf(MessageKind::Ping), MessageClass::Control);
    QCOMPARE(p2p::ClassOf(MessageKind::Pong), MessageClass::Control);
    QCOMPARE(p2p::ClassOf(MessageKind::Disconnect), MessageClass::Control);
    QCOMPARE(p2p::ClassOf(MessageKind::NewBlock), MessageClass::Block);
    QCOMPARE(p2p::ClassOf(MessageKind::NewVote), MessageClass::Vote);
    QCOMPARE(p2p::ClassOf(MessageKind::NewEvidence), MessageClass::Evidence);
    QCOMPARE(p2p::ClassOf(MessageKind::TxAnnounce), MessageClass::TxAnnounce);
    QCOMPARE(p2p::ClassOf(MessageKind::GetTxs), MessageClass::TxData);
    QCOMPARE(p2p::ClassOf(MessageKind::Txs), MessageClass::TxData);
    QCOMPARE(p2p::ClassOf(MessageKind::GetBlocks), MessageClass::BlockRequest);
    QCOMPARE(p2p::ClassOf(MessageKind::GetPeers), MessageClass::PeerExchange);
    QCOMPARE(p2p::ClassOf(MessageKind::Peers), MessageClass::PeerExchange);
    for (std::uint8_t k = 0; k < p2p::MESSAGE_KIND_COUNT; ++k) {
      const auto kind = static_cast<MessageKind>(k);
      QCOMPARE(p2p::IsRateLimited(kind), kind != MessageKind::Blocks);
    }

    const auto vote = p2p::DefaultSpec(MessageClass::Vote);
    QCOMPARE(vote.rate_per_s, 500.0);
    QCOMPARE(vote.burst, 2000.0);
    QCOMPARE(p2p::DefaultSpec(MessageClass::Control).burst, 50.0);
    QCOMPARE(p2p::DefaultSpec(MessageClass::Block).rate_per_s, 20.0);
    QCOMPARE(p2p::DefaultSpec(MessageClass::TxAnnounce).burst, 20000.0);
    QCOMPARE(p2p::DefaultSpec(MessageClass::PeerExchange).rate_per_s, 0.1);
    std::set<std::string> names;
    for (std::size_t c = 0; c < p2p::MESSAGE_CLASS_COUNT; ++c) {
      const auto spec = p2p::DefaultSpec(static_cast<MessageClass>(c));
      QVERIFY(spec.rate_per_s > 0 && spec.burst >= 1);
      names.emplace(p2p::MessageClassName(static_cast<MessageClass>(c)));
    }
    QCOMPARE(names.size(), p2p::MESSAGE_CLASS_COUNT);
  }

  void peerLimitsAreIndependentPerClass() {
    p2p::PeerLimits limits(0);
    for (int i = 0; i < 50; ++i) QVERIFY(limits.Allow(MessageKind::Ping, 1, 0));
    QVERIFY(!limits.Allow(MessageKind::Ping, 1, 0));
    QVERIFY(!limits.Allow(MessageKind::Status, 1, 0));  // same class
    // Other classes are untouched by the exhausted control bucket.
    QVERIFY(limits.Allow(MessageKind::NewVote, 1, 0));
    QVERIFY(limits.Allow(MessageKind::NewBlock, 1, 0));
    QVERIFY(limits.Allow(MessageKind::GetBlocks, 1, 0));
    // Sync answers are never bucketed.
    for (int i = 0; i < 1000; ++i) QVERIFY(limits.Allow(MessageKind::Blocks, 128, 0));
    // Control refills at 10/s.
    QVERIFY(limits.Allow(MessageKind::Pong, 1, 101));
    QVERIFY(!limits.Allow(MessageKind::Pong, 1, 101));
  }

  void peerLimitsCountItemsWhereTheyShould() {
    p2p::PeerLimits limits(0);
    // TxAnnounce counts ids: 19 messages of 1024 ids fit the 20000 burst, a 20th does not.
    for (int i = 0; i < 19; ++i) QVERIFY(limits.Allow(MessageKind::TxAnnounce, 1024, 0));
    QVERIFY(!limits.Allow(MessageKind::TxAnnounce, 1024, 0));
    QVERIFY(limits.Allow(MessageKind::TxAnnounce, 20000 - 19 * 1024, 0));
    QVERIFY(!limits.Allow(MessageKind::TxAnnounce, 1, 0));
    QVERIFY(limits.Allow(MessageKind::Txs, 1024, 0));  // its own bucket
    // Block-class messages count one each whatever `items` says: 60 pass, the 61st does not.
    for (int i = 0; i < 60; ++i) QVERIFY(limits.Allow(MessageKind::NewBlock, 1000, 0));
    QVERIFY(!limits.Allow(MessageKind::NewBlock, 1, 0));
    // items 0 counts as 1.
    p2p::PeerLimits fresh(0);
    for (int i = 0; i < 2000; ++i) QVERIFY(fresh.Allow(MessageKind::NewVote, 0, 0));
    QVERIFY(!fresh.Allow(MessageKind::NewVote, 0, 0));
  }

  void offenceScoresAndNames() {
    QCOMPARE(p2p::OffenceScore(Offence::InvalidBlock), 100);
    QCOMPARE(p2p::OffenceScore(Offence::InvalidVote), 20);
    QCOMPARE(p2p::OffenceScore(Offence::InvalidEvidence), 20);
    QCOMPARE(p2p::OffenceScore(Offence::InvalidTx), 5);
    QCOMPARE(p2p::OffenceScore(Offence::Malformed), 100);
    QCOMPARE(p2p::OffenceScore(Offence::Oversized), 100);
    QCOMPARE(p2p::OffenceScore(Offence::Flooding), 10);
    QCOMPARE(p2p::OffenceScore(Offence::Unrequested), 5);
    QCOMPARE(p2p::OffenceScore(Offence::WrongChainBlocks), 100);
    std::set<std::string> names;
    for (Offence o : ALL_OFFENCES) names.emplace(p2p::OffenceName(o));
    QCOMPARE(names.size(), std::size(ALL_OFFENCES));
    QCOMPARE(p2p::OffenceName(Offence::Flooding), std::string_view("flooding"));
  }

  void scoreAddsDecaysAndBans() {
    p2p::PeerScore score;
    const std::int64_t t0 = 5'000'000;
    QCOMPARE(score.Value(t0), 0);
    for (int i = 0; i < 4; ++i) score.Add(Offence::InvalidVote, t0);
    QCOMPARE(score.Value(t0), 80);
    QVERIFY(!score.Banned(t0));
    QCOMPARE(score.Value(t0 + 59'999), 80);  // decay in whole minutes
    QCOMPARE(score.Value(t0 + 60'000), 79);
    QCOMPARE(score.Value(t0 + 10 * 60'000), 70);

    // The partial minute already served is kept across an Add.
    score.Add(Offence::Flooding, t0 + 10 * 60'000 + 30'000);  // 70 + 10
    QCOMPARE(score.Value(t0 + 10 * 60'000 + 30'000), 80);
    QCOMPARE(score.Value(t0 + 11 * 60'000), 79);
    score.Add(Offence::InvalidVote, t0 + 11 * 60'000);  // 99: one short
    QVERIFY(!score.Banned(t0 + 11 * 60'000));
    score.Add(Offence::InvalidTx, t0 + 11 * 60'000);  // 104
    QVERIFY(score.Banned(t0 + 11 * 60'000));
    QVERIFY(score.Banned(t0 + 15 * 60'000));   // 100
    QVERIFY(!score.Banned(t0 + 16 * 60'000));  // 99: the score alone no longer bans
    QCOMPARE(score.Value(t0 + 1000 * 60'000), 0);  // never below zero
  }

  void cleanRecordEarnsNoCredit() {
    p2p::PeerScore score;
    score.Add(Offence::InvalidTx, 0);  // 5, fully decayed after 5 minutes
    score.Add(Offence::Malformed, 60 * 60'000);
    QCOMPARE(score.Value(60 * 60'000), 100);
    QVERIFY(score.Banned(60 * 60'000));

    p2p::PeerScore instant;
    instant.Add(Offence::InvalidBlock, 123);
    QVERIFY(instant.Banned(123));
    instant.Add(Offence::Malformed, 123);
    QCOMPARE(instant.Value(123), 200);
  }
};

class TestSeenCache : public QObject {
  Q_OBJECT

 private slots:
  void insertReportsNewness() {
    p2p::SeenCache<chain::TxId> cache(4);
    QVERIFY(cache.Insert(Id(1)));
    QVERIFY(!cache.Insert(Id(1)));
    QVERIFY(cache.Contains(Id(1)));
    QVERIFY(!cache.Contains(Id(1, 1)));  // differs only after the bytes the hash reads
    QVERIFY(cache.Insert(Id(1, 1)));
    QCOMPARE(cache.size(), std::size_t{2});
  }

  void evictsLeastRecentlyInserted() {
    p2p::SeenCache<chain::TxId> cache(3);
    QVERIFY(cache.Insert(Id(1)));
    QVERIFY(cache.Insert(Id(2)));
    QVERIFY(cache.Insert(Id(3)));
    QVERIFY(cache.Insert(Id(4)));  // evicts 1
    QCOMPARE(cache.size(), std::size_t{3});
    QVERIFY(!cache.Contains(Id(1)));
    QVERIFY(cache.Contains(Id(2)) && cache.Contains(Id(3)) && cache.Contains(Id(4)));

    QVERIFY(!cache.Insert(Id(2)));  // refreshed: now the most recent
    QVERIFY(cache.Contains(Id(3)));  // Contains does not refresh
    QVERIFY(cache.Insert(Id(5)));   // evicts 3, the oldest, not 2
    QVERIFY(!cache.Contains(Id(3)));
    QVERIFY(cache.Contains(Id(2)));
    QVERIFY(cache.Insert(Id(6)));   // evicts 4
    QVERIFY(!cache.Contains(Id(4)));
    QVERIFY(cache.Contains(Id(2)) && cache.Contains(Id(5)) && cache.Contains(Id(6)));
    QVERIFY(cache.Insert(Id(1)));   // forgotten, so new again
  }

  void sizeStaysBounded() {
    p2p::SeenCache<std::uint64_t> cache(100);
    for (std::uint64_t i = 0; i < 10'000; ++i) {
      QVERIFY(cache.Insert(i));
      QVERIFY(cache.size() <= 100);
    }
    QCOMPARE(cache.size(), std::size_t{100});
    for (std::uint64_t i = 9'900; i < 10'000; ++i) QVERIFY(cache.Contains(i));
    QVERIFY(!cache.Contains(9'899));

    p2p::SeenCache<std::uint64_t> tiny(0);  // treated as 1
    QVERIFY(tiny.Insert(7));
    QVERIFY(!tiny.Insert(7));
    QVERIFY(tiny.Insert(8));
    QVERIFY(!tiny.Contains(7));
    QCOMPARE(tiny.size(), std::size_t{1});
  }

  void eraseForgets() {
    p2p::SeenCache<chain::TxId> cache(3);
    QVERIFY(cache.Insert(Id(1)));
    QVERIFY(cache.Insert(Id(2)));
    QVERIFY(cache.Erase(Id(1)));
    QVERIFY(!cache.Erase(Id(1)));
    QCOMPARE(cache.size(), std::size_t{1});
    QVERIFY(cache.Insert(Id(1)));
    QVERIFY(cache.Insert(Id(3)));
    QVERIFY(cache.Insert(Id(4)));  // evicts 2 (1 was re-inserted after it)
    QVERIFY(!cache.Contains(Id(2)));
    QVERIFY(cache.Contains(Id(1)));
  }
};

int RunSyncPlannerTests(int argc, char** argv);  // test_sync_planner.cpp

// One executable for the p2p building blocks: runs every class here and the sync planner's.
int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int failed = 0;
  {
    TestRateLimit test;
    failed += QTest::qExec(&test, argc, argv) != 0;
  }
  {
    TestSeenCache test;
    failed += QTest::qExec(&test, argc, argv) != 0;
  }
  failed += RunSyncPlannerTests(argc, argv) != 0;
  return failed == 0 ? 0 : 1;
}

#include "test_rate_limit.moc"
