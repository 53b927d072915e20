#include "consensus/finality.h"

#include <algorithm>

#include "util/checked_math.h"

namespace cairn::consensus {

std::uint64_t ISqrt(std::uint64_t n) {
  // Digit-by-digit (base 4) square root: exact, no floating point.
  std::uint64_t rest = n;
  std::uint64_t root = 0;
  std::uint64_t bit = std::uint64_t{1} << 62;
  while (bit > rest) bit >>= 2;
  while (bit != 0) {
    if (rest >= root + bit) {
      rest -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}

bool IsJustifiable(chain::Slot finalized, chain::Slot candidate) {
  if (candidate < finalized) return false;
  const std::uint64_t d = candidate - finalized;
  if (d <= 5) return true;
  const std::uint64_t x = ISqrt(d);  // x < 2^32, so x * (x + 1) cannot wrap
  return x * x == d || x * (x + 1) == d;
}

std::string_view ToString(VoteOutcome outcome) {
  switch (outcome) {
    case VoteOutcome::Counted: return "counted";
    case VoteOutcome::NotBeforeBlock: return "vote slot is not before the including block";
    case VoteOutcome::UnknownValidator: return "unknown validator index";
    case VoteOutcome::TargetNotAfterSource: return "target slot is not after the source slot";
    case VoteOutcome::TargetFinalized: return "target is at or below the finalized slot";
    case VoteOutcome::TargetNotJustifiable: return "target slot is not justifiable";
    case VoteOutcome::SourceNotJustified: return "source is not justified in this chain";
    case VoteOutcome::TargetNotInChain: return "target is not in the including chain";
    case VoteOutcome::TargetNotInVoterChain: return "target is not an ancestor of the vote's head";
    case VoteOutcome::AlreadyCounted: return "validator already counted for this link";
  }
  return "unknown outcome";
}

FinalityState FinalityState::Genesis(const chain::Checkpoint& genesis) {
  FinalityState s;
  s.m_justified = genesis;
  s.m_finalized = genesis;
  s.m_justified_set.push_back(genesis);
  return s;
}

FinalityState FinalityState::ForBlock(const FinalityState& parent_state, const BlockRef& block,
                                      std::span<const chain::Vote> votes, const ValidatorWeights& weights,
                                      const ChainView& chain, std::vector<VoteOutcome>* outcomes) {
  FinalityState s = parent_state;  // shares the tallies
  if (outcomes != nullptr) outcomes->clear();
  for (const chain::Vote& vote : votes) {
    const VoteOutcome outcome = s.Count(block, vote, weights, chain);
    if (outcomes != nullptr) outcomes->push_back(outcome);
  }
  return s;
}

bool FinalityState::IsJustified(const chain::Checkpoint& checkpoint) const {
  return std::binary_search(m_justified_set.begin(), m_justified_set.end(), checkpoint);
}

std::uint64_t FinalityState::LinkWeight(const chain::Checkpoint& source, const chain::Checkpoint& target) const {
  const auto it = m_links.find(Link{source, target});
  return it == m_links.end() ? 0 : it->second->weight;
}

VoteOutcome FinalityState::Count(const BlockRef& block, const chain::Vote& vote, const ValidatorWeights& weights,
                                 const ChainView& chain) {
  if (vote.slot >= block.slot) return VoteOutcome::NotBeforeBlock;
  const auto stake = weights.StakeOf(vote.validator_index);
  if (!stake) return VoteOutcome::UnknownValidator;
  if (vote.target.slot <= vote.source.slot) return VoteOutcome::TargetNotAfterSource;
  if (vote.target.slot <= m_finalized.slot) return VoteOutcome::TargetFinalized;
  if (!IsJustifiable(m_finalized.slot, vote.target.slot)) return VoteOutcome::TargetNotJustifiable;
  if (!IsJustified(vote.source)) return VoteOutcome::SourceNotJustified;
  if (chain.AncestorAtSlot(block.parent, vote.target.slot) != vote.target.root) return VoteOutcome::TargetNotInChain;
  if (chain.AncestorAtSlot(vote.head_root, vote.target.slot) != vote.target.root) {
    return VoteOutcome::TargetNotInVoterChain;
  }

  const Link link{vote.source, vote.target};
  std::shared_ptr<Tally>& tally = m_links[link];
  if (tally && std::binary_search(tally->voters.begin(), tally->voters.end(), vote.validator_index)) {
    return VoteOutcome::AlreadyCounted;
  }
  if (!tally) {
    tally = std::make_shared<Tally>();
  } else if (tally.use_count() > 1) {
    tally = std::make_shared<Tally>(*tally);  // copy on write: the parent's chain keeps its tally
  }
  tally->voters.insert(std::upper_bound(tally->voters.begin(), tally->voters.end(), vote.validator_index),
                       vote.validator_index);
  // The weights' total fits in 64 bits and a voter counts once per link, so this cannot overflow.
  tally->weight = util::CheckedAdd(tally->weight, *stake).value_or(UINT64_MAX);
  if (IsSupermajority(tally->weight, weights.Total())) Justify(vote.source, vote.target);
  return VoteOutcome::Counted;
}

void FinalityState::Justify(const chain::Checkpoint& source, const chain::Checkpoint& target) {
  const auto pos = std::lower_bound(m_justified_set.begin(), m_justified_set.end(), target);
  if (pos == m_justified_set.end() || *pos != target) m_justified_set.insert(pos, target);
  if (target.slot > m_justified.slot) m_justified = target;

  // Finalize the source when the link skips no slot that was justifiable (relative to the finalized
  // slot before this link). The scan stops at the first justifiable slot: at most ~2*sqrt(gap) steps.
  if (source.slot <= m_finalized.slot) return;
  for (chain::Slot s = source.slot + 1; s < target.slot; ++s) {
    if (IsJustifiable(m_finalized.slot, s)) return;
  }
  m_finalized = source;
  Prune();
}

void FinalityState::Prune() {
  std::erase_if(m_justified_set, [&](const chain::Checkpoint& c) { return c.slot < m_finalized.slot; });
  std::erase_if(m_links, [&](const auto& entry) { return entry.first.second.slot <= m_finalized.slot; });
}

}  // namespace cairn::consensus
