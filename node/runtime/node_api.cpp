// NodeApi: lifecycle, node status, blocks and transactions, the mempool, the network placeholders,
// the local validator and events. Head-state queries (accounts, validators, governance) are in
// node_api_state.cpp.
#include "runtime/node_api.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "chain/block.h"
#include "state/queries.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::runtime {
namespace {

std::size_t PageLimit(std::size_t limit) { return std::clamp<std::size_t>(limit, 1, api::MAX_PAGE_SIZE); }

api::Error Unavailable(std::string message) { return {api::ErrorKind::Unavailable, std::move(message), {}}; }

std::uint64_t Lag(std::uint64_t now, std::uint64_t then) { return now > then ? now - then : 0; }

}  // namespace

api::Error NotRunning() { return Unavailable("the node is not running"); }

api::Error InternalError(std::string what) {
  return {api::ErrorKind::Internal, "a local fault occurred while " + what + " (see the node's log)", {}};
}

NodeApi::Session::Session(const NodeApi& api) : m_lock(api.m_gate) {
  if (api.m_live) {
    m_live = &*api.m_live;
    m_readers = api.m_readers.get();
  }
}

NodeApi::NodeApi(std::string network, std::string data_dir, std::shared_ptr<EventHub> events)
    : m_network(std::move(network)), m_data_dir(std::move(data_dir)), m_events(std::move(events)) {}

NodeApi::~NodeApi() { Detach(); }

void NodeApi::Attach(const Live& live) {
  std::unique_lock lock(m_gate);
  m_live = live;
  m_readers = std::make_unique<ReaderPool>(live.engine->db_path(),
                                           storage::ChainIdentity{live.engine->genesis().chain_id, live.engine->genesis_hash()},
                                           MAX_API_READERS);
  m_rejected.store(0);
}

void NodeApi::Detach() {
  std::unique_lock lock(m_gate);  // waits for every call in flight (they hold it shared)
  m_live.reset();
  m_readers.reset();
}

api::Result<ReaderPool::Lease> NodeApi::Reader(const Session& s) const {
  auto lease = s.readers().Acquire();
  if (!lease) {
    CAIRN_LOG(Storage, Error) << "cannot open a chain database reader: " << lease.error().message;
    return util::Err(InternalError("opening the chain database for reading"));
  }
  return std::move(lease).value();
}

api::Finality NodeApi::FinalityAt(const NodeStatus& status, chain::Height height) {
  if (height <= status.finalized_height) return api::Finality::Finalized;
  if (height <= status.justified_height) return api::Finality::Justified;
  return api::Finality::Pending;
}

// ---- node -----------------------------------------------------------------------------------------

api::NodeInfo NodeApi::Info() {
  api::NodeInfo info;
  info.version = NODE_VERSION;
  info.user_agent = NODE_USER_AGENT;
  info.network = m_network;
  info.data_dir = m_data_dir;
  Session s(*this);
  if (!s) return info;
  const chain::Genesis& genesis = s->engine->genesis();
  info.chain_id = genesis.chain_id;
  info.genesis_hash = s->engine->genesis_hash();
  info.genesis_time_ms = static_cast<std::int64_t>(genesis.genesis_time_ms);
  info.slot_ms = genesis.params.slot_ms;
  info.started_at_ms = s->started_at_ms;
  const NodeStatus status = s->engine->PublishedStatus();
  info.halted = status.halted;
  info.halt_reason = status.halt_reason;
  return info;
}

api::ChainHead NodeApi::Head() {
  Session s(*this);
  if (!s) return {};
  return ChainHeadOf(s->engine->PublishedStatus());
}

api::SyncStatus NodeApi::Sync() {
  api::SyncStatus sync;
  Session s(*this);
  if (!s) return sync;
  const NodeStatus status = s->engine->PublishedStatus();
  sync.head_height = status.head_height;
  sync.best_known_height = status.head_height;
  sync.indexed_height = s->indexed_height->load();
  if (s->network != nullptr) {
    const p2p::SyncSnapshot net = s->network->Sync();
    sync.syncing = net.syncing;
    sync.best_known_height = std::max(status.head_height, net.best_known_height);
    sync.peers = s->network->Peers().size();
  }
  return sync;
}

api::Health NodeApi::CheckHealth() {
  api::Health health;
  Session s(*this);
  if (!s) {
    health.problems.push_back("the node is not running");
    return health;
  }
  const NodeStatus status = s->engine->PublishedStatus();
  health.finality_lag_slots = Lag(status.slot, status.finalized.slot);
  health.head_lag_slots = Lag(status.slot, status.head_slot);
  if (status.halted) health.problems.push_back("halted: " + status.halt_reason);
  if (health.finality_lag_slots > HEALTH_MAX_FINALITY_LAG_SLOTS) {
    health.problems.push_back("finality lags " + std::to_string(health.finality_lag_slots) + " slots");
  }
  if (health.head_lag_slots > HEALTH_MAX_HEAD_LAG_SLOTS) {
    health.problems.push_back("head lags " + std::to_string(health.head_lag_slots) + " slots");
  }
  const std::uint64_t index_lag = Lag(status.head_height, s->indexed_height->load());
  if (index_lag > HEALTH_MAX_INDEX_LAG_BLOCKS) {
    health.problems.push_back("explorer index lags " + std::to_string(index_lag) + " blocks");
  }
  health.ok = health.problems.empty();
  return health;
}

api::MetricsSnapshot NodeApi::Metrics() {
  api::MetricsSnapshot m;
  Session s(*this);
  if (!s) {
    m.block_process_seconds = LatencyHistogram().Snapshot();
    m.vote_process_seconds = LatencyHistogram().Snapshot();
    return m;
  }
  const NodeStatus status = s->engine->PublishedStatus();
  EngineCounters counters = s->engine->metrics().Snapshot();
  const mempool::MempoolStats pool = s->engine->mempool().stats();
  m.current_slot = status.slot;
  m.head_height = status.head_height;
  m.finalized_height = status.finalized_height;
  m.finalized_slot = status.finalized.slot;
  m.finality_lag_slots = Lag(status.slot, status.finalized.slot);
  m.block_process_seconds = std::move(counters.block_process_seconds);
  m.vote_process_seconds = std::move(counters.vote_process_seconds);
  m.mempool_txs = pool.txs;
  m.mempool_bytes = pool.bytes;
  m.mempool_admitted_total = pool.admitted;
  m.mempool_rejected_total = m_rejected.load();
  m.blocks_proposed_total = status.blocks_proposed;
  m.proposals_missed_total = counters.proposals_missed;
  m.votes_cast_total = status.votes_cast;
  m.votes_missed_total = counters.votes_missed;
  m.txs_included_total = counters.txs_included;
  return m;
}

// ---- chain ----------------------------------------------------------------------------------------

api::Result<std::optional<api::BlockDetail>> NodeApi::Detail(const Session& s,
                                                             std::optional<storage::StoredBlock> stored) const {
  if (!stored) return std::optional<api::BlockDetail>();
  const NodeStatus status = s->engine->PublishedStatus();
  api::BlockDetail d;
  d.height = stored->height;
  d.id = stored->id;
  d.size_bytes = chain::Encode(stored->block).size();
  d.canonical = stored->canonical;
  d.finality = stored->canonical ? FinalityAt(status, stored->height) : api::Finality::Pending;
  d.block = std::move(stored->block);
  return std::optional<api::BlockDetail>(std::move(d));
}

api::Result<std::optional<api::BlockDetail>> NodeApi::BlockByHeight(chain::Height height) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto stored = (*reader)->BlockByHeight(height);
  if (!stored) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "reading block " << height << ": " << stored.error().message;
    return util::Err(InternalError("reading a block"));
  }
  return Detail(s, std::move(stored).value());
}

api::Result<std::optional<api::BlockDetail>> NodeApi::BlockByHash(const chain::BlockId& id) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto stored = (*reader)->BlockByHash(id);
  if (!stored) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "reading block " << util::ToHex(id.span()) << ": " << stored.error().message;
    return util::Err(InternalError("reading a block"));
  }
  return Detail(s, std::move(stored).value());
}

api::Result<api::BlockPage> NodeApi::Blocks(std::optional<chain::Height> before, std::size_t limit) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto chain_status = (*reader)->Status();
  if (!chain_status) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "reading the chain status: " << chain_status.error().message;
    return util::Err(InternalError("reading the chain status"));
  }
  const chain::Height head = chain_status->head ? chain_status->head->height : 0;
  chain::Height top = before ? std::min<chain::Height>(*before == 0 ? 0 : *before - 1, head) : head;
  const NodeStatus status = s->engine->PublishedStatus();
  api::BlockPage page;
  const std::size_t max = PageLimit(limit);
  // Canonical blocks below the head never change (no reorgs yet), so one read per block is enough.
  for (chain::Height h = top; h >= 1 && page.blocks.size() < max; --h) {
    auto stored = (*reader)->BlockByHeight(h);
    if (!stored) {
      reader->Discard();
      CAIRN_LOG(Storage, Error) << "reading block " << h << ": " << stored.error().message;
      return util::Err(InternalError("reading blocks"));
    }
    if (!*stored) break;
    const storage::StoredBlock& b = **stored;
    api::BlockSummary summary;
    summary.height = h;
    summary.id = b.id;
    summary.header = b.block.header;
    summary.tx_count = static_cast<std::uint32_t>(b.block.body.txs.size());
    summary.vote_count = static_cast<std::uint32_t>(b.block.body.votes.size());
    summary.evidence_count = static_cast<std::uint32_t>(b.block.body.evidence.size());
    summary.finality = FinalityAt(status, h);
    page.blocks.push_back(std::move(summary));
  }
  if (!page.blocks.empty() && page.blocks.back().height > 1) page.next = page.blocks.back().height;
  return page;
}

api::TxPage NodeApi::ToApi(storage::TxPage page, const NodeStatus& status) const {
  api::TxPage out;
  out.indexed_height = page.indexed_height;
  out.txs.reserve(page.txs.size());
  for (storage::TxRecord& r : page.txs) {
    api::TxDetail d;
    d.id = r.id;
    d.size_bytes = chain::Encode(r.tx).size();
    d.tx = std::move(r.tx);
    d.status = r.position.height <= status.finalized_height ? api::TxStatus::Finalized : api::TxStatus::Included;
    d.position = api::TxCursor{r.position.height, r.position.index};
    d.block_id = r.block_id;
    out.txs.push_back(std::move(d));
  }
  if (page.next) out.next = api::TxCursor{page.next->height, page.next->index};
  return out;
}

api::Result<std::optional<api::TxDetail>> NodeApi::Transaction(const chain::TxId& id) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  if (auto pooled = s->engine->mempool().Get(id)) {
    api::TxDetail d;
    d.id = id;
    d.size_bytes = chain::Encode(*pooled).size();
    d.tx = std::move(*pooled);
    d.status = api::TxStatus::Pending;
    return std::optional<api::TxDetail>(std::move(d));
  }
  auto reader = Reader(s);
  if (!reader) return util::Err(reader.error());
  auto found = (*reader)->TxById(id);
  if (!found) {
    reader->Discard();
    CAIRN_LOG(Storage, Error) << "reading transaction " << util::ToHex(id.span()) << ": " << found.error().message;
    return util::Err(InternalError("reading a transaction"));
  }
  if (!found->value) return std::optional<api::TxDetail>();
  storage::TxPage one;
  one.txs.push_back(std::move(*found->value));
  api::TxPage converted = ToApi(std::move(one), s->engine->PublishedStatus());
  return std::optional<api::TxDetail>(std::move(converted.txs.front()));
}

api::Result<api::StateProofInfo> NodeApi::StateProof(util::ByteSpan key) {
  if (key.size() > state::MAX_STATE_KEY_BYTES) {
    return util::Err(api::Error{api::ErrorKind::InvalidArgument,
                                "a state key has at most " + std::to_string(state::MAX_STATE_KEY_BYTES) + " bytes",
                                {}});
  }
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  // The tree is consistent only between the chain thread's tasks; the answer comes back through a
  // shared slot so that a task finishing after the timeout writes into memory it co-owns.
  struct ProofSlot {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<HeadProof> proof;
  };
  auto slot = std::make_shared<ProofSlot>();
  ChainEngine* engine = s->engine;
  if (!s->mailbox->Post([slot, engine, k = util::Bytes(key.begin(), key.end())] {
        HeadProof proof = engine->ProveState(k);
        {
          std::lock_guard lock(slot->mutex);
          slot->proof = std::move(proof);
        }
        slot->done.notify_all();
      })) {
    return util::Err(NotRunning());
  }
  std::unique_lock lock(slot->mutex);
  if (!slot->done.wait_for(lock, api::CHAIN_THREAD_TIMEOUT, [&] { return slot->proof.has_value(); })) {
    return util::Err(Unavailable("the chain thread did not answer within " +
                                 std::to_string(api::CHAIN_THREAD_TIMEOUT.count()) + " ms; try again"));
  }
  HeadProof& p = *slot->proof;
  api::StateProofInfo info;
  info.key = util::Bytes(key.begin(), key.end());
  info.value = std::move(p.value);
  info.proof = std::move(p.proof);
  info.state_root = p.state_root;
  info.height = p.height;
  info.block_id = p.id;
  return info;
}

// ---- mempool --------------------------------------------------------------------------------------

api::MempoolInfo NodeApi::Mempool() {
  api::MempoolInfo info;
  Session s(*this);
  if (!s) return info;
  const auto params = s->engine->ReadHead(
      [](const state::MemoryState& st, const HeadView&) { return state::GetParams(st); });
  mempool::Mempool& pool = s->engine->mempool();
  const mempool::MempoolStats stats = pool.stats();
  info.txs = stats.txs;
  info.bytes = stats.bytes;
  info.ready = stats.ready;
  info.future = stats.future;
  info.senders = stats.senders;
  info.max_txs = pool.config().max_txs;
  info.max_bytes = pool.config().max_bytes;
  info.min_fee_rate = params ? params->min_fee_rate : 0;
  info.next_block_fee_rate = pool.EstimateFeeRate().fee_rate;
  return info;
}

std::vector<api::PooledTx> NodeApi::MempoolTxs(std::size_t limit) {
  std::vector<api::PooledTx> out;
  Session s(*this);
  if (!s) return out;
  for (const mempool::PooledTxInfo& t : s->engine->mempool().ByFeeRate(PageLimit(limit))) {
    out.push_back({t.id, t.sender, t.nonce, t.fee, t.size, t.placement == mempool::TxPlacement::Ready});
  }
  return out;
}

api::Result<chain::TxId> NodeApi::SubmitTransaction(util::ByteSpan encoded) {
  if (encoded.size() > chain::MAX_TX_BYTES_CAP) {
    return util::Err(api::Error{api::ErrorKind::InvalidArgument,
                                "the transaction has " + std::to_string(encoded.size()) + " bytes; at most " +
                                    std::to_string(chain::MAX_TX_BYTES_CAP) + " are accepted",
                                {}});
  }
  auto tx = chain::DecodeTransaction(encoded);
  if (!tx) return util::Err(api::Error{api::ErrorKind::InvalidArgument, tx.error().Message(), {}});
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  auto admitted = s->engine->mempool().Admit(std::move(tx).value());
  if (!admitted) {
    m_rejected.fetch_add(1);
    const mempool::AdmitError& e = admitted.error();
    return util::Err(api::Error{api::ErrorKind::Rejected, e.reason, std::string(mempool::AdmitCodeName(e.code))});
  }
  return admitted->id;
}

// ---- network --------------------------------------------------------------------------------------

std::vector<api::PeerInfo> NodeApi::Peers() {
  std::vector<api::PeerInfo> out;
  Session s(*this);
  if (!s || s->network == nullptr) return out;
  for (const auto& p : s->network->Peers()) {
    api::PeerInfo info;
    info.id = util::ToHex(p.ref.id.span());
    info.address = p.address;
    info.direction = p.inbound ? api::Direction::Inbound : api::Direction::Outbound;
    info.user_agent = p.user_agent;
    info.protocol_version = p.protocol_version;
    info.height = p.head.height;
    info.finalized_height = p.finalized.height;
    info.latency_ms = p.latency_ms;
    info.bytes_in = p.bytes_in;
    info.bytes_out = p.bytes_out;
    info.score = p.score;
    info.connected_since_ms = p.connected_since_ms;
    info.country = p.country;
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<api::BanInfo> NodeApi::Bans() {
  std::vector<api::BanInfo> out;
  Session s(*this);
  if (!s || s->network == nullptr) return out;
  for (const auto& b : s->network->Bans()) out.push_back({b.key, b.until_ms, b.reason});
  return out;
}

api::Result<void> NodeApi::AddPeer(const std::string& host_port) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  if (s->network == nullptr) return util::Err(Unavailable("this node runs without a peer-to-peer network"));
  if (auto added = s->network->AddPeer(host_port); !added) {
    return util::Err(api::Error{api::ErrorKind::InvalidArgument, added.error(), ""});
  }
  return {};
}

api::Result<void> NodeApi::RemovePeer(const std::string& peer_id_or_address) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  if (s->network == nullptr) return util::Err(Unavailable("this node runs without a peer-to-peer network"));
  if (auto removed = s->network->RemovePeer(peer_id_or_address); !removed) {
    return util::Err(api::Error{api::ErrorKind::NotFound, removed.error(), ""});
  }
  return {};
}

api::Result<void> NodeApi::Unban(const std::string& address) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  if (s->network == nullptr) return util::Err(Unavailable("this node runs without a peer-to-peer network"));
  if (auto lifted = s->network->Unban(address); !lifted) {
    return util::Err(api::Error{api::ErrorKind::NotFound, lifted.error(), ""});
  }
  return {};
}

// ---- this node's validator ------------------------------------------------------------------------

api::LocalValidator NodeApi::ValidatorStatus() {
  api::LocalValidator v;
  Session s(*this);
  if (!s) return v;
  ChainEngine& engine = *s->engine;
  const NodeStatus status = engine.PublishedStatus();
  v.has_key = true;  // a devnet node always holds its validator key (devnet_bootstrap.h)
  v.validating = engine.validating();
  v.consensus_pubkey = util::ToHex(engine.consensus_pubkey().span());
  v.blocks_proposed = status.blocks_proposed;
  v.votes_cast = status.votes_cast;
  engine.ReadHead([&](const state::MemoryState& st, const HeadView& head) {
    v.index = state::FindValidatorByOperator(st, engine.operator_address());
    if (!v.index) return;
    const auto active = ActiveSetNow(st, status.slot, head.slot);
    v.active = std::any_of(active.begin(), active.end(), [&](const auto& a) { return a.index == *v.index; });
  });
  return v;
}

api::Result<void> NodeApi::SetValidating(bool on) {
  Session s(*this);
  if (!s) return util::Err(NotRunning());
  if (s->engine->validating() != on) {
    CAIRN_LOG(Consensus, Info) << "block and vote production switched " << (on ? "on" : "off") << " through the api";
  }
  s->engine->SetValidating(on);
  return {};
}

// ---- events ---------------------------------------------------------------------------------------

std::unique_ptr<api::Subscription> NodeApi::Subscribe(api::EventKinds kinds, std::vector<chain::Address> addresses,
                                                      EventCallback callback) {
  return m_events->Subscribe(kinds, std::move(addresses), std::move(callback));
}

}  // namespace cairn::runtime
