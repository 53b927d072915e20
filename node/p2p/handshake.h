// The p2p handshake (PROTOCOL.md section 10): Noise XX (crypto/noise.h) whose payloads bind each
// side's Ed25519 node identity to this very handshake.
//
//   prologue   "cairn-p2p/" || decimal PROTOCOL_VERSION   (a version mismatch fails the handshake)
//   message 1  (initiator) empty payload
//   message 2  (responder) payload = identity public key (32) || Ed25519 signature (64)
//   message 3  (initiator) payload = the same for the initiator
//
// The signature covers "cairn-p2p-identity" || h, where h is the Noise handshake hash at the moment the
// payload is encrypted (it covers both ephemerals and the sender's static key), so a recorded identity
// payload cannot be replayed into another handshake and a man in the middle cannot relay it.
//
// Handshaker is socket-free: the Session feeds it the messages it reads and sends what it returns; the
// tests' raw peer drives it over a blocking socket.
// Thread safety: a Handshaker is a single-thread value. Ownership: borrows the identity key (must
// outlive the Handshaker). Failure: HandshakeError with a sentence; the handshake is then dead.
#pragma once

#include <optional>
#include <string>

#include "crypto/ed25519.h"
#include "crypto/noise.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::p2p {

inline constexpr std::size_t IDENTITY_PAYLOAD_BYTES = 32 + 64;
inline constexpr const char* IDENTITY_SIGNATURE_TAG = "cairn-p2p-identity";

util::Bytes HandshakePrologue();

// The payload of message 2 or 3 for handshake hash `h`.
util::Bytes MakeIdentityPayload(const crypto::SecretKey& identity, const crypto::NoiseHash& h);
// The identity in a payload when it is well formed and its signature over `h` verifies.
std::optional<crypto::PublicKey> VerifyIdentityPayload(util::ByteSpan payload, const crypto::NoiseHash& h);

struct HandshakeError {
  std::string message;  // one sentence, never quotes key material
};

// Test-only deviations (the tests' raw peer uses them to play a forger); production uses {}.
struct HandshakeTestHooks {
  std::optional<crypto::PublicKey> claim_identity;  // put this key in the payload, sign with ours
};

class Handshaker {
 public:
  Handshaker(crypto::NoiseRole role, const crypto::SecretKey& identity, HandshakeTestHooks hooks = {});

  bool my_turn() const { return m_noise.my_turn(); }
  bool finished() const { return m_noise.finished(); }
  // The next handshake message (unframed) when it is our turn.
  util::Result<util::Bytes, HandshakeError> Write();
  // The peer's next handshake message (unframed). Verifies the identity payload of message 2 / 3.
  util::Result<void, HandshakeError> Read(util::ByteSpan message);
  // After finished(): the peer's authenticated identity.
  const crypto::PublicKey& remote_identity() const { return m_remote; }
  // After finished(): the transport ciphers; once.
  util::Result<crypto::NoiseHandshake::Ciphers, HandshakeError> Split();

 private:
  crypto::NoiseRole m_role;
  const crypto::SecretKey& m_identity;
  HandshakeTestHooks m_hooks;
  crypto::NoiseHandshake m_noise;
  crypto::PublicKey m_remote;
  int m_read_count = 0;
};

}  // namespace cairn::p2p
