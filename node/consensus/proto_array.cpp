#include "consensus/proto_array.h"

#include "util/checked_math.h"

namespace cairn::consensus {

bool IsViableLeaf(const ProtoNode& node, const Viability& v) {
  if (v.justified.slot == 0 || node.justified == v.justified) return true;
  const auto recent = [&](chain::Slot s) { return util::CheckedAdd(s, v.stale_source_slots).value_or(UINT64_MAX) >= v.current_slot; };
  return recent(v.justified.slot) && recent(node.justified.slot);
}

ProtoArray::ProtoArray(const chain::BlockId& anchor_root, chain::Slot anchor_slot) {
  ProtoNode anchor;
  anchor.root = anchor_root;
  anchor.slot = anchor_slot;
  anchor.justified = chain::Checkpoint{anchor_slot, anchor_root};
  anchor.finalized = anchor.justified;
  m_nodes.push_back(anchor);
  m_indices.emplace(anchor_root, 0);
}

util::Result<void, ProtoError> ProtoArray::OnBlock(const chain::BlockId& root, const chain::BlockId& parent,
                                                   chain::Slot slot, const chain::Checkpoint& justified,
                                                   const chain::Checkpoint& finalized) {
  if (Contains(root)) return util::Err(ProtoError{ProtoErrorKind::DuplicateBlock, "block already in the tree"});
  const auto parent_index = IndexOf(parent);
  if (!parent_index) return util::Err(ProtoError{ProtoErrorKind::UnknownParent, "parent not in the tree"});
  if (slot <= m_nodes[*parent_index].slot) {
    return util::Err(ProtoError{ProtoErrorKind::SlotNotAfterParent, "block slot is not after its parent's"});
  }
  ProtoNode node;
  node.root = root;
  node.slot = slot;
  node.parent = parent_index;
  node.justified = justified;
  node.finalized = finalized;
  m_indices.emplace(root, m_nodes.size());
  m_nodes.push_back(node);
  return {};
}

util::Result<void, ProtoError> ProtoArray::ApplyScoreChanges(std::span<const ScoreDelta> deltas,
                                                             const Viability& viability) {
  if (deltas.size() != m_nodes.size()) {
    return util::Err(ProtoError{ProtoErrorKind::DeltaMismatch, "one delta per node expected"});
  }
  // Pass 1, children before parents: apply each node's delta and carry it to the parent.
  std::vector<ScoreDelta> carried(deltas.begin(), deltas.end());
  for (std::size_t i = m_nodes.size(); i-- > 0;) {
    ProtoNode& node = m_nodes[i];
    const auto added = util::CheckedAdd(node.weight, carried[i].add);
    const auto weight = added ? util::CheckedSub(*added, carried[i].sub) : std::nullopt;
    if (!weight) return util::Err(ProtoError{ProtoErrorKind::WeightOverflow, "node weight out of range"});
    node.weight = *weight;
    if (node.parent) {
      ScoreDelta& up = carried[*node.parent];
      const auto add = util::CheckedAdd(up.add, carried[i].add);
      const auto sub = util::CheckedAdd(up.sub, carried[i].sub);
      if (!add || !sub) return util::Err(ProtoError{ProtoErrorKind::WeightOverflow, "delta out of range"});
      up.add = *add;
      up.sub = *sub;
    }
  }
  // Pass 2, children before parents, with final weights: every subtree's head is known before its
  // parent compares it with its siblings.
  for (ProtoNode& node : m_nodes) {
    node.best_child.reset();
    node.best_descendant.reset();
  }
  std::vector<bool> has_children(m_nodes.size(), false);
  for (const ProtoNode& node : m_nodes) {
    if (node.parent) has_children[*node.parent] = true;
  }
  for (std::size_t i = m_nodes.size(); i-- > 0;) {
    ProtoNode& node = m_nodes[i];
    if (node.best_child) {
      node.best_descendant = m_nodes[*node.best_child].best_descendant;
    } else if (!has_children[i] && IsViableLeaf(node, viability)) {
      node.best_descendant = i;
    }
    if (!node.best_descendant || !node.parent) continue;
    ProtoNode& parent = m_nodes[*node.parent];
    if (!parent.best_child) {
      parent.best_child = i;
      continue;
    }
    const ProtoNode& rival = m_nodes[*parent.best_child];
    if (node.weight > rival.weight || (node.weight == rival.weight && node.root > rival.root)) parent.best_child = i;
  }
  return {};
}

util::Result<chain::BlockId, ProtoError> ProtoArray::FindHead(const chain::BlockId& justified_root) const {
  const auto index = IndexOf(justified_root);
  if (!index) return util::Err(ProtoError{ProtoErrorKind::UnknownRoot, "justified block not in the tree"});
  const ProtoNode& node = m_nodes[*index];
  if (!node.best_descendant) return node.root;
  return m_nodes[*node.best_descendant].root;
}

util::Result<std::vector<chain::BlockId>, ProtoError> ProtoArray::Prune(const chain::BlockId& finalized_root) {
  const auto anchor = IndexOf(finalized_root);
  if (!anchor) return util::Err(ProtoError{ProtoErrorKind::UnknownRoot, "finalized block not in the tree"});
  std::vector<chain::BlockId> removed;
  if (*anchor == 0) return removed;
  // Parents precede children, so one forward pass decides membership.
  std::vector<std::optional<std::size_t>> remap(m_nodes.size());
  std::vector<ProtoNode> kept;
  for (std::size_t i = 0; i < m_nodes.size(); ++i) {
    const ProtoNode& node = m_nodes[i];
    const bool keep = i == *anchor || (i > *anchor && node.parent && remap[*node.parent]);
    if (!keep) {
      removed.push_back(node.root);
      continue;
    }
    remap[i] = kept.size();
    kept.push_back(node);
  }
  const auto map = [&](std::optional<std::size_t> old) -> std::optional<std::size_t> {
    return old ? remap[*old] : std::nullopt;
  };
  m_indices.clear();
  for (std::size_t i = 0; i < kept.size(); ++i) {
    ProtoNode& node = kept[i];
    node.parent = i == 0 ? std::nullopt : map(node.parent);
    node.best_child = map(node.best_child);
    node.best_descendant = map(node.best_descendant);
    m_indices.emplace(node.root, i);
  }
  m_nodes = std::move(kept);
  return removed;
}

std::optional<std::size_t> ProtoArray::IndexOf(const chain::BlockId& root) const {
  const auto it = m_indices.find(root);
  if (it == m_indices.end()) return std::nullopt;
  return it->second;
}

const ProtoNode* ProtoArray::Find(const chain::BlockId& root) const {
  const auto index = IndexOf(root);
  return index ? &m_nodes[*index] : nullptr;
}

std::optional<chain::BlockId> ProtoArray::AncestorAtSlot(const chain::BlockId& tip, chain::Slot slot) const {
  auto index = IndexOf(tip);
  while (index && m_nodes[*index].slot > slot) index = m_nodes[*index].parent;
  if (!index || m_nodes[*index].slot != slot) return std::nullopt;
  return m_nodes[*index].root;
}

}  // namespace cairn::consensus
