#include "crypto/aead.h"

#include <sodium.h>

namespace cairn::crypto {

static_assert(AEAD_KEY_SIZE == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(AEAD_NONCE_SIZE == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(AEAD_TAG_SIZE == crypto_aead_xchacha20poly1305_ietf_ABYTES);

namespace {

// libsodium declares its pointers nonnull even for zero lengths; an empty span may hold a null one.
const std::uint8_t* NonNull(util::ByteSpan bytes) {
  static const std::uint8_t EMPTY = 0;
  return bytes.empty() ? &EMPTY : bytes.data();
}

}  // namespace

AeadNonce RandomAeadNonce() {
  AeadNonce nonce;
  RandomBytes(nonce.bytes);
  return nonce;
}

util::Result<util::Bytes, AeadError> AeadSeal(const SecureBuffer& key, const AeadNonce& nonce, util::ByteSpan plaintext,
                                              util::ByteSpan associated_data) {
  if (key.size() != AEAD_KEY_SIZE) return util::Err(AeadError{AeadErrorKind::Input, "encryption key has the wrong size"});
  if (plaintext.size() > AEAD_MAX_PLAINTEXT_SIZE) return util::Err(AeadError{AeadErrorKind::Input, "plaintext too large"});
  EnsureSodium();
  util::Bytes out(plaintext.size() + AEAD_TAG_SIZE);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data(), &written, NonNull(plaintext), plaintext.size(),
                                             NonNull(associated_data), associated_data.size(), nullptr,
                                             nonce.data(), key.data());
  out.resize(static_cast<std::size_t>(written));
  return out;
}

util::Result<SecureBuffer, AeadError> AeadOpen(const SecureBuffer& key, const AeadNonce& nonce,
                                               util::ByteSpan ciphertext_and_tag, util::ByteSpan associated_data) {
  if (key.size() != AEAD_KEY_SIZE) return util::Err(AeadError{AeadErrorKind::Input, "decryption key has the wrong size"});
  if (ciphertext_and_tag.size() < AEAD_TAG_SIZE || ciphertext_and_tag.size() > AEAD_MAX_PLAINTEXT_SIZE + AEAD_TAG_SIZE) {
    return util::Err(AeadError{AeadErrorKind::Input, "ciphertext has an impossible size"});
  }
  EnsureSodium();
  // Decrypted straight into secure memory: the plaintext never touches ordinary heap.
  SecureBuffer plain(ciphertext_and_tag.size() - AEAD_TAG_SIZE);
  std::uint8_t scratch = 0;  // libsodium wants a writable pointer even for an empty plaintext
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.empty() ? &scratch : plain.data(), &written, nullptr,
                                                 ciphertext_and_tag.data(), ciphertext_and_tag.size(),
                                                 NonNull(associated_data), associated_data.size(), nonce.data(),
                                                 key.data()) != 0) {
    return util::Err(AeadError{AeadErrorKind::Authentication,
                               "authentication failed (wrong key, or the data or its context was changed)"});
  }
  return plain;
}

}  // namespace cairn::crypto
