// SyncPlanner: parallel ranges over several peers cover the wanted heights once each, answers are
// delivered in height order whatever order they arrive in, timeouts / removed peers / short and empty
// answers put heights back in play (with another peer first), malformed and unrequested answers give
// their Offence, a fork between peers is dropped without one, max_ahead bounds the window and a peer
// is only asked for heights its head covers. Blocks are minimal values: the planner checks linkage only.
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "chain/block.h"
#include "p2p/sync_planner.h"

using namespace cairn;
using p2p::Offence;
using p2p::SyncConfig;
using p2p::SyncPlanner;
using p2p::SyncRequest;

namespace {

// blocks[h] is the block at height h; blocks[0] stands for genesis. Heights >= fork_from differ by
// `variant` (another timestamp), so two chains with different variants share blocks below fork_from.
std::vector<chain::Block> MakeChain(chain::Height tip, std::uint64_t variant = 0, chain::Height fork_from = 1) {
  std::vector<chain::Block> blocks(tip + 1);
  for (chain::Height h = 0; h <= tip; ++h) {
    chain::BlockHeader& header = blocks[h].header.header;
    header.height = h;
    header.slot = h;
    header.timestamp_ms = h * 1000 + (h >= fork_from ? variant : 0);
    if (h > 0) header.parent_hash = chain::ComputeBlockId(blocks[h - 1].unsigned_header());
  }
  return blocks;
}

const std::vector<chain::Block>& Canonical() {
  static const auto chain = MakeChain(2000);
  return chain;
}

std::vector<chain::Block> Slice(const std::vector<chain::Block>& chain, chain::Height from, std::size_t count) {
  return {chain.begin() + static_cast<std::ptrdiff_t>(from), chain.begin() + static_cast<std::ptrdiff_t>(from + count)};
}

std::vector<chain::Block> Answer(const SyncRequest& r, std::size_t count = SIZE_MAX) {
  return Slice(Canonical(), r.from, std::min<std::size_t>(count, r.count));
}

std::vector<chain::Height> Heights(const std::vector<SyncPlanner::Delivery>& deliveries) {
  std::vector<chain::Height> out;
  for (const auto& d : deliveries) {
    for (const auto& b : d.blocks) out.push_back(b.unsigned_header().height);
  }
  return out;
}

std::vector<chain::Height> Range(chain::Height first, chain::Height last) {
  std::vector<chain::Height> out;
  for (chain::Height h = first; h <= last; ++h) out.push_back(h);
  return out;
}

// Answers in full and returns the delivered heights; fails the test on an offence.
std::vector<chain::Height> Serve(SyncPlanner& planner, const SyncRequest& r, std::int64_t now_ms = 0) {
  auto result = planner.OnBlocks(r.session, r.request_id, Answer(r), now_ms);
  if (!result) {
    qWarning("unexpected offence %s", std::string(p2p::OffenceName(result.error())).c_str());
    return {};
  }
  return Heights(*result);
}

SyncConfig Config(std::uint32_t batch, std::size_t per_peer, std::size_t total = 8, chain::Height max_ahead = 2048,
                  std::int64_t timeout_ms = 1000) {
  SyncConfig c;
  c.batch = batch;
  c.max_in_flight_per_peer = per_peer;
  c.max_in_flight = total;
  c.max_ahead = max_ahead;
  c.timeout_ms = timeout_ms;
  return c;
}

}  // namespace

class TestSyncPlanner : public QObject {
  Q_OBJECT

 private slots:
  void parallelPlanningCoversEveryHeightOnce() {
    SyncPlanner planner;  // the defaults: batch 64, 2 per peer, 8 in all
    for (std::uint64_t s : {1, 2, 3}) planner.SetPeer(s, 1000, 900);
    QVERIFY(planner.syncing());
    QCOMPARE(planner.best_known_height(), chain::Height{1000});

    std::set<chain::Height> requested;
    std::map<std::uint64_t, std::size_t> per_session;
    std::vector<chain::Height> delivered;
    std::int64_t now = 0;
    for (int round = 0; round < 100; ++round, now += 10) {
      const auto requests = planner.Plan(now);
      if (requests.empty()) break;
      QVERIFY(planner.in_flight() <= 8);
      std::map<std::uint64_t, std::size_t> in_flight;
      for (const auto& r : requests) {
        QVERIFY(r.request_id != 0);
        QVERIFY(r.count >= 1 && r.count <= 64);
        QVERIFY(++in_flight[r.session] <= 2);
        ++per_session[r.session];
        for (chain::Height h = r.from; h < r.from + r.count; ++h) QVERIFY2(requested.insert(h).second, "overlap");
      }
      // Answer newest first: delivery order must not depend on answer order.
      for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
        const auto got = Serve(planner, *it, now);
        delivered.insert(delivered.end(), got.begin(), got.end());
      }
    }
    QCOMPARE(delivered, Range(1, 1000));
    QCOMPARE(requested.size(), std::size_t{1000});
    QCOMPARE(*requested.rbegin(), chain::Height{1000});
    QCOMPARE(per_session.size(), std::size_t{3});
    for (const auto& [session, n] : per_session) QVERIFY2(n >= 5, "batches spread over the peers");
    QCOMPARE(planner.in_flight(), std::size_t{0});
    QCOMPARE(planner.next_to_deliver(), chain::Height{1001});
  }

  void firstPlanSpreadsOverPeers() {
    SyncPlanner planner;
    for (std::uint64_t s : {1, 2, 3}) planner.SetPeer(s, 1000, 0);
    const auto requests = planner.Plan(0);
    QCOMPARE(requests.size(), std::size_t{6});  // 3 peers x 2 in flight, under the total of 8
    for (std::size_t i = 0; i < requests.size(); ++i) {
      QCOMPARE(requests[i].from, chain::Height{1 + 64 * i});
      QCOMPARE(requests[i].count, std::uint32_t{64});
      QCOMPARE(requests[i].session, std::uint64_t{1 + i % 3});  // round-robin
    }
    QVERIFY(planner.Plan(0).empty());  // every peer is full
  }

  void outOfOrderAnswersAreDeliveredInOrder() {
    SyncPlanner planner(Config(10, 1));
    for (std::uint64_t s : {1, 2, 3}) planner.SetPeer(s, 100, 0);
    const auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{3});

    auto third = planner.OnBlocks(r[2].session, r[2].request_id, Answer(r[2]), 0);
    QVERIFY(third && third->empty());
    auto second = planner.OnBlocks(r[1].session, r[1].request_id, Answer(r[1]), 0);
    QVERIFY(second && second->empty());
    QCOMPARE(planner.buffered_blocks(), std::size_t{20});

    auto first = planner.OnBlocks(r[0].session, r[0].request_id, Answer(r[0]), 0);
    QVERIFY(first);
    QCOMPARE(first->size(), std::size_t{3});
    for (std::size_t i = 0; i < 3; ++i) QCOMPARE((*first)[i].session, r[i].session);  // who served what
    QCOMPARE(Heights(*first), Range(1, 30));
    QCOMPARE(planner.buffered_blocks(), std::size_t{0});
  }

  void timeoutRequeuesToAnotherPeer() {
    SyncPlanner planner(Config(50, 1, 8, 2048, 1000));
    planner.SetPeer(1, 200, 0);  // slow
    planner.SetPeer(2, 200, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].from, chain::Height{1});
    const SyncRequest slow = r[0];
    QVERIFY(Serve(planner, r[1], 10).empty());  // 51..100 waits for 1..50

    r = planner.Plan(10);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{2});
    QCOMPARE(r[0].from, chain::Height{101});
    const SyncRequest fast = r[0];

    QVERIFY(planner.Plan(999).empty());  // not yet expired
    QVERIFY(planner.Plan(1000).empty());  // expired, but peer 1 cools down and peer 2 is busy
    QCOMPARE(planner.in_flight(), std::size_t{1});
    QVERIFY(Serve(planner, fast, 1001).empty());
    r = planner.Plan(1001);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{2});  // the slow peer's range, to the other peer
    QCOMPARE(r[0].from, chain::Height{1});
    QCOMPARE(r[0].count, std::uint32_t{50});
    const SyncRequest retry = r[0];

    // The slow peer's late answer is ignored, not scored.
    auto late = planner.OnBlocks(slow.session, slow.request_id, Answer(slow), 1100);
    QVERIFY(late);
    QVERIFY(late->empty());
    // The slow peer gets nothing new during its cool-down, then 151..200.
    QVERIFY(planner.Plan(1999).empty());
    r = planner.Plan(2000);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].from, chain::Height{151});

    QCOMPARE(Serve(planner, retry, 2000), Range(1, 150));
    QCOMPARE(Serve(planner, r[0], 2000), Range(151, 200));
  }

  void removedPeersRangesAreRequeued() {
    SyncPlanner planner(Config(50, 1));
    planner.SetPeer(1, 100, 0);
    planner.SetPeer(2, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    const SyncRequest gone = r[0];
    QCOMPARE(gone.session, std::uint64_t{1});

    planner.RemovePeer(1);
    QCOMPARE(planner.in_flight(), std::size_t{1});
    QVERIFY(Serve(planner, r[1]).empty());
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{2});
    QCOMPARE(r[0].from, chain::Height{1});
    QCOMPARE(r[0].count, std::uint32_t{50});

    auto stale = planner.OnBlocks(gone.session, gone.request_id, Answer(gone), 0);
    QVERIFY(!stale);
    QCOMPARE(stale.error(), Offence::Unrequested);
    QCOMPARE(Serve(planner, r[0]), Range(1, 100));
  }

  void shortAndEmptyAnswers() {
    SyncPlanner planner(Config(50, 1, 8, 2048, 1000));
    planner.SetPeer(1, 100, 0);
    planner.SetPeer(2, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    const SyncRequest to_b = r[1];

    // Short: what came is delivered, the tail is asked again.
    auto got = planner.OnBlocks(r[0].session, r[0].request_id, Answer(r[0], 20), 0);
    QVERIFY(got);
    QCOMPARE(Heights(*got), Range(1, 20));
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].from, chain::Height{21});
    QCOMPARE(r[0].count, std::uint32_t{30});
    const SyncRequest tail = r[0];

    // Empty from a peer that claimed those heights: not an offence, but it is not asked again at once.
    auto empty = planner.OnBlocks(to_b.session, to_b.request_id, {}, 0);
    QVERIFY(empty);
    QVERIFY(empty->empty());
    QCOMPARE(planner.in_flight(), std::size_t{1});
    QVERIFY(planner.Plan(0).empty());  // peer 1 busy, peer 2 avoided

    QCOMPARE(Serve(planner, tail), Range(21, 50));
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].from, chain::Height{51});

    // Peer 2's avoidance covers heights from 51 up, and ends after timeout_ms.
    planner.SetPeer(1, 300, 0);
    planner.SetPeer(2, 300, 0);
    QCOMPARE(Serve(planner, r[0], 10), Range(51, 100));
    r = planner.Plan(999);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{1});
    r = planner.Plan(1000);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{2});
    QCOMPARE(r[0].from, chain::Height{151});
  }

  void unrequestedAnswers() {
    SyncPlanner planner(Config(10, 2));
    planner.SetPeer(1, 100, 0);
    planner.SetPeer(2, 100, 0);
    const auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{4});

    auto unknown = planner.OnBlocks(1, 0xdead, Answer(r[0]), 0);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error(), Offence::Unrequested);

    QCOMPARE(r[0].session, std::uint64_t{1});
    auto wrong_session = planner.OnBlocks(2, r[0].request_id, Answer(r[0]), 0);
    QVERIFY(!wrong_session);
    QCOMPARE(wrong_session.error(), Offence::Unrequested);
    QCOMPARE(planner.in_flight(), std::size_t{4});  // still valid for its peer
    QCOMPARE(Serve(planner, r[0]), Range(1, 10));

    // Answering twice: the second is unrequested.
    auto again = planner.OnBlocks(r[0].session, r[0].request_id, Answer(r[0]), 0);
    QVERIFY(!again);
    QCOMPARE(again.error(), Offence::Unrequested);
  }

  void malformedAnswers() {
    SyncPlanner planner(Config(10, 4));
    planner.SetPeer(1, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{4});

    auto skip = Answer(r[0]);
    skip.erase(skip.begin() + 3);  // heights 1, 2, 3, 5, ...
    auto gap = planner.OnBlocks(r[0].session, r[0].request_id, skip, 0);
    QVERIFY(!gap);
    QCOMPARE(gap.error(), Offence::Malformed);

    auto unlinked = Answer(r[1]);
    unlinked[4].header.header.parent_hash = crypto::Hash256{};
    auto link = planner.OnBlocks(r[1].session, r[1].request_id, unlinked, 0);
    QVERIFY(!link);
    QCOMPARE(link.error(), Offence::Malformed);

    auto too_many = Slice(Canonical(), r[2].from, r[2].count + 1);
    auto many = planner.OnBlocks(r[2].session, r[2].request_id, too_many, 0);
    QVERIFY(!many);
    QCOMPARE(many.error(), Offence::Malformed);

    auto shifted = Slice(Canonical(), r[3].from + 1, 5);  // well linked, but not from the start asked
    auto shift = planner.OnBlocks(r[3].session, r[3].request_id, shifted, 0);
    QVERIFY(!shift);
    QCOMPARE(shift.error(), Offence::Malformed);

    // Every one of those requests is gone and its heights are asked again.
    QCOMPARE(planner.in_flight(), std::size_t{0});
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{4});
    QCOMPARE(r[0].from, chain::Height{1});
    QCOMPARE(r[3].from, chain::Height{31});
    QCOMPARE(planner.next_to_deliver(), chain::Height{1});
  }

  void forkBetweenPeersIsDroppedWithoutOffence() {
    SyncPlanner planner(Config(10, 1, 8, 2048, 1000));
    planner.SetPeer(1, 100, 0);
    planner.SetPeer(2, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    QCOMPARE(r[1].session, std::uint64_t{2});
    QCOMPARE(r[1].from, chain::Height{11});

    // Peer 2 is on a fork from height 10 on: its 11..20 are linked among themselves but hang off
    // another block 10. It answers first, so the answer is buffered and checked on delivery.
    const auto fork = MakeChain(100, 7, 10);
    auto forked = planner.OnBlocks(r[1].session, r[1].request_id, Slice(fork, 11, 10), 0);
    QVERIFY(forked);
    QVERIFY(forked->empty());
    auto got = planner.OnBlocks(r[0].session, r[0].request_id, Answer(r[0]), 0);
    QVERIFY(got);  // no offence for either
    QCOMPARE(Heights(*got), Range(1, 10));
    QCOMPARE(planner.buffered_blocks(), std::size_t{0});
    QCOMPARE(planner.next_to_deliver(), chain::Height{11});

    // 11..20 again, from peer 1 (peer 2 is kept out of the range for a while).
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].from, chain::Height{11});

    // A forked answer right at the next height is refused the same way.
    auto direct = planner.OnBlocks(r[0].session, r[0].request_id, Slice(fork, 11, 10), 0);
    QVERIFY(direct);
    QVERIFY(direct->empty());
    QCOMPARE(planner.next_to_deliver(), chain::Height{11});
  }

  void maxAheadIsRespectedUntilTheHeadAdvances() {
    SyncPlanner planner(Config(10, 8, 8, 50));
    planner.SetPeer(1, 1000, 0);
    chain::Height highest = 0;
    std::vector<chain::Height> delivered;
    for (int round = 0; round < 20; ++round) {
      const auto r = planner.Plan(0);
      if (r.empty()) break;
      for (const auto& q : r) {
        highest = std::max<chain::Height>(highest, q.from + q.count - 1);
        const auto got = Serve(planner, q);
        delivered.insert(delivered.end(), got.begin(), got.end());
      }
    }
    QCOMPARE(highest, chain::Height{50});
    QCOMPARE(delivered, Range(1, 50));

    planner.SetLocalHead(30);
    QCOMPARE(planner.next_to_deliver(), chain::Height{51});  // delivered, not yet applied: not asked again
    const auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{3});
    QCOMPARE(r.front().from, chain::Height{51});
    QCOMPARE(r.back().from + r.back().count - 1, chain::Height{80});
  }

  void peersBelowABatchAreNotAskedForIt() {
    SyncPlanner planner(Config(50, 2));
    planner.SetPeer(1, 30, 0);
    planner.SetPeer(2, 1000, 0);
    const auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{3});
    for (const auto& q : r) {
      if (q.session == 1) QVERIFY2(q.from + q.count - 1 <= 30, "asked above its head");
    }
    QCOMPARE(r[0].session, std::uint64_t{1});
    QCOMPARE(r[0].count, std::uint32_t{30});  // cut to its head
    QCOMPARE(r[1].session, std::uint64_t{2});
    QCOMPARE(r[1].from, chain::Height{31});
    QCOMPARE(r[2].session, std::uint64_t{2});
    QCOMPARE(r[2].from, chain::Height{81});
    QVERIFY(planner.Plan(0).empty());  // peer 2 full; peer 1 has nothing at 131
  }

  void resetRefetchesAboveTheLocalHead() {
    SyncPlanner planner(Config(10, 2));
    planner.SetPeer(1, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    QCOMPARE(Serve(planner, r[0]), Range(1, 10));
    planner.SetLocalHead(4);  // the node applied 1..4, then failed on 5
    planner.Reset();
    QCOMPARE(planner.next_to_deliver(), chain::Height{5});
    // 11..20 is still in flight; 5..10 is open again.
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].from, chain::Height{5});
    QCOMPARE(r[0].count, std::uint32_t{6});
  }

  void rewindRefetchesBelowTheHeadUntilDeliveredPastIt() {
    // The node is at 30 on its own branch; peers forked off at 6 (a healed partition). Rewind(6):
    // heights 6.. are fetched again even though the local head says 31 is next.
    SyncPlanner planner(Config(10, 2));
    planner.SetLocalHead(30);
    planner.SetPeer(1, 80, 5);
    planner.Rewind(6);
    planner.Rewind(20);  // a second request while the first runs changes nothing
    QCOMPARE(planner.next_to_deliver(), chain::Height{6});
    QVERIFY(planner.syncing());
    auto r = planner.Plan(0);
    QVERIFY(!r.empty());
    QCOMPARE(r[0].from, chain::Height{6});
    QCOMPARE(Serve(planner, r[0]), Range(6, 15));
    planner.SetLocalHead(30);  // the node's head has not moved: no jump back up to 31
    QCOMPARE(planner.next_to_deliver(), chain::Height{16});
    QCOMPARE(Serve(planner, r[1]), Range(16, 25));
    r = planner.Plan(0);
    for (const auto& req : r) (void)Serve(planner, req);
    QVERIFY(planner.next_to_deliver() > 30);
    // Delivered past the old head: the local head leads again.
    planner.SetLocalHead(70);
    QCOMPARE(planner.next_to_deliver(), chain::Height{71});
  }

  void localHeadMovedByGossip() {
    SyncPlanner planner(Config(10, 2));
    planner.SetPeer(1, 100, 0);
    auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{2});
    const SyncRequest low = r[0];
    QVERIFY(Serve(planner, r[1]).empty());  // 11..20 buffered behind 1..10
    QCOMPARE(planner.buffered_blocks(), std::size_t{10});
    planner.SetLocalHead(15);  // gossip took the node to 15
    QCOMPARE(planner.next_to_deliver(), chain::Height{16});
    QCOMPARE(planner.buffered_blocks(), std::size_t{0});  // straddling answer dropped, not left stranded
    r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});  // 1..10 still in flight
    QCOMPARE(r[0].from, chain::Height{16});
    // The late 1..10 is all below the head: no offence, nothing delivered.
    auto got = planner.OnBlocks(low.session, low.request_id, Answer(low), 0);
    QVERIFY(got);
    QVERIFY(got->empty());
    QCOMPARE(Serve(planner, r[0]), Range(16, 25));
  }

  void syncingState() {
    SyncPlanner planner;
    QVERIFY(!planner.syncing());
    planner.SetLocalHead(50);
    QCOMPARE(planner.best_known_height(), chain::Height{50});
    planner.SetPeer(1, 40, 0);
    QVERIFY(!planner.syncing());
    QVERIFY(planner.Plan(0).empty());  // nobody is ahead
    planner.SetPeer(2, 60, 0);
    QVERIFY(planner.syncing());
    QCOMPARE(planner.best_known_height(), chain::Height{60});
    const auto r = planner.Plan(0);
    QCOMPARE(r.size(), std::size_t{1});
    QCOMPARE(r[0].session, std::uint64_t{2});
    QCOMPARE(r[0].from, chain::Height{51});
    QCOMPARE(r[0].count, std::uint32_t{10});
    planner.RemovePeer(2);
    QVERIFY(!planner.syncing());
    QCOMPARE(planner.in_flight(), std::size_t{0});
  }
};

int RunSyncPlannerTests(int argc, char** argv) {
  TestSyncPlanner test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_sync_planner.moc"
