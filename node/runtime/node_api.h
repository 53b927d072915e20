// NodeApi: runtime's implementation of api::Node over the live engine (DESIGN.md sections 1-2).
//
// Where each answer comes from, and why no call waits for block processing:
//  - blocks, indexed transactions and their lists: storage::ChainReader connections of a ReaderPool
//    (read-only, WAL snapshots; never the chain thread's writer);
//  - accounts, validators, delegations, unbondings, proposals, params, the active set: the engine's
//    head state under its SharedGate (ChainEngine::ReadHead), which the chain thread holds
//    exclusively only while it applies a block's diff in place;
//  - status, head and finality: the copy the engine publishes at the end of each slot event;
//  - state proofs: a task on the chain thread's Mailbox (the StateTree is consistent only there),
//    awaited at most api::CHAIN_THREAD_TIMEOUT, then Unavailable;
//  - the mempool (thread-safe itself) and the engine's metrics (under their own small mutex);
//  - events: the EventHub (event_hub.h).
// Lock order: never the mempool while holding the head gate (the chain thread holds the pool mutex
// while it waits for the gate).
//
// Answers worth knowing:
//  - ProposalInfo::current_tally is the tally stored in the proposal record: zero while voting, the
//    final tally once tallied (state/ has no public query for a running tally; the count is internal
//    to the governance rules).
//  - Metrics: block_process_seconds covers own blocks (build to fork-choice import) and the blocks
//    replayed at start-up; txs_included_total counts own blocks since start; mempool_rejected_total
//    counts SubmitTransaction rejections since start; a slot missed because validating was switched
//    off is not counted as missed.
//  - Transaction: the pool first (Pending), else the explorer index (Included, or Finalized at or
//    below the published finalized height). Between leaving the pool and being indexed (a moment
//    after each block) a transaction is found by neither.
//
// Lifecycle: the NodeContext builds it at construction and keeps it until destruction. Attach (after
// Start started every thread) makes it live; Detach (first step of Stop) waits for the calls in flight
// and makes every later call answer Unavailable (or empty values where the signature has no error),
// so nothing ever touches a stopped engine. Both from the controlling thread.
//
// Thread safety: every api::Node method from any thread, concurrently (node.h).
// Ownership: borrows the engine and the mailbox between Attach and Detach; owns the reader pool.
// Failure: as node.h says; storage faults are logged and answered as Internal naming the operation.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include "api/node.h"
#include "p2p/network.h"
#include "runtime/chain_engine.h"
#include "runtime/event_hub.h"
#include "runtime/mailbox.h"
#include "runtime/reader_pool.h"
#include "runtime/shared_gate.h"
#include "state/queries.h"

namespace cairn::runtime {

inline constexpr const char* NODE_VERSION = "0.1.0";
inline constexpr const char* NODE_USER_AGENT = "cairn/0.1.0";
inline constexpr std::size_t MAX_API_READERS = 4;
// Health thresholds (CheckHealth).
inline constexpr std::uint64_t HEALTH_MAX_FINALITY_LAG_SLOTS = 8;
inline constexpr std::uint64_t HEALTH_MAX_HEAD_LAG_SLOTS = 4;
inline constexpr std::uint64_t HEALTH_MAX_INDEX_LAG_BLOCKS = 64;

class NodeApi final : public api::Node {
 public:
  // What the api reads while the node runs (all borrowed; valid until Detach returns).
  struct Live {
    ChainEngine* engine = nullptr;
    Mailbox* mailbox = nullptr;
    const std::atomic<chain::Height>* indexed_height = nullptr;
    std::int64_t started_at_ms = 0;
    p2p::Network* network = nullptr;  // null: the node runs without a peer-to-peer network
  };

  NodeApi(std::string network, std::string data_dir, std::shared_ptr<EventHub> events);
  ~NodeApi() override;

  void Attach(const Live& live);
  void Detach();

  // ---- api::Node ----
  api::NodeInfo Info() override;
  api::ChainHead Head() override;
  api::SyncStatus Sync() override;
  api::Health CheckHealth() override;
  api::MetricsSnapshot Metrics() override;

  api::Result<std::optional<api::BlockDetail>> BlockByHeight(chain::Height height) override;
  api::Result<std::optional<api::BlockDetail>> BlockByHash(const chain::BlockId& id) override;
  api::Result<api::BlockPage> Blocks(std::optional<chain::Height> before, std::size_t limit) override;
  api::Result<std::optional<api::TxDetail>> Transaction(const chain::TxId& id) override;
  chain::ChainParams Params() override;
  api::Result<api::StateProofInfo> StateProof(util::ByteSpan key) override;

  api::Result<api::AccountInfo> Account(const chain::Address& address) override;
  api::Result<api::TxPage> AccountTxs(const chain::Address& address, std::optional<api::TxCursor> before,
                                      std::size_t limit) override;
  api::Result<api::ValidatorPage> Validators(std::optional<chain::ValidatorIndex> after, std::size_t limit) override;
  api::Result<std::optional<api::ValidatorInfo>> Validator(const chain::Address& operator_address) override;
  api::Result<api::ProposalPage> Proposals(std::optional<chain::ProposalId> before, std::size_t limit) override;
  api::Result<std::optional<api::ProposalInfo>> Proposal(chain::ProposalId id) override;
  api::Result<api::TxPage> ProposalTxs(chain::ProposalId id, std::optional<api::TxCursor> before,
                                       std::size_t limit) override;

  api::MempoolInfo Mempool() override;
  std::vector<api::PooledTx> MempoolTxs(std::size_t limit) override;
  api::Result<chain::TxId> SubmitTransaction(util::ByteSpan encoded) override;

  std::vector<api::PeerInfo> Peers() override;
  std::vector<api::BanInfo> Bans() override;
  api::Result<void> AddPeer(const std::string& host_port) override;
  api::Result<void> RemovePeer(const std::string& peer_id_or_address) override;
  api::Result<void> Unban(const std::string& address) override;

  api::LocalValidator ValidatorStatus() override;
  api::Result<void> SetValidating(bool on) override;

  std::unique_ptr<api::Subscription> Subscribe(api::EventKinds kinds, std::vector<chain::Address> addresses,
                                               EventCallback callback) override;

 private:
  // A call's hold on the live node: while it exists, Detach waits. Empty when the node is not live.
  class Session {
   public:
    explicit Session(const NodeApi& api);
    explicit operator bool() const { return m_live != nullptr; }
    const Live* operator->() const { return m_live; }
    ReaderPool& readers() const { return *m_readers; }

   private:
    std::shared_lock<SharedGate> m_lock;
    const Live* m_live = nullptr;
    ReaderPool* m_readers = nullptr;
  };

  api::Result<ReaderPool::Lease> Reader(const Session& s) const;
  // Finality of a canonical block at `height` by the published justified/finalized heights.
  static api::Finality FinalityAt(const NodeStatus& status, chain::Height height);
  api::Result<std::optional<api::BlockDetail>> Detail(const Session& s, std::optional<storage::StoredBlock> stored) const;
  api::TxPage ToApi(storage::TxPage page, const NodeStatus& status) const;

  const std::string m_network;
  const std::string m_data_dir;
  const std::shared_ptr<EventHub> m_events;
  mutable SharedGate m_gate;            // shared: a call in flight; exclusive: Attach/Detach
  std::optional<Live> m_live;           // guarded by m_gate
  std::unique_ptr<ReaderPool> m_readers;  // guarded by m_gate
  std::atomic<std::uint64_t> m_rejected{0};  // SubmitTransaction rejections since start
};

// Errors, for the api implementation files.
api::Error NotRunning();
api::Error InternalError(std::string what);

// The effective active set of the wall-clock slot `current` when the head state already knows its
// period, else that of the head's own slot (a node that slept past a staking boundary).
std::vector<state::ActiveValidator> ActiveSetNow(const state::StateReader& head_state, chain::Slot current,
                                                 chain::Slot head_slot);

}  // namespace cairn::runtime
