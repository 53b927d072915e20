#include "consensus/store.h"

#include <algorithm>
#include <tuple>

#include "chain/vote.h"
#include "util/checked_math.h"
#include "util/hex.h"

namespace cairn::consensus {

namespace {

std::string_view KindName(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::DuplicateBlock: return "duplicate block";
    case StoreErrorKind::UnknownParent: return "unknown parent";
    case StoreErrorKind::SlotNotAfterParent: return "slot not after parent";
    case StoreErrorKind::FutureBlock: return "block from a future slot";
    case StoreErrorKind::ConflictsWithFinalized: return "conflicts with the finalized checkpoint";
    case StoreErrorKind::UnknownVoteHead: return "a vote names an unknown head";
    case StoreErrorKind::UnknownValidator: return "unknown validator";
    case StoreErrorKind::UnknownHead: return "unknown head";
    case StoreErrorKind::FutureVote: return "vote from a future slot";
    case StoreErrorKind::BadVote: return "malformed vote";
    case StoreErrorKind::TargetNotInHeadChain: return "target not in the head's chain";
    case StoreErrorKind::Internal: return "internal fork-choice error";
  }
  return "unknown error";
}

util::Unexpected<StoreError> Fail(StoreErrorKind kind, std::string detail = {}) {
  return util::Err(StoreError{kind, std::move(detail)});
}

std::string Hex(const chain::BlockId& id) { return util::ToHex(id.span()); }

}  // namespace

std::string StoreError::Message() const {
  std::string text(KindName(kind));
  if (!detail.empty()) text += ": " + detail;
  return text;
}

class Store::TreeView final : public ChainView {
 public:
  explicit TreeView(const ProtoArray& tree) : m_tree(tree) {}
  std::optional<chain::BlockId> AncestorAtSlot(const chain::BlockId& tip, chain::Slot slot) const override {
    return m_tree.AncestorAtSlot(tip, slot);
  }

 private:
  const ProtoArray& m_tree;
};

Store::Store(StoreConfig config, const chain::BlockId& genesis_root, ValidatorWeights weights)
    : m_config(config),
      m_fork_choice(ForkChoiceConfig{config.proposer_boost_pct, config.stale_source_slots}, genesis_root, 0),
      m_justified{0, genesis_root},
      m_finalized{0, genesis_root} {
  m_fork_choice.SetWeights(std::move(weights));
  m_states.emplace(genesis_root, FinalityState::Genesis(m_finalized));
}

util::Result<BlockImport, StoreError> Store::OnBlock(const BlockInput& block, const ValidatorWeights& weights,
                                                     Arrival arrival) {
  const ProtoArray& tree = m_fork_choice.Tree();
  if (tree.Contains(block.root)) return Fail(StoreErrorKind::DuplicateBlock, Hex(block.root));
  if (block.slot > m_current_slot) return Fail(StoreErrorKind::FutureBlock, "slot " + std::to_string(block.slot));
  if (block.slot <= m_finalized.slot) {
    return Fail(StoreErrorKind::ConflictsWithFinalized,
                "slot " + std::to_string(block.slot) + " is not after finalized slot " + std::to_string(m_finalized.slot));
  }
  const ProtoNode* parent = tree.Find(block.parent);
  if (parent == nullptr) {
    if (m_pruned.contains(block.parent)) {
      return Fail(StoreErrorKind::ConflictsWithFinalized, "parent " + Hex(block.parent) + " was pruned by finality");
    }
    return Fail(StoreErrorKind::UnknownParent, Hex(block.parent));
  }
  if (block.slot <= parent->slot) return Fail(StoreErrorKind::SlotNotAfterParent, std::to_string(block.slot));
  const auto parent_state = m_states.find(block.parent);
  if (parent_state == m_states.end()) return Fail(StoreErrorKind::Internal, "parent has no finality state");
  // Head ancestry must be decidable the same way on every node: refuse until we hold every head that
  // could still matter (SPEC.md "Votes in blocks").
  for (const chain::Vote& vote : block.votes) {
    if (vote.target.slot > m_finalized.slot && !tree.Contains(vote.head_root)) {
      return Fail(StoreErrorKind::UnknownVoteHead, Hex(vote.head_root));
    }
  }

  BlockImport import;
  const TreeView view(tree);
  FinalityState state = FinalityState::ForBlock(parent_state->second, BlockRef{block.root, block.slot, block.parent},
                                                block.votes, weights, view, &import.vote_outcomes);
  const auto added = m_fork_choice.OnBlock(block.root, block.parent, block.slot, state.Justified(), state.Finalized(),
                                           arrival);
  if (!added) return Fail(StoreErrorKind::Internal, added.error().detail);
  const auto inserted = m_states.emplace(block.root, std::move(state));
  const auto updated = UpdateCheckpoints(inserted.first->second, import);
  if (!updated) return util::Err(updated.error());
  // The body's votes are latest messages too (consensus-specs on_attestation(is_from_block=True)); a
  // vote the fork choice cannot use is simply not used.
  for (const chain::Vote& vote : block.votes) (void)ApplyVote(vote);
  m_head.reset();
  m_pending_dirty = true;
  return import;
}

util::Result<void, StoreError> Store::UpdateCheckpoints(const FinalityState& state, BlockImport& import) {
  if (state.Justified().slot > m_justified.slot) {
    m_justified = state.Justified();
    import.justified_changed = true;
  }
  if (state.Finalized().slot <= m_finalized.slot) return {};
  m_finalized = state.Finalized();
  import.finalized_changed = true;
  // A justified checkpoint of another branch cannot outlive the finality of this one.
  if (m_fork_choice.Tree().AncestorAtSlot(m_justified.root, m_finalized.slot) != m_finalized.root) {
    m_justified = state.Justified();
    import.justified_changed = true;
  }
  return PruneToFinalized();
}

util::Result<void, StoreError> Store::PruneToFinalized() {
  std::erase_if(m_seen, [&](const chain::Vote& v) { return v.target.slot <= m_finalized.slot; });
  const auto removed = m_fork_choice.Prune(m_finalized.root);
  if (!removed) return Fail(StoreErrorKind::Internal, removed.error().detail);
  for (const chain::BlockId& root : *removed) m_states.erase(root);
  RememberPruned(*removed);
  return {};
}

void Store::RememberPruned(const std::vector<chain::BlockId>& roots) {
  for (const chain::BlockId& root : roots) {
    if (!m_pruned.insert(root).second) continue;
    m_pruned_order.push_back(root);
  }
  while (m_pruned_order.size() > m_config.remembered_pruned) {
    m_pruned.erase(m_pruned_order.front());
    m_pruned_order.pop_front();
  }
}

util::Result<void, StoreError> Store::ApplyVote(const chain::Vote& vote) {
  const ProtoArray& tree = m_fork_choice.Tree();
  if (!m_fork_choice.Weights().StakeOf(vote.validator_index)) {
    return Fail(StoreErrorKind::UnknownValidator, std::to_string(vote.validator_index));
  }
  if (const auto structure = chain::CheckVoteStateless(vote); !structure) {
    return Fail(StoreErrorKind::BadVote, structure.error().Message());
  }
  const ProtoNode* head = tree.Find(vote.head_root);
  if (head == nullptr) return Fail(StoreErrorKind::UnknownHead, Hex(vote.head_root));
  if (head->slot > vote.slot) return Fail(StoreErrorKind::BadVote, "head is after the vote's slot");
  if (vote.target.slot > m_finalized.slot && tree.AncestorAtSlot(vote.head_root, vote.target.slot) != vote.target.root) {
    return Fail(StoreErrorKind::TargetNotInHeadChain, Hex(vote.target.root));
  }
  if (vote.slot >= m_current_slot) {
    // Votes of the current slot count from the next slot on (consensus-specs on_attestation). Keep one
    // per validator, the one with the highest target: that bounds the queue by the registry.
    const auto same = std::find_if(m_queued.begin(), m_queued.end(), [&](const chain::Vote& q) {
      return q.validator_index == vote.validator_index;
    });
    if (same == m_queued.end()) m_queued.push_back(vote);
    else if (vote.target.slot > same->target.slot) *same = vote;
    return {};
  }
  const auto recorded = m_fork_choice.OnVote(vote.validator_index, vote.head_root, vote.target.slot);
  if (!recorded) return Fail(StoreErrorKind::Internal, recorded.error().detail);
  m_head.reset();
  return {};
}

util::Result<void, StoreError> Store::OnVote(const chain::Vote& vote) {
  if (vote.slot > m_current_slot) return Fail(StoreErrorKind::FutureVote, "slot " + std::to_string(vote.slot));
  auto applied = ApplyVote(vote);
  if (applied) RememberSeen(vote);
  return applied;
}

void Store::RememberSeen(const chain::Vote& vote) {
  if (vote.target.slot <= m_finalized.slot) return;
  if (std::find(m_seen.begin(), m_seen.end(), vote) != m_seen.end()) return;
  const auto order = [](const chain::Vote& a, const chain::Vote& b) {
    return std::tie(a.target.slot, a.source.slot, a.validator_index, a.slot) <
           std::tie(b.target.slot, b.source.slot, b.validator_index, b.slot);
  };
  m_seen.insert(std::upper_bound(m_seen.begin(), m_seen.end(), vote, order), vote);
  m_pending_dirty = true;
  // Keep the validator's highest targets: older ones are in blocks by now or can no longer matter.
  const auto mine = [&](const chain::Vote& v) { return v.validator_index == vote.validator_index; };
  if (static_cast<std::size_t>(std::count_if(m_seen.begin(), m_seen.end(), mine)) > m_config.seen_targets_per_validator) {
    m_seen.erase(std::find_if(m_seen.begin(), m_seen.end(), mine));  // ascending: the lowest target
  }
}

util::Result<bool, StoreError> Store::CountPending(const chain::BlockId& head) {
  const FinalityState* base = StateOf(head);
  const ProtoNode* node = m_fork_choice.Tree().Find(head);
  if (base == nullptr || node == nullptr) return Fail(StoreErrorKind::Internal, "head has no finality state");
  const auto slot = util::CheckedAdd(std::max(m_current_slot, node->slot), 1);
  if (!slot) return Fail(StoreErrorKind::Internal, "slot overflow");
  // A virtual child of the head that carries every seen vote: what the next block would realize.
  const TreeView view(m_fork_choice.Tree());
  const FinalityState pending =
      FinalityState::ForBlock(*base, BlockRef{chain::BlockId{}, *slot, head}, m_seen, m_fork_choice.Weights(), view);
  if (pending.Finalized().slot <= m_finalized.slot) return false;
  // Only finality moves: J stays the realized justification that blocks' voting sources are compared
  // with (the stale-source filter), unless it now lies below or beside F; F is justified, so J := F.
  m_finalized = pending.Finalized();
  if (m_justified.slot < m_finalized.slot ||
      m_fork_choice.Tree().AncestorAtSlot(m_justified.root, m_finalized.slot) != m_finalized.root) {
    m_justified = m_finalized;
  }
  const auto pruned = PruneToFinalized();
  if (!pruned) return util::Err(pruned.error());
  return true;
}

void Store::OnTick(chain::Slot slot, std::uint64_t ms_into_slot) {
  if (slot < m_current_slot) return;
  if (slot == m_current_slot) {
    m_ms_into_slot = std::max(m_ms_into_slot, ms_into_slot);
    return;
  }
  m_current_slot = slot;
  m_ms_into_slot = ms_into_slot;
  m_fork_choice.OnTick(slot);
  std::vector<chain::Vote> due;
  due.swap(m_queued);
  for (const chain::Vote& vote : due) (void)ApplyVote(vote);  // a head pruned meanwhile drops the vote
  m_head.reset();
}

void Store::OnEquivocation(chain::ValidatorIndex validator) {
  m_fork_choice.OnEquivocation(validator);
  m_head.reset();
}

void Store::SetWeights(ValidatorWeights weights) {
  m_fork_choice.SetWeights(std::move(weights));
  m_head.reset();
}

util::Result<chain::BlockId, StoreError> Store::Head() {
  // Each round that moves a checkpoint raises its slot, so this ends.
  while (true) {
    if (!m_head) {
      const auto head = m_fork_choice.FindHead(m_justified, m_finalized);
      if (!head) return Fail(StoreErrorKind::Internal, head.error().detail);
      if (m_head_counted != *head) m_pending_dirty = true;
      m_head = *head;
    }
    if (!m_pending_dirty) return *m_head;
    m_pending_dirty = false;
    m_head_counted = *m_head;
    const auto moved = CountPending(*m_head);
    if (!moved) return util::Err(moved.error());
    if (*moved) m_head.reset();  // the head is searched from the new justified checkpoint
  }
}

Arrival Store::ArrivalNow(chain::Slot block_slot) const {
  const auto elapsed_thirds = util::CheckedMul(m_ms_into_slot, 3);
  const bool before_deadline = elapsed_thirds && *elapsed_thirds < m_config.slot_ms;
  return block_slot == m_current_slot && before_deadline ? Arrival::Timely : Arrival::Late;
}

const FinalityState* Store::StateOf(const chain::BlockId& root) const {
  const auto it = m_states.find(root);
  return it == m_states.end() ? nullptr : &it->second;
}

std::optional<std::uint64_t> Store::WeightOf(const chain::BlockId& root) const {
  const ProtoNode* node = m_fork_choice.Tree().Find(root);
  if (node == nullptr) return std::nullopt;
  return node->weight;
}

util::Result<chain::Vote, StoreError> Store::MakeVote(chain::ValidatorIndex validator, chain::Slot slot) {
  const auto head = Head();
  if (!head) return util::Err(head.error());
  const FinalityState* state = StateOf(*head);
  if (state == nullptr) return Fail(StoreErrorKind::Internal, "head has no finality state");
  const chain::Checkpoint source = state->Justified();
  chain::Checkpoint target = source;
  const ProtoArray& tree = m_fork_choice.Tree();
  for (auto index = tree.IndexOf(*head); index;) {
    const ProtoNode& node = tree.Nodes()[*index];
    if (node.slot <= source.slot) break;
    if (IsJustifiable(state->Finalized().slot, node.slot)) {
      target = chain::Checkpoint{node.slot, node.root};
      break;
    }
    index = node.parent;
  }
  return chain::Vote{validator, slot, *head, target, source};
}

}  // namespace cairn::consensus
