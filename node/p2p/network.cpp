// Network: the public methods, lifecycle (Create/Start/Stop) and snapshots (see network_impl.h).
#include "p2p/network_impl.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <algorithm>
#include <chrono>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "util/hex.h"
#include "util/log.h"

namespace cairn::p2p {

using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

void RunIo(asio::io_context& ioc, const char* name) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      CAIRN_LOG(P2p, Error) << "p2p " << name << " thread caught: " << e.what();
    }
  }
}

}  // namespace

std::string SafeText(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out;
}

std::string ShortId(const crypto::PublicKey& id) { return util::ToHex(id.span()).substr(0, 16); }

// ---------------------------------------------------------------------------------------------------
// Network: the public face forwards to Impl.

util::Result<std::unique_ptr<Network>, std::string> Network::Create(NetworkConfig config, ChainAccess& chain) {
  if (config.identity == nullptr) return util::Err(std::string("p2p: no node identity key given"));
  if (config.chain_id.empty()) return util::Err(std::string("p2p: no chain id given"));
  for (const auto& text : config.connect) {
    if (!ParseHostPort(text)) return util::Err("p2p: bad --connect address '" + text + "' (expected host:port)");
  }
  for (const auto& text : config.seeds) {
    if (!ParseHostPort(text)) return util::Err("p2p: bad seed address '" + text + "' (expected host:port)");
  }
  std::unique_ptr<Network> network(new Network());
  network->m_impl = std::make_unique<Impl>(std::move(config), chain);
  return network;
}

Network::~Network() { Stop(); }
util::Result<void, std::string> Network::Start() { return m_impl->Start(); }
void Network::Stop() {
  if (m_impl) m_impl->Stop();
}
std::uint16_t Network::listen_port() const { return m_impl->m_listen_port; }
const crypto::PublicKey& Network::identity() const { return m_impl->m_identity->public_key(); }

std::vector<PeerSnapshot> Network::Peers() const {
  const std::int64_t now = m_impl->SteadyMs();
  std::vector<PeerSnapshot> out;
  std::lock_guard lock(m_impl->m_mutex);
  for (const auto& [id, peer] : m_impl->m_peers) {
    if (!peer.ready) continue;
    PeerSnapshot s;
    s.ref = peer.ref();
    s.address = peer.session->remote_address();
    s.inbound = peer.session->inbound();
    s.protocol_version = peer.status.protocol_version;
    s.user_agent = peer.status.user_agent;
    s.head = peer.status.head;
    s.finalized = peer.status.finalized;
    s.listen_port = peer.status.listen_port;
    s.latency_ms = peer.latency_ms;
    s.bytes_in = peer.session->bytes_in();
    s.bytes_out = peer.session->bytes_out();
    s.score = peer.score.Value(now);
    s.connected_since_ms = peer.connected_since_ms;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<BanSnapshot> Network::Bans() const {
  const std::int64_t now = m_impl->NowMs();
  std::vector<BanSnapshot> out;
  {
    std::lock_guard lock(m_impl->m_mutex);
    for (const auto& [key, ban] : m_impl->m_bans) {
      if (ban.until_ms > now) out.push_back(BanSnapshot{ban.key, ban.until_ms, ban.reason});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.until_ms != b.until_ms ? a.until_ms < b.until_ms : a.key < b.key;
  });
  return out;
}

SyncSnapshot Network::Sync() const {
  std::lock_guard lock(m_impl->m_mutex);
  return SyncSnapshot{m_impl->m_planner.syncing(), m_impl->m_planner.best_known_height(),
                      m_impl->m_planner.in_flight()};
}

util::Result<void, std::string> Network::AddPeer(const std::string& host_port) {
  auto address = ParseHostPort(host_port);
  if (!address) return util::Err("expected host:port, got '" + SafeText(host_port, 80) + "'");
  const std::string key = address->str();
  {
    std::lock_guard lock(m_impl->m_mutex);
    if (m_impl->m_self_addresses.contains(key)) return util::Err(key + " is this node");
    if (std::find(m_impl->m_manual.begin(), m_impl->m_manual.end(), *address) == m_impl->m_manual.end()) {
      m_impl->m_manual.push_back(*address);
    }
    m_impl->m_backoff.erase(key);
  }
  if (m_impl->m_book && IsIpLiteral(address->host)) {
    storage::PeerRecord record;
    record.host = address->host;
    record.port = address->port;
    record.source = storage::PeerSource::Manual;
    record.first_seen_ms = m_impl->NowMs();
    if (auto added = m_impl->m_book->Add(record); !added) {
      CAIRN_LOG(P2p, Warn) << "peer book: cannot record " << key << ": " << added.error().message;
    }
  }
  if (m_impl->m_started && !m_impl->m_stopping) m_impl->PostWorker([impl = m_impl.get()] { impl->DialTick(); });
  return {};
}

util::Result<void, std::string> Network::RemovePeer(const std::string& id_hex_or_address) {
  std::string wanted = id_hex_or_address;
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return std::tolower(c); });
  std::vector<std::shared_ptr<Session>> targets;
  {
    std::lock_guard lock(m_impl->m_mutex);
    std::erase_if(m_impl->m_manual, [&](const HostPort& a) { return a.str() == id_hex_or_address; });
    for (auto& [id, peer] : m_impl->m_peers) {
      if (peer.closing) continue;
      const bool by_id = peer.handshaken && util::ToHex(peer.identity.span()) == wanted;
      const bool by_address = peer.session->remote_address() == id_hex_or_address ||
                              peer.dial_address == id_hex_or_address ||
                              (peer.ready && peer.status.listen_port != 0 &&
                               HostPort{peer.session->remote_ip(), peer.status.listen_port}.str() == id_hex_or_address);
      if (!by_id && !by_address) continue;
      peer.closing = true;
      targets.push_back(peer.session);
    }
  }
  if (targets.empty()) return util::Err("no connected peer matches '" + SafeText(id_hex_or_address, 80) + "'");
  for (const auto& session : targets) {
    CAIRN_LOG(P2p, Info) << "disconnecting peer " << session->remote_address() << " on the operator's request";
    session->SendAndClose(Disconnect{DisconnectReason::Requested, "removed by the operator"}, "removed by the operator");
  }
  return {};
}

util::Result<void, std::string> Network::Unban(const std::string& key) {
  std::string normalized = key;
  if (normalized.starts_with("id:") || normalized.starts_with("ID:")) {
    std::transform(normalized.begin(), normalized.end(), normalized.begin(), [](unsigned char c) { return std::tolower(c); });
  } else if (std::string canonical; IsIpLiteral(normalized, &canonical)) {
    normalized = canonical;
  }
  bool cached = false;
  {
    std::lock_guard lock(m_impl->m_mutex);
    cached = m_impl->m_bans.erase(normalized) > 0;
  }
  bool stored = false;
  if (m_impl->m_book) {
    auto removed = m_impl->m_book->Unban(normalized);
    if (!removed) return util::Err("cannot lift the ban on " + normalized + ": " + removed.error().message);
    stored = *removed;
  }
  if (!cached && !stored) return util::Err("no ban on '" + SafeText(key, 80) + "'");
  CAIRN_LOG(P2p, Info) << "ban on " << normalized << " lifted";
  return {};
}

void Network::Report(const PeerRef& peer, Offence offence, std::string_view detail) {
  {
    std::lock_guard lock(m_impl->m_mutex);
    auto it = m_impl->m_peers.find(peer.session);
    if (it == m_impl->m_peers.end() || !it->second.handshaken || it->second.identity != peer.id) return;
  }
  m_impl->Punish(peer.session, offence, std::string(detail));
}

// ---------------------------------------------------------------------------------------------------
// Impl: lifecycle.

Network::Impl::Impl(NetworkConfig config, ChainAccess& chain)
    : m_config(std::move(config)),
      m_chain(chain),
      m_clock(m_config.clock ? *m_config.clock : util::SystemClock::Instance()),
      m_strand(asio::make_strand(m_ioc)),
      m_delivery_strand(asio::make_strand(m_ioc)),
      m_acceptor(m_strand),
      m_dial_timer(m_strand),
      m_sync_timer(m_strand),
      m_ping_timer(m_strand),
      m_status_timer(m_strand),
      m_announce_timer(m_strand) {
  m_identity.emplace(m_config.identity->Clone());
  m_config.identity = nullptr;  // the caller's key is not kept
  for (const auto& text : m_config.connect) m_connect.push_back(*ParseHostPort(text));
  for (const auto& text : m_config.seeds) m_seeds.push_back(*ParseHostPort(text));
}

Network::Impl::~Impl() {
  Stop();
  // Sessions hold sockets of m_ioc: release them while it is alive.
  std::lock_guard lock(m_mutex);
  m_peers.clear();
  m_dial_ops.clear();
}

util::Result<void, std::string> Network::Impl::Start() {
  if (m_started || m_stopping) return util::Err(std::string("p2p: the network was started already"));
  auto book = storage::PeerBook::Open(m_config.peer_book_path);
  if (!book) return util::Err("p2p: cannot open the peer book: " + book.error().message);
  m_book = std::move(book).value();
  const std::int64_t now = NowMs();
  {
    std::lock_guard lock(m_mutex);
    for (auto& ban : m_book->Bans(now)) m_bans[ban.key] = ban;
  }
  auto remember = [&](const std::vector<HostPort>& list, storage::PeerSource source) {
    for (const auto& address : list) {
      if (!IsIpLiteral(address.host)) continue;  // the book keeps IP literals; names are resolved per dial
      storage::PeerRecord record;
      record.host = address.host;
      record.port = address.port;
      record.source = source;
      record.first_seen_ms = now;
      if (auto added = m_book->Add(record); !added) {
        CAIRN_LOG(P2p, Warn) << "peer book: cannot record " << address.str() << ": " << added.error().message;
      }
    }
  };
  remember(m_connect, storage::PeerSource::Connect);
  remember(m_seeds, storage::PeerSource::Seed);

  if (m_config.listen_host) {
    const std::string where = HostPort{*m_config.listen_host, m_config.listen_port}.str();
    error_code ec;
    const auto address = asio::ip::make_address(*m_config.listen_host, ec);
    if (ec) return util::Err("cannot listen on " + where + ": not an IP address");
    const tcp::endpoint endpoint(address, m_config.listen_port);
    if (m_acceptor.open(endpoint.protocol(), ec); ec) return util::Err("cannot listen on " + where + ": " + ec.message());
    m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (m_acceptor.bind(endpoint, ec); ec) return util::Err("cannot listen on " + where + ": " + ec.message());
    if (m_acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
      return util::Err("cannot listen on " + where + ": " + ec.message());
    }
    m_listen_port = m_acceptor.local_endpoint(ec).port();
  }

  m_started = true;
  m_work.emplace(m_ioc.get_executor());
  m_worker_work.emplace(m_worker.get_executor());
  const std::size_t threads = std::max<std::size_t>(1, m_config.io_threads);
  for (std::size_t i = 0; i < threads; ++i) m_threads.emplace_back([this] { RunIo(m_ioc, "I/O"); });
  m_worker_thread = std::thread([this] { RunIo(m_worker, "worker"); });

  asio::post(m_strand, [this] {
    if (m_acceptor.is_open()) StartAccept();
    DialTimer();
    ArmTimer(m_sync_timer, SYNC_INTERVAL_MS, &Impl::SyncTick);
    ArmTimer(m_ping_timer, std::clamp<std::int64_t>(m_config.ping_interval_ms / 4, 50, 1000), &Impl::PingTick);
  });

  if (m_config.lan_discovery && m_listen_port != 0) {
    LanDiscoveryConfig lan;
    lan.group = m_config.multicast_group;
    lan.port = m_config.multicast_port;
    lan.genesis_hash = m_config.genesis_hash;
    lan.listen_port = m_listen_port;
    m_lan = std::make_unique<LanDiscovery>(m_ioc, lan, *m_identity,
                                           [this](const std::string& ip, std::uint16_t port, const crypto::PublicKey& id) {
                                             OnLanPeer(ip, port, id);
                                           });
    m_lan->Start();  // logs and stays off when multicast is unavailable
  }
  CAIRN_LOG(P2p, Info) << "p2p started: identity " << util::ToHex(m_identity->public_key().span())
                       << (m_listen_port ? ", listening on port " + std::to_string(m_listen_port) : ", not listening")
                       << (m_connect.empty() ? "" : ", dialling only the --connect peers");
  return {};
}

void Network::Impl::Stop() {
  if (!m_started || m_stopping.exchange(true)) return;
  CAIRN_LOG(P2p, Info) << "p2p stopping";
  if (m_lan) m_lan->Stop();
  asio::post(m_strand, [this] {
    error_code ignored;
    m_acceptor.close(ignored);
    for (auto* timer : {&m_dial_timer, &m_sync_timer, &m_ping_timer, &m_status_timer, &m_announce_timer}) timer->cancel();
  });
  std::vector<std::shared_ptr<Session>> sessions;
  std::vector<std::shared_ptr<DialOp>> dials;
  {
    std::lock_guard lock(m_mutex);
    for (auto& [id, peer] : m_peers) sessions.push_back(peer.session);
    for (auto& [id, op] : m_dial_ops) dials.push_back(op);
  }
  for (const auto& op : dials) {
    asio::post(op->strand, [op] {
      error_code ignored;
      op->resolver.cancel();
      op->timer.cancel();
      op->socket.close(ignored);
    });
  }
  for (const auto& session : sessions) {
    session->SendAndClose(Disconnect{DisconnectReason::Requested, "shutting down"}, "shutting down", STOP_LINGER_MS);
  }
  // Goodbyes get STOP_LINGER_MS to flush; a peer that does not read is cut off after that.
  {
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(STOP_LINGER_MS + 200);
    m_peers_changed.wait_until(lock, deadline, [this] { return m_peers.empty(); });
    sessions.clear();
    for (auto& [id, peer] : m_peers) sessions.push_back(peer.session);
  }
  for (const auto& session : sessions) session->Close("shutting down");
  {
    std::unique_lock lock(m_mutex);
    m_peers_changed.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_peers.empty(); });
  }
  m_work.reset();
  m_ioc.stop();
  for (auto& thread : m_threads) thread.join();
  m_threads.clear();
  error_code ignored;
  m_acceptor.close(ignored);  // the port is free once Stop returns
  // The worker finishes what is queued (peer book writes, e.g. a ban) but serves and dials nothing more.
  m_worker_work.reset();
  if (m_worker_thread.joinable()) m_worker_thread.join();
  m_lan.reset();
  std::lock_guard lock(m_mutex);
  m_peers.clear();
  m_dial_ops.clear();
  CAIRN_LOG(P2p, Info) << "p2p stopped";
}

void Network::Impl::PostWorker(std::function<void()> job) { asio::post(m_worker, std::move(job)); }

void Network::Impl::ArmTimer(asio::steady_timer& timer, std::int64_t ms, void (Impl::*tick)()) {
  timer.expires_after(std::chrono::milliseconds(ms));
  timer.async_wait([this, tick](const error_code& ec) {
    if (ec || m_stopping) return;
    (this->*tick)();
  });
}

void Network::Impl::SendTo(const std::vector<std::shared_ptr<Session>>& sessions,
                           const std::shared_ptr<const util::Bytes>& bytes) {
  for (const auto& session : sessions) session->Send(bytes);
}

std::string Network::Impl::Describe(const Session& session) const {
  return session.remote_address() + (session.inbound() ? " (inbound)" : " (outbound)");
}

SessionOptions Network::Impl::MakeSessionOptions() const {
  SessionOptions options;
  options.identity = &*m_identity;
  options.handshake_timeout_ms = m_config.handshake_timeout_ms;
  return options;
}

std::optional<std::string> Network::Impl::ActiveBan(const std::string& key) const {
  auto it = m_bans.find(key);
  if (it == m_bans.end() || it->second.until_ms <= NowMs()) return std::nullopt;
  return it->second.reason;
}

}  // namespace cairn::p2p
