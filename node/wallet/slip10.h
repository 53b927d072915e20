// SLIP-0010 key derivation on ed25519 (hardened only), derivation paths, and the key paths of
// PROTOCOL.md section 1: seed -> master key -> m/44'/7337'/account'/role'/index'.
//
// Secrets: private keys and chain codes live in crypto::SecureBuffer; intermediate HMAC outputs are in
// secure memory too. Paths are not secret.
// Thread safety: every free function is safe to call from any thread at the same time; an ExtendedKey
// is a value owned by one thread at a time.
// Failure: functions taking user input (path text, seed bytes, account numbers) return util::Result
// with a one-sentence message; nothing throws. An ExtendedKey whose buffers are not 32 bytes each can
// only be built by hand, never by the functions here: passing one is a programming error and aborts
// (like reading the value of a failed Result), rather than deriving a wrong key.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::wallet {

inline constexpr std::uint32_t HARDENED = 0x80000000u;
// Largest index before the hardened mark (2^31 - 1).
inline constexpr std::uint32_t MAX_CHILD_INDEX = HARDENED - 1;
// BIP-32 stores the depth in one byte; deeper paths are refused so that every path we accept can be
// exported to other wallets.
inline constexpr std::size_t MAX_DERIVATION_DEPTH = 255;
inline constexpr std::uint32_t CAIRN_COIN_TYPE = 7337;  // m/44'/7337'/...
inline constexpr std::size_t SLIP10_MIN_SEED_SIZE = 16;
inline constexpr std::size_t SLIP10_MAX_SEED_SIZE = 64;

// Child indices from the master key down, each with the HARDENED bit set (ParseDerivationPath and the
// *KeyPath functions always set it; the derivation functions treat every index as hardened anyway,
// since ed25519 has no other kind).
struct DerivationPath {
  std::vector<std::uint32_t> indices;
  bool operator==(const DerivationPath&) const = default;
};

// Parses "m/44'/7337'/0'/0'/0'". The hardened mark may be ', h or H. Refused, with a message naming
// the 1-based component: a missing leading "m", empty components (including a trailing '/'), any
// whitespace, anything but decimal digits and one mark, leading zeros (so that each path has one
// spelling apart from the mark), an index above MAX_CHILD_INDEX before marking, a component without
// the hardened mark (ed25519 derives only hardened keys), and more than MAX_DERIVATION_DEPTH levels.
// "m" alone is the empty path (the master key).
util::Result<DerivationPath, std::string> ParseDerivationPath(std::string_view text);

// "m/44'/7337'/0'/0'/0'": always with the ' mark (every index is derived hardened).
std::string FormatDerivationPath(const DerivationPath& path);

// A private key and its chain code, 32 bytes each. Move-only (the buffers are).
struct ExtendedKey {
  crypto::SecureBuffer key;
  crypto::SecureBuffer chain_code;
};

std::ostream& operator<<(std::ostream&, const ExtendedKey&) = delete;

// The master key: I = HMAC-SHA512(key = "ed25519 seed", data = seed); key = I[0..32),
// chain code = I[32..64). Fails when the seed is not 16..64 bytes (SLIP-0010's 128..512 bits).
util::Result<ExtendedKey, std::string> Slip10Master(util::ByteSpan seed);

// The hardened child: I = HMAC-SHA512(key = chain code, data = 0x00 || key || ser32(index)).
// `index` is always derived hardened: the HARDENED bit is set if the caller left it out, so
// Slip10Child(k, 5) == Slip10Child(k, 5 | HARDENED). Cannot fail for keys made by this library.
ExtendedKey Slip10Child(const ExtendedKey& parent, std::uint32_t hardened_index);

// Slip10Master(seed) followed by Slip10Child for each index of the path. Fails only on the seed size.
util::Result<ExtendedKey, std::string> Slip10Derive(util::ByteSpan seed, const DerivationPath& path);

// The Ed25519 signing key whose 32-byte seed (RFC 8032 private key) is key.key.
crypto::SecretKey SigningKey(const ExtendedKey& key);

// PROTOCOL.md section 1 paths. Separate roles give separate keys: the consensus key can stay hot on a
// validator while the account key stays locked, and the VRF key is never the signing key (RFC 9381
// advises against reusing one key for both). Fail when account or index exceeds MAX_CHILD_INDEX
// (they would otherwise alias a smaller index once the hardened bit is added).
// m/44'/7337'/account'/0'/index'
util::Result<DerivationPath, std::string> AccountKeyPath(std::uint32_t account, std::uint32_t index);
// m/44'/7337'/account'/1'/0'
util::Result<DerivationPath, std::string> ConsensusKeyPath(std::uint32_t account);
// m/44'/7337'/account'/2'/0'
util::Result<DerivationPath, std::string> VrfKeyPath(std::uint32_t account);

}  // namespace cairn::wallet
