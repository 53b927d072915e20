#include "consensus/fork_choice.h"

#include "util/checked_math.h"

namespace cairn::consensus {

namespace {

ForkChoiceError TreeError(const ProtoError& e) { return ForkChoiceError{ForkChoiceErrorKind::Tree, e.detail}; }

}  // namespace

ForkChoice::ForkChoice(ForkChoiceConfig config, const chain::BlockId& anchor_root, chain::Slot anchor_slot)
    : m_config(config), m_tree(anchor_root, anchor_slot), m_current_slot(anchor_slot) {}

util::Result<void, ForkChoiceError> ForkChoice::OnBlock(const chain::BlockId& root, const chain::BlockId& parent,
                                                        chain::Slot slot, const chain::Checkpoint& justified,
                                                        const chain::Checkpoint& finalized, Arrival arrival) {
  const auto added = m_tree.OnBlock(root, parent, slot, justified, finalized);
  if (!added) return util::Err(TreeError(added.error()));
  if (arrival == Arrival::Timely && slot == m_current_slot && !m_boost_root) m_boost_root = root;
  return {};
}

void ForkChoice::OnTick(chain::Slot current_slot) {
  if (current_slot <= m_current_slot) return;
  m_current_slot = current_slot;
  m_boost_root.reset();
}

ForkChoice::VoteTracker* ForkChoice::TrackerFor(chain::ValidatorIndex validator) {
  if (validator >= m_weights.Size()) return nullptr;  // bounds the table by the registry
  if (validator >= m_votes.size()) m_votes.resize(static_cast<std::size_t>(validator) + 1);
  return &m_votes[validator];
}

util::Result<void, ForkChoiceError> ForkChoice::OnVote(chain::ValidatorIndex validator,
                                                       const chain::BlockId& head_root, chain::Slot target_slot) {
  if (!m_tree.Contains(head_root)) return util::Err(ForkChoiceError{ForkChoiceErrorKind::UnknownHead, "vote head not in the tree"});
  VoteTracker* tracker = TrackerFor(validator);
  if (tracker == nullptr) return util::Err(ForkChoiceError{ForkChoiceErrorKind::UnknownValidator, "validator index outside the weights"});
  if (tracker->equivocated) return {};
  if (!tracker->next || target_slot > tracker->next_target_slot) {
    tracker->next = head_root;
    tracker->next_target_slot = target_slot;
  }
  return {};
}

void ForkChoice::OnEquivocation(chain::ValidatorIndex validator) {
  if (VoteTracker* tracker = TrackerFor(validator)) tracker->equivocated = true;
}

bool ForkChoice::IsEquivocator(chain::ValidatorIndex validator) const {
  return validator < m_votes.size() && m_votes[validator].equivocated;
}

util::Result<chain::BlockId, ForkChoiceError> ForkChoice::FindHead(const chain::Checkpoint& justified,
                                                                   const chain::Checkpoint& finalized) {
  std::vector<ScoreDelta> deltas(m_tree.Size());
  bool overflow = false;
  const auto add = [&](const std::optional<chain::BlockId>& root, std::uint64_t amount, bool subtract) {
    if (!root || amount == 0) return;
    const auto index = m_tree.IndexOf(*root);
    if (!index) return;  // pruned: its weight left with it
    std::uint64_t& field = subtract ? deltas[*index].sub : deltas[*index].add;
    const auto sum = util::CheckedAdd(field, amount);
    overflow = overflow || !sum;
    field = sum.value_or(0);
  };

  for (std::size_t v = 0; v < m_votes.size(); ++v) {
    VoteTracker& t = m_votes[v];
    const auto index = static_cast<chain::ValidatorIndex>(v);
    const std::uint64_t old_stake = m_applied_weights.StakeOf(index).value_or(0);
    const std::uint64_t new_stake = m_weights.StakeOf(index).value_or(0);
    if (t.equivocated) {
      add(t.current, old_stake, true);
      t.current.reset();
      t.next.reset();
      continue;
    }
    if (t.current != t.next || old_stake != new_stake) {
      add(t.current, old_stake, true);
      add(t.next, new_stake, false);
      t.current = t.next;
    }
  }
  if (m_applied_boost) add(m_applied_boost->first, m_applied_boost->second, true);
  m_applied_boost.reset();
  if (m_boost_root) {
    const std::uint64_t boost = util::MulDiv(m_weights.Total(), m_config.proposer_boost_pct, 100).value_or(0);
    add(m_boost_root, boost, false);
    m_applied_boost = std::make_pair(*m_boost_root, boost);
  }
  m_applied_weights = m_weights;
  if (overflow) return util::Err(ForkChoiceError{ForkChoiceErrorKind::Tree, "score delta overflows 64 bits"});

  const Viability viability{justified, finalized, m_current_slot, m_config.stale_source_slots};
  const auto applied = m_tree.ApplyScoreChanges(deltas, viability);
  if (!applied) return util::Err(TreeError(applied.error()));
  auto head = m_tree.FindHead(justified.root);
  if (!head) return util::Err(TreeError(head.error()));
  return *head;
}

util::Result<std::vector<chain::BlockId>, ForkChoiceError> ForkChoice::Prune(const chain::BlockId& finalized_root) {
  auto removed = m_tree.Prune(finalized_root);
  if (!removed) return util::Err(TreeError(removed.error()));
  if (m_applied_boost && !m_tree.Contains(m_applied_boost->first)) m_applied_boost.reset();
  if (m_boost_root && !m_tree.Contains(*m_boost_root)) m_boost_root.reset();
  return std::move(removed).value();
}

}  // namespace cairn::consensus
