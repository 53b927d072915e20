// Amounts: unsigned 64-bit base units, 1 CAIRN = COIN = 10^8 base units (PROTOCOL.md section 1).
// Text form: "<integer>[.<1..8 digits>]".
// Thread safety: pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace cairn::chain {

using Amount = std::uint64_t;
inline constexpr Amount COIN = 100'000'000;
inline constexpr int AMOUNT_DECIMALS = 8;

// 1234500000 -> "12.345"; 100000000 -> "1"; 1 -> "0.00000001"; 0 -> "0". Trailing zeros trimmed.
std::string FormatAmount(Amount units);

// Parses whole coins with up to 8 decimals into base units. Accepted: "0", "12", "12.345", "12.50",
// "0.00000001". Rejected (error sentence returned): "" , "0." (point without digits), ".5" (no integer
// part), leading zeros ("01"), signs, exponents, spaces, more than 8 decimals, values above 2^64-1 units.
util::Result<Amount, std::string> ParseAmount(std::string_view text);

}  // namespace cairn::chain
