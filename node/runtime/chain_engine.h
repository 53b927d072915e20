// ChainEngine: everything the chain thread owns (DESIGN.md section 2): the head state (MemoryState +
// StateTree), the ChainStore (the SQLite writer), the SignStore, the fork-choice/finality Store, the
// mempool with its signature Verifier, and this node's validator duties (propose at slot start, vote
// one third into the slot, PROTOCOL.md sections 4-5).
//
// Start-up. A network folder without a chain database gets the genesis committed (ChainStore
// CreateIfMissing + CommitGenesis). Otherwise the database must exist: the head state comes from
// ChainStore::LoadState (checkpoint + diffs) and is checked against the head block's state_root; the
// consensus Store, which can only start at genesis, is rebuilt by replaying every canonical block
// from height 1 (block bodies and diffs read back through a ChainReader, so each block is counted with
// the stakes of its own parent state). That costs O(chain length) at start-up, fine for a devnet;
// anchoring the Store at the finalized checkpoint is left for when chains get long (and diffs are
// pruned: this engine never prunes them).
//
// Blocks, votes and evidence from peers (chain_engine_import.cpp) are checked in full before anything
// is trusted: header signature by the slot's scheduled proposer, its VRF proof, every tx, vote and
// evidence signature (txs through the mempool Verifier's cache, so a tx the pool verified is not
// verified again), the state transition and the state root. A block whose parent is not the head is
// validated against a ForkState view and kept as a fork (ChainStore::StoreBlock); the engine always
// follows the fork-choice head, reverting and re-applying blocks (a reorg) when it moves to another
// branch; it never reverts a finalized block. Votes go through the VotePool (signature, duplicates,
// equivocation); equivocations and double proposals become evidence, which this node's proposals
// carry and the GossipSink spreads.
// Rule 7: a block or vote is recorded in the sign store (synced) before it is signed.
//
// Reads from other threads (api::Node, through NodeApi). The head state is changed in place, so it
// has a reader-writer gate (SharedGate): ReadHead runs a reader under it, and the chain thread holds
// it exclusively only while MemoryState::Apply changes the state (never across a block build). The
// status is published as a copy at the end of each slot event (PublishedStatus), then the events of
// that slot go to the ChainEventSink. Metrics are updated as they happen (EngineMetrics locks).
//
// Thread safety: Open on any thread, then every method from the one chain thread, except those
// marked "any thread": ReadHead, PublishedStatus, metrics(), mempool() (the Mempool is thread-safe),
// genesis()/genesis_hash()/db_path() (fixed after Open), operator_address()/consensus_pubkey()
// (copies under a lock: the keys may be replaced), SetValidating/validating, SetValidatorKeys. SetEventSink, SetBlockObserver before the chain thread starts. After
// Close() only PublishedStatus, status and the fixed values may be used.
// Ownership: owns every store; Close() (or the destructor) closes them in a safe order (mempool,
// verifier, chain store, sign store). Borrows the event sink, which must outlive the chain thread.
// Failure: Open returns a one-sentence error. Per-slot work never throws; a local fault (disk) halts
// block and vote production (status().halted, halt_reason) and is logged at error level.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chain/genesis.h"
#include "chain/vote.h"
#include "consensus/store.h"
#include "consensus/vote_pool.h"
#include "mempool/mempool.h"
#include "runtime/chain_events.h"
#include "runtime/devnet_bootstrap.h"
#include "runtime/engine_metrics.h"
#include "runtime/shared_gate.h"
#include "state/apply_block.h"
#include "state/state_diff.h"
#include "state/state_tree.h"
#include "storage/chain_store.h"
#include "storage/sign_store.h"
#include "util/clock.h"
#include "util/result.h"

namespace cairn::runtime {

// A consistent snapshot of what the chain thread knows, for logs, tests and the api.
struct NodeStatus {
  chain::Slot slot = 0;  // the last slot ticked
  chain::Height head_height = 0;
  chain::BlockId head_id;
  chain::Slot head_slot = 0;
  std::uint64_t head_timestamp_ms = 0;  // the head block's header timestamp (genesis time at height 0)
  chain::Checkpoint justified;
  chain::Height justified_height = 0;
  chain::Checkpoint finalized;
  chain::Height finalized_height = 0;
  std::uint64_t blocks_proposed = 0;  // by this process
  std::uint64_t votes_cast = 0;       // by this process
  bool halted = false;
  std::string halt_reason;  // empty unless halted
};

// The api's view of a status (ChainHead of node.h).
api::ChainHead ChainHeadOf(const NodeStatus& status);

// The stored head that the head state (ReadHead) belongs to.
struct HeadView {
  chain::Height height = 0;
  chain::BlockId id;
  chain::Slot slot = 0;
};

// ProveState's answer: a proof against the state root of the head block `id`.
struct HeadProof {
  std::optional<util::Bytes> value;
  state::StateProof proof;
  crypto::Hash256 state_root;
  chain::Height height = 0;
  chain::BlockId id;
};

// Where this node's own blocks and votes, and evidence it found, go to be gossiped (the network).
// Called on the chain thread, after the sign store recorded them; must be quick.
class GossipSink {
 public:
  virtual ~GossipSink() = default;
  virtual void OwnBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) = 0;
  virtual void OwnVote(const chain::SignedVote& vote) = 0;
  virtual void NewEvidence(const chain::Evidence& evidence) = 0;
  // A peer's block accepted later than it arrived (it waited for its parent or its slot): relay it.
  virtual void RelayBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) = 0;
};

// What became of a block, vote batch or evidence from a peer.
enum class ImportVerdict : std::uint8_t {
  Accepted,  // valid and new: relay it
  Known,     // seen before (no offence)
  Orphan,    // parent unknown: kept a while; the caller should sync
  Future,    // for a slot our clock has not reached: kept until then
  Invalid,   // breaks a rule: the sender misbehaved
  Refused,   // not usable here (conflicts with our finalized chain, too old, local fault): no relay
};
std::string_view ImportVerdictName(ImportVerdict verdict);

struct ImportOutcome {
  ImportVerdict verdict = ImportVerdict::Accepted;
  std::string reason;  // why, for Invalid / Refused / Orphan
  chain::BlockId id;   // blocks: the block's id
  bool conflicts_with_finalized = false;  // Refused because it contradicts our finalized chain
};

class ChainEngine {
 public:
  static util::Result<std::unique_ptr<ChainEngine>, std::string> Open(const std::string& network_dir,
                                                                      chain::Genesis genesis, ValidatorKeys keys,
                                                                      const util::Clock& clock);
  ~ChainEngine();
  ChainEngine(const ChainEngine&) = delete;
  ChainEngine& operator=(const ChainEngine&) = delete;

  // Slot start: propose if this node is the slot's proposer (and validating is on), then log one line
  // for the slot and publish.
  void OnSlotStart(chain::Slot slot, std::int64_t ms_into_slot);
  // One third into the slot: vote for the fork-choice head (when validating is on), then publish.
  void OnVoteDeadline(chain::Slot slot, std::int64_t ms_into_slot);

  // ---- from the network (chain thread) ----
  // A block from a peer (gossip or sync). `from_sync`: counted as late (no proposer boost). Orphans of
  // this block that were waiting are imported after it.
  ImportOutcome ImportBlock(std::shared_ptr<const chain::Block> block, bool from_sync);
  // Gossiped votes: one verdict each; the caller relays the Accepted ones.
  std::vector<ImportVerdict> ImportVotes(const std::vector<chain::SignedVote>& votes);
  ImportOutcome ImportEvidence(const chain::Evidence& evidence);
  // The canonical block id at `height`, if the head chain reaches it.
  std::optional<chain::BlockId> CanonicalId(chain::Height height) const;
  // Set before the chain thread starts (null: nothing is gossiped).
  void SetGossipSink(GossipSink* sink) { m_gossip = sink; }
  // Asked at each slot event (chain thread): true while the node is well behind its peers. A node
  // that is catching up neither proposes on its stale head nor votes for it. Unset: never behind.
  void SetBehindProbe(std::function<bool()> probe) { m_behind = std::move(probe); }
  // TESTS ONLY (functional tests of slashing): each block this node proposes is followed by a second,
  // conflicting block for the same slot, signed without consulting the sign store: a double proposal.
  void SetDoubleProposeForTesting(bool on) { m_double_propose.store(on); }

  // Called on the chain thread with each block this engine commits as its new head (after the store
  // commit and the head state update). Must be quick and must not call back into the engine. Set it
  // before the chain thread starts (benchmarks and tests observe inclusion with it).
  using BlockObserver = std::function<void(chain::Height, const chain::Block&)>;
  void SetBlockObserver(BlockObserver observer) { m_block_observer = std::move(observer); }

  // Where the events of each slot go (null: nowhere). Set before the chain thread starts.
  void SetEventSink(ChainEventSink* sink) { m_sink = sink; }

  // Chain thread: the working status. Any thread: the copy published at the end of the last event.
  const NodeStatus& status() const { return m_status; }
  NodeStatus PublishedStatus() const;

  // Any thread: runs `read(const state::MemoryState&, const HeadView&)` under the head-state gate
  // and returns its result. `read` must be quick and must not call back into the engine or the
  // mempool (lock order: the chain thread holds the pool mutex while it waits for the gate).
  template <class F>
  auto ReadHead(F&& read) const {
    std::shared_lock lock(m_head_gate);
    return read(static_cast<const state::MemoryState&>(m_state), static_cast<const HeadView&>(m_head_view));
  }

  // Chain thread: the value of `key` in the head state and its proof against the head's state root.
  HeadProof ProveState(util::ByteSpan key);

  // Any thread: block and vote production on or off (on after Open). Read at each slot event.
  void SetValidating(bool on) { m_validating.store(on); }
  bool validating() const { return m_validating.load(); }

  const chain::Genesis& genesis() const { return m_genesis; }
  const crypto::Hash256& genesis_hash() const { return m_genesis_hash; }
  // Any thread: the keys this node validates with from the next slot event on (the wallet's
  // "start validating with my account's keys"; the devnet key file until then). The chain thread
  // swaps them in at the start of its next slot event, so a block or vote is never made half with
  // one key and half with the other; the sign store keeps each key's history apart (by public key).
  void SetValidatorKeys(ValidatorKeys keys);
  chain::Address operator_address() const;
  crypto::PublicKey consensus_pubkey() const;
  const std::string& db_path() const { return m_db_path; }
  mempool::Mempool& mempool() { return *m_mempool; }
  const EngineMetrics& metrics() const { return m_metrics; }
  void Close();

 private:
  ChainEngine() = default;
  util::Result<void, std::string> InitFresh(const std::string& db_path);
  util::Result<void, std::string> InitFromDisk(const std::string& db_path);
  std::optional<chain::ValidatorIndex> MyIndex(chain::Slot slot) const;
  // Builds, records, signs, stores and imports this node's block for `slot`; the number of txs.
  std::optional<std::size_t> Propose(chain::Slot slot, chain::ValidatorIndex me);
  // ApplyBlock of this node's own block without re-checking signatures the pool already checked (the
  // stateless block rules are still run); see the definition for why that is safe.
  util::Result<state::StateDiff, state::BlockError> ApplyOwnBlock(const chain::Block& block,
                                                                  const chain::ChainParams& params,
                                                                  const state::BlockContext& ctx) const;
  void RefreshStatus();
  // Chain thread, at each slot event: takes keys set by SetValidatorKeys.
  void SwapInNextKeys();
  void Halt(const std::string& why);
  // Makes, records, signs and counts this node's vote for `slot`; false when no vote was cast.
  bool CastVote(chain::Slot slot, chain::ValidatorIndex me);
  // Votes of the pool this block at `slot` can carry (see the definition).
  std::vector<chain::SignedVote> VotesForInclusion(chain::Slot slot, const chain::ChainParams& params) const;
  // Validators' consensus keys from the head state, for the VotePool.
  consensus::ValidatorKeyLookup KeyLookup() const;
  // At slot start: the blocks and votes that waited for this slot.
  void ImportDue(chain::Slot slot);
  // At slot start: the fork choice's weights become the current period's active stakes.
  void RefreshForkChoiceWeights(chain::Slot slot);
  // The test-only second block of a double proposal (SetDoubleProposeForTesting).
  void GossipConflictingTwin(const chain::Block& block);

  // ---- chain_engine_import.cpp ----
  // A block above the finalized checkpoint (canonical or fork): what a reorg or a fork's validation needs.
  struct RecentBlock {
    std::shared_ptr<const chain::Block> block;
    state::StateDiff diff;
    chain::Height height = 0;
  };
  bool IsCanonical(const chain::BlockId& id) const;
  // The fork state of `parent` (not the head): the diffs from the head down to the common ancestor and
  // up the fork. Nothing when a needed block is no longer kept.
  std::optional<std::pair<std::vector<const state::StateDiff*>, std::vector<const state::StateDiff*>>> PathTo(
      const chain::BlockId& parent) const;
  // Header rules of a foreign block against its parent state: the scheduled proposer, its signature
  // and VRF proof. Empty when fine, else the reason.
  std::string CheckForeignHeader(const state::StateReader& parent_state, const chain::Block& block) const;
  // Signatures of txs (via the Verifier cache) and votes (pool first) of a foreign block; empty when
  // all verify.
  std::string CheckBodySignatures(const state::StateReader& parent_state, const chain::Block& block);
  ImportOutcome ImportOne(std::shared_ptr<const chain::Block> block, bool from_sync);
  // Commits a block whose diff the tree already holds as the new head (store, head state, mempool
  // unless a reorg holds the pool's update, observers, events, recent blocks).
  bool CommitCanonical(std::shared_ptr<const chain::Block> block, const chain::BlockId& id, state::StateDiff diff,
                       mempool::Mempool::HeadUpdate* held_update);
  // Moves the head to the fork-choice head when it differs (reorg); halts on a local fault.
  void FollowForkChoice();
  bool ReorgTo(const chain::BlockId& target);
  // New evidence: pending for our next proposal, the offender weighs zero in the fork choice;
  // `gossip`: this node found it (the network relays what it received).
  void NoteEvidence(const chain::Evidence& evidence, bool gossip);
  void ImportWaiting(const chain::BlockId& id);
  // The slot our clock is in now (0 before genesis).
  chain::Slot ClockSlot(std::int64_t* ms_into_slot) const;
  // Drops what finality made useless (recent blocks at or below the finalized height, vote pool).
  void PruneBelowFinalized();
  // End of each slot event: publishes the status copy, then this event's news to the sink.
  void Publish();
  // After a block was committed as the new head: queues it (and its proposal changes) for Publish.
  void NoteCommitted(std::shared_ptr<const chain::Block> block, const chain::BlockId& id, chain::Height height,
                     const state::StateDiff& diff);

  chain::Genesis m_genesis;
  crypto::Hash256 m_genesis_hash;
  std::optional<ValidatorKeys> m_keys;  // chain thread
  mutable std::mutex m_keys_mutex;      // guards the two below
  std::optional<ValidatorKeys> m_next_keys;
  chain::Address m_key_operator;        // copies of m_keys' public parts, for any thread
  crypto::PublicKey m_key_consensus;
  std::string m_pubkey_hex;
  const util::Clock* m_clock = nullptr;

  // Head state; the mempool reads it (changed only inside a HeadUpdate) and api readers read it under
  // m_head_gate (changed only while holding it exclusively), like m_head_view.
  state::MemoryState m_state;
  mutable SharedGate m_head_gate;
  HeadView m_head_view;
  state::StateTree m_tree;
  std::unique_ptr<storage::SignStore> m_sign_store;
  std::unique_ptr<storage::ChainStore> m_chain_store;
  std::unique_ptr<mempool::Verifier> m_verifier;
  std::unique_ptr<mempool::Mempool> m_mempool;  // declared after m_verifier: destroyed before it
  std::unique_ptr<consensus::Store> m_store;

  storage::Head m_head;
  chain::Slot m_head_slot = 0;
  std::unordered_map<chain::BlockId, chain::Height> m_heights;  // every imported block (genesis: 0)
  std::unique_ptr<consensus::VotePool> m_vote_pool;  // own and gossiped votes for inclusion
  std::vector<chain::BlockId> m_canon;                // canonical ids by height (0: the genesis hash)
  std::unordered_map<chain::BlockId, RecentBlock> m_recent;
  std::vector<chain::Evidence> m_pending_evidence;    // found or received, not yet in the head chain
  // Waiting blocks and votes (bounded): by missing parent / vote head, and for a slot not reached yet.
  std::unordered_map<chain::BlockId, std::vector<std::shared_ptr<const chain::Block>>> m_orphans;
  std::size_t m_orphan_count = 0;
  std::vector<std::shared_ptr<const chain::Block>> m_future_blocks;
  std::vector<chain::SignedVote> m_future_votes;
  std::unordered_map<chain::BlockId, std::vector<chain::Vote>> m_votes_waiting;
  std::size_t m_votes_waiting_count = 0;
  std::unordered_set<chain::BlockId> m_invalid;  // blocks found invalid (cleared when it grows large)
  std::optional<std::uint64_t> m_weights_period;  // the period whose stakes the fork choice weighs
  // Distinct valid blocks seen per (slot, proposer): a double proposer's third and later blocks
  // for one slot are refused unvalidated (one pair is all the evidence needed).
  std::map<std::pair<chain::Slot, chain::ValidatorIndex>, std::uint32_t> m_blocks_per_proposal;
  GossipSink* m_gossip = nullptr;
  std::function<bool()> m_behind;
  std::atomic<bool> m_double_propose{false};
  NodeStatus m_status;
  BlockObserver m_block_observer;
  std::string m_db_path;
  std::uint64_t m_head_timestamp_ms = 0;
  std::atomic<bool> m_validating{true};
  EngineMetrics m_metrics;

  mutable std::mutex m_published_mutex;
  NodeStatus m_published;  // guarded by m_published_mutex

  // Publish state (chain thread).
  ChainEventSink* m_sink = nullptr;
  std::vector<CommittedBlock> m_unpublished;
  chain::BlockId m_published_head;
  chain::Checkpoint m_published_finalized;
};

}  // namespace cairn::runtime
