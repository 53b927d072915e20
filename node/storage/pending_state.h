// Internal to node/storage: the state keys changed since the last state checkpoint, with their value
// at the checkpoint (`base`) and at the head (`head`), and the digest that lets a reload prove the
// state table intact.
//
// A checkpoint writes exactly these keys (head value, or a delete), so its cost is proportional to
// the keys changed since the last one, not to the size of the state. Forward and Backward are exact
// inverses, so a failed transaction can be undone in memory without copying the map.
//
// Thread safety: plain values, owned by the ChainStore's thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crypto/sha256.h"
#include "state/state_diff.h"
#include "util/bytes.h"

namespace cairn::storage {

// Order-independent digest of a key-value set: the sum mod 2^256 of a hash of each entry. Adding and
// removing single entries updates it in O(1), so checkpoints maintain it incrementally and a reload
// recomputes it from the rows it read.
class StateDigest {
 public:
  void Add(util::ByteSpan key, util::ByteSpan value);
  void Remove(util::ByteSpan key, util::ByteSpan value);
  crypto::Hash256 ToBytes() const;
  static StateDigest FromBytes(const crypto::Hash256& bytes);
  bool operator==(const StateDigest&) const = default;

 private:
  std::array<std::uint64_t, 4> m_limbs{};  // little-endian limbs
};

class PendingState {
 public:
  struct Entry {
    std::optional<util::Bytes> base;  // value in the state table
    std::optional<util::Bytes> head;  // value at the head
  };
  struct KeyHash {
    std::size_t operator()(const util::Bytes& key) const {
      return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    }
  };
  // Hashed, not ordered: the chain thread pays one lookup per write per block; order is only needed
  // at a checkpoint (Sorted()).
  using Map = std::unordered_map<util::Bytes, Entry, KeyHash>;

  // Moves the head forward by `diff`. When a write's `before` disagrees with the head value known
  // here, changes nothing and returns a message naming the key.
  std::optional<std::string> Forward(const state::StateDiff& diff);
  // Undoes Forward(diff) exactly.
  void Backward(const state::StateDiff& diff);
  void Clear();

  const Map& entries() const { return m_entries; }
  // The entries in key order (for writing a checkpoint with B-tree locality).
  std::vector<const Map::value_type*> Sorted() const;
  bool empty() const { return m_entries.empty(); }
  // Approximate memory held (keys and values plus per-entry overhead).
  std::size_t bytes() const { return m_bytes; }

 private:
  void Set(const util::Bytes& key, const std::optional<util::Bytes>& from, const std::optional<util::Bytes>& to);
  Map m_entries;
  std::size_t m_bytes = 0;
};

}  // namespace cairn::storage
