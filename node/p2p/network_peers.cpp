// Network: the listener, the dialer and its loop, bans, and what the sessions report about themselves
// (handshake, faults, close) (see network_impl.h).
#include "p2p/network_impl.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <algorithm>
#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "util/hex.h"
#include "util/log.h"

namespace cairn::p2p {

using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

std::int64_t BackoffMs(std::uint32_t failures) {
  std::int64_t ms = DIAL_BACKOFF_BASE_MS;
  for (std::uint32_t i = 1; i < failures && ms < DIAL_BACKOFF_MAX_MS; ++i) ms *= 2;
  return std::min(ms, DIAL_BACKOFF_MAX_MS);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Listener.

void Network::Impl::StartAccept() {
  m_acceptor.async_accept(asio::make_strand(m_ioc), [this](const error_code& ec, tcp::socket socket) {
    if (m_stopping || !m_acceptor.is_open()) return;
    if (!ec) {
      OnAccepted(std::move(socket));
    } else if (ec != asio::error::operation_aborted) {
      CAIRN_LOG(P2p, Debug) << "accept failed: " << ec.message();
    }
    StartAccept();
  });
}

void Network::Impl::OnAccepted(tcp::socket socket) {
  auto session = std::make_shared<Session>(
      std::move(socket), Direction::Inbound, m_next_session++, *this,
      MakeSessionOptions());
  const std::string& ip = session->remote_ip();
  std::shared_ptr<Session> victim;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || ip.empty()) return;  // (empty: the peer left already) the socket closes with the session
    if (!IsLocalAddress(ip)) {
      if (auto ban = ActiveBan(ip)) {
        CAIRN_LOG(P2p, Debug) << "refused banned address " << ip << ": " << *ban;
        return;
      }
    }
    std::size_t inbound = 0;
    std::vector<EvictionCandidate> candidates;
    for (const auto& [id, peer] : m_peers) {
      if (!peer.session->inbound()) continue;
      ++inbound;
      if (peer.ready && !peer.closing) {
        candidates.push_back(EvictionCandidate{id, NetGroup(peer.session->remote_ip()), peer.connected_since_ms,
                                               peer.latency_ms});
      }
    }
    if (inbound >= m_config.max_inbound) {
      auto chosen = m_config.max_inbound == 0 ? std::nullopt : SelectEviction(std::move(candidates));
      if (!chosen) {
        CAIRN_LOG(P2p, Debug) << "refused inbound " << session->remote_address() << ": inbound slots full";
        return;
      }
      auto& evicted = m_peers.at(*chosen);
      evicted.closing = true;
      victim = evicted.session;
    }
    m_peers.try_emplace(session->id(), session, NowMs(), SteadyMs());
  }
  if (victim) {
    CAIRN_LOG(P2p, Info) << "evicting peer " << Describe(*victim) << " to make room for " << session->remote_address();
    victim->SendAndClose(Disconnect{DisconnectReason::TooManyPeers, "evicted to make room"}, "evicted");
  }
  CAIRN_LOG(P2p, Debug) << "inbound connection from " << session->remote_address();
  session->Start();
}

// ---------------------------------------------------------------------------------------------------
// Dialer.

void Network::Impl::DialTimer() {
  if (!m_dial_tick_queued.exchange(true)) {
    PostWorker([this] {
      m_dial_tick_queued = false;
      DialTick();
    });
  }
  ArmTimer(m_dial_timer, DIAL_INTERVAL_MS, &Impl::DialTimer);
}

void Network::Impl::DialTick() {
  if (m_stopping) return;
  const std::int64_t now = SteadyMs();
  std::vector<HostPort> to_dial;
  std::vector<std::string> exclude;
  std::set<crypto::PublicKey> connected;
  std::size_t room = 0;
  {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_backoff, [&](const auto& entry) { return entry.second.next_ms + DIAL_BACKOFF_MAX_MS < now; });
    std::set<std::string> busy(m_dialing.begin(), m_dialing.end());
    busy.insert(m_self_addresses.begin(), m_self_addresses.end());
    std::size_t outbound = m_dialing.size();
    for (const auto& [id, peer] : m_peers) {
      if (!peer.session->inbound()) {
        ++outbound;
        busy.insert(peer.dial_address);
      }
      if (peer.handshaken && !peer.closing) connected.insert(peer.identity);
      // A peer connected either way is not dialled again at its listen address.
      if (peer.ready && peer.status.listen_port != 0) {
        busy.insert(HostPort{peer.session->remote_ip(), peer.status.listen_port}.str());
      }
    }
    for (const auto& [address, id] : m_address_ids) {
      if (connected.contains(id)) busy.insert(address);
    }
    for (const auto& [address, backoff] : m_backoff) {
      if (backoff.next_ms > now) busy.insert(address);
    }
    room = outbound < m_config.max_outbound ? m_config.max_outbound - outbound : 0;
    auto consider = [&](const HostPort& address, bool counted) {
      const std::string key = address.str();
      if (busy.contains(key)) return;
      if (counted && room == 0) return;
      if (IsIpLiteral(address.host) && !IsLocalAddress(address.host) && ActiveBan(address.host)) return;
      busy.insert(key);
      to_dial.push_back(address);
      if (counted) --room;
    };
    // Operator-added peers are dialled whatever the limits: the operator asked for them.
    for (const auto& address : m_manual) consider(address, false);
    if (!m_connect.empty()) {
      for (const auto& address : m_connect) consider(address, true);
      room = 0;  // --connect: no other outbound peers
    } else {
      for (const auto& address : m_seeds) consider(address, true);
    }
    exclude.assign(busy.begin(), busy.end());
  }
  if (room > 0 && m_book) {
    // The book answers best first, excluding banned peers, its own back-off and `exclude`.
    for (const auto& record : m_book->Candidates(room, NowMs(), exclude)) {
      if (record.id && connected.contains(*record.id)) continue;
      to_dial.push_back(HostPort{record.host, record.port});
    }
  }
  for (const auto& address : to_dial) Dial(address);
}

void Network::Impl::Dial(const HostPort& address) {
  const std::string key = address.str();
  auto op = std::make_shared<DialOp>(m_ioc);
  const std::uint64_t op_id = m_next_session++;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping || !m_dialing.insert(key).second) return;
    m_dial_ops.emplace(op_id, op);
  }
  CAIRN_LOG(P2p, Debug) << "dialling " << key;
  auto finish = [this, op, op_id, key, address](const error_code& ec) {
    if (op->finished) return;
    op->finished = true;
    op->timer.cancel();
    {
      std::lock_guard lock(m_mutex);
      m_dialing.erase(key);
      m_dial_ops.erase(op_id);
    }
    if (m_stopping) return;
    if (ec) return DialFailed(key, ec == asio::error::operation_aborted ? "timed out" : ec.message());
    OnDialed(address, std::move(op->socket));
  };
  asio::dispatch(op->strand, [this, op, address, finish] {
    op->timer.expires_after(std::chrono::milliseconds(m_config.handshake_timeout_ms));
    op->timer.async_wait([op](const error_code& ec) {
      if (ec || op->finished) return;
      error_code ignored;
      op->resolver.cancel();
      op->socket.close(ignored);
    });
    op->resolver.async_resolve(address.host, std::to_string(address.port),
                               [op, finish](const error_code& ec, tcp::resolver::results_type results) {
                                 if (ec) return finish(ec);
                                 asio::async_connect(op->socket, results,
                                                     [finish](const error_code& ec2, const tcp::endpoint&) { finish(ec2); });
                               });
  });
}

void Network::Impl::OnDialed(const HostPort& address, tcp::socket socket) {
  auto session = std::make_shared<Session>(std::move(socket), Direction::Outbound, m_next_session++, *this,
                                           MakeSessionOptions());
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) return;
    auto [it, inserted] = m_peers.try_emplace(session->id(), session, NowMs(), SteadyMs());
    it->second.dial_address = address.str();
  }
  CAIRN_LOG(P2p, Debug) << "connected to " << address.str() << ", handshaking";
  session->Start();
}

void Network::Impl::DialFailed(const std::string& address, const std::string& why) {
  bool configured = false;
  {
    std::lock_guard lock(m_mutex);
    auto& backoff = m_backoff[address];
    ++backoff.failures;
    backoff.next_ms = SteadyMs() + BackoffMs(backoff.failures);
    configured = std::any_of(m_connect.begin(), m_connect.end(), [&](const auto& a) { return a.str() == address; });
  }
  if (configured) {
    CAIRN_LOG(P2p, Info) << "cannot connect to " << address << ": " << why;
  } else {
    CAIRN_LOG(P2p, Debug) << "cannot connect to " << address << ": " << why;
  }
  auto parsed = ParseHostPort(address);
  if (!parsed || !IsIpLiteral(parsed->host) || !m_book) return;
  PostWorker([this, host = parsed->host, port = parsed->port, now = NowMs()] {
    if (auto marked = m_book->MarkFailed(host, port, now); !marked) {
      CAIRN_LOG(P2p, Debug) << "peer book: " << marked.error().message;
    }
  });
}

void Network::Impl::OnLanPeer(const std::string& ip, std::uint16_t port, const crypto::PublicKey& id) {
  if (id == m_identity->public_key() || m_stopping) return;
  CAIRN_LOG(P2p, Debug) << "LAN beacon from " << HostPort{ip, port}.str() << " id " << ShortId(id);
  PostWorker([this, ip, port, id, now = NowMs()] {
    storage::PeerRecord record;
    record.host = ip;
    record.port = port;
    record.id = id;
    record.source = storage::PeerSource::Lan;
    record.first_seen_ms = now;
    if (auto added = m_book->Add(record); !added) CAIRN_LOG(P2p, Debug) << "peer book: " << added.error().message;
  });
}

// ---------------------------------------------------------------------------------------------------
// Session callbacks: handshake, faults, close.

void Network::Impl::OnSessionHandshake(const std::shared_ptr<Session>& session) {
  const crypto::PublicKey& id = session->remote_identity();
  std::shared_ptr<Session> drop_other;
  std::optional<Disconnect> refuse;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end() || it->second.closing) return;
    Peer& peer = it->second;
    peer.identity = id;
    peer.handshaken = true;
    if (!session->inbound()) {
      if (m_address_ids.size() >= MAX_ADDRESS_IDS) m_address_ids.clear();  // a cache: forgetting costs a dial
      m_address_ids[peer.dial_address] = id;
    }
    if (id == m_identity->public_key()) {
      if (!session->inbound()) {
        m_self_addresses.insert(peer.dial_address);
        CAIRN_LOG(P2p, Info) << "dialled ourselves at " << peer.dial_address << "; not dialling it again";
      }
      refuse = Disconnect{DisconnectReason::Self, "connected to ourselves"};
    } else if (auto ban = ActiveBan(BanKey(session->remote_ip(), id)); ban || (ban = ActiveBan(IdentityBanKey(id)))) {
      CAIRN_LOG(P2p, Info) << "refused banned peer " << Describe(*session) << " id " << ShortId(id) << ": " << *ban;
      refuse = Disconnect{DisconnectReason::Banned, SafeText("banned: " + *ban, MAX_DISCONNECT_TEXT_BYTES)};
    } else {
      for (auto& [other_id, other] : m_peers) {
        if (other_id == session->id() || !other.handshaken || other.closing || other.identity != id) continue;
        // Keep one connection per identity. Same direction: keep the older. Opposite directions (both
        // dialled each other at once): both ends must choose the same one, so keep the connection
        // dialled by the smaller identity, whichever is older here.
        bool keep_new = false;
        if (other.session->inbound() != session->inbound()) {
          const bool we_dial_kept = m_identity->public_key() < id;
          keep_new = session->inbound() ? !we_dial_kept : we_dial_kept;
        }
        if (keep_new) {
          other.closing = true;
          other.duplicate = true;
          drop_other = other.session;
        } else {
          peer.duplicate = true;
          refuse = Disconnect{DisconnectReason::Duplicate, "already connected"};
        }
        break;
      }
    }
    if (refuse) peer.closing = true;
  }
  if (drop_other) {
    CAIRN_LOG(P2p, Debug) << "second connection to " << ShortId(id) << ": closing " << Describe(*drop_other);
    drop_other->SendAndClose(Disconnect{DisconnectReason::Duplicate, "already connected"}, "duplicate connection");
  }
  if (refuse) {
    if (refuse->reason == DisconnectReason::Duplicate) {
      CAIRN_LOG(P2p, Debug) << "second connection to " << ShortId(id) << ": closing " << Describe(*session);
    }
    session->SendAndClose(*refuse, refuse->text);
    return;
  }
  // Our Status is the first message we send; the peer's must be the first we accept.
  session->Send(MakeStatus());
}

void Network::Impl::OnSessionFault(const std::shared_ptr<Session>& session, Offence offence, const std::string& detail) {
  CAIRN_LOG(P2p, Debug) << "peer " << Describe(*session) << ": " << OffenceName(offence) << ": " << detail;
  Punish(session->id(), offence, detail);
}

void Network::Impl::Punish(std::uint64_t session, Offence offence, const std::string& detail) {
  const std::int64_t now = SteadyMs();
  bool ban = false;
  std::int32_t score = 0;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session);
    if (it == m_peers.end()) return;
    it->second.score.Add(offence, now);
    score = it->second.score.Value(now);
    ban = it->second.score.Banned(now) && !it->second.closing;
  }
  CAIRN_LOG(P2p, Debug) << "peer session " << session << ": " << OffenceName(offence) << " (" << detail
                        << "), score " << score;
  if (ban) BanAndClose(session, std::string(OffenceName(offence)) + ": " + detail);
}

void Network::Impl::BanAndClose(std::uint64_t session_id, const std::string& reason) {
  std::shared_ptr<Session> session;
  std::optional<std::string> key;
  const std::int64_t until = NowMs() + m_config.ban_ms;
  const std::string text = SafeText(reason, 200);
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session_id);
    if (it == m_peers.end()) return;
    Peer& peer = it->second;
    peer.closing = true;
    session = peer.session;
    // Before the handshake a local peer has no key to ban (see peer_policy.h): it is only disconnected.
    if (peer.handshaken) {
      key = BanKey(session->remote_ip(), peer.identity);
    } else if (!IsLocalAddress(session->remote_ip())) {
      key = session->remote_ip();
    }
    if (key) m_bans[*key] = storage::BanRecord{*key, until, text};
  }
  if (key) {
    CAIRN_LOG(P2p, Info) << "peer " << Describe(*session) << " banned as " << *key << " for " << m_config.ban_ms / 1000
                         << " s: " << text;
    PostWorker([this, key = *key, until, text] {
      if (auto banned = m_book->Ban(key, until, text); !banned) {
        CAIRN_LOG(P2p, Warn) << "peer book: cannot record the ban on " << key << ": " << banned.error().message;
      }
    });
  } else {
    CAIRN_LOG(P2p, Info) << "peer " << Describe(*session) << " disconnected: " << text;
  }
  session->SendAndClose(Disconnect{DisconnectReason::Banned, SafeText("banned: " + text, MAX_DISCONNECT_TEXT_BYTES)},
                        "banned: " + text);
}

void Network::Impl::OnSessionClosed(const std::shared_ptr<Session>& session) {
  bool was_ready = false;
  bool dial_failed = false;
  std::string dial_address;
  std::optional<crypto::PublicKey> id;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_peers.find(session->id());
    if (it == m_peers.end()) return;
    Peer& peer = it->second;
    was_ready = peer.ready;
    if (peer.handshaken) id = peer.identity;
    dial_address = peer.dial_address;
    dial_failed = !session->inbound() && !peer.ready && !peer.duplicate &&
                  !(peer.handshaken && peer.identity == m_identity->public_key());
    for (const auto& tx : peer.requested_txs) m_tx_requests.erase(tx);
    m_planner.RemovePeer(session->id());
    m_peers.erase(it);
  }
  m_peers_changed.notify_all();
  const std::string reason = session->close_reason();
  if (was_ready) {
    CAIRN_LOG(P2p, Info) << "peer " << Describe(*session) << (id ? " id " + ShortId(*id) : std::string())
                         << " disconnected: " << reason;
  } else {
    CAIRN_LOG(P2p, Debug) << "connection " << Describe(*session) << " closed before it was ready: " << reason;
  }
  if (dial_failed && !m_stopping) DialFailed(dial_address, reason);
  // A slot opened: look for a replacement without waiting for the next tick.
  if (!m_stopping && !session->inbound()) asio::post(m_strand, [this] {
      if (!m_stopping && !m_dial_tick_queued.exchange(true)) {
        PostWorker([this] {
          m_dial_tick_queued = false;
          DialTick();
        });
      }
    });
}

}  // namespace cairn::p2p
