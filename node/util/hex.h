// Hexadecimal text <-> bytes. Decoding is strict: even length, hex digits only (either case);
// an optional "0x" prefix is accepted only by ParseHex's caller choosing StripHexPrefix.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.h"

namespace cairn::util {

std::string ToHex(ByteSpan bytes);

// Returns nothing when the text is not an even-length run of hex digits.
std::optional<Bytes> ParseHex(std::string_view text);

// Parses exactly N bytes of hex; nothing when the length differs or a digit is bad.
template <std::size_t N>
std::optional<FixedBytes<N>> ParseFixedHex(std::string_view text) {
  if (text.size() != 2 * N) return std::nullopt;
  auto raw = ParseHex(text);
  if (!raw) return std::nullopt;
  return FixedBytes<N>::FromSpan(*raw);
}

// "0x1234" -> "1234"; other text unchanged.
std::string_view StripHexPrefix(std::string_view text);

}  // namespace cairn::util
