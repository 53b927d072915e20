#include "crypto/pwhash.h"

#include <sodium.h>

#include <cstdint>

namespace cairn::crypto {

static_assert(PWHASH_SALT_SIZE == crypto_pwhash_SALTBYTES);

namespace {

constexpr std::uint64_t MAX_OPSLIMIT = 16;
constexpr std::uint64_t MAX_MEMLIMIT = std::uint64_t{4} << 30;
// crypto_pwhash takes memlimit as size_t: every acceptable value must convert without loss.
static_assert(SIZE_MAX >= MAX_MEMLIMIT);

}  // namespace

PwhashLimits PwhashDefaultLimits() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}

PwhashLimits PwhashTestLimits() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

bool PwhashLimitsAcceptable(const PwhashLimits& limits) {
  return limits.opslimit >= crypto_pwhash_argon2id_OPSLIMIT_MIN && limits.opslimit <= MAX_OPSLIMIT &&
         limits.memlimit >= crypto_pwhash_argon2id_MEMLIMIT_MIN && limits.memlimit <= MAX_MEMLIMIT;
}

util::Result<SecureBuffer, PwhashError> DeriveKey(std::string_view passphrase, util::ByteSpan salt,
                                                  const PwhashLimits& limits, std::size_t key_size) {
  if (!PwhashLimitsAcceptable(limits)) {
    return util::Err(PwhashError{PwhashErrorKind::Limits,
                                 "Argon2id parameters out of range (opslimit " + std::to_string(limits.opslimit) +
                                     ", memlimit " + std::to_string(limits.memlimit) + " bytes)"});
  }
  if (salt.size() != PWHASH_SALT_SIZE) {
    return util::Err(PwhashError{PwhashErrorKind::Input, "Argon2id salt must be " +
                                                             std::to_string(PWHASH_SALT_SIZE) + " bytes"});
  }
  if (key_size < PWHASH_MIN_KEY_SIZE || key_size > PWHASH_MAX_KEY_SIZE) {
    return util::Err(PwhashError{PwhashErrorKind::Input, "Argon2id key size out of range"});
  }
  if (passphrase.size() > PWHASH_MAX_PASSPHRASE_BYTES) {
    return util::Err(PwhashError{PwhashErrorKind::Input, "passphrase longer than " +
                                                             std::to_string(PWHASH_MAX_PASSPHRASE_BYTES) + " bytes"});
  }
  EnsureSodium();
  SecureBuffer key(key_size);
  // An empty string_view may carry a null pointer; libsodium reads zero bytes from it but declares it
  // nonnull.
  static const char EMPTY = 0;
  const char* data = passphrase.empty() ? &EMPTY : passphrase.data();
  if (crypto_pwhash(key.data(), key.size(), data, passphrase.size(), salt.data(), limits.opslimit,
                    static_cast<std::size_t>(limits.memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // With the inputs checked above, libsodium fails only when it cannot allocate the memory.
    return util::Err(PwhashError{PwhashErrorKind::OutOfMemory,
                                 "Argon2id could not allocate " + std::to_string(limits.memlimit >> 20) + " MiB"});
  }
  return key;
}

}  // namespace cairn::crypto
