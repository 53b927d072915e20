// Slot-level Casper FFG after 3SF-mini (PROTOCOL.md section 5; exact rules in consensus/SPEC.md):
// the justifiability rule and FinalityState, the (justified, finalized) checkpoints of one chain.
//
// Every block of the block tree carries the FinalityState of the chain that ends at it. It is derived
// from the parent's state plus the votes in the block's body (the votes the chain had not counted yet):
// O(votes) work per block plus a shallow copy of the parent's pending tallies (tallies are shared
// copy-on-write), with no re-scan of the chain. The only chain knowledge it needs comes through
// ChainView ("which block of this chain is at slot s?").
//
// Thread safety: FinalityState is a value; const methods may run concurrently, mutation needs one owner
// (the chain thread). FinalityState never fails: a vote that breaks a rule is ignored and its
// VoteOutcome says why.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "chain/vote.h"
#include "consensus/weights.h"

namespace cairn::consensus {

// floor(sqrt(n)), integer only.
[[nodiscard]] std::uint64_t ISqrt(std::uint64_t n);

// 3SF-mini: slot `candidate` is justifiable after finalized slot `finalized` iff candidate >= finalized
// and d = candidate - finalized is <= 5, a perfect square, or pronic (x*x + x).
[[nodiscard]] bool IsJustifiable(chain::Slot finalized, chain::Slot candidate);

// Ancestry queries FinalityState needs. Implemented by the block tree (ProtoArray, Store).
class ChainView {
 public:
  virtual ~ChainView() = default;
  // The root of the block at exactly `slot` in the chain ending at `tip` (tip included); nothing if
  // `tip` is unknown or that chain has no block at `slot` (an empty slot, or a slot above tip's).
  virtual std::optional<chain::BlockId> AncestorAtSlot(const chain::BlockId& tip, chain::Slot slot) const = 0;
};

// What became of one vote of a block body. Everything but Counted means "ignored".
enum class VoteOutcome : std::uint8_t {
  Counted,
  NotBeforeBlock,         // vote.slot >= the including block's slot
  UnknownValidator,       // index outside the weights of the block's period
  TargetNotAfterSource,   // target.slot <= source.slot
  TargetFinalized,        // target.slot <= the chain's finalized slot (nothing left to justify)
  TargetNotJustifiable,   // IsJustifiable(finalized slot, target.slot) is false
  SourceNotJustified,     // source is not a justified checkpoint of this chain
  TargetNotInChain,       // target is not the block of the including chain at target.slot
  TargetNotInVoterChain,  // target is not an ancestor-or-self of the vote's head
  AlreadyCounted,         // this validator already counts for this (source, target) link in this chain
};
std::string_view ToString(VoteOutcome outcome);

// The including block, as FinalityState needs it.
struct BlockRef {
  chain::BlockId root;
  chain::Slot slot = 0;
  chain::BlockId parent;
};

class FinalityState {
 public:
  // The genesis block: justified and finalized at itself.
  static FinalityState Genesis(const chain::Checkpoint& genesis);

  // The state of `block` (a child of the block whose state is `parent_state`) after counting `votes`
  // in order. `weights` are the stakes of the block's period; `chain` must know block.parent and its
  // ancestors (block itself need not be known yet). outcomes, when given, receives one entry per vote.
  static FinalityState ForBlock(const FinalityState& parent_state, const BlockRef& block,
                                std::span<const chain::Vote> votes, const ValidatorWeights& weights,
                                const ChainView& chain, std::vector<VoteOutcome>* outcomes = nullptr);

  // The highest-slot justified checkpoint of this chain (the source an honest voter uses).
  const chain::Checkpoint& Justified() const { return m_justified; }
  const chain::Checkpoint& Finalized() const { return m_finalized; }
  // True for the finalized checkpoint and every checkpoint justified above it in this chain.
  [[nodiscard]] bool IsJustified(const chain::Checkpoint& checkpoint) const;
  // The stake counted so far for the link source -> target (0 when none); for tests and metrics.
  std::uint64_t LinkWeight(const chain::Checkpoint& source, const chain::Checkpoint& target) const;
  std::size_t PendingLinks() const { return m_links.size(); }

 private:
  struct Tally {
    std::vector<chain::ValidatorIndex> voters;  // sorted, distinct
    std::uint64_t weight = 0;
  };
  using Link = std::pair<chain::Checkpoint, chain::Checkpoint>;  // (source, target)

  VoteOutcome Count(const BlockRef& block, const chain::Vote& vote, const ValidatorWeights& weights,
                    const ChainView& chain);
  void Justify(const chain::Checkpoint& source, const chain::Checkpoint& target);
  void Prune();

  chain::Checkpoint m_justified;
  chain::Checkpoint m_finalized;
  std::vector<chain::Checkpoint> m_justified_set;  // ascending slot, all with slot >= m_finalized.slot
  // Tallies are shared with the parent's state until this chain adds a voter (copy-on-write).
  std::map<Link, std::shared_ptr<Tally>> m_links;
};

}  // namespace cairn::consensus
