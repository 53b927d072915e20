// Pure rules of the peer manager (PROTOCOL.md section 10 "Defence"): address parsing, which key a
// ban uses, network groups and the choice of an inbound peer to evict.
//
// Ban keys: a public address is banned by IP. Loopback and private/LAN addresses are banned by
// identity ("id:<64 hex>") instead: several local nodes share 127.0.0.1 (a devnet) or one NAT, and
// banning the address would ban the misbehaving node's innocent siblings.
//
// Eviction (when inbound slots are full and a new peer knocks): protect the 4 longest-connected, the
// 4 lowest-latency and one peer per distinct /16 (v4) or /32 (v6) network group, so an attacker who
// controls many addresses in few groups cannot push out a diverse set of honest peers; among the rest,
// evict the youngest peer of the largest group. Nothing left unprotected: refuse the newcomer.
//
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"

namespace cairn::p2p {

struct HostPort {
  std::string host;  // without brackets
  std::uint16_t port = 0;
  std::string str() const;  // "host:port" or "[v6]:port"
  bool operator==(const HostPort&) const = default;
};

// "1.2.3.4:7452", "[::1]:7452", "seed.example.org:7452". Port 1..65535 required.
std::optional<HostPort> ParseHostPort(std::string_view text);

// True when `text` is an IP literal (v4 or v6), canonicalised into *canonical when given.
bool IsIpLiteral(std::string_view text, std::string* canonical = nullptr);

// Loopback, RFC 1918, link-local, CGNAT (100.64/10), IPv6 ULA and link-local. False for non-IPs.
bool IsLocalAddress(std::string_view ip);

// The ban key of a peer at `ip` with `identity` (see above).
std::string BanKey(std::string_view ip, const crypto::PublicKey& identity);
std::string IdentityBanKey(const crypto::PublicKey& identity);  // "id:<hex>"

// "v4:a.b" (/16) or "v6:xxxx:xxxx" (/32); the text itself for anything unparsable.
std::string NetGroup(std::string_view ip);

struct EvictionCandidate {
  std::uint64_t session = 0;
  std::string netgroup;
  std::int64_t connected_since_ms = 0;
  std::optional<std::uint32_t> latency_ms;
};

// The inbound peer to evict, or nothing (every candidate protected).
std::optional<std::uint64_t> SelectEviction(std::vector<EvictionCandidate> candidates);

}  // namespace cairn::p2p
