// What received messages do (dispatch, Status, liveness, sync, peer exchange) and the timers that
// send (see network_impl.h). Gossip and transactions are in network_gossip.cpp.
#include "p2p/network_impl.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>

#include "util/hex.h"
#include "util/log.h"
#include "util/overload.h"

namespace cairn::p2p {

using boost::system::error_code;

namespace {

std::string HashPrefix(util::ByteSpan bytes) { return util::ToHex(bytes.first(std::min<std::size_t>(bytes.size(), 8))) + "..."; }

std::size_t ItemCount(const Message& message) {
  if (const auto* m = std::get_if<TxAnnounce>(&message)) return m->ids.size();
  if (const auto* m = std::get_if<GetTxs>(&message)) return m->ids.size();
  if (const auto* m = std::get_if<Txs>(&message)) return m->txs.size();
  return 1;
}


}  // namespace

// ---------------------------------------------------------------------------------------------------
// Dispatch.

void Network::Impl::OnSessionMessage(const std::shared_ptr<Session>& session, Message message, std::size_t encoded_bytes) {
  const MessageKind kind = KindOf(message);
  bool before_status = false;
  bool allowed = true;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end() || it->second.closing) return;
    Peer& peer = it->second;
    if (!peer.ready && kind != MessageKind::Status && kind != MessageKind::Disconnect) {
      before_status = true;
    } else {
      allowed = peer.limits.Allow(kind, ItemCount(message), SteadyMs());
    }
  }
  CAIRN_LOG(P2p, Trace) << "peer " << session->remote_address() << " sent " << MessageKindName(kind) << " ("
                        << encoded_bytes << " bytes)";
  if (before_status) {
    Punish(session->id(), Offence::Malformed, std::string(MessageKindName(kind)) + " before its status");
    return;
  }
  if (!allowed) {
    Punish(session->id(), Offence::Flooding, std::string(MessageKindName(kind)) + " over its rate limit");
    return;
  }
  std::visit(util::Overload{
                 [&](Status& m) { OnStatus(session, m); },
                 [&](Ping& m) { session->Send(Pong{m.nonce}); },
                 [&](Pong& m) { OnPong(session, m); },
                 [&](NewBlock& m) { OnNewBlock(session, std::move(m)); },
                 [&](NewVote& m) { OnNewVote(session, m); },
                 [&](NewEvidence& m) { OnNewEvidence(session, m); },
                 [&](TxAnnounce& m) { OnTxAnnounce(session, m); },
                 [&](GetTxs& m) { OnGetTxs(session, m); },
                 [&](Txs& m) { OnTxs(session, std::move(m)); },
                 [&](GetBlocks& m) { OnGetBlocks(session, m); },
                 [&](Blocks& m) { OnBlocks(session, std::move(m)); },
                 [&](GetPeers&) { OnGetPeers(session); },
                 [&](p2p::Peers& m) { OnPeers(session, m); },
                 [&](Disconnect& m) { OnDisconnect(session, m); },
             },
             message);
}

// ---------------------------------------------------------------------------------------------------
// Status and liveness.

Status Network::Impl::MakeStatus() {
  const ChainPosition position = m_chain.Position();
  Status status;
  status.protocol_version = PROTOCOL_VERSION;
  status.chain_id = m_config.chain_id;
  status.genesis_hash = m_config.genesis_hash;
  status.head = position.head;
  status.finalized = position.finalized;
  status.listen_port = m_listen_port;
  status.user_agent = m_config.user_agent.substr(0, MAX_USER_AGENT_BYTES);
  return status;
}

void Network::Impl::OnStatus(const std::shared_ptr<Session>& session, const Status& status) {
  std::optional<Disconnect> refuse;
  if (status.protocol_version != PROTOCOL_VERSION) {
    refuse = Disconnect{DisconnectReason::Incompatible, "protocol version " + std::to_string(status.protocol_version) +
                                                            ", ours " + std::to_string(PROTOCOL_VERSION)};
  } else if (status.chain_id != m_config.chain_id) {
    refuse = Disconnect{DisconnectReason::WrongChain,
                        "other chain " + status.chain_id.str() + ", ours " + m_config.chain_id.str()};
  } else if (status.genesis_hash != m_config.genesis_hash) {
    refuse = Disconnect{DisconnectReason::WrongChain, "other genesis " + HashPrefix(status.genesis_hash.span()) +
                                                          ", ours " + HashPrefix(m_config.genesis_hash.span())};
  }
  if (refuse) {
    {
      std::lock_guard lock(m_mutex);
      if (auto it = m_peers.find(session->id()); it != m_peers.end()) it->second.closing = true;
    }
    CAIRN_LOG(P2p, Info) << "peer " << session->remote_address() << " dropped: " << refuse->text;
    session->SendAndClose(*refuse, "dropped: " + refuse->text);
    return;
  }
  bool first = false;
  bool syncing = false;
  std::optional<HostPort> listen;
  crypto::PublicKey id;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end() || it->second.closing) return;
    Peer& peer = it->second;
    first = !peer.ready;
    peer.ready = true;
    peer.status = status;
    id = peer.identity;
    m_planner.SetPeer(session->id(), status.head.height, status.finalized.height);
    syncing = m_planner.syncing();
    if (first) {
      if (!session->inbound()) {
        m_backoff.erase(peer.dial_address);
        peer.peers_requested = true;
        peer.last_get_peers_ms = SteadyMs();
        const auto dialled = ParseHostPort(peer.dial_address);
        const std::uint16_t port = status.listen_port != 0 ? status.listen_port : (dialled ? dialled->port : 0);
        if (port != 0) listen = HostPort{session->remote_ip(), port};
      } else if (status.listen_port != 0) {
        listen = HostPort{session->remote_ip(), status.listen_port};
      }
    }
  }
  if (first) {
    session->MarkReady();
    CAIRN_LOG(P2p, Info) << "connected to peer " << Describe(*session) << " id " << util::ToHex(id.span()).substr(0, 16)
                         << ", agent '" << status.user_agent << "', head " << status.head.height << ", finalized "
                         << status.finalized.height;
    if (listen && m_book) {
      PostWorker([this, listen = *listen, id, now = NowMs()] {
        if (auto marked = m_book->MarkConnected(listen.host, listen.port, id, now); !marked) {
          CAIRN_LOG(P2p, Debug) << "peer book: " << marked.error().message;
        }
      });
    }
    if (!session->inbound()) session->Send(GetPeers{});
  }
  if (syncing) RunSync(true);
}

void Network::Impl::OnPong(const std::shared_ptr<Session>& session, const Pong& pong) {
  const std::int64_t now = SteadyMs();
  std::lock_guard lock(m_mutex);
  auto it = m_peers.find(session->id());
  if (it == m_peers.end() || it->second.ping_nonce != pong.nonce) return;
  it->second.latency_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - it->second.ping_sent_ms));
  it->second.ping_nonce.reset();
}

void Network::Impl::PingTick() {
  const std::int64_t now = SteadyMs();
  const std::int64_t interval = std::max<std::int64_t>(1, m_config.ping_interval_ms);
  std::vector<std::pair<std::shared_ptr<Session>, std::uint64_t>> pings;
  std::vector<std::shared_ptr<Session>> silent;
  std::vector<std::shared_ptr<Session>> ask_peers;
  {
    std::lock_guard lock(m_mutex);
    for (auto it = m_tx_requests.begin(); it != m_tx_requests.end();) {
      it = now - it->second > TX_REQUEST_TIMEOUT_MS ? m_tx_requests.erase(it) : std::next(it);
    }
    for (auto& [id, peer] : m_peers) {
      if (!peer.ready || peer.closing) continue;
      std::erase_if(peer.requested_txs, [&](const chain::TxId& tx) { return !m_tx_requests.contains(tx); });
      if (peer.ping_nonce) {
        if (now - peer.ping_sent_ms > PING_TIMEOUT_INTERVALS * interval) {
          peer.closing = true;
          silent.push_back(peer.session);
          continue;
        }
      } else if (now - std::max(peer.ping_sent_ms, peer.connected_steady_ms) >= interval) {
        peer.ping_nonce = m_next_nonce++;
        peer.ping_sent_ms = now;
        pings.emplace_back(peer.session, *peer.ping_nonce);
      }
      if (!peer.session->inbound() && now - peer.last_get_peers_ms >= GET_PEERS_INTERVAL_MS) {
        peer.last_get_peers_ms = now;
        peer.peers_requested = true;
        ask_peers.push_back(peer.session);
      }
    }
  }
  for (const auto& [session, nonce] : pings) session->Send(Ping{nonce});
  for (const auto& session : ask_peers) session->Send(GetPeers{});
  for (const auto& session : silent) {
    CAIRN_LOG(P2p, Info) << "peer " << Describe(*session) << " dropped: no pong for "
                         << PING_TIMEOUT_INTERVALS * interval << " ms";
    session->SendAndClose(Disconnect{DisconnectReason::Requested, "no pong"}, "no pong in time");
  }
  ArmTimer(m_ping_timer, std::clamp<std::int64_t>(interval / 4, 50, 1000), &Impl::PingTick);
}

void Network::Impl::ScheduleStatus() {
  if (m_status_scheduled) return;
  const std::int64_t elapsed = SteadyMs() - m_last_status_ms;
  if (elapsed >= STATUS_MIN_INTERVAL_MS) return StatusTick();
  m_status_scheduled = true;
  ArmTimer(m_status_timer, STATUS_MIN_INTERVAL_MS - elapsed, &Impl::StatusTick);
}

void Network::Impl::StatusTick() {
  m_status_scheduled = false;
  m_last_status_ms = SteadyMs();
  const Status status = MakeStatus();
  auto bytes = std::make_shared<const util::Bytes>(EncodeMessage(status));
  std::vector<std::shared_ptr<Session>> targets;
  {
    std::lock_guard lock(m_mutex);
    m_planner.SetLocalHead(status.head.height);
    for (auto& [id, peer] : m_peers) {
      if (peer.ready && !peer.closing) targets.push_back(peer.session);
    }
  }
  SendTo(targets, bytes);
}

void Network::Impl::OnDisconnect(const std::shared_ptr<Session>& session, const Disconnect& message) {
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_peers.find(session->id()); it != m_peers.end()) it->second.closing = true;
  }
  CAIRN_LOG(P2p, Info) << "peer " << Describe(*session) << " is leaving: reason "
                       << static_cast<int>(message.reason) << ", '" << message.text << "'";
  session->Close("peer said goodbye: " + message.text);
}

// ---------------------------------------------------------------------------------------------------
// Sync.

void Network::Impl::OnGetBlocks(const std::shared_ptr<Session>& session, const GetBlocks& message) {
  // SQLite reads happen on the worker, never on an I/O thread.
  PostWorker([this, session, message] {
    if (m_stopping) return;
    const std::uint32_t count = std::min<std::uint32_t>(message.count, MAX_BLOCKS_PER_REQUEST);
    std::vector<chain::Block> blocks;
    if (session->queued_bytes() <= SERVE_BACKLOG_BYTES) {
      blocks = m_chain.CanonicalBlocks(message.from_height, count, SERVE_MAX_BYTES);
    }
    if (blocks.size() > count) blocks.resize(count);
    std::size_t bytes = 0;
    std::size_t keep = 0;
    for (; keep < blocks.size(); ++keep) {
      bytes += chain::Encode(blocks[keep]).size();
      if (bytes > MESSAGE_BUDGET) break;
    }
    blocks.resize(keep);
    CAIRN_LOG(P2p, Debug) << "serving " << blocks.size() << " blocks from " << message.from_height << " to "
                          << session->remote_address();
    session->Send(Blocks{message.request_id, std::move(blocks)});
  });
}

void Network::Impl::OnBlocks(const std::shared_ptr<Session>& session, Blocks message) {
  std::optional<Offence> offence;
  {
    std::lock_guard lock(m_mutex);
    auto result = m_planner.OnBlocks(session->id(), message.request_id, std::move(message.blocks), SteadyMs());
    if (!result) {
      offence = result.error();
    } else {
      for (auto& delivery : *result) {
        PeerRef ref{delivery.session, {}};
        if (auto it = m_peers.find(delivery.session); it != m_peers.end()) ref = it->second.ref();
        // Posted under the lock: the delivery strand runs them in the planner's (height) order.
        asio::post(m_delivery_strand, [this, ref, blocks = std::move(delivery.blocks)]() mutable {
          if (!m_stopping) m_chain.OnSyncBlocks(ref, std::move(blocks));
        });
      }
    }
  }
  if (offence) Punish(session->id(), *offence, "bad answer to a block request");
  RunSync(false);
}

void Network::Impl::RunSync(bool refresh_head) {
  std::optional<ChainPosition> position;
  if (refresh_head) position = m_chain.Position();
  std::vector<std::pair<std::shared_ptr<Session>, GetBlocks>> out;
  {
    std::lock_guard lock(m_mutex);
    if (position) m_planner.SetLocalHead(position->head.height);
    for (const auto& request : m_planner.Plan(SteadyMs())) {
      auto it = m_peers.find(request.session);
      if (it == m_peers.end()) continue;  // cannot happen: the planner only knows live peers
      out.emplace_back(it->second.session, GetBlocks{request.request_id, request.from, request.count});
    }
  }
  for (auto& [session, request] : out) {
    CAIRN_LOG(P2p, Debug) << "asking " << session->remote_address() << " for blocks " << request.from_height << "+"
                          << request.count;
    session->Send(request);
  }
}

void Network::Impl::SyncTick() {
  bool active = false;
  {
    std::lock_guard lock(m_mutex);
    active = m_planner.syncing() || m_planner.in_flight() > 0;
  }
  if (active) RunSync(true);
  ArmTimer(m_sync_timer, SYNC_INTERVAL_MS, &Impl::SyncTick);
}

void Network::NotifyChainChanged() {
  if (!m_impl->m_started || m_impl->m_stopping) return;
  asio::post(m_impl->m_strand, [impl = m_impl.get()] {
    if (!impl->m_stopping) impl->ScheduleStatus();
  });
}

void Network::RequestSync(std::optional<chain::Height> from) {
  {
    std::lock_guard lock(m_impl->m_mutex);
    if (from) {
      m_impl->m_planner.Rewind(*from);
    } else {
      m_impl->m_planner.Reset();
    }
  }
  m_impl->RunSync(true);
}

// ---------------------------------------------------------------------------------------------------
// Peer exchange.

void Network::Impl::OnGetPeers(const std::shared_ptr<Session>& session) {
  p2p::Peers answer;
  std::set<std::string> listed;
  const bool local_ok = IsLocalAddress(session->remote_ip());
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [id, peer] : m_peers) {
      if (id == session->id() || !peer.ready || peer.status.listen_port == 0) continue;
      const std::string& ip = peer.session->remote_ip();
      // Loopback and LAN addresses mean nothing to a peer outside our network.
      if (!local_ok && IsLocalAddress(ip)) continue;
      if (answer.peers.size() >= MAX_PEERS_PER_MESSAGE) break;
      answer.peers.push_back(PeerAddress{ip, peer.status.listen_port, peer.identity});
      listed.insert(HostPort{ip, peer.status.listen_port}.str());
    }
  }
  PostWorker([this, session, answer = std::move(answer), listed = std::move(listed), local_ok]() mutable {
    if (m_stopping) return;
    if (answer.peers.size() < MAX_PEERS_PER_MESSAGE) {
      for (const auto& record : m_book->Sample(MAX_PEERS_PER_MESSAGE - answer.peers.size(), NowMs(), SHARE_MAX_AGE_MS)) {
        const HostPort address{record.host, record.port};
        if (!listed.insert(address.str()).second) continue;
        if (!local_ok && IsLocalAddress(record.host)) continue;
        if (record.host.size() > MAX_HOST_BYTES) continue;
        answer.peers.push_back(PeerAddress{record.host, record.port, record.id.value_or(crypto::PublicKey{})});
      }
    }
    session->Send(answer);
  });
}

void Network::Impl::OnPeers(const std::shared_ptr<Session>& session, const p2p::Peers& message) {
  bool requested = false;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    requested = it->second.peers_requested;
    it->second.peers_requested = false;
  }
  if (!requested) {
    Punish(session->id(), Offence::Unrequested, "unrequested peer list");
    return;
  }
  const bool local_ok = IsLocalAddress(session->remote_ip());
  std::vector<storage::PeerRecord> records;
  const std::int64_t now = NowMs();
  for (const auto& address : message.peers) {
    std::string host;
    if (address.port == 0 || address.id == m_identity->public_key() || !IsIpLiteral(address.host, &host)) continue;
    if (!local_ok && IsLocalAddress(host)) continue;
    storage::PeerRecord record;
    record.host = host;
    record.port = address.port;
    record.source = storage::PeerSource::Exchange;
    record.first_seen_ms = now;
    records.push_back(std::move(record));
  }
  if (records.empty()) return;
  PostWorker([this, records = std::move(records)] {
    for (const auto& record : records) {
      if (auto added = m_book->Add(record); !added) {
        CAIRN_LOG(P2p, Debug) << "peer book: " << added.error().message;
        return;
      }
    }
  });
}

}  // namespace cairn::p2p
