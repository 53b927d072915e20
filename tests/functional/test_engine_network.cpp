// ChainEngine as the network drives it (chain_engine_import.cpp), with no sockets: two validator
// engines of one genesis (equal stake), each with its own folder and SQLite stores, over one
// util::ManualClock; the test plays the network, handing each engine's own blocks and votes (its
// GossipSink) to the other through ImportBlock / ImportVotes, or holding them back (a partition).
// Checks: finality together; a partition heals by a reorg to one chain; invalid blocks refused with
// the reason; an orphan waits for its parent; a double proposal becomes evidence and the offender is
// slashed in the other engine's state.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "chain/block.h"
#include "runtime/chain_engine.h"
#include "runtime/devnet_bootstrap.h"
#include "state/genesis_state.h"
#include "state/queries.h"

using namespace cairn;

namespace {

constexpr std::int64_t GENESIS_MS = 1'700'000'001'000;
constexpr std::int64_t SLOT_MS = 1000;

// What one engine gives the network.
struct Outbox final : runtime::GossipSink {
  std::vector<std::shared_ptr<const chain::Block>> blocks;
  std::vector<chain::SignedVote> votes;
  std::vector<chain::Evidence> evidence;
  void OwnBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId&) override { blocks.push_back(block); }
  void OwnVote(const chain::SignedVote& vote) override { votes.push_back(vote); }
  void NewEvidence(const chain::Evidence& e) override { evidence.push_back(e); }
  void RelayBlock(std::shared_ptr<const chain::Block>, const chain::BlockId&) override {}
};

struct Net {
  QTemporaryDir dir;
  util::ManualClock clock{GENESIS_MS - 500};
  chain::Genesis genesis;
  std::vector<runtime::ValidatorKeys> key_copies;  // for forging blocks in tests
  std::unique_ptr<runtime::ChainEngine> engine[2];
  Outbox out[2];
  bool connected = true;
  // Messages held back while partitioned, per receiver.
  std::vector<std::shared_ptr<const chain::Block>> held_blocks[2];
  std::vector<chain::SignedVote> held_votes[2];

  bool Open() {
    std::vector<state::DevnetValidatorKeys> validators;
    std::vector<runtime::ValidatorKeys> keys;
    for (int i = 0; i < 2; ++i) {
      const std::string folder = dir.path().toStdString() + "/node" + std::to_string(i);
      std::filesystem::create_directories(folder);
      auto k = runtime::LoadOrCreateDevnetKeys(folder);
      if (!k) return false;
      validators.push_back({k->operator_address, k->consensus.public_key(), k->vrf.public_key(), "v" + std::to_string(i)});
      key_copies.push_back({k->consensus.Clone(), k->vrf.Clone(), k->operator_address});
      keys.push_back(std::move(*k));
    }
    genesis = state::MakeDevnetGenesis(validators, GENESIS_MS);
    for (int i = 0; i < 2; ++i) {
      const std::string folder = dir.path().toStdString() + "/node" + std::to_string(i);
      auto e = runtime::ChainEngine::Open(folder, genesis, std::move(keys[i]), clock);
      if (!e) {
        qWarning("%s", e.error().c_str());
        return false;
      }
      engine[i] = std::move(*e);
      engine[i]->SetGossipSink(&out[i]);
    }
    return true;
  }

  // Hands what `from` produced to the other engine (or holds it while partitioned).
  void Deliver(int from) {
    const int to = 1 - from;
    auto blocks = std::move(out[from].blocks);
    auto votes = std::move(out[from].votes);
    out[from].blocks.clear();
    out[from].votes.clear();
    if (!connected) {
      held_blocks[to].insert(held_blocks[to].end(), blocks.begin(), blocks.end());
      held_votes[to].insert(held_votes[to].end(), votes.begin(), votes.end());
      return;
    }
    for (auto& b : blocks) (void)engine[to]->ImportBlock(b, false);
    if (!votes.empty()) (void)engine[to]->ImportVotes(votes);
    for (const auto& e : out[from].evidence) (void)engine[to]->ImportEvidence(e);
    out[from].evidence.clear();
  }

  void Heal() {
    connected = true;
    for (int to = 0; to < 2; ++to) {
      for (auto& b : held_blocks[to]) (void)engine[to]->ImportBlock(b, true);
      if (!held_votes[to].empty()) (void)engine[to]->ImportVotes(held_votes[to]);
      held_blocks[to].clear();
      held_votes[to].clear();
    }
  }

  void RunSlot(chain::Slot slot) {
    clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS);
    for (int i = 0; i < 2; ++i) engine[i]->OnSlotStart(slot, 0);
    Deliver(0);
    Deliver(1);
    clock.SetMs(GENESIS_MS + static_cast<std::int64_t>(slot) * SLOT_MS + SLOT_MS / 3 + 1);
    for (int i = 0; i < 2; ++i) engine[i]->OnVoteDeadline(slot, SLOT_MS / 3 + 1);
    Deliver(0);
    Deliver(1);
  }
};

}  // namespace

class TestEngineNetwork : public QObject {
  Q_OBJECT

 private slots:
  void twoValidatorsFinalizeTogether() {
    Net net;
    QVERIFY(net.Open());
    for (chain::Slot s = 1; s <= 12; ++s) net.RunSlot(s);
    const auto a = net.engine[0]->status();
    const auto b = net.engine[1]->status();
    QCOMPARE(a.head_id, b.head_id);
    QVERIFY2(a.finalized_height >= 8, std::to_string(a.finalized_height).c_str());
    QCOMPARE(a.finalized.root, b.finalized.root);
    // Both proposed: each engine's chain holds the other's blocks.
    QVERIFY(a.blocks_proposed > 0);
    QVERIFY(b.blocks_proposed > 0);
  }

  void partitionHealsByReorgAndNeverConflicts() {
    Net net;
    QVERIFY(net.Open());
    for (chain::Slot s = 1; s <= 6; ++s) net.RunSlot(s);
    const auto before = net.engine[0]->status();
    net.connected = false;
    for (chain::Slot s = 7; s <= 14; ++s) net.RunSlot(s);
    const auto a = net.engine[0]->status();
    const auto b = net.engine[1]->status();
    // Half the stake each: neither side finalizes anything new, and the heads differ.
    QVERIFY(a.head_id != b.head_id);
    QVERIFY(a.finalized_height <= before.finalized_height + 1);
    QVERIFY(b.finalized_height <= before.finalized_height + 1);
    net.Heal();
    for (chain::Slot s = 15; s <= 24; ++s) net.RunSlot(s);
    const auto a2 = net.engine[0]->status();
    const auto b2 = net.engine[1]->status();
    QCOMPARE(a2.head_id, b2.head_id);
    QVERIFY2(a2.finalized_height > a.head_height, std::to_string(a2.finalized_height).c_str());
    QCOMPARE(a2.finalized.root, b2.finalized.root);
    QVERIFY(!a2.halted);
    QVERIFY(!b2.halted);
    // One of them dropped its own partition blocks from its head chain: the canonical block at a
    // partition height is the same in both.
    const chain::Height h = before.head_height + 2;
    QCOMPARE(net.engine[0]->CanonicalId(h), net.engine[1]->CanonicalId(h));
  }

  void invalidBlocksAreRefusedWithTheReason() {
    Net net;
    QVERIFY(net.Open());
    net.clock.SetMs(GENESIS_MS + SLOT_MS);
    // Let engine 0 and 1 run slot 1; keep engine 0's block away from engine 1.
    net.engine[0]->OnSlotStart(1, 0);
    net.engine[1]->OnSlotStart(1, 0);
    std::shared_ptr<const chain::Block> good;
    for (int i = 0; i < 2; ++i) {
      if (!net.out[i].blocks.empty()) {
        good = net.out[i].blocks.front();
        net.out[i].blocks.clear();
        const int other = 1 - i;
        // A header changed after signing: the signature no longer verifies.
        auto tampered = std::make_shared<chain::Block>(*good);
        tampered->header.header.timestamp_ms += 5;
        auto outcome = net.engine[other]->ImportBlock(tampered, false);
        QCOMPARE(outcome.verdict, runtime::ImportVerdict::Invalid);
        QVERIFY2(outcome.reason.find("signature") != std::string::npos, outcome.reason.c_str());
        // Re-signed by the proposer but with a wrong state root.
        auto bad_root = std::make_shared<chain::Block>(*good);
        bad_root->header.header.state_root.data()[0] ^= 1;
        bad_root->header = chain::SignBlockHeader(bad_root->header.header, net.key_copies[static_cast<std::size_t>(i)].consensus,
                                                  net.engine[other]->genesis_hash());
        outcome = net.engine[other]->ImportBlock(bad_root, false);
        QCOMPARE(outcome.verdict, runtime::ImportVerdict::Invalid);
        QVERIFY2(outcome.reason.find("state_root") != std::string::npos, outcome.reason.c_str());
        // Signed by the other validator, who is not slot 1's proposer.
        auto wrong_proposer = std::make_shared<chain::Block>(*good);
        wrong_proposer->header = chain::SignBlockHeader(good->header.header, net.key_copies[static_cast<std::size_t>(other)].consensus,
                                                        net.engine[other]->genesis_hash());
        outcome = net.engine[other]->ImportBlock(wrong_proposer, false);
        QCOMPARE(outcome.verdict, runtime::ImportVerdict::Invalid);
        // The genuine block is still accepted, once.
        QCOMPARE(net.engine[other]->ImportBlock(good, false).verdict, runtime::ImportVerdict::Accepted);
        QCOMPARE(net.engine[other]->ImportBlock(good, false).verdict, runtime::ImportVerdict::Known);
      }
    }
    QVERIFY(good);
  }

  void orphanWaitsForItsParent() {
    Net net;
    QVERIFY(net.Open());
    net.connected = false;  // collect both engines' blocks without delivering them
    // The proposer schedule depends on the (random) keys: run until engine 0 made at least two blocks.
    for (chain::Slot s = 1; s <= 64 && net.held_blocks[1].size() < 2; ++s) net.RunSlot(s);
    // Engine 1's own view is its own partition chain; hand engine 0's chain to a third engine later:
    // here, give engine 1 the held blocks of engine 0 newest first.
    auto blocks = net.held_blocks[1];
    QVERIFY(blocks.size() >= 2);
    std::reverse(blocks.begin(), blocks.end());
    const auto first = net.engine[1]->ImportBlock(blocks.front(), true);
    QCOMPARE(first.verdict, runtime::ImportVerdict::Orphan);
    for (std::size_t i = 1; i < blocks.size(); ++i) (void)net.engine[1]->ImportBlock(blocks[i], true);
    // Every block of engine 0 is now known to engine 1, the orphan included.
    QCOMPARE(net.engine[1]->ImportBlock(blocks.front(), true).verdict, runtime::ImportVerdict::Known);
  }

  void doubleProposerIsSlashed() {
    Net net;
    QVERIFY(net.Open());
    net.engine[0]->SetDoubleProposeForTesting(true);
    const chain::Address offender = net.engine[0]->operator_address();
    for (chain::Slot s = 1; s <= 16; ++s) net.RunSlot(s);
    const bool tombstoned = net.engine[1]->ReadHead([&](const state::MemoryState& st, const runtime::HeadView&) {
      const auto index = state::FindValidatorByOperator(st, offender);
      if (!index) return false;
      const auto v = state::GetValidator(st, *index);
      return v && v->status == state::ValidatorStatus::Tombstoned;
    });
    QVERIFY2(tombstoned, "the double proposer was not slashed in the honest engine's state");
  }
};

QTEST_GUILESS_MAIN(TestEngineNetwork)
#include "test_engine_network.moc"
