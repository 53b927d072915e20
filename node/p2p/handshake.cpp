#include "p2p/handshake.h"

#include <algorithm>
#include <string>

#include "p2p/messages.h"

namespace cairn::p2p {

namespace {

util::Bytes SignedMessage(const crypto::NoiseHash& h) {
  util::Bytes message;
  util::Append(message, util::AsBytes(IDENTITY_SIGNATURE_TAG));
  util::Append(message, h.span());
  return message;
}

std::string NoiseText(const crypto::NoiseError& e) { return "noise: " + e.message; }

}  // namespace

util::Bytes HandshakePrologue() {
  const std::string text = "cairn-p2p/" + std::to_string(PROTOCOL_VERSION);
  const util::ByteSpan bytes = util::AsBytes(text);
  return util::Bytes(bytes.begin(), bytes.end());
}

util::Bytes MakeIdentityPayload(const crypto::SecretKey& identity, const crypto::NoiseHash& h) {
  const crypto::Signature signature = crypto::Sign(identity, SignedMessage(h));
  util::Bytes payload;
  payload.reserve(IDENTITY_PAYLOAD_BYTES);
  util::Append(payload, identity.public_key().span());
  util::Append(payload, signature.span());
  return payload;
}

std::optional<crypto::PublicKey> VerifyIdentityPayload(util::ByteSpan payload, const crypto::NoiseHash& h) {
  if (payload.size() != IDENTITY_PAYLOAD_BYTES) return std::nullopt;
  const auto key = crypto::PublicKey::FromSpan(payload.first(32));
  const auto signature = crypto::Signature::FromSpan(payload.subspan(32, 64));
  if (!crypto::Verify(key, SignedMessage(h), signature)) return std::nullopt;
  return key;
}

Handshaker::Handshaker(crypto::NoiseRole role, const crypto::SecretKey& identity, HandshakeTestHooks hooks)
    : m_role(role),
      m_identity(identity),
      m_hooks(std::move(hooks)),
      // A fresh static X25519 key per connection: the long-lived identity is the Ed25519 key, bound by
      // the payload signature, so the static key needs no persistence and leaks nothing across sessions.
      m_noise(role, crypto::NoiseGenerateKeyPair(), HandshakePrologue()) {}

util::Result<util::Bytes, HandshakeError> Handshaker::Write() {
  // The initiator's first message carries no payload (nothing is encrypted yet); every later one
  // carries the identity bound to the handshake hash.
  const bool first = m_role == crypto::NoiseRole::Initiator && m_read_count == 0;
  util::Result<util::Bytes, crypto::NoiseError> message =
      first ? m_noise.WriteMessage({})
            : m_noise.WriteMessageBound([this](const crypto::NoiseHash& h) {
                util::Bytes payload = MakeIdentityPayload(m_identity, h);
                if (m_hooks.claim_identity) {
                  std::copy(m_hooks.claim_identity->bytes.begin(), m_hooks.claim_identity->bytes.end(),
                            payload.begin());
                }
                return payload;
              });
  if (!message) return util::Err(HandshakeError{NoiseText(message.error())});
  return std::move(message).value();
}

util::Result<void, HandshakeError> Handshaker::Read(util::ByteSpan message) {
  auto payload = m_noise.ReadMessage(message);
  if (!payload) return util::Err(HandshakeError{NoiseText(payload.error())});
  ++m_read_count;
  const bool carries_identity = m_role == crypto::NoiseRole::Initiator || m_read_count == 2;
  if (!carries_identity) {
    if (!payload->empty()) return util::Err(HandshakeError{"unexpected payload in handshake message 1"});
    return {};
  }
  auto identity = VerifyIdentityPayload(*payload, m_noise.last_payload_hash());
  if (!identity) return util::Err(HandshakeError{"identity payload malformed or its signature does not verify"});
  m_remote = *identity;
  return {};
}

util::Result<crypto::NoiseHandshake::Ciphers, HandshakeError> Handshaker::Split() {
  auto ciphers = m_noise.Split();
  if (!ciphers) return util::Err(HandshakeError{NoiseText(ciphers.error())});
  return std::move(ciphers).value();
}

}  // namespace cairn::p2p
