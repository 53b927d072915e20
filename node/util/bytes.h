// Byte containers shared by every layer: Bytes (growable), ByteSpan (a view) and FixedBytes<N>
// (hashes, keys, signatures: a value type with ordering, usable as a map key).
// Thread safety: plain values.
#pragma once

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace cairn::util {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

inline ByteSpan AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

template <std::size_t N>
struct FixedBytes {
  static constexpr std::size_t SIZE = N;
  std::array<std::uint8_t, N> bytes{};

  static FixedBytes FromSpan(ByteSpan s) {  // caller guarantees s.size() == N
    FixedBytes out;
    std::memcpy(out.bytes.data(), s.data(), N);
    return out;
  }
  std::uint8_t* data() { return bytes.data(); }
  const std::uint8_t* data() const { return bytes.data(); }
  static constexpr std::size_t size() { return N; }
  ByteSpan span() const { return {bytes.data(), N}; }
  bool IsZero() const {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
  }
  auto operator<=>(const FixedBytes&) const = default;
  bool operator==(const FixedBytes&) const = default;
};

inline void Append(Bytes& out, ByteSpan s) { out.insert(out.end(), s.begin(), s.end()); }

}  // namespace cairn::util

template <std::size_t N>
struct std::hash<cairn::util::FixedBytes<N>> {
  std::size_t operator()(const cairn::util::FixedBytes<N>& b) const noexcept {
    // Keys are hashes or public keys: their leading bytes are already uniformly distributed.
    std::size_t h = 0;
    std::memcpy(&h, b.bytes.data(), std::min(sizeof h, N));
    return h;
  }
};
