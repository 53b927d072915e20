#include "crypto/ed25519.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace cairn::crypto {

std::optional<SecretKey> SecretKey::FromSeed(util::ByteSpan seed) {
  if (seed.size() != ED25519_SEED_SIZE) return std::nullopt;
  SecureBuffer expanded(crypto_sign_SECRETKEYBYTES);
  PublicKey pub;
  crypto_sign_seed_keypair(pub.data(), expanded.data(), seed.data());
  return SecretKey(std::move(expanded), pub);
}

SecretKey SecretKey::Generate() {
  SecureBuffer seed(ED25519_SEED_SIZE);
  RandomBytes(seed.mutable_span());
  return *FromSeed(seed.span());
}

Signature Sign(const SecretKey& key, util::ByteSpan message) {
  EnsureSodium();
  if (key.expanded().size() != crypto_sign_SECRETKEYBYTES) {
    // Only a moved-from key gets here: a programming error, never input-driven.
    std::fputs("fatal: Sign() with a moved-from SecretKey\n", stderr);
    std::abort();
  }
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.expanded().data());
  return sig;
}

bool Verify(const PublicKey& key, util::ByteSpan message, const Signature& signature) {
  EnsureSodium();  // libsodium requires sodium_init() first; a verifier may never have made a key
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key.data()) == 0;
}

bool IsValidPublicKey(const PublicKey& key) {
  EnsureSodium();
  return crypto_core_ed25519_is_valid_point(key.data()) == 1;
}

}  // namespace cairn::crypto
