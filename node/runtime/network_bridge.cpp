#include "runtime/network_bridge.h"

#include <algorithm>

#include "util/log.h"

namespace cairn::runtime {
namespace {

// Bound on transactions waiting for admission; a peer flooding beyond it loses its txs (the network's
// token buckets normally stop it long before).
constexpr std::size_t MAX_QUEUED_TXS = 20'000;

p2p::ChainPoint PointOf(chain::Slot slot, chain::Height height, const chain::BlockId& id) {
  p2p::ChainPoint p;
  p.slot = slot;
  p.height = height;
  p.id = id;
  return p;
}

}  // namespace

NetworkBridge::NetworkBridge(ChainEngine& engine, Mailbox& mailbox, ChainEventSink& events)
    : m_engine(engine), m_mailbox(mailbox), m_events(events) {}

NetworkBridge::~NetworkBridge() { Stop(); }

util::Result<void, std::string> NetworkBridge::Start() {
  auto reader = storage::ChainReader::Open(
      m_engine.db_path(), storage::ChainIdentity{m_engine.genesis().chain_id, m_engine.genesis_hash()});
  if (!reader) return util::Err("network: " + reader.error().message);
  {
    std::lock_guard lock(m_reader_mutex);
    m_reader = std::move(*reader);
  }
  {
    std::lock_guard lock(m_tx_mutex);
    m_tx_stopping = false;
  }
  m_tx_thread = std::thread([this] { TxLoop(); });
  return {};
}

void NetworkBridge::Stop() {
  {
    std::lock_guard lock(m_tx_mutex);
    m_tx_stopping = true;
  }
  m_tx_cv.notify_all();
  if (m_tx_thread.joinable()) m_tx_thread.join();
  std::lock_guard lock(m_reader_mutex);
  m_reader.reset();
}

// ---- p2p::ChainAccess ----------------------------------------------------------------------------

p2p::ChainPosition NetworkBridge::Position() {
  const NodeStatus s = m_engine.PublishedStatus();
  p2p::ChainPosition pos;
  pos.head = PointOf(s.head_slot, s.head_height, s.head_height == 0 ? m_engine.genesis_hash() : s.head_id);
  pos.finalized = PointOf(s.finalized.slot, s.finalized_height, s.finalized.root);
  return pos;
}

void NetworkBridge::OnBlock(const p2p::PeerRef& from, std::shared_ptr<const chain::Block> block) {
  m_mailbox.Post([this, from, block = std::move(block)]() mutable {
    const ImportOutcome outcome = m_engine.ImportBlock(block, false);
    Answer(outcome, from, std::move(block));
  });
}

void NetworkBridge::Answer(const ImportOutcome& outcome, const p2p::PeerRef& from,
                           std::shared_ptr<const chain::Block> block) {
  if (m_network == nullptr) return;
  switch (outcome.verdict) {
    case ImportVerdict::Accepted:
      m_network->BroadcastBlock(std::move(block), outcome.id, from);
      break;
    case ImportVerdict::Invalid:
      m_network->Report(from, p2p::Offence::InvalidBlock, outcome.reason);
      break;
    case ImportVerdict::Orphan:
      RequestSyncThrottled();
      break;
    case ImportVerdict::Known:
    case ImportVerdict::Future:
    case ImportVerdict::Refused:
      break;
  }
}

void NetworkBridge::OnVote(const p2p::PeerRef& from, const chain::SignedVote& vote) {
  bool post = false;
  {
    std::lock_guard lock(m_votes_mutex);
    m_votes.emplace_back(from, vote);
    post = !m_votes_posted;
    m_votes_posted = true;
  }
  if (post) m_mailbox.Post([this] { ImportVoteBatch(); });
}

void NetworkBridge::ImportVoteBatch() {
  std::vector<std::pair<p2p::PeerRef, chain::SignedVote>> batch;
  {
    std::lock_guard lock(m_votes_mutex);
    batch.swap(m_votes);
    m_votes_posted = false;
  }
  std::vector<chain::SignedVote> votes;
  votes.reserve(batch.size());
  for (const auto& [from, vote] : batch) votes.push_back(vote);
  const auto verdicts = m_engine.ImportVotes(votes);
  if (m_network == nullptr) return;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    if (verdicts[i] == ImportVerdict::Accepted) {
      m_network->BroadcastVote(batch[i].second, batch[i].first);
    } else if (verdicts[i] == ImportVerdict::Invalid) {
      m_network->Report(batch[i].first, p2p::Offence::InvalidVote, "vote of validator " +
                                                                        std::to_string(batch[i].second.vote.validator_index) +
                                                                        " for slot " + std::to_string(batch[i].second.vote.slot));
    }
  }
}

void NetworkBridge::OnEvidence(const p2p::PeerRef& from, const chain::Evidence& evidence) {
  m_mailbox.Post([this, from, evidence] {
    const ImportOutcome outcome = m_engine.ImportEvidence(evidence);
    if (m_network == nullptr) return;
    if (outcome.verdict == ImportVerdict::Accepted) {
      m_network->BroadcastEvidence(evidence, from);
    } else if (outcome.verdict == ImportVerdict::Invalid) {
      m_network->Report(from, p2p::Offence::InvalidEvidence, outcome.reason);
    }
  });
}

void NetworkBridge::OnTxs(const p2p::PeerRef& from, std::vector<chain::Transaction> txs) {
  {
    std::lock_guard lock(m_tx_mutex);
    if (m_tx_stopping || m_tx_queued + txs.size() > MAX_QUEUED_TXS) return;
    m_tx_queued += txs.size();
    m_tx_queue.emplace_back(from, std::move(txs));
  }
  m_tx_cv.notify_one();
}

void NetworkBridge::TxLoop() {
  for (;;) {
    std::pair<p2p::PeerRef, std::vector<chain::Transaction>> item;
    {
      std::unique_lock lock(m_tx_mutex);
      m_tx_cv.wait(lock, [&] { return m_tx_stopping || !m_tx_queue.empty(); });
      if (m_tx_stopping) return;
      item = std::move(m_tx_queue.front());
      m_tx_queue.pop_front();
      m_tx_queued -= item.second.size();
    }
    // Admitted txs are announced by OnTxsAdmitted (the pool's listener).
    const auto results = m_engine.mempool().AdmitBatch(std::move(item.second));
    if (m_network == nullptr) continue;
    for (const auto& r : results) {
      if (!r && (r.error().code == mempool::AdmitCode::BadSignature || r.error().code == mempool::AdmitCode::Malformed ||
                 r.error().code == mempool::AdmitCode::WrongChain)) {
        m_network->Report(item.first, p2p::Offence::InvalidTx, r.error().Message());
      }
    }
  }
}

bool NetworkBridge::HasTx(const chain::TxId& id) { return m_engine.mempool().Contains(id); }

std::vector<chain::Transaction> NetworkBridge::PooledTxs(const std::vector<chain::TxId>& ids) {
  std::vector<chain::Transaction> out;
  for (const auto& id : ids) {
    if (auto tx = m_engine.mempool().Get(id)) out.push_back(std::move(*tx));
  }
  return out;
}

std::vector<chain::Block> NetworkBridge::CanonicalBlocks(chain::Height from, std::uint32_t count,
                                                         std::size_t max_bytes) {
  std::vector<chain::Block> out;
  std::lock_guard lock(m_reader_mutex);
  if (!m_reader || from == 0) return out;
  std::size_t bytes = 0;
  for (chain::Height h = from; h < from + count; ++h) {
    auto stored = m_reader->BlockByHeight(h);
    if (!stored) {
      CAIRN_LOG(P2p, Warn) << "serving blocks from height " << from << ": " << stored.error().message;
      break;
    }
    if (!*stored) break;  // above our head
    bytes += chain::Encode((*stored)->block).size();
    if (!out.empty() && bytes > max_bytes) break;
    out.push_back(std::move((*stored)->block));
  }
  return out;
}

void NetworkBridge::OnSyncBlocks(const p2p::PeerRef& from, std::vector<chain::Block> blocks) {
  m_mailbox.Post([this, from, blocks = std::move(blocks)]() mutable {
    for (auto& b : blocks) {
      auto block = std::make_shared<const chain::Block>(std::move(b));
      const ImportOutcome outcome = m_engine.ImportBlock(block, true);
      if (outcome.verdict == ImportVerdict::Accepted || outcome.verdict == ImportVerdict::Known) continue;
      CAIRN_LOG(P2p, Info) << "sync: block at height " << block->unsigned_header().height << " from a peer is "
                           << ImportVerdictName(outcome.verdict) << (outcome.reason.empty() ? "" : ": ")
                           << outcome.reason;
      if (m_network == nullptr) return;
      if (outcome.verdict == ImportVerdict::Invalid) m_network->Report(from, p2p::Offence::InvalidBlock, outcome.reason);
      if (outcome.conflicts_with_finalized) {
        // Its chain contradicts ours below finality: asking it again would only loop.
        m_network->Report(from, p2p::Offence::WrongChainBlocks, outcome.reason);
        return;
      }
      if (outcome.verdict != ImportVerdict::Future) RequestSyncThrottled();
      return;
    }
  });
}

// ---- GossipSink ----------------------------------------------------------------------------------

void NetworkBridge::OwnBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) {
  if (m_network != nullptr) m_network->BroadcastBlock(std::move(block), id, std::nullopt);
}

void NetworkBridge::OwnVote(const chain::SignedVote& vote) {
  if (m_network != nullptr) m_network->BroadcastVote(vote, std::nullopt);
}

void NetworkBridge::NewEvidence(const chain::Evidence& evidence) {
  if (m_network != nullptr) m_network->BroadcastEvidence(evidence, std::nullopt);
}

void NetworkBridge::RelayBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id) {
  if (m_network != nullptr) m_network->BroadcastBlock(std::move(block), id, std::nullopt);
}

// ---- ChainEventSink / mempool --------------------------------------------------------------------

void NetworkBridge::Publish(Publication publication) {
  const bool moved = publication.new_head.has_value() || publication.finalized.has_value();
  m_events.Publish(std::move(publication));
  if (moved && m_network != nullptr) m_network->NotifyChainChanged();
}

bool NetworkBridge::Behind() {
  if (m_network == nullptr) return false;
  const NodeStatus& status = m_engine.status();
  // A height is at most the slot: a peer claiming more is not believed.
  const chain::Height best = std::min<chain::Height>(m_network->Sync().best_known_height, status.slot);
  const auto now = std::chrono::steady_clock::now();
  if (best <= status.head_height + BEHIND_BLOCKS) {
    m_behind_since.reset();
    return false;
  }
  if (!m_behind_since || status.head_height != m_behind_head) {
    m_behind_since = now;  // behind, and catching up (or just found out)
    m_behind_head = status.head_height;
  }
  // A claim that brings no blocks (a lying or stuck peer) does not silence this validator for long.
  return now - *m_behind_since < BEHIND_WITHOUT_PROGRESS;
}

void NetworkBridge::RequestSyncThrottled() {
  const auto now = std::chrono::steady_clock::now();
  if (m_last_sync_request && now - *m_last_sync_request < SYNC_REQUEST_INTERVAL) return;
  m_last_sync_request = now;
  // A missing parent may be a block of a branch that left ours anywhere above our finalized block
  // (a healed partition): fetch the peers' chains from there, not from our head.
  m_network->RequestSync(m_engine.status().finalized_height + 1);
}

void NetworkBridge::OnTxsAdmitted(const std::vector<chain::TxId>& ids) {
  if (m_network != nullptr) m_network->AnnounceTxs(ids, std::nullopt);
}

}  // namespace cairn::runtime
