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
// Scope: one local validator and no network yet, so the engine only ever extends its own head; a
// fork-choice head that differs from the stored head is reported, not followed (no reorg yet).
// Rule 7: a block or vote is recorded in the sign store (synced) before it is signed.
//
// Thread safety: not thread-safe. Open on any thread, then every call from the one chain thread.
// Ownership: owns every store; Close() (or the destructor) closes them in a safe order (mempool,
// verifier, chain store, sign store).
// Failure: Open returns a one-sentence error. Per-slot work never throws; a local fault (disk) halts
// block and vote production (status().halted) and is logged at error level.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chain/genesis.h"
#include "chain/vote.h"
#include "consensus/store.h"
#include "mempool/mempool.h"
#include "runtime/devnet_bootstrap.h"
#include "state/apply_block.h"
#include "state/state_diff.h"
#include "state/state_tree.h"
#include "storage/chain_store.h"
#include "storage/sign_store.h"
#include "util/clock.h"
#include "util/result.h"

namespace cairn::runtime {

// A consistent snapshot of what the chain thread knows, for logs, tests and (later) the api.
struct NodeStatus {
  chain::Slot slot = 0;  // the last slot ticked
  chain::Height head_height = 0;
  chain::BlockId head_id;
  chain::Slot head_slot = 0;
  chain::Checkpoint justified;
  chain::Height justified_height = 0;
  chain::Checkpoint finalized;
  chain::Height finalized_height = 0;
  std::uint64_t blocks_proposed = 0;  // by this process
  std::uint64_t votes_cast = 0;       // by this process
  bool halted = false;
};

class ChainEngine {
 public:
  static util::Result<std::unique_ptr<ChainEngine>, std::string> Open(const std::string& network_dir,
                                                                      chain::Genesis genesis, ValidatorKeys keys,
                                                                      const util::Clock& clock);
  ~ChainEngine();
  ChainEngine(const ChainEngine&) = delete;
  ChainEngine& operator=(const ChainEngine&) = delete;

  // Slot start: propose if this node is the slot's proposer, then log one line for the slot.
  void OnSlotStart(chain::Slot slot, std::int64_t ms_into_slot);
  // One third into the slot: vote for the fork-choice head.
  void OnVoteDeadline(chain::Slot slot, std::int64_t ms_into_slot);

  // Called on the chain thread with each block this engine commits as its new head (after the store
  // commit and the head state update). Must be quick and must not call back into the engine. Set it
  // before the chain thread starts (benchmarks and tests observe inclusion with it).
  using BlockObserver = std::function<void(chain::Height, const chain::Block&)>;
  void SetBlockObserver(BlockObserver observer) { m_block_observer = std::move(observer); }

  const NodeStatus& status() const { return m_status; }
  const chain::Genesis& genesis() const { return m_genesis; }
  mempool::Mempool& mempool() { return *m_mempool; }
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
  void Halt(const std::string& why);

  chain::Genesis m_genesis;
  crypto::Hash256 m_genesis_hash;
  std::optional<ValidatorKeys> m_keys;
  std::string m_pubkey_hex;
  const util::Clock* m_clock = nullptr;

  state::MemoryState m_state;  // head state; the mempool reads it (changed only inside a HeadUpdate)
  state::StateTree m_tree;
  std::unique_ptr<storage::SignStore> m_sign_store;
  std::unique_ptr<storage::ChainStore> m_chain_store;
  std::unique_ptr<mempool::Verifier> m_verifier;
  std::unique_ptr<mempool::Mempool> m_mempool;  // declared after m_verifier: destroyed before it
  std::unique_ptr<consensus::Store> m_store;

  storage::Head m_head;
  chain::Slot m_head_slot = 0;
  std::unordered_map<chain::BlockId, chain::Height> m_heights;  // every imported block (genesis: 0)
  std::vector<chain::SignedVote> m_pending_votes;               // own votes no block has carried yet
  NodeStatus m_status;
  BlockObserver m_block_observer;
};

}  // namespace cairn::runtime
