// Gossip: blocks, votes and evidence pushed with de-duplication; transactions announced by id and
// fetched on demand (see network_impl.h).
#include "p2p/network_impl.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <algorithm>

#include <boost/asio/post.hpp>

#include "util/log.h"

namespace cairn::p2p {

// ---------------------------------------------------------------------------------------------------
// Gossip: blocks, votes, evidence.

void Network::Impl::Broadcast(const std::shared_ptr<const util::Bytes>& bytes, std::optional<std::uint64_t> from,
                              const std::function<bool(Peer&)>& mark_known) {
  std::vector<std::shared_ptr<Session>> targets;
  {
    std::lock_guard lock(m_mutex);
    for (auto& [id, peer] : m_peers) {
      if (!peer.ready || peer.closing || (from && id == *from)) continue;
      if (mark_known(peer)) targets.push_back(peer.session);
    }
  }
  SendTo(targets, bytes);
}

void Network::Impl::OnNewBlock(const std::shared_ptr<Session>& session, NewBlock message) {
  const chain::BlockId id = chain::ComputeBlockId(message.block.unsigned_header());
  PeerRef ref;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    it->second.known_blocks.Insert(id);
    ref = it->second.ref();
    if (!m_seen_blocks.Insert(id)) return;
  }
  m_chain.OnBlock(ref, std::make_shared<const chain::Block>(std::move(message.block)));
}

void Network::Impl::OnNewVote(const std::shared_ptr<Session>& session, const NewVote& message) {
  const chain::VoteHash hash = chain::ComputeVoteHash(message.vote);
  PeerRef ref;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    it->second.known_votes.Insert(hash);
    ref = it->second.ref();
    if (!m_seen_votes.Insert(hash)) return;
  }
  m_chain.OnVote(ref, message.vote);
}

void Network::Impl::OnNewEvidence(const std::shared_ptr<Session>& session, const NewEvidence& message) {
  const chain::EvidenceHash hash = chain::ComputeEvidenceHash(message.evidence);
  PeerRef ref;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    it->second.known_evidence.Insert(hash);
    ref = it->second.ref();
    if (!m_seen_evidence.Insert(hash)) return;
  }
  m_chain.OnEvidence(ref, message.evidence);
}

void Network::BroadcastBlock(std::shared_ptr<const chain::Block> block, const chain::BlockId& id,
                             std::optional<PeerRef> from) {
  if (!block) return;
  auto bytes = std::make_shared<const util::Bytes>(EncodeMessage(NewBlock{*block}));
  {
    std::lock_guard lock(m_impl->m_mutex);
    m_impl->m_seen_blocks.Insert(id);
  }
  m_impl->Broadcast(bytes, from ? std::optional(from->session) : std::nullopt,
                    [&](Impl::Peer& peer) { return peer.known_blocks.Insert(id); });
}

void Network::BroadcastVote(const chain::SignedVote& vote, std::optional<PeerRef> from) {
  const chain::VoteHash hash = chain::ComputeVoteHash(vote);
  auto bytes = std::make_shared<const util::Bytes>(EncodeMessage(NewVote{vote}));
  {
    std::lock_guard lock(m_impl->m_mutex);
    m_impl->m_seen_votes.Insert(hash);
  }
  m_impl->Broadcast(bytes, from ? std::optional(from->session) : std::nullopt,
                    [&](Impl::Peer& peer) { return peer.known_votes.Insert(hash); });
}

void Network::BroadcastEvidence(const chain::Evidence& evidence, std::optional<PeerRef> from) {
  const chain::EvidenceHash hash = chain::ComputeEvidenceHash(evidence);
  auto bytes = std::make_shared<const util::Bytes>(EncodeMessage(NewEvidence{evidence}));
  {
    std::lock_guard lock(m_impl->m_mutex);
    m_impl->m_seen_evidence.Insert(hash);
  }
  m_impl->Broadcast(bytes, from ? std::optional(from->session) : std::nullopt,
                    [&](Impl::Peer& peer) { return peer.known_evidence.Insert(hash); });
}

// ---------------------------------------------------------------------------------------------------
// Transactions: announced by id, fetched on demand.

void Network::AnnounceTxs(const std::vector<chain::TxId>& ids, std::optional<PeerRef> from) {
  if (ids.empty()) return;
  bool schedule = false;
  {
    std::lock_guard lock(m_impl->m_mutex);
    for (const auto& id : ids) m_impl->m_seen_txs.Insert(id);
    for (auto& [session, peer] : m_impl->m_peers) {
      if (!peer.ready || peer.closing || (from && session == from->session)) continue;
      for (const auto& id : ids) {
        if (peer.announce_queue.size() >= MAX_ANNOUNCE_QUEUE) break;
        if (peer.known_txs.Insert(id)) peer.announce_queue.push_back(id);
      }
      if (!peer.announce_queue.empty() && !m_impl->m_announce_scheduled) schedule = m_impl->m_announce_scheduled = true;
    }
  }
  if (schedule) {
    asio::post(m_impl->m_strand, [impl = m_impl.get()] {
      impl->ArmTimer(impl->m_announce_timer, ANNOUNCE_BATCH_MS, &Impl::AnnounceTick);
    });
  }
}

void Network::Impl::AnnounceTick() {
  std::vector<std::pair<std::shared_ptr<Session>, TxAnnounce>> out;
  {
    std::lock_guard lock(m_mutex);
    m_announce_scheduled = false;
    for (auto& [id, peer] : m_peers) {
      if (peer.announce_queue.empty()) continue;
      for (std::size_t at = 0; at < peer.announce_queue.size(); at += MAX_TX_IDS_PER_MESSAGE) {
        const std::size_t n = std::min(MAX_TX_IDS_PER_MESSAGE, peer.announce_queue.size() - at);
        TxAnnounce batch;
        batch.ids.assign(peer.announce_queue.begin() + static_cast<std::ptrdiff_t>(at),
                         peer.announce_queue.begin() + static_cast<std::ptrdiff_t>(at + n));
        out.emplace_back(peer.session, std::move(batch));
      }
      peer.announce_queue.clear();
    }
  }
  for (auto& [session, batch] : out) session->Send(batch);
}

void Network::Impl::OnTxAnnounce(const std::shared_ptr<Session>& session, const TxAnnounce& message) {
  const std::int64_t now = SteadyMs();
  std::vector<chain::TxId> candidates;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    for (const auto& id : message.ids) {
      it->second.known_txs.Insert(id);
      if (m_seen_txs.Contains(id)) continue;
      if (auto asked = m_tx_requests.find(id); asked != m_tx_requests.end() && now - asked->second <= TX_REQUEST_TIMEOUT_MS) {
        continue;
      }
      candidates.push_back(id);
    }
  }
  std::erase_if(candidates, [&](const chain::TxId& id) { return m_chain.HasTx(id); });
  if (candidates.empty()) return;
  GetTxs request;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end() || it->second.closing) return;
    for (const auto& id : candidates) {
      if (m_tx_requests.size() >= MAX_TX_REQUESTS) break;
      // Another announcer may have been asked meanwhile.
      if (auto [asked, inserted] = m_tx_requests.try_emplace(id, now); !inserted) {
        if (now - asked->second <= TX_REQUEST_TIMEOUT_MS) continue;
        asked->second = now;
      }
      it->second.requested_txs.insert(id);
      request.ids.push_back(id);
    }
  }
  if (!request.ids.empty()) session->Send(request);
}

void Network::Impl::OnGetTxs(const std::shared_ptr<Session>& session, const GetTxs& message) {
  std::vector<chain::Transaction> txs = m_chain.PooledTxs(message.ids);
  std::vector<chain::TxId> ids;
  std::size_t bytes = 0;
  std::size_t keep = 0;
  for (; keep < txs.size(); ++keep) {
    bytes += chain::Encode(txs[keep]).size();
    if (bytes > MESSAGE_BUDGET) break;
    ids.push_back(chain::ComputeTxId(txs[keep]));
  }
  txs.resize(keep);
  if (txs.empty()) return;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    for (const auto& id : ids) it->second.known_txs.Insert(id);
  }
  session->Send(Txs{std::move(txs)});
}

void Network::Impl::OnTxs(const std::shared_ptr<Session>& session, Txs message) {
  std::vector<chain::TxId> ids;
  ids.reserve(message.txs.size());
  for (const auto& tx : message.txs) ids.push_back(chain::ComputeTxId(tx));
  std::vector<chain::Transaction> accepted;
  std::size_t unrequested = 0;
  PeerRef ref;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    Peer& peer = it->second;
    ref = peer.ref();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (peer.requested_txs.erase(ids[i]) == 0) {
        ++unrequested;
        continue;
      }
      m_tx_requests.erase(ids[i]);
      m_seen_txs.Insert(ids[i]);
      peer.known_txs.Insert(ids[i]);
      accepted.push_back(std::move(message.txs[i]));
    }
  }
  if (unrequested > 0) Punish(session->id(), Offence::Unrequested, std::to_string(unrequested) + " unrequested transactions");
  if (!accepted.empty()) m_chain.OnTxs(ref, std::move(accepted));
}

}  // namespace cairn::p2p
