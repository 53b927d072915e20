// NodeContext: owns every subsystem and thread of a running node (DESIGN.md sections 1-2) and starts
// and stops them in order.
//
// Threads:
//  - the chain thread runs the Mailbox; it alone touches the ChainEngine (state, stores, fork choice,
//    mempool head updates, validator duties).
//  - the tick source (TickSource::Thread) reads the SlotClock and posts two events per slot to the
//    mailbox: slot start (propose) and one third into the slot (vote). It waits on a condition
//    variable with a deadline, so Stop() wakes it at once. When it falls behind by more than a slot
//    (machine suspended, slow disk) it skips to the current slot instead of replaying missed ones.
//    With TickSource::External no thread is started and the caller drives time with RunDueTicks()
//    (deterministic tests over a util::ManualClock).
//  - the indexer thread builds the explorer indexes (storage::Indexer) just behind the chain: woken
//    after each committed block, it indexes in small batches (INDEX_BATCH_BLOCKS per transaction, so
//    the chain thread's commit never waits long for the SQLite write lock) until it has caught up.
//  - the event thread (EventHub) delivers api events to subscribers.
//
// api(): the api::Node of this node (NodeApi), valid from construction to destruction. While the node
// is not started (or after Stop) its calls answer Unavailable or empty values.
// wallet(): the api::Wallet of this node (WalletService over <network_dir>/wallets/default.wallet),
// likewise valid from construction to destruction and Unavailable while the node is not running. The
// wallet file is opened (locked) at Start when it exists; its auto-lock is checked on every tick.
//
// Start: devnet bootstrap (key + genesis in the network folder), open the stores and rebuild the
// head (ChainEngine::Open), open the indexer, then start the event thread, the chain thread, the
// indexer thread, the network (when configured: identity from node_identity.key, NetworkBridge
// between it and the engine) and the tick source, then attach the api.
// Stop (idempotent; also run by the destructor): detach the wallet and the api (wait for calls in
// flight; the wallet's secrets are wiped) -> stop the network and the bridge's tx thread -> stop
// the tick source and join it -> close the mailbox and let the chain thread drain what was queued,
// join it -> stop the indexer thread -> stop the event thread -> close the stores.
//
// Thread safety: Start, Stop and RunDueTicks from one controlling thread; status() and api() from any
// thread.
// Ownership: the context owns the engine, the api and every thread; the clock (NodeConfig::clock) is
// borrowed and must outlive the context. Subscriptions taken through api() may outlive the context
// (they keep the event hub alive), but receive nothing after Stop.
// Failure: Start returns a one-sentence error and leaves nothing running. Faults while running halt
// block production (status().halted) and are logged; the process decides whether to exit.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/node.h"
#include "api/wallet.h"
#include "crypto/pwhash.h"
#include "consensus/slot_clock.h"
#include "runtime/chain_engine.h"
#include "runtime/event_hub.h"
#include "runtime/mailbox.h"
#include "p2p/network.h"
#include "runtime/network_bridge.h"
#include "runtime/node_api.h"
#include "runtime/wallet_service.h"
#include "storage/indexer.h"
#include "util/clock.h"
#include "util/result.h"

namespace cairn::runtime {

// Blocks per indexer transaction: small, because the chain thread's next commit waits for it.
inline constexpr std::uint64_t INDEX_BATCH_BLOCKS = 16;

enum class TickSource : std::uint8_t {
  Thread,    // a thread follows the clock (production)
  External,  // the caller calls RunDueTicks() after moving the clock (tests)
};

// The peer-to-peer network of a node (p2p/network.h NetworkConfig, minus what the node supplies).
struct P2pConfig {
  std::optional<std::string> listen_host = std::string("0.0.0.0");  // nullopt: no listener
  std::uint16_t listen_port = 7452;                                 // 0: ephemeral
  std::vector<std::string> connect;  // host:port: only these
  std::vector<std::string> seeds;    // host:port: bootstrap
  bool lan_discovery = true;
  std::size_t max_inbound = 32;
  std::size_t max_outbound = 8;
};

struct NodeConfig {
  std::string network_dir;  // <datadir>/<network>; must exist
  std::string network = "devnet";  // only the devnet is supported so far
  const util::Clock* clock = nullptr;  // null: util::SystemClock::Instance()
  TickSource tick_source = TickSource::Thread;
  // Optional: see ChainEngine::SetBlockObserver (runs on the chain thread).
  ChainEngine::BlockObserver block_observer;
  // Tests only: the Argon2id cost of wallet files this node creates (crypto::PwhashTestLimits()), so that
  // a test does not spend seconds per passphrase. nullopt (production): the keystore's default cost.
  std::optional<crypto::PwhashLimits> wallet_kdf_limits;
  // The peer-to-peer network; nullopt: the node runs alone (a one-machine devnet, most tests).
  std::optional<P2pConfig> p2p;
  // TESTS ONLY (functional slashing test): this node double-proposes (ChainEngine::SetDoubleProposeForTesting).
  bool double_propose_for_testing = false;
};

class NodeContext {
 public:
  explicit NodeContext(NodeConfig config);
  ~NodeContext();
  NodeContext(const NodeContext&) = delete;
  NodeContext& operator=(const NodeContext&) = delete;

  [[nodiscard]] util::Result<void, std::string> Start();
  void Stop();

  // TickSource::External only: posts every slot event due at the clock's current time (at most the
  // current slot's, like the tick thread) and waits until the chain thread has run them.
  void RunDueTicks();

  NodeStatus status() const;
  // The node's mempool (thread-safe: Admit/AdmitBatch from any thread) while started; null otherwise.
  mempool::Mempool* mempool() { return m_engine && !m_stopped ? &m_engine->mempool() : nullptr; }
  bool running() const { return m_chain_thread.joinable(); }
  api::Node& api() { return *m_api; }
  api::Wallet& wallet() { return *m_wallet; }
  // The p2p network while started with one (null otherwise): its listen port, identity, peers.
  p2p::Network* network() { return m_network.get(); }
  // How far the explorer indexes reach (committed by the indexer thread).
  chain::Height indexed_height() const { return m_indexed_height.load(); }

 private:
  struct Event {
    chain::Slot slot = 0;
    bool vote = false;  // false: slot start
  };
  std::int64_t EventTimeMs(const Event& e) const;
  Event FirstEventAt(std::int64_t now_ms) const;
  static Event Next(const Event& e) { return e.vote ? Event{e.slot + 1, false} : Event{e.slot, true}; }
  // Posts the events due at `now_ms` in order, advancing m_next.
  void PostDue(std::int64_t now_ms);
  void TickLoop();
  // Identity, bridge and network (Start, when NodeConfig::p2p is set).
  util::Result<void, std::string> StartNetwork();
  void IndexLoop();
  void WakeIndexer();

  NodeConfig m_config;
  const util::Clock* m_clock;
  std::unique_ptr<ChainEngine> m_engine;
  std::optional<consensus::SlotClock> m_slot_clock;
  Mailbox m_mailbox;
  std::thread m_chain_thread;
  std::thread m_tick_thread;
  std::optional<Event> m_next;  // tick source state (tick thread or RunDueTicks caller)

  std::mutex m_tick_mutex;
  std::condition_variable m_tick_cv;
  bool m_stopping = false;  // guarded by m_tick_mutex

  mutable std::mutex m_status_mutex;
  ChainEngine* m_status_source = nullptr;  // guarded by m_status_mutex: the engine once started
  bool m_stopped = false;

  // Explorer indexer thread.
  std::unique_ptr<storage::Indexer> m_indexer;
  std::thread m_index_thread;
  std::mutex m_index_mutex;
  std::condition_variable m_index_cv;
  std::uint64_t m_index_generation = 0;  // guarded by m_index_mutex: bumped after each commit
  bool m_index_stopping = false;         // guarded by m_index_mutex
  std::atomic<chain::Height> m_indexed_height{0};

  std::shared_ptr<EventHub> m_events;
  std::unique_ptr<NetworkBridge> m_bridge;  // with a network: between the engine and it
  std::unique_ptr<p2p::Network> m_network;
  std::unique_ptr<WalletService> m_wallet;  // borrows the engine: destroyed before it
  std::unique_ptr<NodeApi> m_api;  // declared last: destroyed first (it borrows the rest)
};

}  // namespace cairn::runtime
