#include "runtime/node_context.h"

#include <chrono>
#include <filesystem>
#include <future>

#include "chain/address.h"
#include "runtime/devnet_bootstrap.h"
#include "storage/peer_book.h"
#include "util/hex.h"
#include "runtime/validator_key_file.h"
#include "util/log.h"

namespace cairn::runtime {

NodeContext::NodeContext(NodeConfig config)
    : m_config(std::move(config)),
      m_clock(m_config.clock ? m_config.clock : &util::SystemClock::Instance()),
      m_events(EventHub::Create()),
      m_wallet(std::make_unique<WalletService>(WalletServiceOptions{
          m_config.network_dir,
          std::string(m_config.network == "mainnet" ? chain::MAINNET_HRP : chain::TESTNET_HRP), m_clock,
          m_config.wallet_kdf_limits})),
      m_api(std::make_unique<NodeApi>(m_config.network, m_config.network_dir, m_events)) {}

NodeContext::~NodeContext() { Stop(); }

util::Result<void, std::string> NodeContext::Start() {
  if (m_engine) return util::Err(std::string("the node is already started"));
  if (m_config.network != "devnet") {
    return util::Err("network " + m_config.network + " is not supported by this build yet (only devnet)");
  }
  auto keys = LoadOrCreateDevnetKeys(m_config.network_dir);
  if (!keys) return util::Err(keys.error());
  auto genesis = LoadOrCreateDevnetGenesis(m_config.network_dir, *keys, *m_clock);
  if (!genesis) return util::Err(genesis.error());
  const auto genesis_time = static_cast<std::int64_t>(genesis->genesis_time_ms);
  const auto slot_ms = static_cast<std::int64_t>(genesis->params.slot_ms);
  // The wallet's hot validator keys (validator_key_file.h) when it wrote them, else the devnet key.
  auto chosen = ChooseValidatorKeys(m_config.network_dir, *genesis, std::move(*keys));
  if (!chosen) return util::Err(chosen.error());
  auto engine = ChainEngine::Open(m_config.network_dir, std::move(*genesis), std::move(chosen->keys), *m_clock);
  if (!engine) return util::Err(engine.error());
  if (!chosen->validating) (*engine)->SetValidating(false);  // wallet.stop_validating outlives a restart
  // The chain store created and upgraded the database: the indexer's own connection can open it.
  auto indexer = storage::Indexer::Open((*engine)->db_path(),
                                        storage::ChainIdentity{(*engine)->genesis().chain_id, (*engine)->genesis_hash()});
  if (!indexer) return util::Err(indexer.error().message);
  m_indexer = std::move(*indexer);
  {
    std::lock_guard lock(m_status_mutex);
    m_engine = std::move(*engine);
    m_status_source = m_engine.get();
  }
  m_engine->SetBlockObserver([this, user = m_config.block_observer](chain::Height height, const chain::Block& block) {
    WakeIndexer();
    if (user) user(height, block);
  });
  m_engine->SetEventSink(m_events.get());
  m_slot_clock.emplace(*m_clock, genesis_time, slot_ms);
  m_stopped = false;
  const NodeStatus st = m_engine->status();
  CAIRN_LOG(Consensus, Info) << "node started: chain " << m_engine->genesis().chain_id.str() << ", head height "
                             << st.head_height << ", finalized height " << st.finalized_height << ", " << slot_ms
                             << " ms slots";

  if (m_config.double_propose_for_testing) {
    CAIRN_LOG(Consensus, Warn) << "TEST SWITCH: this node will double-propose (it will be slashed)";
    m_engine->SetDoubleProposeForTesting(true);
  }
  if (m_config.p2p) {
    if (auto started = StartNetwork(); !started) {
      m_network.reset();
      m_bridge.reset();
      m_indexer.reset();
      {
        std::lock_guard lock(m_status_mutex);
        m_status_source = nullptr;
      }
      m_engine.reset();
      return util::Err(started.error());
    }
  }

  m_events->Start();
  m_chain_thread = std::thread([this] { m_mailbox.Run(); });
  {
    std::lock_guard lock(m_index_mutex);
    m_index_stopping = false;
  }
  m_index_thread = std::thread([this] { IndexLoop(); });
  if (m_config.tick_source == TickSource::Thread) m_tick_thread = std::thread([this] { TickLoop(); });
  m_api->Attach({m_engine.get(), &m_mailbox, &m_indexed_height, m_clock->NowMs(), m_network.get()});
  m_wallet->Attach(m_engine.get());
  return {};
}

void NodeContext::Stop() {
  if (m_stopped || !m_engine) return;
  m_stopped = true;
  // 0. The api: calls in flight finish (a state proof may still use the chain thread), later ones
  //    answer Unavailable.
  m_wallet->Detach();
  m_api->Detach();
  // 0b. The network: no more callbacks; then the bridge's admission thread (it uses the mempool).
  if (m_network) m_network->Stop();
  if (m_bridge) m_bridge->Stop();
  // 1. Tick source: no new events.
  {
    std::lock_guard lock(m_tick_mutex);
    m_stopping = true;
  }
  m_tick_cv.notify_all();
  if (m_tick_thread.joinable()) m_tick_thread.join();
  // 2. Chain thread: run what is queued, then exit.
  m_mailbox.Close();
  if (m_chain_thread.joinable()) m_chain_thread.join();
  // 3. Indexer: its batch in progress commits (or rolls back), then it lets go of the database.
  {
    std::lock_guard lock(m_index_mutex);
    m_index_stopping = true;
  }
  m_index_cv.notify_all();
  if (m_index_thread.joinable()) m_index_thread.join();
  m_indexer.reset();
  // 4. Events: undelivered ones are dropped; subscriptions stay valid but hear nothing more.
  m_events->Stop();
  // 5. Stores.
  m_engine->Close();
  const NodeStatus st = m_engine->status();
  CAIRN_LOG(Consensus, Info) << "node stopped at head height " << st.head_height << ", finalized height "
                             << st.finalized_height;
}

util::Result<void, std::string> NodeContext::StartNetwork() {
  auto identity = LoadOrCreateNodeIdentity(m_config.network_dir);
  if (!identity) return util::Err(identity.error());
  m_bridge = std::make_unique<NetworkBridge>(*m_engine, m_mailbox, *m_events);
  const P2pConfig& c = *m_config.p2p;
  p2p::NetworkConfig config;
  config.chain_id = m_engine->genesis().chain_id;
  config.genesis_hash = m_engine->genesis_hash();
  config.user_agent = NODE_USER_AGENT;
  config.identity = &*identity;
  config.listen_host = c.listen_host;
  config.listen_port = c.listen_port;
  config.connect = c.connect;
  config.seeds = c.seeds;
  config.lan_discovery = c.lan_discovery;
  config.peer_book_path = (std::filesystem::path(m_config.network_dir) / storage::PEER_BOOK_FILE_NAME).string();
  config.max_inbound = c.max_inbound;
  config.max_outbound = c.max_outbound;
  config.clock = m_clock;
  auto network = p2p::Network::Create(std::move(config), *m_bridge);
  if (!network) return util::Err(network.error());
  m_network = std::move(*network);
  m_bridge->SetNetwork(m_network.get());
  if (auto started = m_bridge->Start(); !started) return util::Err(started.error());
  m_engine->SetGossipSink(m_bridge.get());
  m_engine->SetBehindProbe([bridge = m_bridge.get()] { return bridge->Behind(); });
  m_engine->SetEventSink(m_bridge.get());
  m_engine->mempool().SetAdmittedListener([bridge = m_bridge.get()](const std::vector<chain::TxId>& ids) {
    bridge->OnTxsAdmitted(ids);
  });
  if (auto started = m_network->Start(); !started) {
    if (!c.listen_host) {
      m_bridge->Stop();
      return util::Err(started.error());
    }
    // Like the RPC listener: a taken port does not stop the node; it runs without accepting
    // connections (it still dials out) and says so.
    CAIRN_LOG(P2p, Error) << "p2p: " << started.error() << "; running without accepting connections";
    m_network.reset();
    P2pConfig outbound_only = c;
    outbound_only.listen_host.reset();
    m_config.p2p = outbound_only;
    m_bridge->Stop();
    m_bridge.reset();
    return StartNetwork();
  }
  CAIRN_LOG(P2p, Info) << "p2p: identity " << util::ToHex(m_network->identity().span()).substr(0, 16) << "..., listening on port "
                       << m_network->listen_port();
  return {};
}

NodeStatus NodeContext::status() const {
  std::lock_guard lock(m_status_mutex);
  return m_status_source != nullptr ? m_status_source->PublishedStatus() : NodeStatus{};
}

std::int64_t NodeContext::EventTimeMs(const Event& e) const {
  return e.vote ? m_slot_clock->VoteDeadlineMs(e.slot) : m_slot_clock->SlotStartMs(e.slot);
}

NodeContext::Event NodeContext::FirstEventAt(std::int64_t now_ms) const {
  const auto at = m_slot_clock->At(now_ms);
  // Slot 0 is the genesis itself: the first block is for slot 1.
  if (!at || at->slot == 0) return {1, false};
  // Within the first third a late start still proposes; later only the vote of this slot is left.
  return {at->slot, at->ms_into_slot >= m_slot_clock->slot_ms() / 3};
}

void NodeContext::PostDue(std::int64_t now_ms) {
  if (!m_next) m_next = FirstEventAt(now_ms);
  // Fell behind by more than a slot: skip to the current slot.
  if (now_ms - EventTimeMs(*m_next) > m_slot_clock->slot_ms()) {
    const Event skip_to = FirstEventAt(now_ms);
    CAIRN_LOG(Consensus, Warn) << "slot events late by " << now_ms - EventTimeMs(*m_next)
                               << " ms; skipping to slot " << skip_to.slot;
    m_next = skip_to;
  }
  while (EventTimeMs(*m_next) <= now_ms) {
    const Event e = *m_next;
    const std::int64_t ms_into = now_ms - m_slot_clock->SlotStartMs(e.slot);
    // The engine publishes its status (and the slot's events) at the end of each.
    m_mailbox.Post([this, e, ms_into] {
      if (e.vote) m_engine->OnVoteDeadline(e.slot, ms_into);
      else m_engine->OnSlotStart(e.slot, ms_into);
    });
    m_next = Next(e);
  }
}

void NodeContext::RunDueTicks() {
  if (!m_engine || m_stopped) return;
  PostDue(m_clock->NowMs());
  m_wallet->OnTick();
  std::promise<void> done;
  auto future = done.get_future();
  if (m_mailbox.Post([&done] { done.set_value(); })) future.wait();
}

void NodeContext::TickLoop() {
  std::unique_lock lock(m_tick_mutex);
  while (!m_stopping) {
    const std::int64_t now = m_clock->NowMs();
    PostDue(now);
    m_wallet->OnTick();
    const std::int64_t wait_ms = std::max<std::int64_t>(EventTimeMs(*m_next) - m_clock->NowMs(), 1);
    // Capped so that a clock that jumps (or a manual one) is re-read at least a few times a second.
    m_tick_cv.wait_for(lock, std::chrono::milliseconds(std::min<std::int64_t>(wait_ms, 250)),
                       [&] { return m_stopping; });
  }
}

void NodeContext::WakeIndexer() {
  {
    std::lock_guard lock(m_index_mutex);
    ++m_index_generation;
  }
  m_index_cv.notify_one();
}

void NodeContext::IndexLoop() {
  bool failing = false;
  std::unique_lock lock(m_index_mutex);
  while (!m_index_stopping) {
    // Read before indexing: a commit after this point bumps it, so no wake-up is lost.
    const std::uint64_t generation = m_index_generation;
    lock.unlock();
    auto progress = m_indexer->IndexUpTo(INDEX_BATCH_BLOCKS);
    lock.lock();
    if (!progress) {
      // Busy (the chain thread's commit held the lock past the timeout) or a disk fault: the batch
      // wrote nothing; retry shortly, logging once per failure streak.
      if (!failing) CAIRN_LOG(Storage, Error) << "explorer indexing failed (retrying): " << progress.error().message;
      failing = true;
      m_index_cv.wait_for(lock, std::chrono::seconds(1), [&] { return m_index_stopping; });
      continue;
    }
    if (failing) CAIRN_LOG(Storage, Info) << "explorer indexing resumed at height " << progress->indexed_height;
    failing = false;
    m_indexed_height.store(progress->indexed_height);
    if (!progress->caught_up()) continue;
    m_index_cv.wait(lock, [&] { return m_index_stopping || m_index_generation != generation; });
  }
}

}  // namespace cairn::runtime
