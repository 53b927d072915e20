// ForkChoice: LMD-GHOST over a ProtoArray (PROTOCOL.md section 6; exact rules in consensus/SPEC.md).
// Keeps each validator's latest vote (highest target slot; a tie keeps the earlier vote), zeroes
// equivocators for good, adds proposer boost to the timely block of the current slot, and turns all
// of it into score changes for the ProtoArray.
//
// Thread safety: single-threaded; the chain thread owns it (normally through Store).
// Ownership: plain values only. Time is an argument (OnTick); nothing here reads a clock.
// Failure: errors are values (ForkChoiceError). An error from FindHead means a broken invariant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "consensus/proto_array.h"
#include "consensus/weights.h"

namespace cairn::consensus {

// Modes are enums (DESIGN.md 3.5): whether a block arrived before the vote deadline of its slot.
enum class Arrival : std::uint8_t { Timely, Late };

struct ForkChoiceConfig {
  std::uint64_t proposer_boost_pct = 20;  // of one slot's voting weight (the total active stake)
  chain::Slot stale_source_slots = 2;     // Viability::stale_source_slots
};

enum class ForkChoiceErrorKind : std::uint8_t {
  UnknownValidator,  // index outside the current weights
  UnknownHead,       // the vote's head is not in the tree
  Tree,              // the ProtoArray refused (see detail)
};

struct ForkChoiceError {
  ForkChoiceErrorKind kind;
  std::string detail;
};

class ForkChoice {
 public:
  ForkChoice(ForkChoiceConfig config, const chain::BlockId& anchor_root, chain::Slot anchor_slot);

  // Adds a block. It takes proposer boost iff it is Timely, of the current slot, and the first such
  // block of the slot (a second timely block, e.g. an equivocation, gets none).
  util::Result<void, ForkChoiceError> OnBlock(const chain::BlockId& root, const chain::BlockId& parent,
                                              chain::Slot slot, const chain::Checkpoint& justified,
                                              const chain::Checkpoint& finalized, Arrival arrival);
  // A new slot ends the boost of the previous one. Slots never go back (an older slot is ignored).
  void OnTick(chain::Slot current_slot);
  // Records `head_root` as the validator's latest vote if target_slot is above its last one.
  // Votes of an equivocator are ignored.
  util::Result<void, ForkChoiceError> OnVote(chain::ValidatorIndex validator, const chain::BlockId& head_root,
                                             chain::Slot target_slot);
  // From now on the validator weighs zero (its current vote is removed at the next FindHead).
  void OnEquivocation(chain::ValidatorIndex validator);
  // The weights the next FindHead applies to every latest vote.
  void SetWeights(ValidatorWeights weights) { m_weights = std::move(weights); }
  const ValidatorWeights& Weights() const { return m_weights; }

  // Applies the vote, weight and boost changes since the last call, then returns the head below
  // `justified` (LMD-GHOST with stale-source filtering).
  util::Result<chain::BlockId, ForkChoiceError> FindHead(const chain::Checkpoint& justified,
                                                         const chain::Checkpoint& finalized);
  // Drops every block that does not descend from `finalized_root`; returns the roots dropped.
  util::Result<std::vector<chain::BlockId>, ForkChoiceError> Prune(const chain::BlockId& finalized_root);

  bool IsEquivocator(chain::ValidatorIndex validator) const;
  std::optional<chain::BlockId> BoostedRoot() const { return m_boost_root; }
  chain::Slot CurrentSlot() const { return m_current_slot; }
  const ProtoArray& Tree() const { return m_tree; }

 private:
  struct VoteTracker {
    std::optional<chain::BlockId> current;  // counted in the tree's weights
    std::optional<chain::BlockId> next;     // latest vote, counted at the next FindHead
    chain::Slot next_target_slot = 0;
    bool equivocated = false;
  };

  VoteTracker* TrackerFor(chain::ValidatorIndex validator);

  ForkChoiceConfig m_config;
  ProtoArray m_tree;
  std::vector<VoteTracker> m_votes;  // by validator index, never longer than the weights
  ValidatorWeights m_weights;
  ValidatorWeights m_applied_weights;  // the weights the tree's current scores were computed with
  chain::Slot m_current_slot = 0;
  std::optional<chain::BlockId> m_boost_root;
  std::optional<std::pair<chain::BlockId, std::uint64_t>> m_applied_boost;
};

}  // namespace cairn::consensus
