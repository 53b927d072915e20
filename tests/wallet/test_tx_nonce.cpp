// test_wallet_tx, nonces (node/wallet/nonce_tracker.h): distinct consecutive nonces under concurrency,
// the release, replacement and expiry rules.
#include <QTest>

#include <algorithm>
#include <thread>
#include <vector>

#include "test_registry.h"
#include "tx_test_util.h"
#include "wallet/nonce_tracker.h"

using namespace cairn;
using namespace cairn::wallet;

namespace {
const chain::Address ALICE = test::SeedAddress(1);
const chain::Address BOB = test::SeedAddress(2);
}  // namespace

class TestTxNonce : public QObject {
  Q_OBJECT

 private slots:
  void startsAtMaxOfChainAndPending() {
    NonceTracker t;
    QCOMPARE(t.Reserve(ALICE, 5).value_or(0), std::uint64_t{5});
    QCOMPARE(t.Reserve(ALICE, 5).value_or(0), std::uint64_t{6});
    QVERIFY(t.MarkSubmitted(ALICE, 5, 100, 50).has_value());
    QVERIFY(t.MarkSubmitted(ALICE, 6, 100, 50).has_value());
    // A stale chain nonce does not move anything back.
    QCOMPARE(t.Reserve(ALICE, 3).value_or(0), std::uint64_t{7});
    // Accounts are independent.
    QCOMPARE(t.Reserve(BOB, 0).value_or(9), std::uint64_t{0});
    // The chain passes the pending ones: they are forgotten, and the chain nonce wins.
    t.OnChainNonce(ALICE, 7);
    QCOMPARE(t.EntriesOf(ALICE).size(), std::size_t{1});  // 7, still reserved
    QCOMPARE(t.Reserve(ALICE, 10).value_or(0), std::uint64_t{10});
    QVERIFY(t.EntriesOf(ALICE).count(7) == 0);  // 7 < 10: superseded
  }

  void adoptedNoncesOfAnEarlierRunArePending() {
    NonceTracker t;
    // A restart remembers nonces 5 and 7 in the pool (6 expired meanwhile): both pending again, 6 free.
    QVERIFY(t.Adopt(ALICE, 5, 5, 100, 50).has_value());
    QVERIFY(t.Adopt(ALICE, 5, 7, 120, 60).has_value());
    const auto entries = t.EntriesOf(ALICE);
    QCOMPARE(entries.size(), std::size_t{2});
    QVERIFY(entries.at(5).state == NonceTracker::State::Pending);
    QCOMPARE(entries.at(7).fee, chain::Amount{120});
    QCOMPARE(t.Reserve(ALICE, 5).value_or(0), std::uint64_t{6});  // the hole first
    QCOMPARE(t.Reserve(ALICE, 5).value_or(0), std::uint64_t{8});  // never a pending one
    // A pending adopted nonce cannot be released, only replaced.
    QVERIFY(!t.Release(ALICE, 7).has_value());
    QCOMPARE(t.ReplacementFeeFor(ALICE, 7).value_or(0), chain::Amount{132});
    // Handed out already, below the chain nonce (ignored), absurdly far: refused or ignored.
    QVERIFY(!t.Adopt(ALICE, 5, 8, 1, 1).has_value());
    QVERIFY(t.Adopt(ALICE, 6, 2, 1, 1).has_value());
    QVERIFY(t.EntriesOf(ALICE).count(2) == 0);
    QVERIFY(!t.Adopt(ALICE, 6, 1'000'000, 1, 1).has_value());
  }

  void concurrentReservesAreDistinctAndConsecutive() {
    NonceTracker t;
    constexpr int THREADS = 8, PER_THREAD = 500;
    constexpr std::uint64_t START = 42;
    std::vector<std::vector<std::uint64_t>> got(THREADS);
    std::vector<std::thread> threads;
    for (int i = 0; i < THREADS; ++i) {
      threads.emplace_back([&t, &got, i] {
        for (int k = 0; k < PER_THREAD; ++k) got[static_cast<std::size_t>(i)].push_back(t.Reserve(ALICE, START).value_or(0));
      });
    }
    for (auto& th : threads) th.join();
    std::vector<std::uint64_t> all;
    for (const auto& g : got) {
      QVERIFY(std::is_sorted(g.begin(), g.end()));  // each thread sees increasing nonces
      all.insert(all.end(), g.begin(), g.end());
    }
    std::sort(all.begin(), all.end());
    QCOMPARE(all.size(), std::size_t{THREADS * PER_THREAD});
    for (std::size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], START + i);
  }

  void concurrentReserveAndReleaseLeavesNoGap() {
    // Each thread reserves two, releases the first, keeps the second: released nonces are refilled, so
    // the kept set plus the next nonce form one run with no hole.
    NonceTracker t;
    constexpr int THREADS = 8, PER_THREAD = 200;
    std::vector<std::thread> threads;
    for (int i = 0; i < THREADS; ++i) {
      threads.emplace_back([&t] {
        for (int k = 0; k < PER_THREAD; ++k) {
          const auto a = t.Reserve(ALICE, 0);
          const auto b = t.Reserve(ALICE, 0);
          if (a && b) (void)t.Release(ALICE, *a);
        }
      });
    }
    for (auto& th : threads) th.join();
    const auto entries = t.EntriesOf(ALICE);
    QCOMPARE(entries.size(), std::size_t{THREADS * PER_THREAD});
    // Holes may remain (a release below a kept nonce), but then the next Reserves fill them first.
    std::vector<std::uint64_t> refills;
    while (!t.FreeOf(ALICE).empty()) refills.push_back(t.Reserve(ALICE, 0).value_or(UINT64_MAX));
    const auto after = t.EntriesOf(ALICE);
    std::uint64_t expect = 0;
    for (const auto& [nonce, e] : after) QCOMPARE(nonce, expect++);
    QCOMPARE(t.PeekNext(ALICE).value_or(0), expect);
  }

  void releaseRules() {
    NonceTracker t;
    for (int i = 0; i < 4; ++i) QVERIFY(t.Reserve(ALICE, 0).has_value());  // 0..3
    // Releasing the top nonce takes it back: the next send gets it again.
    QVERIFY(t.Release(ALICE, 3).has_value());
    QCOMPARE(t.PeekNext(ALICE).value_or(99), std::uint64_t{3});
    QVERIFY(t.FreeOf(ALICE).empty());
    // Below a kept nonce: a hole, refilled first.
    QVERIFY(t.Release(ALICE, 1).has_value());
    QCOMPARE(t.FreeOf(ALICE), (std::set<std::uint64_t>{1}));
    QCOMPARE(t.Reserve(ALICE, 0).value_or(99), std::uint64_t{1});
    QCOMPARE(t.Reserve(ALICE, 0).value_or(99), std::uint64_t{3});
    // A hole directly below the top collapses when the top is released too.
    QVERIFY(t.Release(ALICE, 2).has_value());
    QVERIFY(t.Release(ALICE, 3).has_value());
    QVERIFY(t.FreeOf(ALICE).empty());
    QCOMPARE(t.PeekNext(ALICE).value_or(99), std::uint64_t{2});
    // Pending and unknown nonces cannot be released; a nonce the chain passed is a no-op.
    QVERIFY(t.MarkSubmitted(ALICE, 1, 10, 100).has_value());
    auto pending = t.Release(ALICE, 1);
    QVERIFY(!pending && pending.error().kind == NonceErrorKind::WrongState);
    auto unknown = t.Release(ALICE, 77);
    QVERIFY(!unknown && unknown.error().kind == NonceErrorKind::Unknown);
    QVERIFY(!t.Release(BOB, 0).has_value());
    t.OnChainNonce(ALICE, 2);
    QVERIFY(t.Release(ALICE, 0).has_value());
    // Submitting twice is refused (a replacement is MarkReplaced).
    const auto n = t.Reserve(ALICE, 2).value_or(0);
    QVERIFY(t.MarkSubmitted(ALICE, n, 5, 100).has_value());
    QVERIFY(!t.MarkSubmitted(ALICE, n, 5, 100).has_value());
    // Free nonces the chain passed are dropped.
    NonceTracker u;
    for (int i = 0; i < 3; ++i) (void)u.Reserve(BOB, 0);
    QVERIFY(u.Release(BOB, 0).has_value());
    u.OnChainNonce(BOB, 1);
    QVERIFY(u.FreeOf(BOB).empty());
    QCOMPARE(u.PeekNext(BOB).value_or(0), std::uint64_t{3});
  }

  void replacementFee() {
    QCOMPARE(MinReplacementFee(1'000).value_or(0), chain::Amount{1'100});
    QCOMPARE(MinReplacementFee(19).value_or(0), chain::Amount{20});   // 19 + floor(1.9)
    QCOMPARE(MinReplacementFee(5).value_or(0), chain::Amount{6});     // bump rounds to 0: still +1
    QCOMPARE(MinReplacementFee(0).value_or(0), chain::Amount{1});
    QCOMPARE(MinReplacementFee(1'000, 25).value_or(0), chain::Amount{1'250});
    QVERIFY(!MinReplacementFee(UINT64_MAX).has_value());

    NonceTracker t;
    const auto n = t.Reserve(ALICE, 0).value_or(99);
    QVERIFY(!t.ReplacementFeeFor(ALICE, n).has_value());  // reserved, not pending
    QVERIFY(!t.MarkReplaced(ALICE, n, 5'000, 10).has_value());
    QVERIFY(t.MarkSubmitted(ALICE, n, 1'000, 10).has_value());
    QCOMPARE(t.ReplacementFeeFor(ALICE, n).value_or(0), chain::Amount{1'100});
    auto under = t.MarkReplaced(ALICE, n, 1'099, 20);
    QVERIFY(!under);
    QCOMPARE(under.error().kind, NonceErrorKind::Underpriced);
    QVERIFY(under.error().message.find("1100") != std::string::npos);
    QVERIFY(t.MarkReplaced(ALICE, n, 1'100, 20).has_value());
    QCOMPARE(t.EntriesOf(ALICE).at(n).fee, chain::Amount{1'100});
    QCOMPARE(t.EntriesOf(ALICE).at(n).expiry_slot, chain::Slot{20});
    QCOMPARE(t.ReplacementFeeFor(ALICE, n).value_or(0), chain::Amount{1'210});
    // The same nonce is kept: no new nonce was consumed.
    QCOMPARE(t.PeekNext(ALICE).value_or(0), n + 1);
  }

  void expiryFreesNonces() {
    NonceTracker t;
    for (int i = 0; i < 4; ++i) QVERIFY(t.Reserve(ALICE, 0).has_value());  // 0..3
    QVERIFY(t.MarkSubmitted(ALICE, 0, 10, 10).has_value());
    QVERIFY(t.MarkSubmitted(ALICE, 1, 10, 20).has_value());
    QVERIFY(t.MarkSubmitted(ALICE, 2, 10, 20).has_value());
    // 3 stays reserved (a send in progress): reserved nonces never expire.
    QVERIFY(t.OnHeadSlot(9).empty());
    auto report = t.OnHeadSlot(10);
    QCOMPARE(report.size(), std::size_t{1});
    QCOMPARE(report[ALICE].freed, (std::vector<std::uint64_t>{0}));
    QCOMPARE(report[ALICE].blocked, (std::vector<std::uint64_t>{1, 2}));
    // The next send fills the hole, unblocking 1 and 2.
    QCOMPARE(t.Reserve(ALICE, 0).value_or(99), std::uint64_t{0});
    QCOMPARE(t.Reserve(ALICE, 0).value_or(99), std::uint64_t{4});
    QVERIFY(t.Release(ALICE, 4).has_value());
    QVERIFY(t.Release(ALICE, 3).has_value());
    // Now 1 and 2 are the top: when they expire they are taken back, leaving no hole.
    report = t.OnHeadSlot(20);
    QCOMPARE(report[ALICE].freed, (std::vector<std::uint64_t>{1, 2}));
    QVERIFY(report[ALICE].blocked.empty());
    QVERIFY(t.FreeOf(ALICE).empty());
    QCOMPARE(t.PeekNext(ALICE).value_or(99), std::uint64_t{1});
  }
};

CAIRN_REGISTER_TEST(TestTxNonce);

#include "test_tx_nonce.moc"
