#include "p2p/lan_discovery.h"

// <utility> before any Asio header (STACK.md pitfall 1).
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/multicast.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "chain/codec.h"
#include "util/hex.h"
#include "util/log.h"

namespace cairn::p2p {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using SteadyClock = std::chrono::steady_clock;

constexpr std::string_view MAGIC = "CAIRNLAN";
static_assert(MAGIC.size() == 8);
constexpr std::size_t SIGNED_BYTES = LAN_BEACON_SIZE - crypto::Signature::SIZE;
// Remembered (ip, port, id) triples for deduplication; past this the expired ones are dropped (and
// all of them if none has expired: a flood must not grow memory).
constexpr std::size_t MAX_RECENT = 1024;

struct Parsed {
  LanBeacon beacon;
  crypto::Signature signature;
};

// Strict decoding without the signature check, so cheap filters run before the expensive one.
std::optional<Parsed> Parse(util::ByteSpan datagram) {
  if (datagram.size() != LAN_BEACON_SIZE) return std::nullopt;
  chain::Reader r(datagram, "lan_beacon");
  const auto magic = r.Fixed<8>("magic");
  const auto version = r.U8("version");
  Parsed p;
  p.beacon.genesis_hash = r.Fixed<32>("genesis_hash");
  p.beacon.id = r.Fixed<32>("id");
  p.beacon.listen_port = r.U16("listen_port");
  p.signature = r.Fixed<crypto::Signature::SIZE>("signature");
  r.ExpectEnd();
  if (!r.ok() || std::memcmp(magic.data(), MAGIC.data(), MAGIC.size()) != 0 || version != LAN_BEACON_VERSION ||
      p.beacon.listen_port == 0) {
    return std::nullopt;
  }
  return p;
}

bool VerifyParsed(util::ByteSpan datagram, const Parsed& p) {
  return crypto::Verify(p.beacon.id, datagram.first(SIGNED_BYTES), p.signature);
}

}  // namespace

util::Bytes EncodeLanBeacon(const crypto::SecretKey& identity, const crypto::Hash256& genesis_hash,
                            std::uint16_t listen_port) {
  chain::Writer w;
  w.Raw(util::AsBytes(MAGIC));
  w.U8(LAN_BEACON_VERSION);
  w.Fixed(genesis_hash);
  w.Fixed(identity.public_key());
  w.U16(listen_port);
  const crypto::Signature signature = crypto::Sign(identity, w.bytes());
  w.Fixed(signature);
  return w.Take();
}

util::Result<LanBeacon, LanBeaconError> DecodeLanBeacon(util::ByteSpan datagram) {
  const auto parsed = Parse(datagram);
  if (!parsed) return util::Err(LanBeaconError::Malformed);
  if (!VerifyParsed(datagram, *parsed)) return util::Err(LanBeaconError::BadSignature);
  return parsed->beacon;
}

struct LanDiscovery::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, LanDiscoveryConfig cfg, util::Bytes signed_beacon, const crypto::PublicKey& self,
       LanPeerCallback callback)
      : config(std::move(cfg)),
        strand(asio::make_strand(io)),
        socket(strand),
        timer(strand),
        beacon(std::move(signed_beacon)),
        own_id(self),
        on_peer(std::move(callback)) {}

  const LanDiscoveryConfig config;
  asio::strand<asio::io_context::executor_type> strand;
  // Socket, timer and everything below up to the counters: only on the strand (or in Start, before
  // any handler exists).
  udp::socket socket;
  asio::steady_timer timer;
  udp::endpoint group_endpoint;
  udp::endpoint sender;
  // One byte more than a beacon: a longer datagram arrives truncated to this and is seen as too long.
  std::array<std::uint8_t, LAN_BEACON_SIZE + 1> rx{};
  const util::Bytes beacon;  // empty when we have no listen port to announce
  const crypto::PublicKey own_id;
  bool sending = false;
  bool send_error_logged = false;
  SteadyClock::time_point budget_window{};
  std::size_t budget_used = 0;
  std::unordered_map<std::string, SteadyClock::time_point> recent;

  // `stopped` is read by handlers and written by Stop under the mutex that also covers the callback,
  // so after Stop returns no callback is running or will start.
  std::mutex callback_mutex;
  bool stopped = false;
  const LanPeerCallback on_peer;

  std::atomic<bool> started{false};
  std::atomic<bool> running{false};
  std::atomic<std::uint16_t> bound_port{0};
  struct Counters {
    std::atomic<std::uint64_t> sent{0}, accepted{0}, reported{0}, own{0}, wrong_genesis{0}, bad_signature{0},
        malformed{0}, throttled{0};
  } counters;

  bool Stopped() {
    std::lock_guard lock(callback_mutex);
    return stopped;
  }

  bool Open() {
    boost::system::error_code ec;
    auto fail = [&](std::string_view what) {
      CAIRN_LOG(P2p, Warn) << "LAN discovery is off: cannot " << what << " (" << ec.message()
                           << "); peers on this network are found through seeds and peer exchange only";
      boost::system::error_code ignored;
      socket.close(ignored);
      return false;
    };
    const auto group = asio::ip::make_address_v4(config.group, ec);
    if (ec || !group.is_multicast()) {
      if (!ec) ec = asio::error::invalid_argument;
      return fail("use multicast group '" + config.group + "', not an IPv4 multicast address");
    }
    socket.open(udp::v4(), ec);
    if (ec) return fail("open a UDP socket");
    // Several nodes on one machine share the port; each receives every beacon.
    socket.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) return fail("set SO_REUSEADDR");
    socket.bind(udp::endpoint(asio::ip::address_v4::any(), config.port), ec);
    if (ec) return fail("bind UDP port " + std::to_string(config.port));
    socket.set_option(asio::ip::multicast::join_group(group), ec);
    if (ec) return fail("join multicast group " + config.group + " (no multicast route?)");
    socket.set_option(asio::ip::multicast::enable_loopback(true), ec);
    if (ec) return fail("enable multicast loopback");
    socket.set_option(asio::ip::multicast::hops(1), ec);  // the LAN only, never routed further
    if (ec) return fail("set the multicast TTL");
    const auto local = socket.local_endpoint(ec);
    if (ec) return fail("read the bound port");
    bound_port = local.port();
    group_endpoint = udp::endpoint(group, local.port());
    return true;
  }

  void Begin() {
    asio::post(strand, [self = shared_from_this()] {
      self->SendBeacon();
      self->Receive();
      self->ArmTimer();
    });
  }

  void ArmTimer() {
    timer.expires_after(config.interval);
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec || self->Stopped()) return;
      self->SendBeacon();
      self->ArmTimer();
    });
  }

  void SendBeacon() {
    if (beacon.empty() || sending || !socket.is_open()) return;  // a send still pending: skip this tick
    sending = true;
    socket.async_send_to(asio::buffer(beacon), group_endpoint,
                         [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                           self->sending = false;
                           if (!ec) {
                             ++self->counters.sent;
                           } else if (ec != asio::error::operation_aborted && !self->send_error_logged) {
                             // Typically no route for multicast yet; keep trying quietly.
                             self->send_error_logged = true;
                             CAIRN_LOG(P2p, Info) << "LAN discovery: cannot send beacons to " << self->config.group
                                                  << " (" << ec.message() << "); still listening";
                           }
                         });
  }

  void Receive() {
    socket.async_receive_from(asio::buffer(rx), sender,
                              [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                if (ec == asio::error::operation_aborted || !self->socket.is_open() || self->Stopped()) {
                                  return;
                                }
                                if (!ec) {
                                  self->Handle(util::ByteSpan(self->rx.data(), n));
                                } else {
                                  CAIRN_LOG(P2p, Debug) << "LAN discovery: receive failed: " << ec.message();
                                }
                                self->Receive();
                              });
  }

  bool WithinBudget() {
    const auto now = SteadyClock::now();
    if (now - budget_window >= std::chrono::seconds(1)) {
      budget_window = now;
      budget_used = 0;
    }
    if (budget_used >= config.verify_per_second) return false;
    ++budget_used;
    return true;
  }

  // True when this triple was not reported within the last interval (and remembers it now).
  bool Fresh(const std::string& key) {
    const auto now = SteadyClock::now();
    auto it = recent.find(key);
    if (it != recent.end() && now - it->second < config.interval) return false;
    if (it == recent.end() && recent.size() >= MAX_RECENT) {
      std::erase_if(recent, [&](const auto& entry) { return now - entry.second >= config.interval; });
      if (recent.size() >= MAX_RECENT) recent.clear();
    }
    recent[key] = now;
    return true;
  }

  void Handle(util::ByteSpan datagram) {
    const auto parsed = Parse(datagram);
    if (!parsed) {
      ++counters.malformed;
      return;
    }
    const LanBeacon& b = parsed->beacon;
    if (b.genesis_hash != config.genesis_hash) {
      ++counters.wrong_genesis;
      return;
    }
    if (b.id == own_id) {
      ++counters.own;
      return;
    }
    if (!WithinBudget()) {
      ++counters.throttled;
      return;
    }
    if (!VerifyParsed(datagram, *parsed)) {
      ++counters.bad_signature;
      return;
    }
    ++counters.accepted;
    const std::string ip = sender.address().to_string();
    if (!Fresh(ip + " " + std::to_string(b.listen_port) + " " + util::ToHex(b.id.span()))) return;
    std::lock_guard lock(callback_mutex);
    if (stopped) return;
    CAIRN_LOG(P2p, Debug) << "LAN beacon from " << ip << ", listening on port " << b.listen_port;
    ++counters.reported;
    if (on_peer) on_peer(ip, b.listen_port, b.id);
  }
};

LanDiscovery::LanDiscovery(boost::asio::io_context& io, LanDiscoveryConfig config, const crypto::SecretKey& identity,
                           LanPeerCallback on_peer) {
  util::Bytes beacon;
  if (config.listen_port != 0) beacon = EncodeLanBeacon(identity, config.genesis_hash, config.listen_port);
  if (config.interval <= std::chrono::milliseconds::zero()) config.interval = std::chrono::milliseconds(5000);
  m_impl = std::make_shared<Impl>(io, std::move(config), std::move(beacon), identity.public_key(), std::move(on_peer));
}

LanDiscovery::~LanDiscovery() { Stop(); }

bool LanDiscovery::Start() {
  if (m_impl->started.exchange(true)) return m_impl->running;
  if (m_impl->Stopped()) return false;
  // No handler exists yet, so touching the socket outside the strand is safe here.
  if (!m_impl->Open()) return false;
  m_impl->running = true;
  CAIRN_LOG(P2p, Info) << "LAN discovery on " << m_impl->config.group << ":" << m_impl->bound_port.load();
  m_impl->Begin();
  return true;
}

void LanDiscovery::Stop() {
  {
    std::lock_guard lock(m_impl->callback_mutex);
    if (m_impl->stopped) return;
    m_impl->stopped = true;
  }
  m_impl->running = false;
  asio::post(m_impl->strand, [self = m_impl] {
    boost::system::error_code ignored;
    self->timer.cancel();
    self->socket.close(ignored);
  });
}

bool LanDiscovery::running() const { return m_impl->running; }

std::uint16_t LanDiscovery::bound_port() const { return m_impl->bound_port; }

LanDiscoveryStats LanDiscovery::stats() const {
  const auto& c = m_impl->counters;
  return {c.sent, c.accepted, c.reported, c.own, c.wrong_genesis, c.bad_signature, c.malformed, c.throttled};
}

}  // namespace cairn::p2p
