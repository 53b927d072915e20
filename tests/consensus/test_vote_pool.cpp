// VotePool: duplicates are never verified again, bad signatures / unknown validators / malformed votes
// are refused, equivocations come back as evidence, a parallel batch equals a sequential one, the pool
// is bounded and pruned, and ForInclusion orders and limits what a proposer takes.
#include <QTest>

#include <atomic>
#include <thread>

#include "consensus/vote_pool.h"
#include "test_helpers.h"
#include "test_registry.h"

using namespace cairn;
using consensus::VoteAddStatus;
using test::Id;

namespace {

constexpr chain::ValidatorIndex VALIDATORS = 16;

crypto::SecretKey Key(chain::ValidatorIndex who) {
  util::Bytes seed(crypto::ED25519_SEED_SIZE, static_cast<std::uint8_t>(who + 1));
  return *crypto::SecretKey::FromSeed(seed);
}
chain::ChainId Chain() { return *chain::ChainId::Parse("cairn-test-1"); }
crypto::Hash256 Genesis() { return Id("genesis-hash"); }

std::optional<crypto::PublicKey> KeyOf(chain::ValidatorIndex who) {
  if (who >= VALIDATORS) return std::nullopt;
  return Key(who).public_key();
}

chain::Vote RawVote(chain::ValidatorIndex who, chain::Slot source, chain::Slot target, chain::Slot slot,
                    const std::string& head = "h") {
  chain::Vote v;
  v.validator_index = who;
  v.slot = slot;
  v.head_root = Id(head);
  v.target = {target, Id("t" + std::to_string(target) + head)};
  v.source = {source, Id("s" + std::to_string(source))};
  return v;
}

chain::SignedVote MakeVote(chain::ValidatorIndex who, chain::Slot source, chain::Slot target, chain::Slot slot,
                           const std::string& head = "h") {
  return chain::SignVote(RawVote(who, source, target, slot, head), Key(who), Chain(), Genesis());
}

std::vector<VoteAddStatus> Statuses(const std::vector<consensus::VoteAddOutcome>& outcomes) {
  std::vector<VoteAddStatus> out;
  for (const auto& o : outcomes) out.push_back(o.status);
  return out;
}

std::vector<consensus::VoteAddOutcome> Add(consensus::VotePool& pool, const std::vector<chain::SignedVote>& votes) {
  return pool.AddBatch(votes, KeyOf, Chain(), Genesis());
}

// A real multi-threaded ParallelFor: `threads` threads claim indices through an atomic counter.
consensus::ParallelForFn Threaded(std::size_t threads) {
  return [threads](std::size_t n, const std::function<void(std::size_t)>& body) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) body(i);
      });
    }
    for (auto& w : workers) w.join();
  };
}

}  // namespace

class TestVotePool : public QObject {
  Q_OBJECT

 private slots:
  void duplicatesAreNeverVerifiedAgain() {
    consensus::VotePool pool;
    const auto a = MakeVote(1, 0, 1, 1);
    const auto b = MakeVote(2, 0, 1, 1);
    QCOMPARE(Statuses(Add(pool, {a})), std::vector{VoteAddStatus::Added});
    QCOMPARE(pool.Stats().verifications, std::uint64_t{1});
    QCOMPARE(Statuses(Add(pool, {a, a})), (std::vector{VoteAddStatus::Duplicate, VoteAddStatus::Duplicate}));
    QCOMPARE(Statuses(Add(pool, {b, b})), (std::vector{VoteAddStatus::Added, VoteAddStatus::Duplicate}));
    QCOMPARE(pool.Stats().verifications, std::uint64_t{2});
    // The same vote data under another (garbage) signature is a duplicate too, without a check.
    chain::SignedVote forged = a;
    forged.signature.bytes[0] ^= 1;
    QCOMPARE(Statuses(Add(pool, {forged})), std::vector{VoteAddStatus::Duplicate});
    QCOMPARE(pool.Stats().verifications, std::uint64_t{2});
    QCOMPARE(pool.Stats().duplicates, std::uint64_t{4});
    QCOMPARE(pool.Size(), std::size_t{2});
    QVERIFY(pool.Contains(chain::ComputeVoteHash(a)));
  }

  void refusals() {
    consensus::VotePool pool;
    const auto wrong_key = chain::SignVote(RawVote(1, 0, 1, 1), Key(2), Chain(), Genesis());
    const auto wrong_chain = chain::SignVote(RawVote(3, 0, 1, 1), Key(3), *chain::ChainId::Parse("other"), Genesis());
    const auto unknown = chain::SignVote(RawVote(VALIDATORS, 0, 1, 1), Key(VALIDATORS), Chain(), Genesis());
    const auto malformed = MakeVote(4, 0, 3, 2);  // target after the vote's slot
    const auto outcomes = Add(pool, {wrong_key, wrong_chain, unknown, malformed});
    QCOMPARE(Statuses(outcomes), (std::vector{VoteAddStatus::BadSignature, VoteAddStatus::BadSignature,
                                              VoteAddStatus::UnknownValidator, VoteAddStatus::Malformed}));
    QCOMPARE(pool.Stats().verifications, std::uint64_t{2});
    QCOMPARE(pool.Size(), std::size_t{0});
    // A refused signature is not remembered as known: the genuine vote with the same data gets in.
    QCOMPARE(Statuses(Add(pool, {MakeVote(1, 0, 1, 1)})), std::vector{VoteAddStatus::Added});
  }

  void equivocationsReturnEvidence() {
    consensus::VotePool pool;
    const auto a = MakeVote(5, 0, 2, 2, "x");
    const auto b = MakeVote(5, 0, 2, 3, "y");      // double vote with a
    const auto c = MakeVote(5, 1, 4, 4, "x");      // fine with a (2 < 4, source 1 > 0)
    const auto d = MakeVote(5, 0, 6, 6, "x");      // surrounds c
    const auto outcomes = Add(pool, {a, b, c, d, b});
    QCOMPARE(Statuses(outcomes), (std::vector{VoteAddStatus::Added, VoteAddStatus::Equivocation, VoteAddStatus::Added,
                                              VoteAddStatus::Equivocation, VoteAddStatus::Duplicate}));
    QCOMPARE(outcomes[1].evidence->kind(), chain::EvidenceKind::DoubleVote);
    QCOMPARE(outcomes[3].evidence->kind(), chain::EvidenceKind::SurroundVote);
    for (const std::size_t i : {1, 3}) {
      QVERIFY(chain::CheckEvidenceStateless(*outcomes[i].evidence));
      QVERIFY(chain::VerifyEvidenceSignatures(*outcomes[i].evidence, Key(5).public_key(), Chain(), Genesis()));
    }
    QCOMPARE(pool.Size(), std::size_t{2});  // the offending votes are not offered for inclusion
    QCOMPARE(Statuses(Add(pool, {d})), std::vector{VoteAddStatus::Duplicate});
    QCOMPARE(pool.Stats().verifications, std::uint64_t{4});
  }

  void parallelBatchEqualsSequential() {
    std::vector<chain::SignedVote> batch;
    for (chain::Slot t = 1; t <= 12; ++t) {
      for (chain::ValidatorIndex v = 0; v < VALIDATORS + 2; ++v) {
        batch.push_back(MakeVote(v, t - 1, t, t));
        if ((v + t) % 5 == 0) batch.push_back(MakeVote(v, t - 1, t, t, "fork"));  // double vote
        if ((v + t) % 7 == 0) batch.back().signature.bytes[5] ^= 0x10;           // bad signature
        if ((v * t) % 11 == 0) batch.push_back(batch[batch.size() / 2]);          // duplicate
      }
    }
    consensus::VotePool sequential;
    consensus::VotePool parallel(consensus::VotePoolConfig{}, Threaded(4));
    const auto expected = Add(sequential, batch);
    const auto got = Add(parallel, batch);
    QCOMPARE(got.size(), batch.size());
    QVERIFY(got == expected);
    QCOMPARE(parallel.Size(), sequential.Size());
    QCOMPARE(parallel.Stats().verifications, sequential.Stats().verifications);
    const auto all = [](const chain::SignedVote&) { return false; };
    QVERIFY(parallel.ForInclusion(100, all, 10'000) == sequential.ForInclusion(100, all, 10'000));
    std::size_t equivocations = 0;
    for (const auto& o : got) equivocations += o.status == VoteAddStatus::Equivocation ? 1 : 0;
    QVERIFY(equivocations > 0);
  }

  void capacityAndPruning() {
    consensus::VotePoolConfig config;
    config.capacity = 6;
    consensus::VotePool pool(config);
    std::vector<chain::SignedVote> votes;
    for (chain::Slot t = 1; t <= 4; ++t) {
      votes.push_back(MakeVote(0, t - 1, t, t));
      votes.push_back(MakeVote(1, t - 1, t, t));
    }
    const auto outcomes = Statuses(Add(pool, votes));
    QCOMPARE(std::count(outcomes.begin(), outcomes.end(), VoteAddStatus::Added), 6);
    QCOMPARE(outcomes[6], VoteAddStatus::Full);
    QCOMPARE(outcomes[7], VoteAddStatus::Full);
    QCOMPARE(pool.Stats().verifications, std::uint64_t{6});  // no signature work when full

    pool.Prune(2);  // targets 1 and 2 go
    QCOMPARE(pool.Size(), std::size_t{2});
    QVERIFY(!pool.Contains(chain::ComputeVoteHash(votes[0])));
    QCOMPARE(Statuses(Add(pool, {votes[0], MakeVote(2, 1, 2, 2)})),
             (std::vector{VoteAddStatus::Stale, VoteAddStatus::Stale}));
    QCOMPARE(Statuses(Add(pool, {votes[6], votes[7]})), (std::vector{VoteAddStatus::Added, VoteAddStatus::Added}));
    pool.Prune(1);  // the floor never goes down
    QCOMPARE(pool.Size(), std::size_t{4});
  }

  void forInclusionOrderAndLimits() {
    consensus::VotePool pool;
    const auto late = MakeVote(3, 1, 5, 5);
    const auto mid_b = MakeVote(2, 1, 3, 4);
    const auto mid_a = MakeVote(1, 1, 3, 3);
    const auto early = MakeVote(9, 0, 1, 1);
    const auto counted = MakeVote(4, 0, 2, 2);
    QCOMPARE(Statuses(Add(pool, {late, mid_b, mid_a, early, counted})),
             std::vector<VoteAddStatus>(5, VoteAddStatus::Added));
    const auto not_counted = [&](const chain::SignedVote& v) { return v == counted; };

    // Votes of the block's slot or later are left out; ascending target, then validator.
    QCOMPARE(pool.ForInclusion(5, not_counted, 100), (std::vector{early, mid_a, mid_b}));
    QCOMPARE(pool.ForInclusion(6, not_counted, 100), (std::vector{early, mid_a, mid_b, late}));
    QCOMPARE(pool.ForInclusion(6, not_counted, 2), (std::vector{early, mid_a}));
    QCOMPARE(pool.ForInclusion(6, {}, 2), (std::vector{early, counted}));
    QVERIFY(pool.ForInclusion(6, not_counted, 0).empty());
    QVERIFY(pool.ForInclusion(1, {}, 100).empty());
  }
};

CAIRN_REGISTER_TEST(TestVotePool);
#include "test_vote_pool.moc"
