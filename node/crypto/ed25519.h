// Ed25519 signatures through libsodium. Verification is libsodium's strict rule, which is consensus
// (PROTOCOL.md section 1): non-canonical S, non-canonical or small-order points are rejected.
// Thread safety: all functions are safe from any thread; a SecretKey is a value owned by one thread.
#pragma once

#include <iosfwd>
#include <optional>

#include "crypto/secure_memory.h"
#include "util/bytes.h"

namespace cairn::crypto {

using PublicKey = util::FixedBytes<32>;
using Signature = util::FixedBytes<64>;

inline constexpr std::size_t ED25519_SEED_SIZE = 32;

// An Ed25519 signing key (a moved-from key is empty and must not be used): the 32-byte seed (RFC 8032's private key) expanded as libsodium keeps it,
// in secure memory.
class SecretKey {
 public:
  // Derives the key pair from a 32-byte seed; nothing if the seed has another length.
  static std::optional<SecretKey> FromSeed(util::ByteSpan seed);
  // A fresh key from the system CSPRNG.
  static SecretKey Generate();

  const PublicKey& public_key() const { return m_public; }
  // The 32-byte seed (secret: for derivation tests and key export only).
  util::ByteSpan seed() const { return m_expanded.span().first(ED25519_SEED_SIZE); }
  // libsodium's 64-byte form (seed || public key), for the low-level code in this library.
  util::ByteSpan expanded() const { return m_expanded.span(); }
  SecretKey Clone() const { return SecretKey(m_expanded.Clone(), m_public); }

 private:
  SecretKey(SecureBuffer expanded, const PublicKey& pub) : m_expanded(std::move(expanded)), m_public(pub) {}
  SecureBuffer m_expanded;
  PublicKey m_public;
};

std::ostream& operator<<(std::ostream&, const SecretKey&) = delete;

// Aborts when `key` was moved from (a programming error).
Signature Sign(const SecretKey& key, util::ByteSpan message);

// True only for a signature that passes libsodium's strict verification.
[[nodiscard]] bool Verify(const PublicKey& key, util::ByteSpan message, const Signature& signature);

// True when the key is a canonical encoding of a point of prime order (not small order, on the
// main subgroup): what the chain requires of every registered consensus and VRF key.
[[nodiscard]] bool IsValidPublicKey(const PublicKey& key);

}  // namespace cairn::crypto
