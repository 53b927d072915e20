#include "crypto/blake2b.h"

#include <sodium.h>

#include "crypto/secure_memory.h"

namespace cairn::crypto {

bool Blake2b(util::ByteSpan data, util::ByteSpan key, std::span<std::uint8_t> out) {
  if (out.size() < crypto_generichash_BYTES_MIN || out.size() > crypto_generichash_BYTES_MAX) return false;
  if (key.size() > crypto_generichash_KEYBYTES_MAX) return false;
  EnsureSodium();
  return crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.empty() ? nullptr : key.data(),
                            key.size()) == 0;
}

Hash512 Blake2b512(util::ByteSpan data) {
  Hash512 out;
  (void)Blake2b(data, {}, {out.data(), out.size()});  // fixed valid lengths
  return out;
}

}  // namespace cairn::crypto
