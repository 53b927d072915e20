// ProtoArray: the block tree of the fork choice, after Lighthouse's consensus/proto_array. Nodes live
// in insertion order (a parent always before its children), each with its cumulative weight and its
// best child / best descendant, so finding the head is O(1) after an O(nodes) score update.
//
// Thread safety: single-threaded; the chain thread owns it (through ForkChoice / Store).
// Ownership: plain values only; indices are internal and change when the tree is pruned.
// Failure: errors are values (ProtoError); an error from ApplyScoreChanges means a broken invariant
// (a weight going negative) and leaves weights partly updated: the owner treats it as fatal.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "chain/vote.h"
#include "util/result.h"

namespace cairn::consensus {

enum class ProtoErrorKind : std::uint8_t {
  DuplicateBlock,
  UnknownParent,
  SlotNotAfterParent,
  UnknownRoot,
  DeltaMismatch,   // the deltas do not match the node count
  WeightOverflow,  // a weight would exceed 64 bits or drop below zero
};

struct ProtoError {
  ProtoErrorKind kind;
  std::string detail;
};

struct ProtoNode {
  chain::BlockId root;
  chain::Slot slot = 0;
  std::optional<std::size_t> parent;
  chain::Checkpoint justified;  // of the chain ending at this block (its FinalityState)
  chain::Checkpoint finalized;
  std::uint64_t weight = 0;  // stake of the latest votes for this block or a descendant (+ boost)
  std::optional<std::size_t> best_child;
  std::optional<std::size_t> best_descendant;  // the head of this subtree; none: no viable leaf below
};

// A score change of one node: its weight becomes weight + add - sub.
struct ScoreDelta {
  std::uint64_t add = 0;
  std::uint64_t sub = 0;
};

// What decides whether a leaf may be the head (SPEC.md "Stale-source filtering").
struct Viability {
  chain::Checkpoint justified;  // the store's
  chain::Checkpoint finalized;  // the store's
  chain::Slot current_slot = 0;
  chain::Slot stale_source_slots = 2;
};

// filter_block_tree's leaf test: the leaf's justified checkpoint equals the store's, or the store's
// justified slot is 0 (genesis), or both the store's and the leaf's justified slots are within
// stale_source_slots of the current slot. (Descent from the finalized block holds by pruning.)
[[nodiscard]] bool IsViableLeaf(const ProtoNode& node, const Viability& viability);

class ProtoArray {
 public:
  // The tree starts at an anchor (genesis or the finalized block) that is its own justified/finalized.
  ProtoArray(const chain::BlockId& anchor_root, chain::Slot anchor_slot);

  // Appends a block whose parent is in the tree and whose slot is above the parent's.
  util::Result<void, ProtoError> OnBlock(const chain::BlockId& root, const chain::BlockId& parent, chain::Slot slot,
                                         const chain::Checkpoint& justified, const chain::Checkpoint& finalized);

  // Applies one delta per node (deltas.size() == Size()), then recomputes every best child and best
  // descendant with `viability`. Ties in weight go to the higher root (bytewise).
  util::Result<void, ProtoError> ApplyScoreChanges(std::span<const ScoreDelta> deltas, const Viability& viability);

  // The best descendant of `justified_root`, or justified_root itself when no viable leaf is below it.
  util::Result<chain::BlockId, ProtoError> FindHead(const chain::BlockId& justified_root) const;

  // Keeps `finalized_root` (the new anchor) and its descendants; returns the roots removed.
  util::Result<std::vector<chain::BlockId>, ProtoError> Prune(const chain::BlockId& finalized_root);

  std::optional<std::size_t> IndexOf(const chain::BlockId& root) const;
  const ProtoNode* Find(const chain::BlockId& root) const;
  bool Contains(const chain::BlockId& root) const { return m_indices.contains(root); }
  // The block at exactly `slot` in the chain ending at `tip` (see ChainView).
  std::optional<chain::BlockId> AncestorAtSlot(const chain::BlockId& tip, chain::Slot slot) const;
  std::size_t Size() const { return m_nodes.size(); }
  std::span<const ProtoNode> Nodes() const { return m_nodes; }

 private:
  std::vector<ProtoNode> m_nodes;
  std::unordered_map<chain::BlockId, std::size_t> m_indices;
};

}  // namespace cairn::consensus
