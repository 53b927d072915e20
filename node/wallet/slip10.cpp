#include "wallet/slip10.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include "crypto/hmac.h"

namespace cairn::wallet {
namespace {

constexpr std::string_view ED25519_CURVE_KEY = "ed25519 seed";
constexpr std::size_t KEY_SIZE = 32;
constexpr std::uint32_t PURPOSE = 44;
// The fourth level of PROTOCOL.md's paths: what the key is for.
enum class KeyRole : std::uint32_t { Account = 0, Consensus = 1, Vrf = 2 };
// Path components are quoted back in errors; cut very long ones so a pasted blob stays readable.
constexpr std::size_t MAX_QUOTED_BYTES = 24;

[[noreturn]] void Fatal(const char* what) {
  std::fprintf(stderr, "fatal: %s\n", what);
  std::abort();
}

// Splits a 64-byte HMAC output I into key = I_L and chain code = I_R.
ExtendedKey Split(const crypto::SecureBuffer& i) {
  return {crypto::SecureBuffer::CopyOf(i.span().first(KEY_SIZE)),
          crypto::SecureBuffer::CopyOf(i.span().subspan(KEY_SIZE))};
}

void CheckWellFormed(const ExtendedKey& key, const char* where) {
  if (key.key.size() != KEY_SIZE || key.chain_code.size() != KEY_SIZE) Fatal(where);
}

std::string Quote(std::string_view component) {
  std::string_view shown = component;
  if (shown.size() > MAX_QUOTED_BYTES) {
    std::size_t n = MAX_QUOTED_BYTES;  // cut at a UTF-8 character boundary
    while (n > 0 && (static_cast<unsigned char>(shown[n]) & 0xc0) == 0x80) --n;
    shown = shown.substr(0, n);
  }
  std::string out;
  for (const char c : shown) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
  }
  if (component.size() > MAX_QUOTED_BYTES) out += "...";
  return "'" + out + "'";
}

std::string ComponentError(std::size_t position, std::string_view component, std::string_view what) {
  return "path component " + std::to_string(position) + " " + Quote(component) + " " + std::string(what);
}

bool IsHardenedMark(char c) { return c == '\'' || c == 'h' || c == 'H'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// One component after "m/" (1-based position for messages).
util::Result<std::uint32_t, std::string> ParseComponent(std::size_t position, std::string_view component) {
  if (component.empty()) {
    return util::Err("path component " + std::to_string(position) +
                     " is empty (two '/' in a row, or a '/' at the end)");
  }
  if (std::any_of(component.begin(), component.end(), IsSpace)) {
    return util::Err(ComponentError(position, component, "contains a space; write paths without spaces"));
  }
  std::string_view digits = component;
  const bool hardened = IsHardenedMark(digits.back());
  if (hardened) digits.remove_suffix(1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return util::Err(ComponentError(position, component, "is not a decimal index followed by ' (e.g. 44')"));
  }
  if (digits.size() > 1 && digits.front() == '0') {
    return util::Err(ComponentError(position, component, "has a leading zero"));
  }
  // Ten digits cover MAX_CHILD_INDEX; checking the length first keeps the arithmetic from overflowing.
  std::uint64_t value = 0;
  if (digits.size() <= 10) {
    for (const char c : digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (digits.size() > 10 || value > MAX_CHILD_INDEX) {
    return util::Err(
        ComponentError(position, component, "is too large: an index is at most 2147483647 before the hardened mark"));
  }
  if (!hardened) {
    return util::Err(ComponentError(
        position, component,
        "is not hardened: ed25519 (SLIP-0010) derives only hardened keys; write " + std::string(digits) + "'"));
  }
  return static_cast<std::uint32_t>(value) | HARDENED;
}

util::Result<DerivationPath, std::string> RolePath(std::uint32_t account, KeyRole role, std::uint32_t index) {
  if (account > MAX_CHILD_INDEX) {
    return util::Err("account " + std::to_string(account) + " is out of range: at most " +
                     std::to_string(MAX_CHILD_INDEX));
  }
  if (index > MAX_CHILD_INDEX) {
    return util::Err("key index " + std::to_string(index) + " is out of range: at most " +
                     std::to_string(MAX_CHILD_INDEX));
  }
  return DerivationPath{{PURPOSE | HARDENED, CAIRN_COIN_TYPE | HARDENED, account | HARDENED,
                         static_cast<std::uint32_t>(role) | HARDENED, index | HARDENED}};
}

}  // namespace

util::Result<DerivationPath, std::string> ParseDerivationPath(std::string_view text) {
  constexpr std::string_view EXAMPLE = "m/44'/7337'/0'/0'/0'";
  if (text.empty() || text.front() != 'm') {
    if (!text.empty() && IsSpace(text.front())) {
      return util::Err("the path starts with a space; write paths without spaces, e.g. " + std::string(EXAMPLE));
    }
    return util::Err("a derivation path starts with 'm', e.g. " + std::string(EXAMPLE));
  }
  DerivationPath path;
  if (text.size() == 1) return path;
  if (text[1] != '/') {
    if (IsSpace(text[1]))
      return util::Err(std::string("the path contains a space after 'm'; write paths without spaces"));
    return util::Err("a derivation path starts with 'm/', e.g. " + std::string(EXAMPLE));
  }
  std::string_view rest = text.substr(2);
  const auto levels = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '/')) + 1;
  if (levels > MAX_DERIVATION_DEPTH) {
    return util::Err("the path has " + std::to_string(levels) + " levels; at most " +
                     std::to_string(MAX_DERIVATION_DEPTH) + " are allowed");
  }
  path.indices.reserve(levels);
  for (std::size_t position = 1; position <= levels; ++position) {
    const std::size_t slash = rest.find('/');
    const std::string_view component = rest.substr(0, slash);
    auto index = ParseComponent(position, component);
    if (!index) return util::Err(std::move(index).error());
    path.indices.push_back(*index);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  return path;
}

std::string FormatDerivationPath(const DerivationPath& path) {
  std::string out = "m";
  for (const std::uint32_t index : path.indices) {
    out += '/';
    out += std::to_string(index & ~HARDENED);
    out += '\'';
  }
  return out;
}

util::Result<ExtendedKey, std::string> Slip10Master(util::ByteSpan seed) {
  if (seed.size() < SLIP10_MIN_SEED_SIZE || seed.size() > SLIP10_MAX_SEED_SIZE) {
    return util::Err("a SLIP-0010 seed is 16 to 64 bytes, not " + std::to_string(seed.size()));
  }
  crypto::SecureBuffer i(crypto::HMAC_SHA512_SIZE);
  crypto::HmacSha512(util::AsBytes(ED25519_CURVE_KEY), seed, i.mutable_span());
  return Split(i);
}

ExtendedKey Slip10Child(const ExtendedKey& parent, std::uint32_t hardened_index) {
  CheckWellFormed(parent, "Slip10Child: parent key and chain code must be 32 bytes each");
  const std::uint32_t index = hardened_index | HARDENED;
  const std::array<std::uint8_t, 1> zero = {0x00};
  const std::array<std::uint8_t, 4> ser32 = {static_cast<std::uint8_t>(index >> 24),
                                             static_cast<std::uint8_t>(index >> 16),
                                             static_cast<std::uint8_t>(index >> 8), static_cast<std::uint8_t>(index)};
  crypto::SecureBuffer i(crypto::HMAC_SHA512_SIZE);
  crypto::HmacSha512(parent.chain_code.span(), {util::ByteSpan(zero), parent.key.span(), util::ByteSpan(ser32)},
                     i.mutable_span());
  return Split(i);
}

util::Result<ExtendedKey, std::string> Slip10Derive(util::ByteSpan seed, const DerivationPath& path) {
  auto master = Slip10Master(seed);
  if (!master) return master;
  ExtendedKey key = std::move(master).value();
  for (const std::uint32_t index : path.indices) key = Slip10Child(key, index);
  return key;
}

crypto::SecretKey SigningKey(const ExtendedKey& key) {
  CheckWellFormed(key, "SigningKey: key and chain code must be 32 bytes each");
  auto secret = crypto::SecretKey::FromSeed(key.key.span());
  if (!secret) Fatal("SigningKey: Ed25519 key from a 32-byte seed failed");
  return std::move(*secret);
}

util::Result<DerivationPath, std::string> AccountKeyPath(std::uint32_t account, std::uint32_t index) {
  return RolePath(account, KeyRole::Account, index);
}

util::Result<DerivationPath, std::string> ConsensusKeyPath(std::uint32_t account) {
  return RolePath(account, KeyRole::Consensus, 0);
}

util::Result<DerivationPath, std::string> VrfKeyPath(std::uint32_t account) {
  return RolePath(account, KeyRole::Vrf, 0);
}

}  // namespace cairn::wallet
