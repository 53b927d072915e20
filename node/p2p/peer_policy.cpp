#include "p2p/peer_policy.h"

#include <utility>  // before Asio (STACK.md pitfall 1)

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <boost/asio/ip/address.hpp>

#include "util/hex.h"

namespace cairn::p2p {

namespace {

std::optional<boost::asio::ip::address> ParseIp(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

constexpr std::size_t PROTECT_LONGEST = 4;
constexpr std::size_t PROTECT_FASTEST = 4;

}  // namespace

std::string HostPort::str() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::optional<HostPort> ParseHostPort(std::string_view text) {
  HostPort out;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    out.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
    if (!IsIpLiteral(out.host)) return std::nullopt;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) return std::nullopt;  // a bare v6 needs brackets
    port_text = text.substr(colon + 1);
  }
  if (out.host.empty() || out.host.size() > 253) return std::nullopt;
  for (char c : out.host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '%';
    if (!ok) return std::nullopt;
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    return std::nullopt;
  }
  out.port = static_cast<std::uint16_t>(port);
  if (std::string canonical; IsIpLiteral(out.host, &canonical)) out.host = canonical;
  return out;
}

bool IsIpLiteral(std::string_view text, std::string* canonical) {
  auto address = ParseIp(text);
  if (!address) return false;
  if (canonical) *canonical = address->to_string();
  return true;
}

bool IsLocalAddress(std::string_view ip) {
  auto address = ParseIp(ip);
  if (!address) return false;
  if (address->is_loopback() || address->is_unspecified()) return true;
  if (address->is_v4()) {
    const auto b = address->to_v4().to_bytes();
    return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168) ||
           (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xc0) == 64);
  }
  const auto v6 = address->to_v6();
  const auto b = v6.to_bytes();
  return v6.is_link_local() || (b[0] & 0xfe) == 0xfc;
}

std::string IdentityBanKey(const crypto::PublicKey& identity) { return "id:" + util::ToHex(identity.span()); }

std::string BanKey(std::string_view ip, const crypto::PublicKey& identity) {
  if (IsLocalAddress(ip) || !IsIpLiteral(ip)) return IdentityBanKey(identity);
  std::string canonical;
  IsIpLiteral(ip, &canonical);
  return canonical;
}

std::string NetGroup(std::string_view ip) {
  auto address = ParseIp(ip);
  if (!address) return std::string(ip);
  if (address->is_v4()) {
    const auto b = address->to_v4().to_bytes();
    return "v4:" + std::to_string(b[0]) + "." + std::to_string(b[1]);
  }
  const auto b = address->to_v6().to_bytes();
  return "v6:" + util::ToHex(util::ByteSpan(b.data(), 2)) + ":" + util::ToHex(util::ByteSpan(b.data() + 2, 2));
}

std::optional<std::uint64_t> SelectEviction(std::vector<EvictionCandidate> candidates) {
  std::set<std::uint64_t> protect;
  // The longest connected (oldest first).
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.connected_since_ms != b.connected_since_ms ? a.connected_since_ms < b.connected_since_ms
                                                        : a.session < b.session;
  });
  for (std::size_t i = 0; i < candidates.size() && i < PROTECT_LONGEST; ++i) protect.insert(candidates[i].session);
  // The one longest connected in each network group.
  std::set<std::string> groups_seen;
  for (const auto& c : candidates) {
    if (groups_seen.insert(c.netgroup).second) protect.insert(c.session);
  }
  // The lowest latency among those measured.
  std::vector<const EvictionCandidate*> measured;
  for (const auto& c : candidates) {
    if (c.latency_ms) measured.push_back(&c);
  }
  std::sort(measured.begin(), measured.end(), [](const auto* a, const auto* b) {
    return *a->latency_ms != *b->latency_ms ? *a->latency_ms < *b->latency_ms : a->session < b->session;
  });
  for (std::size_t i = 0; i < measured.size() && i < PROTECT_FASTEST; ++i) protect.insert(measured[i]->session);

  std::map<std::string, std::vector<const EvictionCandidate*>> groups;
  for (const auto& c : candidates) {
    if (!protect.contains(c.session)) groups[c.netgroup].push_back(&c);
  }
  if (groups.empty()) return std::nullopt;
  const auto largest = std::max_element(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return a.second.size() < b.second.size();
  });
  // Candidates are sorted oldest first, so the group's last member is its youngest.
  return largest->second.back()->session;
}

}  // namespace cairn::p2p
