// NetworkBridge: what joins the ChainEngine to the p2p::Network (DESIGN.md section 2: "Asio I/O
// threads own the sockets ... one chain thread owns chain state ... it takes work from a mailbox").
//
//  - p2p::ChainAccess (network -> node): blocks, votes and evidence are posted to the chain thread's
//    mailbox and imported there; the engine's verdict decides whether the message is relayed
//    (Network::Broadcast*) or the sender reported (Network::Report); an orphan starts a sync. Votes
//    are batched: every vote that arrives while a batch waits joins it (one VotePool batch, whose
//    signature checks fan out to the verifier's workers). Transactions go to the bridge's own
//    admission thread (the pool's signature checks block, an I/O thread must not), sync blocks to
//    the mailbox in the order the network delivers them, and block-range requests are served from a
//    ChainReader (SQLite) on the network's worker thread.
//  - GossipSink (engine -> network): this node's blocks and votes and the evidence it found.
//  - ChainEventSink: a tee in front of the EventHub that also tells the network when the head or the
//    finalized checkpoint moved (peers get a fresh Status).
//  - the mempool's admitted-listener: every tx the pool admits (from peers, RPC or the wallet) is
//    announced to peers.
//
// Thread safety: ChainAccess methods from any network thread; GossipSink and ChainEventSink from the
// chain thread; Start/Stop from the controlling thread. SetNetwork before Start.
// Ownership: borrows the engine, mailbox, event sink and network (all outlive Stop); owns its thread
// and its reader.
// Failure: none escapes; a reader fault answers a block request with no blocks (logged).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "p2p/network.h"
#include "runtime/chain_engine.h"
#include "runtime/chain_events.h"
#include "runtime/mailbox.h"
#include "storage/chain_reader.h"

namespace cairn::runtime {

class NetworkBridge final : public p2p::ChainAccess, public GossipSink, public ChainEventSink {
 public:
  NetworkBridge(ChainEngine& engine, Mailbox& mailbox, ChainEventSink& events);
  ~NetworkBridge() override;
  NetworkBridge(const NetworkBridge&) = delete;
  NetworkBridge& operator=(const NetworkBridge&) = delete;

  void SetNetwork(p2p::Network* network) { m_network = network; }
  // Starts the tx admission thread and opens the block reader; Stop joins it (idempotent).
  [[nodiscard]] util::Result<void, std::string> Start();
  void Stop();

  // ---- p2p::ChainAccess ----
  p2p::ChainPosition Position() override;
  void OnBlock(const p2p::PeerRef& from, std::shared_ptr<const chain::Block> block) override;
  void OnVote(const p2p::PeerRef& from, const chain::SignedVote& vote) override;
  void OnEvidence(const p2p::PeerRef& from, const chain::Evidence& evidence) override;
  void OnTxs(const p2p::PeerRef& from, std::vector<chain::Transaction> txs) override;
  bool HasTx(const chain::TxId& id) override;
  std::vector<chain::Transaction> PooledTxs(const std::vector<chain::TxId>& ids) override;
  std::vector<chain::Block> CanonicalBlocks(chain::Height from, std::uint32_t count, std::size_t max_bytes) override;
  void OnSyncBlocks(const p2p::PeerRef& from, std::vector<chain::Block> blocks) override;

  // ---- GossipSink ----
  void OwnBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) override;
  void OwnVote(const chain::SignedVote& vote) override;
  void NewEvidence(const chain::Evidence& evidence) override;
  void RelayBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) override;

  // ---- ChainEventSink ----
  void Publish(Publication publication) override;

  // Chain thread: more than BEHIND_BLOCKS behind the best head a peer reported (capped at the current
  // slot), and the head moved within BEHIND_WITHOUT_PROGRESS (a claim no blocks back up is ignored).
  bool Behind();
  static constexpr chain::Height BEHIND_BLOCKS = 2;
  static constexpr std::chrono::seconds BEHIND_WITHOUT_PROGRESS{15};
  // At most one sync restart per interval (each one drops the planner's buffered ranges).
  static constexpr std::chrono::seconds SYNC_REQUEST_INTERVAL{2};

  // The mempool's admitted-listener (any thread).
  void OnTxsAdmitted(const std::vector<chain::TxId>& ids);

 private:
  // Chain thread: what a block's import verdict means for the network.
  void Answer(const ImportOutcome& outcome, const p2p::PeerRef& from, std::shared_ptr<const chain::Block> block);
  void ImportVoteBatch();
  void RequestSyncThrottled();  // chain thread
  void TxLoop();

  ChainEngine& m_engine;
  Mailbox& m_mailbox;
  ChainEventSink& m_events;
  p2p::Network* m_network = nullptr;

  std::mutex m_votes_mutex;
  std::vector<std::pair<p2p::PeerRef, chain::SignedVote>> m_votes;  // guarded by m_votes_mutex
  bool m_votes_posted = false;                                      // guarded by m_votes_mutex

  std::mutex m_tx_mutex;
  std::condition_variable m_tx_cv;
  std::deque<std::pair<p2p::PeerRef, std::vector<chain::Transaction>>> m_tx_queue;  // guarded by m_tx_mutex
  std::size_t m_tx_queued = 0;  // txs in m_tx_queue
  bool m_tx_stopping = false;   // guarded by m_tx_mutex
  std::thread m_tx_thread;

  // Chain thread only.
  std::optional<std::chrono::steady_clock::time_point> m_behind_since;
  chain::Height m_behind_head = 0;
  std::optional<std::chrono::steady_clock::time_point> m_last_sync_request;

  std::mutex m_reader_mutex;
  std::unique_ptr<storage::ChainReader> m_reader;  // guarded by m_reader_mutex
};

}  // namespace cairn::runtime
