// HMAC-SHA-512 and PBKDF2-HMAC-SHA-512: the primitives under BIP-39 seeds and SLIP-0010 derivation.
// Outputs are written into caller-provided buffers so that secrets can stay in secure memory.
// Thread safety: safe from any thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include "util/bytes.h"

namespace cairn::crypto {

inline constexpr std::size_t HMAC_SHA512_SIZE = 64;

// out must be exactly 64 bytes.
void HmacSha512(util::ByteSpan key, util::ByteSpan data, std::span<std::uint8_t> out);
// Same, over the concatenation of the parts (avoids building secret-bearing temporaries).
void HmacSha512(util::ByteSpan key, std::initializer_list<util::ByteSpan> parts, std::span<std::uint8_t> out);

// PBKDF2 (RFC 8018) with HMAC-SHA-512; fills all of `out`. iterations must be >= 1.
void Pbkdf2HmacSha512(util::ByteSpan password, util::ByteSpan salt, std::uint32_t iterations,
                      std::span<std::uint8_t> out);

}  // namespace cairn::crypto
