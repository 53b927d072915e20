// Store: the fork choice and finality of one node, as the chain thread drives it (PROTOCOL.md sections
// 4-6; exact rules in consensus/SPEC.md). It keeps the block tree (ForkChoice), every block's
// FinalityState, the store's justified and finalized checkpoints, the current slot, the votes that
// wait for their slot to end, and the verified votes seen outside blocks: those are counted on top of
// the head as the next block would count them, and a checkpoint that this finalizes is final for the
// node as soon as 2/3 of the stake has signed the link, one block earlier (SPEC.md "Pending finality").
//
// Thread safety: single-threaded; the chain thread owns it. Readers elsewhere get copies of Head(),
// Justified(), Finalized() through the runtime.
// Ownership: plain values only; a `const FinalityState*` from StateOf stays valid until the next
// mutating call.
// Failure: every refusal is a StoreError value. UnknownParent / UnknownVoteHead mean "fetch the named
// block and retry"; ConflictsWithFinalized means the peer's chain contradicts our finalized block
// (report loudly, never import); Internal means a broken invariant (stop the node safely).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "consensus/finality.h"
#include "consensus/fork_choice.h"

namespace cairn::consensus {

struct StoreConfig {
  std::uint64_t slot_ms = 1000;           // vote deadline: one third into the slot
  std::uint64_t proposer_boost_pct = 20;  // PROTOCOL.md section 6 default
  chain::Slot stale_source_slots = 2;
  std::size_t remembered_pruned = 4096;   // pruned roots kept to name a conflicting child as such
  std::size_t seen_targets_per_validator = 4;  // seen votes kept per validator for pending finality
};

enum class StoreErrorKind : std::uint8_t {
  DuplicateBlock,
  UnknownParent,
  SlotNotAfterParent,
  FutureBlock,             // block slot above the current slot
  ConflictsWithFinalized,  // the block does not descend from the finalized checkpoint
  UnknownVoteHead,         // a vote in the block names a head we do not have (detail: its hex)
  UnknownValidator,
  UnknownHead,
  FutureVote,              // vote slot above the current slot
  BadVote,                 // structure: source.slot <= target.slot <= slot, head not after the vote
  TargetNotInHeadChain,    // the vote's target is not an ancestor-or-self of its head
  Internal,
};

struct StoreError {
  StoreErrorKind kind;
  std::string detail;
  std::string Message() const;
};

// A block as the Store needs it: identity, parent, slot and the votes of its body, in body order.
struct BlockInput {
  chain::BlockId root;
  chain::BlockId parent;
  chain::Slot slot = 0;
  std::span<const chain::Vote> votes;
};

struct BlockImport {
  std::vector<VoteOutcome> vote_outcomes;  // one per vote of the block (finality's verdict)
  bool justified_changed = false;          // the store's checkpoint moved
  bool finalized_changed = false;
};

class Store {
 public:
  // Starts from genesis (slot 0), justified and finalized at itself. `weights` are the fork-choice
  // weights until SetWeights replaces them.
  Store(StoreConfig config, const chain::BlockId& genesis_root, ValidatorWeights weights);

  // Imports a block: checks it against the tree and the finalized checkpoint, derives its
  // FinalityState from its parent's and its votes (counted with `weights`, the stakes of the block's
  // period), adds it to the fork choice (with boost when `arrival` is Timely) and gives its votes to
  // the fork choice as latest messages. Use ArrivalNow(slot) for `arrival` when the block arrives now.
  util::Result<BlockImport, StoreError> OnBlock(const BlockInput& block, const ValidatorWeights& weights,
                                                Arrival arrival);
  // A vote seen outside a block, signature already checked: for the fork choice (a vote of the current
  // slot waits until the slot ends) and for pending finality (counted at the next Head()).
  util::Result<void, StoreError> OnVote(const chain::Vote& vote);
  // Time as an argument: the slot and how far into it we are. Slots never go back.
  void OnTick(chain::Slot slot, std::uint64_t ms_into_slot);
  // Evidence of a double proposal or double vote: the validator weighs zero from now on.
  void OnEquivocation(chain::ValidatorIndex validator);
  // The fork-choice weights (the active stakes of the current period).
  void SetWeights(ValidatorWeights weights);

  // LMD-GHOST head below Justified(); recomputed when something changed since the last call. It also
  // counts the seen votes on top of the head, which may move Finalized() (and Justified() up to it).
  util::Result<chain::BlockId, StoreError> Head();
  // The checkpoints as of the last Head() call (which counts the seen votes).
  const chain::Checkpoint& Justified() const { return m_justified; }
  const chain::Checkpoint& Finalized() const { return m_finalized; }
  chain::Slot CurrentSlot() const { return m_current_slot; }
  // Timely iff block_slot is the current slot and we are before the vote deadline (slot_ms / 3).
  Arrival ArrivalNow(chain::Slot block_slot) const;

  bool Contains(const chain::BlockId& root) const { return m_fork_choice.Tree().Contains(root); }
  // The FinalityState of an imported block (its chain's votes only, never the pending ones: this is what
  // the state transition of a child sees).
  const FinalityState* StateOf(const chain::BlockId& root) const;
  std::size_t SeenVotes() const { return m_seen.size(); }
  // The weight of a block in the last computed head (votes of it and its descendants, plus boost).
  std::optional<std::uint64_t> WeightOf(const chain::BlockId& root) const;
  const ForkChoice& Forks() const { return m_fork_choice; }

  // What an honest validator votes for at `slot` (PROTOCOL.md section 4): head = Head(); source = the
  // head chain's justified checkpoint; target = the highest block of the head's chain whose slot is
  // justifiable after that chain's finalized slot and above the source (the source itself when there
  // is none: such a vote still counts for the fork choice, finality ignores it).
  util::Result<chain::Vote, StoreError> MakeVote(chain::ValidatorIndex validator, chain::Slot slot);

 private:
  class TreeView;

  util::Result<void, StoreError> ApplyVote(const chain::Vote& vote);
  util::Result<void, StoreError> UpdateCheckpoints(const FinalityState& state, BlockImport& import);
  util::Result<void, StoreError> PruneToFinalized();
  void RememberSeen(const chain::Vote& vote);
  // Counts m_seen on top of `head` (a virtual child one slot after the current slot); true when F moved.
  util::Result<bool, StoreError> CountPending(const chain::BlockId& head);
  void RememberPruned(const std::vector<chain::BlockId>& roots);

  StoreConfig m_config;
  ForkChoice m_fork_choice;
  std::unordered_map<chain::BlockId, FinalityState> m_states;
  chain::Checkpoint m_justified;
  chain::Checkpoint m_finalized;
  chain::Slot m_current_slot = 0;
  std::uint64_t m_ms_into_slot = 0;
  std::vector<chain::Vote> m_queued;  // gossip votes of the current slot
  std::deque<chain::BlockId> m_pruned_order;
  std::unordered_set<chain::BlockId> m_pruned;
  std::optional<chain::BlockId> m_head;  // none: recompute
  // Verified votes seen outside blocks whose target is above F: at most `seen_targets_per_validator`
  // per validator (the highest targets), ascending (target slot, source slot) for counting.
  std::vector<chain::Vote> m_seen;
  bool m_pending_dirty = false;
  std::optional<chain::BlockId> m_head_counted;  // the head m_seen was last counted on
};

}  // namespace cairn::consensus
