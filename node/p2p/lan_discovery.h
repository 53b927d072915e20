// LanDiscovery: finds Cairn nodes of the same chain on the local network (PROTOCOL.md section 10,
// "LAN discovery by UDP multicast"). Every node sends a small signed beacon to a multicast group
// (default 239.255.74.51:7453, TTL 1) once at start and then every `interval`, and reports the
// beacons of others through a callback; the Network then adds them to the peer book (source Lan) and
// dials them like any other peer (the TCP handshake authenticates them again).
//
// Beacon (139 bytes, integers little-endian as in the chain codec, decoded strictly: exact length, no
// trailing bytes):
//   magic "CAIRNLAN" (8) || version u8 (= 1) || genesis hash (32) || identity Ed25519 key (32) ||
//   listen port u16 (!= 0) || Ed25519 signature by the identity over all preceding bytes (64)
// The genesis hash keeps nodes of other chains quiet to each other; the signature means a beacon
// cannot name someone else's key. A beacon can still be replayed from another address: the callback's
// ip is the datagram's source, and a dial there fails the handshake unless the key's owner is there.
// Ignored (and counted, for tests and metrics): our own beacons (same identity: multicast loopback is
// on so that several nodes on one machine see each other), other genesis, bad signature, malformed
// datagrams, and datagrams over a verification budget (50 per second) so that a LAN flood costs
// little CPU. The same (ip, port, identity) is reported at most once per `interval`.
//
// Failure is never fatal: when the socket cannot be opened or the group joined (no multicast route, as
// in many containers; port in use without SO_REUSEADDR support; a bad group address) Start logs it once
// under the p2p category and returns false, and discovery stays off. Send errors are logged once.
//
// Thread safety: the constructor, Start, Stop and the destructor are called from one controlling
// thread (not from the callback); stats() from any thread. All socket work runs on the caller's
// io_context, serialized on an internal strand; the io_context may have several threads. The callback
// runs on an io_context thread and must not block; it is never called after Stop() returns (Stop waits
// for a callback in progress), so it must not call Stop itself.
// Ownership: borrows the io_context (must outlive this object, or at least be destroyed or run
// after it); keeps no secret key (the beacon is signed once in the constructor).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "util/bytes.h"
#include "util/result.h"

namespace boost::asio {
class io_context;
}

namespace cairn::p2p {

inline constexpr std::size_t LAN_BEACON_SIZE = 8 + 1 + 32 + 32 + 2 + 64;
inline constexpr std::uint8_t LAN_BEACON_VERSION = 1;

struct LanBeacon {
  crypto::Hash256 genesis_hash;
  crypto::PublicKey id;
  std::uint16_t listen_port = 0;
  bool operator==(const LanBeacon&) const = default;
};

enum class LanBeaconError : std::uint8_t {
  Malformed,     // wrong length or magic, unknown version, port 0
  BadSignature,  // does not verify under the identity it names
};

// The signed datagram for `identity` (pure; for the class and for tests).
util::Bytes EncodeLanBeacon(const crypto::SecretKey& identity, const crypto::Hash256& genesis_hash,
                            std::uint16_t listen_port);
// Strict decoding and signature check (genesis and own-identity filters are the caller's).
[[nodiscard]] util::Result<LanBeacon, LanBeaconError> DecodeLanBeacon(util::ByteSpan datagram);

struct LanDiscoveryConfig {
  std::string group = "239.255.74.51";  // an IPv4 multicast address
  std::uint16_t port = 7453;            // 0: an ephemeral port (tests; see bound_port())
  crypto::Hash256 genesis_hash;
  std::uint16_t listen_port = 0;        // our TCP listen port; 0: listen for beacons, send none
  std::chrono::milliseconds interval{5000};
  std::size_t verify_per_second = 50;   // signature checks per second at most
};

// (ip of the datagram's source, the TCP listen port it announces, its verified identity)
using LanPeerCallback = std::function<void(const std::string& ip, std::uint16_t listen_port, const crypto::PublicKey& id)>;

struct LanDiscoveryStats {
  std::uint64_t sent = 0;           // beacons sent
  std::uint64_t accepted = 0;       // valid beacons of other nodes (reported or deduplicated)
  std::uint64_t reported = 0;       // callback invocations
  std::uint64_t own = 0;            // our own beacons looped back (proves multicast works here)
  std::uint64_t wrong_genesis = 0;  // valid format, other chain
  std::uint64_t bad_signature = 0;
  std::uint64_t malformed = 0;
  std::uint64_t throttled = 0;      // dropped unverified, over the budget
};

class LanDiscovery {
 public:
  LanDiscovery(boost::asio::io_context& io, LanDiscoveryConfig config, const crypto::SecretKey& identity,
               LanPeerCallback on_peer);
  ~LanDiscovery();  // Stop()s
  LanDiscovery(const LanDiscovery&) = delete;
  LanDiscovery& operator=(const LanDiscovery&) = delete;

  // Opens the socket, joins the group, sends the first beacon and starts listening. False (logged
  // once) when discovery cannot run here; calling it again after a failure or a Stop does nothing.
  bool Start();
  // Idempotent. Closes the socket (on the strand) and guarantees no callback runs after it returns.
  void Stop();

  bool running() const;
  std::uint16_t bound_port() const;  // the UDP port after a successful Start (0 before)
  LanDiscoveryStats stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> m_impl;  // shared with pending handlers, which may outlive this object
};

}  // namespace cairn::p2p
