// The Noise_XX_25519_ChaChaPoly_BLAKE2b handshake and transport ciphers (the Noise Protocol Framework,
// revision 34), built on libsodium: X25519 (crypto_scalarmult), ChaCha20-Poly1305 IETF with the
// Noise nonce layout (4 zero bytes || 64-bit little-endian counter), BLAKE2b-512 and HMAC/HKDF over it.
// The p2p layer (PROTOCOL.md section 10) runs one handshake per TCP connection:
//
//   -> e
//   <- e, ee, s, es      (+ responder payload)
//   -> s, se             (+ initiator payload)
//
// then Split() gives one CipherState per direction. The payloads carry the node's Ed25519 identity
// and its signature over the handshake hash (p2p/handshake.h); this file knows nothing of that.
//
// Thread safety: a HandshakeState / CipherState is a single-thread value (one per connection, used on
// that connection's strand).
// Ownership: every secret (static and ephemeral private keys, chaining key, cipher keys) lives in
// crypto::SecureBuffer and is wiped when the object dies or the handshake finishes.
// Failure: Result with a NoiseError; nothing throws. After any failure the state is dead: every later
// call fails with NoiseErrorKind::Dead (a connection that failed its handshake is dropped, never
// retried on the same state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::crypto {

inline constexpr std::size_t NOISE_DH_SIZE = 32;      // X25519 public / private key
inline constexpr std::size_t NOISE_HASH_SIZE = 64;    // BLAKE2b-512
inline constexpr std::size_t NOISE_TAG_SIZE = 16;     // Poly1305
inline constexpr std::size_t NOISE_MAX_MESSAGE = 65535;  // the framework's limit on any message
inline constexpr const char* NOISE_PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_BLAKE2b";

using NoisePublicKey = util::FixedBytes<NOISE_DH_SIZE>;
using NoiseHash = util::FixedBytes<NOISE_HASH_SIZE>;

enum class NoiseErrorKind : std::uint8_t {
  Input,           // a message or payload too long or too short for this step
  Authentication,  // a tag did not verify (tampering, or the peer holds other keys)
  WeakKey,         // a DH result of all zeros (small-order point from the peer)
  Order,           // a call out of turn (e.g. WriteMessage when it is the peer's turn)
  Dead,            // the state failed earlier
  NonceExhausted,  // 2^64 - 1 messages sent with one key
};

struct NoiseError {
  NoiseErrorKind kind = NoiseErrorKind::Input;
  std::string message;  // one sentence; never quotes key material
};

// An X25519 key pair; the private key in secure memory.
struct NoiseKeyPair {
  SecureBuffer private_key;  // 32 bytes
  NoisePublicKey public_key;
};
// A fresh key pair from the system CSPRNG.
NoiseKeyPair NoiseGenerateKeyPair();
// The key pair of a given 32-byte private key (test vectors inject static and ephemeral keys).
NoiseKeyPair NoiseKeyPairFromPrivate(util::ByteSpan private_key);

// One direction of the transport phase: ChaCha20-Poly1305 with an incrementing 64-bit nonce and empty
// associated data.
class NoiseCipherState {
 public:
  NoiseCipherState() = default;
  explicit NoiseCipherState(SecureBuffer key);
  // ciphertext || tag; the plaintext may be at most NOISE_MAX_MESSAGE - NOISE_TAG_SIZE bytes.
  util::Result<util::Bytes, NoiseError> Encrypt(util::ByteSpan plaintext);
  // The plaintext when the tag verifies; a failure kills the cipher (a transport error ends the session).
  util::Result<util::Bytes, NoiseError> Decrypt(util::ByteSpan ciphertext_and_tag);
  bool has_key() const { return !m_key.empty(); }
  std::uint64_t nonce() const { return m_nonce; }

 private:
  SecureBuffer m_key;
  std::uint64_t m_nonce = 0;
  bool m_dead = false;
};

enum class NoiseRole : std::uint8_t { Initiator, Responder };

// The XX handshake. Usage: construct with the role, the local static key pair and the prologue (both
// sides must use the same prologue: the p2p layer puts the protocol version there); then alternate
// WriteMessage / ReadMessage as the pattern says (the initiator writes first) until finished(), then
// Split(). The payload of every message is returned / taken in the clear here; it is encrypted when
// the pattern has a key at that point (messages 2 and 3).
class NoiseHandshake {
 public:
  // `ephemeral`: tests only (vectors); production passes nullopt and a fresh key pair is drawn.
  NoiseHandshake(NoiseRole role, NoiseKeyPair local_static, util::ByteSpan prologue,
                 std::optional<NoiseKeyPair> ephemeral = std::nullopt);
  ~NoiseHandshake();
  NoiseHandshake(const NoiseHandshake&) = delete;
  NoiseHandshake& operator=(const NoiseHandshake&) = delete;

  // True when it is this side's turn to write.
  bool my_turn() const;
  bool finished() const;

  // The next handshake message with `payload` (at most NOISE_MAX_MESSAGE minus the message's own
  // overhead).
  util::Result<util::Bytes, NoiseError> WriteMessage(util::ByteSpan payload);
  // As WriteMessage, but the payload is made by `make_payload` from the handshake hash h at the moment
  // the payload is encrypted (after this message's tokens, so h covers both ephemerals and, in
  // messages 2 and 3, the sender's static key). The p2p layer signs that h with the node's Ed25519
  // identity, binding the identity to this very handshake.
  util::Result<util::Bytes, NoiseError> WriteMessageBound(
      const std::function<util::Bytes(const NoiseHash& h)>& make_payload);
  // Processes the peer's next message; returns its payload.
  util::Result<util::Bytes, NoiseError> ReadMessage(util::ByteSpan message);
  // After a successful ReadMessage: the h at the moment the peer's payload was decrypted (what the
  // peer's make_payload saw).
  const NoiseHash& last_payload_hash() const;

  // After finished(): the handshake hash h (bound into the identity signature) and the peer's static
  // X25519 key.
  const NoiseHash& handshake_hash() const;
  const NoisePublicKey& remote_static() const;

  // After finished(): the two transport ciphers {send, receive} for this side. Wipes the handshake's
  // secrets; may be called once.
  struct Ciphers {
    NoiseCipherState send;
    NoiseCipherState receive;
  };
  util::Result<Ciphers, NoiseError> Split();

 private:
  struct Impl;
  Impl* m_impl = nullptr;
};

}  // namespace cairn::crypto
