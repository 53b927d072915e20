// Copy-on-write overlay over a StateReader: the working state of one block transition (internal to
// cairn_state). Reads fall through to the base and are cached; writes stay in a hash map; Finish()
// turns the changed keys into a sorted StateDiff with the base's values as `before`. The base is never
// modified.
//
// Thread safety: single-threaded; the base must stay alive and unchanged while the overlay lives.
// Failure: none (missing keys read as absent).
#pragma once

#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "state/keys.h"
#include "state/state_diff.h"

namespace cairn::state {

class Overlay {
 public:
  explicit Overlay(const StateReader& base) : m_base(base) {}

  // The current value, or nullptr when absent. The pointer is valid until the next write of this key.
  const util::Bytes* Get(const StateKey& key);
  void Put(const StateKey& key, util::Bytes value);
  void Erase(const StateKey& key);

  using Entries = std::vector<std::pair<util::Bytes, util::Bytes>>;
  // Every present entry whose key starts with `prefix`, in key order, stopping before the first key for
  // which `keep_going` returns false. The result is a copy: the caller may write while walking it.
  // Costs a pass over the overlay's written keys plus the base's prefix range.
  Entries Scan(const StateKey& prefix, const std::function<bool(util::ByteSpan key)>& keep_going = {});

  // The changes against the base: sorted by key, no-op writes dropped.
  StateDiff Finish();

 private:
  struct Entry {
    std::optional<util::Bytes> before;  // base value (valid when `loaded`)
    std::optional<util::Bytes> after;   // current value (valid when `dirty`)
    bool loaded = false;
    bool dirty = false;
  };
  Entry& Load(const StateKey& key);

  const StateReader& m_base;
  std::unordered_map<StateKey, Entry, StateKeyHasher> m_entries;
};

}  // namespace cairn::state
