#include "p2p/sync_planner.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "chain/block_header.h"
#include "p2p/messages.h"
#include "util/log.h"

namespace cairn::p2p {

namespace {

// Late answers to expired requests are recognised for this many requests back; older ones are
// Unrequested (a peer that answers after 256 newer requests has long been replaced).
constexpr std::size_t EXPIRED_REMEMBERED = 256;

chain::Height SaturatingAdd(chain::Height a, chain::Height b) {
  return a > std::numeric_limits<chain::Height>::max() - b ? std::numeric_limits<chain::Height>::max() : a + b;
}

}  // namespace

SyncPlanner::SyncPlanner(SyncConfig config) : m_config(config) {
  m_config.batch = std::clamp<std::uint32_t>(m_config.batch, 1, static_cast<std::uint32_t>(MAX_BLOCKS_PER_REQUEST));
  m_config.max_in_flight_per_peer = std::max<std::size_t>(m_config.max_in_flight_per_peer, 1);
  m_config.max_in_flight = std::max<std::size_t>(m_config.max_in_flight, 1);
  m_config.max_ahead = std::max<chain::Height>(m_config.max_ahead, 1);
}

void SyncPlanner::SetPeer(std::uint64_t session, chain::Height head_height, chain::Height finalized_height) {
  Peer& peer = m_peers[session];
  peer.head = head_height;
  peer.finalized = finalized_height;
}

void SyncPlanner::RemovePeer(std::uint64_t session) {
  for (auto it = m_requests.begin(); it != m_requests.end();) {
    if (it->second.session == session) {
      it = m_requests.erase(it);
    } else {
      ++it;
    }
  }
  m_peers.erase(session);
}

void SyncPlanner::SetLocalHead(chain::Height height) {
  m_local_head = height;
  if (m_rewind_until) {
    if (m_next_deliver <= *m_rewind_until) return;  // still re-fetching below the old head
    m_rewind_until.reset();
  }
  const chain::Height wanted = SaturatingAdd(height, 1);
  if (wanted <= m_next_deliver) return;  // delivered blocks still pending: keep their state
  m_next_deliver = wanted;
  m_prev_id.reset();  // the block below the next one came from elsewhere (gossip, our own proposal)
  // Buffered ranges that start at or below the new next height are dropped whole, not trimmed: one
  // starting right there would wait for an answer that never comes (nothing below it is missing), so
  // its heights are opened and fetched again instead. Higher ranges still wait for the gap below them.
  while (!m_buffer.empty() && m_buffer.begin()->first <= m_next_deliver) m_buffer.erase(m_buffer.begin());
}

void SyncPlanner::Reset() {
  m_buffer.clear();
  m_next_deliver = SaturatingAdd(m_local_head, 1);
  m_prev_id.reset();
  m_rewind_until.reset();
}

void SyncPlanner::Rewind(chain::Height from) {
  if (m_rewind_until) return;  // one re-fetch at a time: a second would throw away the first's progress
  m_buffer.clear();
  m_next_deliver = std::max<chain::Height>(from, 1);
  m_prev_id.reset();
  m_rewind_until = m_local_head;
}

bool SyncPlanner::syncing() const { return m_rewind_until.has_value() || best_known_height() > m_local_head; }

chain::Height SyncPlanner::best_known_height() const {
  chain::Height best = m_local_head;
  for (const auto& [session, peer] : m_peers) best = std::max(best, peer.head);
  return best;
}

std::size_t SyncPlanner::buffered_blocks() const {
  std::size_t n = 0;
  for (const auto& [start, b] : m_buffer) n += b.blocks.size();
  return n;
}

chain::Height SyncPlanner::Target() const {
  chain::Height best = 0;
  for (const auto& [session, peer] : m_peers) best = std::max(best, peer.head);
  return std::min(best, SaturatingAdd(m_local_head, m_config.max_ahead));
}

bool SyncPlanner::Eligible(const Peer& peer, chain::Height start, std::int64_t now_ms) const {
  if (peer.head < start) return false;
  if (peer.in_flight >= m_config.max_in_flight_per_peer) return false;
  if (now_ms < peer.cooldown_until_ms) return false;
  if (now_ms < peer.avoid_until_ms && start >= peer.avoid_from) return false;
  return true;
}

SyncPlanner::Peer* SyncPlanner::ChoosePeer(chain::Height start, std::int64_t now_ms, std::uint64_t* session) {
  Peer* best = nullptr;
  for (auto& [id, peer] : m_peers) {
    if (!Eligible(peer, start, now_ms)) continue;
    // Fewest in flight first, then least recently asked: batches spread evenly over the peers.
    if (best == nullptr || peer.in_flight < best->in_flight ||
        (peer.in_flight == best->in_flight && peer.last_assigned < best->last_assigned)) {
      best = &peer;
      *session = id;
    }
  }
  return best;
}

std::uint32_t SyncPlanner::NextRequestId() {
  // At most max_in_flight + EXPIRED_REMEMBERED ids are taken, so this finds a free one quickly.
  for (;;) {
    const std::uint32_t id = m_next_request_id++;
    if (id == 0) continue;
    if (m_requests.count(id) != 0 || m_expired.count(id) != 0) continue;
    return id;
  }
}

void SyncPlanner::DropRequest(std::map<std::uint32_t, Request>::iterator it) {
  if (auto peer = m_peers.find(it->second.session); peer != m_peers.end() && peer->second.in_flight > 0) {
    --peer->second.in_flight;
  }
  m_requests.erase(it);
}

void SyncPlanner::RememberExpired(std::uint32_t request_id, std::uint64_t session) {
  m_expired[request_id] = session;
  m_expired_order.push_back(request_id);
  while (m_expired_order.size() > EXPIRED_REMEMBERED) {
    m_expired.erase(m_expired_order.front());
    m_expired_order.pop_front();
  }
}

void SyncPlanner::Avoid(std::uint64_t session, chain::Height from, std::int64_t now_ms) {
  auto it = m_peers.find(session);
  if (it == m_peers.end()) return;
  it->second.avoid_from = from;
  it->second.avoid_until_ms = now_ms + m_config.timeout_ms;
}

std::vector<SyncRequest> SyncPlanner::Plan(std::int64_t now_ms) {
  for (auto it = m_requests.begin(); it != m_requests.end();) {
    auto current = it++;
    if (now_ms - current->second.sent_ms < m_config.timeout_ms) continue;
    const std::uint64_t session = current->second.session;
    CAIRN_LOG(P2p, Debug) << "sync request " << current->first << " (heights " << current->second.from << "+"
                          << current->second.count << ") to session " << session << " timed out";
    if (auto peer = m_peers.find(session); peer != m_peers.end()) {
      peer->second.cooldown_until_ms = now_ms + m_config.timeout_ms;
    }
    RememberExpired(current->first, session);
    DropRequest(current);
  }

  // Heights already taken care of above the next delivery, in height order.
  std::vector<std::pair<chain::Height, chain::Height>> covered;  // [first, last]
  covered.reserve(m_requests.size() + m_buffer.size());
  for (const auto& [id, r] : m_requests) covered.emplace_back(r.from, r.from + r.count - 1);
  for (const auto& [start, b] : m_buffer) covered.emplace_back(start, start + b.blocks.size() - 1);
  std::sort(covered.begin(), covered.end());

  std::vector<SyncRequest> out;
  const chain::Height target = Target();
  chain::Height cursor = m_next_deliver;
  std::size_t next_covered = 0;
  while (cursor <= target && m_requests.size() < m_config.max_in_flight) {
    while (next_covered < covered.size() && covered[next_covered].second < cursor) ++next_covered;
    if (next_covered < covered.size() && covered[next_covered].first <= cursor) {
      cursor = covered[next_covered].second + 1;
      continue;
    }
    chain::Height gap_last = target;
    if (next_covered < covered.size()) gap_last = std::min(gap_last, covered[next_covered].first - 1);
    const chain::Height length = std::min<chain::Height>(m_config.batch, gap_last - cursor + 1);

    std::uint64_t session = 0;
    Peer* peer = ChoosePeer(cursor, now_ms, &session);
    // Eligibility only gets stricter with height (head, avoid_from) or is height-blind, so no peer
    // for this start means none for any later one either.
    if (peer == nullptr) break;
    const auto count = static_cast<std::uint32_t>(std::min<chain::Height>(length, peer->head - cursor + 1));
    const std::uint32_t id = NextRequestId();
    m_requests.emplace(id, Request{session, cursor, count, now_ms});
    ++peer->in_flight;
    peer->last_assigned = ++m_assign_seq;
    out.push_back(SyncRequest{session, id, cursor, count});
    cursor += count;
  }
  return out;
}

util::Result<std::vector<SyncPlanner::Delivery>, Offence> SyncPlanner::OnBlocks(std::uint64_t session,
                                                                                 std::uint32_t request_id,
                                                                                 std::vector<chain::Block> blocks,
                                                                                 std::int64_t now_ms) {
  auto it = m_requests.find(request_id);
  if (it == m_requests.end()) {
    if (auto late = m_expired.find(request_id); late != m_expired.end() && late->second == session) {
      // Too slow, not malicious: its heights were given to someone else already.
      m_expired.erase(late);
      return std::vector<Delivery>{};
    }
    return util::Err(Offence::Unrequested);
  }
  // Someone else's request: leave it in place for the peer it was sent to.
  if (it->second.session != session) return util::Err(Offence::Unrequested);

  const Request request = it->second;
  DropRequest(it);  // whatever the outcome, its missing heights are open again

  if (blocks.size() > request.count) return util::Err(Offence::Malformed);
  std::vector<chain::BlockId> ids;
  ids.reserve(blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const chain::BlockHeader& header = blocks[i].unsigned_header();
    if (header.height != request.from + i) return util::Err(Offence::Malformed);
    if (i > 0 && header.parent_hash != ids.back()) return util::Err(Offence::Malformed);
    ids.push_back(chain::ComputeBlockId(header));
  }

  if (blocks.empty()) {
    auto peer = m_peers.find(session);
    if (peer != m_peers.end() && peer->second.head >= request.from) {
      CAIRN_LOG(P2p, Debug) << "session " << session << " claims height " << peer->second.head
                            << " but served nothing from " << request.from;
      Avoid(session, request.from, now_ms);
    }
    return std::vector<Delivery>{};
  }
  Buffer(session, std::move(blocks), std::move(ids));
  return DeliverReady(now_ms);
}

void SyncPlanner::Buffer(std::uint64_t session, std::vector<chain::Block> blocks, std::vector<chain::BlockId> ids) {
  // Heights the node already has or was already handed (the head moved while this was in flight).
  chain::Height start = blocks.front().unsigned_header().height;
  if (start < m_next_deliver) {
    const chain::Height skip = m_next_deliver - start;
    if (skip >= blocks.size()) return;
    blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(skip));
    ids.erase(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(skip));
    start = m_next_deliver;
  }
  // Requests never overlap buffered ranges, so these cuts are defensive: keep ranges disjoint whatever
  // happens, the earlier answer winning.
  auto after = m_buffer.lower_bound(start);
  if (after != m_buffer.begin()) {
    const auto before = std::prev(after);
    if (before->first + before->second.blocks.size() > start) return;
  }
  if (after != m_buffer.end()) {
    if (after->first == start) return;
    const chain::Height room = after->first - start;
    if (blocks.size() > room) {
      blocks.resize(room);
      ids.resize(room);
    }
  }
  m_buffer.emplace(start, Buffered{session, std::move(blocks), std::move(ids)});
}

std::vector<SyncPlanner::Delivery> SyncPlanner::DeliverReady(std::int64_t now_ms) {
  std::vector<Delivery> out;
  while (!m_buffer.empty() && m_buffer.begin()->first == m_next_deliver) {
    // Moved out rather than extract()ed: g++ 12 cannot prove a node handle non-empty and warns
    // (-Wnull-dereference) on every access through it.
    const chain::Height start = m_buffer.begin()->first;
    Buffered b = std::move(m_buffer.begin()->second);
    m_buffer.erase(m_buffer.begin());
    if (b.blocks.empty()) continue;  // never stored so
    if (m_prev_id && b.blocks.front().unsigned_header().parent_hash != *m_prev_id) {
      // A fork between the peers, not an offence: drop this answer (its heights open again) and ask
      // someone else first.
      CAIRN_LOG(P2p, Debug) << "sync answer from session " << b.session << " at height " << start
                            << " does not link to the block delivered before it; asking another peer";
      Avoid(b.session, start, now_ms);
      break;
    }
    m_next_deliver += b.blocks.size();
    m_prev_id = b.ids.back();
    if (!out.empty() && out.back().session == b.session) {
      auto& blocks = out.back().blocks;
      blocks.insert(blocks.end(), std::make_move_iterator(b.blocks.begin()), std::make_move_iterator(b.blocks.end()));
    } else {
      out.push_back(Delivery{b.session, std::move(b.blocks)});
    }
  }
  return out;
}

}  // namespace cairn::p2p
