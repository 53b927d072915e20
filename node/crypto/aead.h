// Authenticated encryption: XChaCha20-Poly1305 (IETF construction, libsodium
// crypto_aead_xchacha20poly1305_ietf_*) with associated data, for secrets at rest.
//
// The 24-byte nonce is long enough to be drawn at random for every message (no counter to persist),
// which is why this cipher and not ChaCha20-Poly1305 with its 12-byte nonce. The associated data is
// authenticated but not encrypted: callers put there everything that describes the ciphertext
// (format version, identifiers, KDF parameters) so that changing any of it fails decryption.
//
// Thread safety: every function is safe to call from any thread at the same time.
// Ownership: nothing is retained; plaintexts come back in secure memory.
// Failure: Result with an AeadError; nothing throws. A wrong key and a modified ciphertext, tag or
// associated data are indistinguishable by design: both are Authentication.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::crypto {

inline constexpr std::size_t AEAD_KEY_SIZE = 32;
inline constexpr std::size_t AEAD_NONCE_SIZE = 24;
inline constexpr std::size_t AEAD_TAG_SIZE = 16;
// Far above anything this code encrypts (seeds, keys); it keeps sizes well inside libsodium's limits.
inline constexpr std::size_t AEAD_MAX_PLAINTEXT_SIZE = std::size_t{1} << 20;

using AeadNonce = util::FixedBytes<AEAD_NONCE_SIZE>;

// A fresh nonce from the system CSPRNG.
AeadNonce RandomAeadNonce();

enum class AeadErrorKind : std::uint8_t {
  Input,           // key, plaintext or ciphertext of an impossible size
  Authentication,  // wrong key, or ciphertext / tag / associated data changed
};

struct AeadError {
  AeadErrorKind kind = AeadErrorKind::Input;
  std::string message;  // one sentence; never quotes key or plaintext
};

// ciphertext || tag (plaintext.size() + AEAD_TAG_SIZE bytes). The key must be AEAD_KEY_SIZE bytes and
// the plaintext at most AEAD_MAX_PLAINTEXT_SIZE. Never reuse a (key, nonce) pair.
util::Result<util::Bytes, AeadError> AeadSeal(const SecureBuffer& key, const AeadNonce& nonce, util::ByteSpan plaintext,
                                              util::ByteSpan associated_data);

// The plaintext of ciphertext || tag, only when the tag verifies under key, nonce and associated data.
util::Result<SecureBuffer, AeadError> AeadOpen(const SecureBuffer& key, const AeadNonce& nonce,
                                               util::ByteSpan ciphertext_and_tag, util::ByteSpan associated_data);

}  // namespace cairn::crypto
