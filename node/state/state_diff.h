// The ledger's unit of change. All consensus state is a map of byte-string keys to byte-string
// values (PROTOCOL.md section 9); a block's effect is a StateDiff: for each key it touched, the value
// before and after (absent = nullopt). The state transition produces diffs; the state tree hashes
// them into the next state root; storage persists them (the `after` values roll forward, the `before`
// values undo a block on a reorg).
//
// Thread safety: plain values. MemoryState is not synchronized: one writer (the chain thread) and no
// concurrent readers, or external locking.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "chain/codec.h"
#include "util/bytes.h"
#include "util/result.h"

namespace cairn::state {

struct StateWrite {
  util::Bytes key;
  std::optional<util::Bytes> before;
  std::optional<util::Bytes> after;
  bool operator==(const StateWrite&) const = default;
};

// Writes sorted by key, at most one per key, and never a no-op (before != after).
struct StateDiff {
  std::vector<StateWrite> writes;
  bool operator==(const StateDiff&) const = default;
};

// Upper bounds for decoding a diff from disk or a peer.
inline constexpr std::size_t MAX_STATE_KEY_BYTES = 128;
inline constexpr std::size_t MAX_STATE_VALUE_BYTES = 1 << 20;
inline constexpr std::size_t MAX_STATE_DIFF_WRITES = 1 << 22;

util::Bytes Encode(const StateDiff& diff);
// Strict: keys strictly increasing, bounded sizes, no no-op writes, no trailing bytes.
util::Result<StateDiff, chain::DecodeError> DecodeStateDiff(util::ByteSpan bytes);

// The same diff run backwards (before and after swapped): applying it undoes the original.
StateDiff Inverse(const StateDiff& diff);

// Read access to a state. Keys are ordered bytewise.
class StateReader {
 public:
  virtual ~StateReader() = default;
  virtual std::optional<util::Bytes> Get(util::ByteSpan key) const = 0;
  // Calls `visit` for every key starting with `prefix`, in key order, until it returns false.
  virtual void ForEachWithPrefix(util::ByteSpan prefix,
                                 const std::function<bool(util::ByteSpan key, util::ByteSpan value)>& visit) const = 0;
};

struct BytesLess {
  using is_transparent = void;
  bool operator()(util::ByteSpan a, util::ByteSpan b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};

// The whole state in memory: what the node holds for its head (tens of bytes per account: millions
// of accounts fit comfortably).
class MemoryState final : public StateReader {
 public:
  std::optional<util::Bytes> Get(util::ByteSpan key) const override;
  void ForEachWithPrefix(util::ByteSpan prefix,
                         const std::function<bool(util::ByteSpan key, util::ByteSpan value)>& visit) const override;

  // Applies `diff`. Fails, changing nothing, when a write's `before` does not match the current value
  // (the diff belongs to another state); the message names the key.
  util::Result<void, std::string> Apply(const StateDiff& diff);
  // Sets a value without a diff (loading from disk, building genesis).
  void Put(util::ByteSpan key, util::ByteSpan value);
  std::size_t size() const { return m_map.size(); }
  const std::map<util::Bytes, util::Bytes, BytesLess>& entries() const { return m_map; }

 private:
  std::map<util::Bytes, util::Bytes, BytesLess> m_map;
};

}  // namespace cairn::state
