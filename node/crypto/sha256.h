// SHA-256 through OpenSSL (about 5x libsodium's speed on these machines), and the protocol's
// domain-separated hash H(tag || data) (PROTOCOL.md section 1).
// Thread safety: free functions are safe from any thread; a Sha256Hasher belongs to one thread.
#pragma once

#include <string_view>

#include "util/bytes.h"

namespace cairn::crypto {

using Hash256 = util::FixedBytes<32>;

Hash256 Sha256(util::ByteSpan data);

// Domain-separated hash: SHA-256 over the ASCII tag, one 0x00 byte, then the data. Tags contain no
// NUL, so the terminator makes the tag encoding prefix-free: no two (tag, data) pairs collide.
Hash256 TaggedHash(std::string_view tag, util::ByteSpan data);

// Incremental SHA-256 for data that arrives in pieces.
class Sha256Hasher {
 public:
  Sha256Hasher();
  // Starts as TaggedHash(tag, ...) would.
  explicit Sha256Hasher(std::string_view tag);
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Write(util::ByteSpan data);
  // Returns the digest; the hasher is then reset to an empty, untagged state.
  Hash256 Finalize();

 private:
  struct Impl;
  Impl* m_impl;
};

}  // namespace cairn::crypto
