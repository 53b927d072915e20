// VotePool: the signed votes a node has seen (gossip or block bodies) and not yet seen finalized, for a
// proposer to include (PROTOCOL.md section 4: "a proposer includes every valid vote it has seen that
// the chain has not yet counted"), with the equivocation check of section 7 on the way in.
//
// AddBatch, per vote and in this order (the cheap refusals come before any signature work):
//   1. Duplicate: its vote hash, or its vote data (same vote, another signature), is known: stored,
//      refused as an equivocation earlier, or earlier in the same batch. Never verified again.
//   2. Stale: target.slot <= the floor set by Prune (finality ignores such votes).
//   3. Malformed: chain::CheckVoteStateless fails.
//   4. UnknownValidator: the key lookup returns nothing.
//   5. Full: the pool holds `capacity` votes (counting those of this batch already accepted).
//   6. BadSignature: chain::VerifyVoteSignature fails. The checks of one batch fan out through the
//      ParallelFor callback; each body writes only its own result slot.
//   7. Equivocation: the detector (owned by the pool) returns evidence against a vote seen earlier; the
//      vote is remembered as known but not offered for inclusion.
//   8. Added.
// Steps 1-5 and 7-8 run on the calling thread in batch order, so the outcomes do not depend on how
// ParallelFor schedules the checks: they equal those of a sequential run.
//
// Thread safety: not thread-safe; one owner (the chain thread). The key lookup is called on the owner's
// thread only, before the parallel phase. ParallelFor must run body(i) for every i in [0, n) exactly once
// and return when all have returned (any threads; e.g. mempool::Verifier::ParallelFor wired by the
// runtime); an empty callback runs them sequentially.
// Ownership: stores copies of the votes; the callback must outlive the pool.
// Failure: every refusal is a VoteAddStatus value; nothing throws except std::bad_alloc.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "chain/vote.h"
#include "consensus/equivocation.h"

namespace cairn::consensus {

// Runs body(i) for i in [0, n), possibly in parallel, and returns when every call has returned.
using ParallelForFn = std::function<void(std::size_t n, const std::function<void(std::size_t)>& body)>;
// A validator's consensus public key, nothing for an index outside the registry.
using ValidatorKeyLookup = std::function<std::optional<crypto::PublicKey>(chain::ValidatorIndex)>;

struct VotePoolConfig {
  std::size_t capacity = 65'536;  // votes offered for inclusion (about 300 bytes each with the indices)
  // Prune(finalized) also prunes the detector, keeping this many slots below the finalized slot so
  // that a new vote surrounding an older one is still caught.
  chain::Slot detector_retention_slots = 1024;
  EquivocationConfig detector;
};

enum class VoteAddStatus : std::uint8_t {
  Added,
  Duplicate,
  Stale,
  Malformed,
  UnknownValidator,
  Full,
  BadSignature,
  Equivocation,
};

struct VoteAddOutcome {
  VoteAddStatus status = VoteAddStatus::Added;
  std::optional<chain::Evidence> evidence;  // set iff status == Equivocation (canonical)
  bool operator==(const VoteAddOutcome&) const = default;
};

struct VotePoolStats {
  std::uint64_t verifications = 0;  // signature checks actually run
  std::uint64_t duplicates = 0;     // votes refused as Duplicate (no signature work)
};

class VotePool {
 public:
  explicit VotePool(VotePoolConfig config = {}, ParallelForFn parallel_for = {});

  // One outcome per vote, in input order (see the file comment for the rules).
  std::vector<VoteAddOutcome> AddBatch(const std::vector<chain::SignedVote>& votes, const ValidatorKeyLookup& key_of,
                                       const chain::ChainId& chain_id, const crypto::Hash256& genesis_hash);

  // Up to `max` stored votes for a block at `block_slot`: vote.slot < block_slot and not
  // already_counted(vote) (the chain's view: e.g. the validator counts for that link already). Order:
  // target slot, then source slot, then validator, then vote slot, then vote hash, ascending: the body
  // order in which finality sees earlier targets justified before the votes that use them as source.
  std::vector<chain::SignedVote> ForInclusion(chain::Slot block_slot,
                                              const std::function<bool(const chain::SignedVote&)>& already_counted,
                                              std::size_t max) const;

  // The finalized slot moved: drops votes with target.slot <= finalized_slot (and the memory of
  // known hashes for them), refuses such votes from now on as Stale, and prunes the detector below
  // finalized_slot - detector_retention_slots. The floor never goes down.
  void Prune(chain::Slot finalized_slot);

  // For block headers (OnHeader) seen on the wire or in blocks, after their signature verified.
  EquivocationDetector& Detector() { return m_detector; }

  std::size_t Size() const { return m_by_order.size(); }
  bool Contains(const chain::VoteHash& hash) const { return m_known.contains(hash); }
  const VotePoolStats& Stats() const { return m_stats; }

 private:
  // (target slot, source slot, validator, vote slot, vote hash): the ForInclusion order.
  using OrderKey = std::tuple<chain::Slot, chain::Slot, chain::ValidatorIndex, chain::Slot, chain::VoteHash>;

  VotePoolConfig m_config;
  ParallelForFn m_parallel_for;
  EquivocationDetector m_detector;
  std::optional<chain::Slot> m_floor;  // Prune's finalized slot
  std::map<OrderKey, chain::SignedVote> m_by_order;
  // Known votes (stored or refused as equivocations) -> target slot, for Duplicate and for pruning.
  std::unordered_map<chain::VoteHash, chain::Slot> m_known;
  std::unordered_map<crypto::Hash256, chain::Slot> m_known_data;  // by ComputeVoteDataHash
  VotePoolStats m_stats;
};

}  // namespace cairn::consensus
