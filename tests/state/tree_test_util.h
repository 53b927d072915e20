// Shared by the state tree tests: an independent, deliberately naive reference root (recursive over
// the sorted key hashes, hashing through crypto::TaggedHash directly, none of the tree's code) and
// seeded random keys and values.
#pragma once

#include <algorithm>
#include <map>
#include <random>
#include <string_view>
#include <vector>

#include "crypto/sha256.h"
#include "state/state_diff.h"
#include "util/bytes.h"

namespace cairn::test::tree {

using Map = std::map<util::Bytes, util::Bytes>;

inline bool RefBit(const crypto::Hash256& h, std::size_t i) { return (h.bytes[i / 8] >> (7 - i % 8)) & 1; }

struct RefLeaf {
  crypto::Hash256 key_hash;
  crypto::Hash256 value_hash;
};

inline util::Bytes Concat(std::initializer_list<util::ByteSpan> parts) {
  util::Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline crypto::Hash256 RefSubtree(const std::vector<RefLeaf>& leaves, std::size_t lo, std::size_t hi) {
  if (hi - lo == 1) {
    return crypto::TaggedHash("state/leaf", Concat({leaves[lo].key_hash.span(), leaves[lo].value_hash.span()}));
  }
  std::size_t bit = 0;
  while (RefBit(leaves[lo].key_hash, bit) == RefBit(leaves[hi - 1].key_hash, bit)) ++bit;
  std::size_t split = lo;
  while (!RefBit(leaves[split].key_hash, bit)) ++split;
  const std::uint8_t bit_byte = static_cast<std::uint8_t>(bit);
  const crypto::Hash256 left = RefSubtree(leaves, lo, split);
  const crypto::Hash256 right = RefSubtree(leaves, split, hi);
  return crypto::TaggedHash("state/node", Concat({{&bit_byte, 1}, left.span(), right.span()}));
}

inline crypto::Hash256 ReferenceRoot(const Map& map) {
  std::vector<RefLeaf> leaves;
  for (const auto& [k, v] : map) leaves.push_back({crypto::TaggedHash("state/key", k), crypto::TaggedHash("state/value", v)});
  std::sort(leaves.begin(), leaves.end(), [](const RefLeaf& a, const RefLeaf& b) { return a.key_hash < b.key_hash; });
  if (leaves.empty()) return crypto::TaggedHash("state/empty", {});
  return RefSubtree(leaves, 0, leaves.size());
}

inline util::Bytes RandomBytes(std::mt19937_64& rng, std::size_t min_len, std::size_t max_len) {
  util::Bytes out(std::uniform_int_distribution<std::size_t>(min_len, max_len)(rng));
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

// Keys of 1..40 bytes (short ones collide often, exercising updates); values of 0..300 bytes (both
// sides of the hasher's small-message buffer).
inline Map RandomMap(std::mt19937_64& rng, std::size_t size) {
  Map map;
  while (map.size() < size) map[RandomBytes(rng, 1, 40)] = RandomBytes(rng, 0, 300);
  return map;
}

inline state::MemoryState ToMemoryState(const Map& map) {
  state::MemoryState s;
  for (const auto& [k, v] : map) s.Put(k, v);
  return s;
}

inline util::Bytes Text(std::string_view s) { return util::Bytes(s.begin(), s.end()); }

}  // namespace cairn::test::tree
