// ForkState: the state after a block that is not the head (a fork block, or an ancestor of the head),
// as a read-only view over the head state plus the net changes that lead from the head to it. The
// chain thread needs it to validate a block whose parent is not the head: ApplyBlock reads the
// parent's state through it, and the state tree is moved to the parent by ToParent() and back by
// Inverse(ToParent()) around the state-root check, so nothing of the head is ever changed.
//
// Built from state diffs (state_diff.h): walking from the head down to the common ancestor, each key
// takes the `before` of the lowest reverted block that wrote it; walking up the fork, each key takes
// the `after` of the highest block that wrote it.
//
// Thread safety: single-threaded (the chain thread); the head state must not change while a view
// lives (the chain thread is the only writer and does not write while it validates).
// Ownership: borrows the head state; owns the overrides.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "state/state_diff.h"

namespace cairn::runtime {

class ForkState final : public state::StateReader {
 public:
  // `reverted`: the diffs of the canonical blocks from the head down to (not including) the common
  // ancestor, head first. `applied`: the diffs of the fork blocks from the ancestor's child up to the
  // wanted block, in chain order.
  ForkState(const state::MemoryState& head, const std::vector<const state::StateDiff*>& reverted,
            const std::vector<const state::StateDiff*>& applied);

  std::optional<util::Bytes> Get(util::ByteSpan key) const override;
  void ForEachWithPrefix(util::ByteSpan prefix,
                         const std::function<bool(util::ByteSpan key, util::ByteSpan value)>& visit) const override;

  // The diff that turns the head state into this one (for the state tree), sorted, no no-ops.
  state::StateDiff ToParent() const;

 private:
  const state::MemoryState& m_head;
  std::map<util::Bytes, std::optional<util::Bytes>, state::BytesLess> m_overrides;
};

}  // namespace cairn::runtime
