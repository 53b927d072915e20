// BIP-350 bech32m text encoding (used for addresses, PROTOCOL.md section 1).
//
// Bech32mEncode converts 8-bit data to 5-bit groups (zero-padded) and appends the bech32m checksum;
// output is lower case. Bech32mDecode accepts all-lower or all-upper case text (returns the HRP in lower
// case), verifies the bech32m checksum (a BIP-173 bech32 checksum is rejected), and converts the 5-bit
// groups back to bytes, rejecting more than 4 padding bits or non-zero padding.
// Thread safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace cairn::chain {

enum class Bech32Error : std::uint8_t {
  MixedCase,
  InvalidCharacter,  // a data character outside the bech32 alphabet
  NoSeparator,
  InvalidHrp,        // empty, longer than 83, or a character outside 33..126
  BadChecksum,       // includes a valid BIP-173 (bech32) checksum
  TooLong,           // more than 90 characters
  TooShort,          // checksum shorter than 6 characters
  BadPadding,        // more than 4 padding bits, or non-zero padding
};

std::string_view Bech32ErrorMessage(Bech32Error error);

struct Bech32Decoded {
  std::string hrp;
  util::Bytes data;
};

// Fails (InvalidHrp / TooLong) when the hrp is invalid or the result would exceed 90 characters.
util::Result<std::string, Bech32Error> Bech32mEncode(std::string_view hrp, util::ByteSpan data);
util::Result<Bech32Decoded, Bech32Error> Bech32mDecode(std::string_view text);

// The layer under the two above, for tests against BIP-350 vectors: 5-bit values, no conversion.
struct Bech32Raw {
  std::string hrp;
  std::vector<std::uint8_t> values;  // 5-bit data values without the checksum
};
util::Result<Bech32Raw, Bech32Error> Bech32mDecodeRaw(std::string_view text);
// 5-bit groups -> bytes with BIP-173 padding rules; BadPadding on >4 padding bits or non-zero padding.
util::Result<util::Bytes, Bech32Error> ConvertBits5To8(const std::vector<std::uint8_t>& values);

}  // namespace cairn::chain
