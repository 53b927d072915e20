// BLAKE2b (libsodium generichash): the hash of the Noise protocol suite used by the p2p layer.
// Thread safety: safe from any thread.
#pragma once

#include <cstdint>
#include <span>

#include "util/bytes.h"

namespace cairn::crypto {

using Hash512 = util::FixedBytes<64>;

// Unkeyed BLAKE2b-512.
Hash512 Blake2b512(util::ByteSpan data);

// BLAKE2b with an output length of 16..64 bytes (out.size(); 16 is libsodium's minimum, stricter than
// RFC 7693's 1) and an optional key of up to 64 bytes. Returns false when a length is out of range.
[[nodiscard]] bool Blake2b(util::ByteSpan data, util::ByteSpan key, std::span<std::uint8_t> out);

}  // namespace cairn::crypto
