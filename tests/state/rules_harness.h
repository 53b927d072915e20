// Test harness for the state rules: deterministic keys by seed, a genesis, block building (header,
// VRF proof, roots, signature), transactions with the right nonce and minimum fee, evidence of each
// kind, and application with invariant checks (supply accounting, diff undo).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "chain/block.h"
#include "chain/genesis.h"
#include "state/apply_block.h"
#include "state/queries.h"

namespace cairn::test {

// Role of a key derived from a seed number: the same number gives an operator / account key, its
// consensus key and its VRF key.
enum class KeyRole : std::uint8_t { Account = 1, Consensus = 2, Vrf = 3 };
crypto::SecretKey SeedKey(std::uint32_t seed, KeyRole role = KeyRole::Account);
chain::Address SeedAddress(std::uint32_t seed);
// The seed (0..255) whose account key has this address, if any.
std::optional<std::uint32_t> SeedOfAddress(const chain::Address& address);

struct GenesisValidatorSpec {
  std::uint32_t seed = 0;
  chain::Amount self_bond = 0;
  std::uint16_t commission_bps = 0;
};

chain::Genesis MakeTestGenesis(const chain::ChainParams& params, const std::vector<std::pair<std::uint32_t, chain::Amount>>& accounts,
                               const std::vector<GenesisValidatorSpec>& validators);
// Devnet parameters with small periods, no inflation unless asked, fee rate 0 unless asked.
chain::ChainParams TestParams();

class RulesChain {
 public:
  explicit RulesChain(const chain::Genesis& genesis);

  state::MemoryState& state() { return m_state; }
  const crypto::Hash256& genesis_hash() const { return m_genesis_hash; }
  const chain::Genesis& genesis() const { return m_genesis; }
  state::Globals globals() const { return *state::GetGlobals(m_state); }
  chain::ChainParams params() const { return *state::GetParams(m_state); }
  // The context ApplyBlock needs for the next block on this chain.
  state::BlockContext NextContext(chain::Slot finalized_slot) const { return {m_last_block_id, finalized_slot}; }

  // Signed tx from `seed` with the account's current nonce plus `nonce_offset` and the minimum fee.
  chain::Transaction Tx(std::uint32_t seed, chain::Payload payload, std::uint64_t nonce_offset = 0) const;
  // Operator seed -> validator index (registry lookup).
  std::optional<chain::ValidatorIndex> IndexOf(std::uint32_t operator_seed) const;
  // Signed votes for `vote_slot` by every effective active validator except those in `except` (operator seeds).
  std::vector<chain::SignedVote> VotesFor(chain::Slot vote_slot, const std::vector<std::uint32_t>& except = {}) const;
  chain::SignedVote VoteBy(std::uint32_t operator_seed, chain::Slot slot, chain::Slot source, chain::Slot target,
                           std::uint8_t head) const;
  chain::Evidence DoubleProposal(std::uint32_t operator_seed, chain::Slot slot) const;
  chain::Evidence DoubleVote(std::uint32_t operator_seed, chain::Slot slot) const;
  chain::Evidence SurroundVote(std::uint32_t operator_seed, chain::Slot slot) const;

  // A complete block at `slot` (height/parent from the state; proposer defaults to the first effective
  // active validator of the slot).
  chain::Block MakeBlock(chain::Slot slot, std::vector<chain::Transaction> txs = {}, std::vector<chain::SignedVote> votes = {},
                         std::vector<chain::Evidence> evidence = {}, std::optional<chain::ValidatorIndex> proposer = {}) const;
  // Applies; on success applies the diff to the state after checking undo and the supply invariants
  // (a failed invariant is returned as an error with where = "invariant").
  util::Result<state::StateDiff, state::BlockError> Apply(const chain::Block& block, std::optional<chain::Slot> finalized = {},
                                                          state::SigCheck sig_check = state::SigCheck::Verify);
  // Empty block with all votes for the previous slot.
  util::Result<state::StateDiff, state::BlockError> Next(std::vector<chain::Transaction> txs = {},
                                                         const std::vector<std::uint32_t>& absent = {});

 private:
  chain::Genesis m_genesis;
  crypto::Hash256 m_genesis_hash;
  state::MemoryState m_state;
  chain::BlockId m_last_block_id;  // the parent of the next block (the genesis hash at first)
  std::map<chain::ValidatorIndex, std::uint32_t> m_seed_of;  // filled lazily by lookups
};

// Checks supply == genesis + issued - burned - slashed and supply == breakdown total; empty when fine.
std::string CheckSupplyInvariants(const state::StateReader& s);

}  // namespace cairn::test
