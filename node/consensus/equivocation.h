// EquivocationDetector: finds the slashable offences of PROTOCOL.md section 7 among the signed votes and
// headers a node sees (gossip or blocks) and turns each into canonical chain::Evidence, once.
//
// - Double proposal: two headers with different BlockIds for one (proposer, slot) on one chain.
// - Double vote: two votes of one validator with the same target slot and different vote data.
// - Surround vote: x.source.slot < y.source.slot && y.target.slot < x.target.slot (either order).
//
// Memory bound (documented trade-off): per validator, at most `max_targets_per_validator` votes, the
// first one seen for each target slot, keeping the highest target slots; per (proposer, slot) the first
// header seen. Everything with a (target) slot below the floor set by Prune() is forgotten. So with V
// validators the detector holds at most V * max_targets_per_validator votes (about 200 bytes each) plus
// one header per proposer and slot of the window. An offence whose earlier half was forgotten (pruned,
// or pushed out by higher targets) is not detected. A new vote is checked against every vote its
// validator has stored: O(max_targets_per_validator) per vote.
//
// Signature checks are the caller's: only give it objects whose signatures verified under the
// offender's consensus key (VotePool does so before asking).
// Thread safety: not thread-safe; one owner (the chain thread, or the VotePool that holds it).
// Ownership: stores copies of what it is given.
// Failure: none; an object that is not an offence yields nothing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "chain/evidence.h"
#include "chain/transaction.h"

namespace cairn::consensus {

struct EquivocationConfig {
  std::size_t max_targets_per_validator = 256;
};

class EquivocationDetector {
 public:
  explicit EquivocationDetector(EquivocationConfig config = {}) : m_config(config) {}

  // A vote (signature already verified). Returns the canonical evidence when it forms a double vote
  // (checked first) or a surround vote with a vote remembered earlier and that evidence was not
  // reported before; nothing otherwise (also for an exact repeat, or the same vote data again).
  std::optional<chain::Evidence> OnVote(const chain::SignedVote& vote);
  // A header (signature already verified). Returns the canonical double-proposal evidence when a
  // different header of the same proposer, slot and chain was seen and the pair was not reported.
  std::optional<chain::Evidence> OnHeader(const chain::SignedBlockHeader& header);

  // Forgets votes with target.slot < slot, headers with slot < slot and reported evidence about them;
  // later objects below `slot` are ignored (yield nothing). The floor never goes down.
  void Prune(chain::Slot slot);

  chain::Slot Floor() const { return m_floor; }
  std::size_t VoteCount() const { return m_vote_count; }
  std::size_t HeaderCount() const { return m_headers.size(); }

 private:
  // Returns the evidence unless its hash was reported already (then records nothing new).
  std::optional<chain::Evidence> ReportOnce(chain::Evidence evidence, chain::Slot slot);

  EquivocationConfig m_config;
  chain::Slot m_floor = 0;
  // validator -> target slot -> first vote seen for that target.
  std::unordered_map<chain::ValidatorIndex, std::map<chain::Slot, chain::SignedVote>> m_votes;
  std::size_t m_vote_count = 0;
  std::map<std::pair<chain::Slot, chain::ValidatorIndex>, chain::SignedBlockHeader> m_headers;
  // Evidence already returned -> the slot that ages it out (lower target slot / header slot).
  std::unordered_map<chain::EvidenceHash, chain::Slot> m_reported;
};

// Builds and signs the transaction that submits `evidence` (payload Evidence) from the key's account:
// sender = key.public_key(), empty memo. The caller picks a nonce, fee (>= encoded size * min_fee_rate)
// and expiry slot that the state will accept. Pure; any thread.
chain::Transaction MakeEvidenceTransaction(const chain::Evidence& evidence, const crypto::SecretKey& key,
                                           std::uint64_t nonce, chain::Amount fee, chain::Slot expiry_slot,
                                           const chain::ChainId& chain_id, const crypto::Hash256& genesis_hash);

}  // namespace cairn::consensus
