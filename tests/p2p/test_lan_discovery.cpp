// LanDiscovery: the beacon codec (exact layout, strict decoding, signature binding the identity), two
// instances on one machine finding each other over real multicast (QSKIP, saying so, when the machine
// has no multicast), hostile datagrams from a plain UDP socket ignored and counted, the verification
// budget, deduplication, and a failed start that leaves discovery off without harm.
#include <QTest>

// <utility> before any Asio header (STACK.md pitfall 1).
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "p2p/lan_discovery.h"

using namespace cairn;
using p2p::LanBeaconError;
using p2p::LanDiscovery;
using p2p::LanDiscoveryConfig;

namespace {

namespace asio = boost::asio;

crypto::Hash256 Genesis(std::uint8_t fill) {
  crypto::Hash256 h;
  h.bytes.fill(fill);
  return h;
}

const crypto::Hash256 GENESIS = Genesis(0x42);

// An io_context run by two threads (as the Network may: handlers must serialize themselves) for the
// life of the object.
class IoThread {
 public:
  IoThread() : m_guard(asio::make_work_guard(io)) {
    for (int i = 0; i < 2; ++i) m_threads.emplace_back([this] { io.run(); });
  }
  ~IoThread() {
    m_guard.reset();
    io.stop();
    for (auto& t : m_threads) t.join();
  }
  asio::io_context io;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> m_guard;
  std::vector<std::thread> m_threads;
};

struct Seen {
  std::string ip;
  std::uint16_t port = 0;
  crypto::PublicKey id;
};

// Collects callbacks (called on the io thread).
class Recorder {
 public:
  p2p::LanPeerCallback Callback() {
    return [this](const std::string& ip, std::uint16_t port, const crypto::PublicKey& id) {
      std::lock_guard lock(m_mutex);
      m_seen.push_back({ip, port, id});
    };
  }
  std::vector<Seen> seen() const {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }
  std::optional<Seen> Find(const crypto::PublicKey& id) const {
    std::lock_guard lock(m_mutex);
    for (const auto& s : m_seen) {
      if (s.id == id) return s;
    }
    return std::nullopt;
  }

 private:
  mutable std::mutex m_mutex;
  std::vector<Seen> m_seen;
};

LanDiscoveryConfig Config(std::uint16_t port, std::uint16_t listen_port, std::chrono::milliseconds interval,
                          const crypto::Hash256& genesis = GENESIS) {
  LanDiscoveryConfig c;
  c.port = port;
  c.listen_port = listen_port;
  c.interval = interval;
  c.genesis_hash = genesis;
  return c;
}

// Sends datagrams to 127.0.0.1:port from a plain socket (unicast: works without multicast).
class Sender {
 public:
  explicit Sender(std::uint16_t port) : m_socket(m_io), m_target(asio::ip::make_address_v4("127.0.0.1"), port) {
    m_socket.open(asio::ip::udp::v4());
  }
  void Send(const util::Bytes& datagram) { m_socket.send_to(asio::buffer(datagram), m_target); }

 private:
  asio::io_context m_io;
  asio::ip::udp::socket m_socket;
  asio::ip::udp::endpoint m_target;
};

}  // namespace

class TestLanDiscovery : public QObject {
  Q_OBJECT

 private slots:
  void beaconLayoutAndStrictDecoding() {
    const auto key = crypto::SecretKey::Generate();
    const util::Bytes beacon = p2p::EncodeLanBeacon(key, GENESIS, 0x1D2C);
    QCOMPARE(beacon.size(), p2p::LAN_BEACON_SIZE);
    QCOMPARE(std::string(beacon.begin(), beacon.begin() + 8), std::string("CAIRNLAN"));
    QCOMPARE(int(beacon[8]), 1);
    QVERIFY(std::equal(GENESIS.bytes.begin(), GENESIS.bytes.end(), beacon.begin() + 9));
    QVERIFY(std::equal(key.public_key().bytes.begin(), key.public_key().bytes.end(), beacon.begin() + 41));
    QCOMPARE(int(beacon[73]), 0x2C);  // little-endian port
    QCOMPARE(int(beacon[74]), 0x1D);
    QVERIFY(crypto::Verify(key.public_key(), util::ByteSpan(beacon.data(), 75),
                           crypto::Signature::FromSpan(util::ByteSpan(beacon.data() + 75, 64))));

    auto decoded = p2p::DecodeLanBeacon(beacon);
    QVERIFY(decoded);
    QVERIFY(decoded->genesis_hash == GENESIS);
    QVERIFY(decoded->id == key.public_key());
    QCOMPARE(decoded->listen_port, std::uint16_t{0x1D2C});

    auto expect = [](const util::Bytes& datagram, LanBeaconError error, const char* what) {
      auto r = p2p::DecodeLanBeacon(datagram);
      QVERIFY2(!r, what);
      QVERIFY2(r.error() == error, what);
    };
    util::Bytes b = beacon;
    b[0] ^= 1;
    expect(b, LanBeaconError::Malformed, "bad magic");
    b = beacon;
    b[8] = 2;
    expect(b, LanBeaconError::Malformed, "unknown version");
    expect(p2p::EncodeLanBeacon(key, GENESIS, 0), LanBeaconError::Malformed, "port 0");
    expect(util::Bytes(beacon.begin(), beacon.end() - 1), LanBeaconError::Malformed, "truncated");
    b = beacon;
    b.push_back(0);
    expect(b, LanBeaconError::Malformed, "trailing byte");
    expect({}, LanBeaconError::Malformed, "empty");
    b = beacon;
    b[20] ^= 1;
    expect(b, LanBeaconError::BadSignature, "changed genesis");
    b = beacon;
    b[74] ^= 1;
    expect(b, LanBeaconError::BadSignature, "changed port");
    b = beacon;
    b[100] ^= 1;
    expect(b, LanBeaconError::BadSignature, "changed signature");
    // Someone else's key with our signature: a forgery.
    const auto other = crypto::SecretKey::Generate();
    b = beacon;
    std::copy(other.public_key().bytes.begin(), other.public_key().bytes.end(), b.begin() + 41);
    expect(b, LanBeaconError::BadSignature, "forged identity");
  }

  void twoInstancesDiscoverEachOther() {
    Recorder seen_a, seen_b, seen_c;
    IoThread io;
    const auto key_a = crypto::SecretKey::Generate();
    const auto key_b = crypto::SecretKey::Generate();
    const auto key_c = crypto::SecretKey::Generate();
    const auto interval = std::chrono::milliseconds(100);
    LanDiscovery a(io.io, Config(0, 7001, interval), key_a, seen_a.Callback());
    if (!a.Start()) QSKIP("LAN discovery cannot open a multicast socket on this machine (see the log line above)");
    QVERIFY(a.running());
    QVERIFY(a.bound_port() != 0);
    // B shares A's port, C too but belongs to another chain.
    LanDiscovery b(io.io, Config(a.bound_port(), 7002, interval), key_b, seen_b.Callback());
    LanDiscovery c(io.io, Config(a.bound_port(), 7003, interval, Genesis(0x43)), key_c, seen_c.Callback());
    QVERIFY(b.Start());
    QVERIFY(c.Start());
    QCOMPARE(b.bound_port(), a.bound_port());

    // Our own beacon coming back proves multicast delivery works here at all.
    if (!QTest::qWaitFor([&] { return a.stats().own > 0; }, 3000)) {
      QSKIP("multicast beacons are not delivered on this machine (no multicast route)");
    }

    QTRY_VERIFY_WITH_TIMEOUT(seen_a.Find(key_b.public_key()) && seen_b.Find(key_a.public_key()), 5000);
    const auto b_at_a = *seen_a.Find(key_b.public_key());
    QCOMPARE(b_at_a.port, std::uint16_t{7002});
    QVERIFY(!b_at_a.ip.empty());
    QCOMPARE(seen_b.Find(key_a.public_key())->port, std::uint16_t{7001});
    // Another chain's node is heard but never reported, and reports nothing itself.
    QTRY_VERIFY_WITH_TIMEOUT(a.stats().wrong_genesis > 0 && c.stats().wrong_genesis > 0, 3000);
    QVERIFY(!seen_a.Find(key_c.public_key()));
    QVERIFY(seen_c.seen().empty());
    QVERIFY(!seen_a.Find(key_a.public_key()));  // own beacons ignored
    QCOMPARE(a.stats().bad_signature, std::uint64_t{0});
    QCOMPARE(a.stats().malformed, std::uint64_t{0});

    b.Stop();
    QVERIFY(!b.running());
  }

  void hostileDatagramsAreIgnored() {
    Recorder seen;
    IoThread io;
    const auto key = crypto::SecretKey::Generate();
    // One beacon at start, then none during the test.
    LanDiscovery d(io.io, Config(0, 7001, std::chrono::hours(1)), key, seen.Callback());
    if (!d.Start()) QSKIP("LAN discovery cannot open a multicast socket on this machine (see the log line above)");
    Sender sender(d.bound_port());

    const auto stranger = crypto::SecretKey::Generate();
    const auto victim = crypto::SecretKey::Generate();
    const util::Bytes valid = p2p::EncodeLanBeacon(stranger, GENESIS, 7100);
    sender.Send(util::Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});          // garbage
    sender.Send(util::Bytes(p2p::LAN_BEACON_SIZE, 0));                // right size, no magic
    util::Bytes padded = valid;
    padded.resize(300, 0);
    sender.Send(padded);                                              // too long
    sender.Send(p2p::EncodeLanBeacon(stranger, Genesis(0x99), 7100));  // another chain
    util::Bytes forged = valid;                                       // the victim's key, stranger's signature
    std::copy(victim.public_key().bytes.begin(), victim.public_key().bytes.end(), forged.begin() + 41);
    sender.Send(forged);
    util::Bytes bad_signature = valid;
    bad_signature.back() ^= 0x10;
    sender.Send(bad_signature);
    // Then the valid one three times: reported once (deduplicated within the interval).
    for (int i = 0; i < 3; ++i) sender.Send(valid);

    // Datagrams from one socket over loopback arrive in order: when the last valid one is counted,
    // every hostile one before it has been judged.
    QTRY_COMPARE_WITH_TIMEOUT(d.stats().accepted, std::uint64_t{3}, 5000);
    const auto stats = d.stats();
    QCOMPARE(stats.malformed, std::uint64_t{3});
    QCOMPARE(stats.wrong_genesis, std::uint64_t{1});
    QCOMPARE(stats.bad_signature, std::uint64_t{2});
    QCOMPARE(stats.reported, std::uint64_t{1});
    const auto all = seen.seen();
    QCOMPARE(all.size(), std::size_t{1});
    QVERIFY(all[0].id == stranger.public_key());
    QCOMPARE(all[0].port, std::uint16_t{7100});
    QCOMPARE(all[0].ip, std::string("127.0.0.1"));
  }

  void verificationBudgetThrottlesFloods() {
    Recorder seen;
    IoThread io;
    const auto key = crypto::SecretKey::Generate();
    auto config = Config(0, 0, std::chrono::hours(1));  // listen only: sends nothing
    config.verify_per_second = 2;
    LanDiscovery d(io.io, config, key, seen.Callback());
    if (!d.Start()) QSKIP("LAN discovery cannot open a multicast socket on this machine (see the log line above)");
    Sender sender(d.bound_port());
    for (int i = 0; i < 6; ++i) sender.Send(p2p::EncodeLanBeacon(crypto::SecretKey::Generate(), GENESIS, 7200));
    QTRY_COMPARE_WITH_TIMEOUT(d.stats().accepted + d.stats().throttled, std::uint64_t{6}, 5000);
    // The window is one second: all six may straddle two windows, never more.
    QVERIFY2(d.stats().accepted >= 2 && d.stats().accepted <= 4, std::to_string(d.stats().accepted).c_str());
    QCOMPARE(d.stats().sent, std::uint64_t{0});
    QCOMPARE(seen.seen().size(), std::size_t(d.stats().accepted));
  }

  void failedStartLeavesDiscoveryOff() {
    IoThread io;
    const auto key = crypto::SecretKey::Generate();
    for (const char* group : {"10.1.2.3", "not-an-address", "ff02::1"}) {
      auto config = Config(0, 7001, std::chrono::milliseconds(100));
      config.group = group;
      LanDiscovery d(io.io, config, key, [](const std::string&, std::uint16_t, const crypto::PublicKey&) {
        QFAIL("no callback may run");
      });
      QVERIFY2(!d.Start(), group);
      QVERIFY(!d.running());
      QCOMPARE(d.bound_port(), std::uint16_t{0});
      QVERIFY(!d.Start());  // still off
      d.Stop();
      d.Stop();  // idempotent
    }
  }
};

QTEST_GUILESS_MAIN(TestLanDiscovery)
#include "test_lan_discovery.moc"
