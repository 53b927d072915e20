// Overflow-checked unsigned arithmetic for amounts, stakes and counters (PROTOCOL.md section 1:
// overflow is an invalid transaction, never a wrap). Each function returns nothing on overflow,
// underflow or division by zero. Pure functions; callable from any thread.
#pragma once

#include <cstdint>
#include <optional>

namespace cairn::util {

[[nodiscard]] constexpr std::optional<std::uint64_t> CheckedAdd(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

[[nodiscard]] constexpr std::optional<std::uint64_t> CheckedSub(std::uint64_t a, std::uint64_t b) {
  if (b > a) return std::nullopt;
  return a - b;
}

[[nodiscard]] constexpr std::optional<std::uint64_t> CheckedMul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// floor(a * b / c) with a 128-bit intermediate, so shares like stake * bps / 10000 never overflow
// in the middle; nothing when c is zero or the quotient does not fit in 64 bits.
[[nodiscard]] constexpr std::optional<std::uint64_t> MulDiv(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  if (c == 0) return std::nullopt;
  __extension__ using U128 = unsigned __int128;  // g++/clang builtin; __extension__ keeps -Wpedantic quiet
  const U128 q = static_cast<U128>(a) * b / c;
  if (q > UINT64_MAX) return std::nullopt;
  return static_cast<std::uint64_t>(q);
}

}  // namespace cairn::util
