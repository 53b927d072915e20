// Password hashing: Argon2id (libsodium crypto_pwhash, algorithm ARGON2ID13) turning a passphrase
// and a random salt into a symmetric key, for data encrypted at rest (the wallet keystore, exported
// validator keys).
//
// The cost parameters are stored beside whatever they protect, so a file made with one setting opens
// on a build with another; PwhashDefaultLimits() only decides what new files get. Parameters read from
// a file are checked against PwhashLimitsAcceptable() first: a hostile file must not be able to ask for
// terabytes of memory or hours of CPU.
//
// Thread safety: every function is safe to call from any thread at the same time.
// Ownership: nothing is retained; keys are returned in secure memory.
// Failure: Result with a PwhashError; nothing throws. DeriveKey takes about a second of CPU and
// PwhashDefaultLimits().memlimit bytes of memory: call it off the GUI thread and outside any lock that
// other threads wait on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/secure_memory.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::crypto {

inline constexpr std::size_t PWHASH_SALT_SIZE = 16;  // crypto_pwhash_SALTBYTES
inline constexpr std::size_t PWHASH_MIN_KEY_SIZE = 16;
inline constexpr std::size_t PWHASH_MAX_KEY_SIZE = 64;
// Longer passphrases are refused: far beyond any real one, and it bounds the work per attempt.
inline constexpr std::size_t PWHASH_MAX_PASSPHRASE_BYTES = 4096;

// Argon2id cost: opslimit passes over memlimit bytes.
struct PwhashLimits {
  std::uint64_t opslimit = 0;
  std::uint64_t memlimit = 0;
  bool operator==(const PwhashLimits&) const = default;
};

// What new files get: libsodium's MODERATE (3 passes over 256 MiB, about 0.5 s to 1 s on a desktop).
// One unlock per session makes that affordable, and it multiplies an offline guesser's cost by the
// same factor.
PwhashLimits PwhashDefaultLimits();
// libsodium's minimum (1 pass over 8 KiB): for tests only, never for real secrets.
PwhashLimits PwhashTestLimits();
// The range a stored file may ask for: libsodium's minimum up to 4 GiB and 16 passes (libsodium's
// SENSITIVE setting is 4 passes over 1 GiB). Outside it a file is damaged or hostile.
[[nodiscard]] bool PwhashLimitsAcceptable(const PwhashLimits& limits);

enum class PwhashErrorKind : std::uint8_t {
  Limits,       // limits outside PwhashLimitsAcceptable
  Input,        // salt or key size wrong, passphrase too long
  OutOfMemory,  // libsodium could not allocate memlimit bytes
};

struct PwhashError {
  PwhashErrorKind kind = PwhashErrorKind::Input;
  std::string message;  // one sentence; never quotes the passphrase
};

// key = Argon2id(passphrase, salt, limits) of key_size bytes. The passphrase is taken as bytes (the
// caller normalizes text first). salt must be PWHASH_SALT_SIZE bytes, key_size within
// [PWHASH_MIN_KEY_SIZE, PWHASH_MAX_KEY_SIZE].
util::Result<SecureBuffer, PwhashError> DeriveKey(std::string_view passphrase, util::ByteSpan salt,
                                                  const PwhashLimits& limits, std::size_t key_size);

}  // namespace cairn::crypto
