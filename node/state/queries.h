// Typed reads of a ledger state for RPC, the GUI, consensus and tests (SPEC.md "State rules" section 1).
//
// Thread safety: pure reads; callable from any thread while the StateReader does not change.
// Failure: absent or undecodable records read as nothing (std::nullopt / empty list / zero).
#pragma once

#include <optional>
#include <vector>

#include "chain/params.h"
#include "state/records.h"
#include "state/state_diff.h"

namespace cairn::state {

std::optional<Globals> GetGlobals(const StateReader& s);
std::optional<chain::ChainParams> GetParams(const StateReader& s);
std::optional<chain::ChainParams> GetPendingParams(const StateReader& s);
Account GetAccount(const StateReader& s, const Address& address);  // zero when absent
std::optional<Validator> GetValidator(const StateReader& s, ValidatorIndex index);
std::optional<ValidatorIndex> FindValidatorByOperator(const StateReader& s, const Address& operator_address);
std::vector<std::pair<ValidatorIndex, Validator>> ListValidators(const StateReader& s);
std::optional<Delegation> GetDelegation(const StateReader& s, const Address& delegator, ValidatorIndex index);
// Stake of a delegation: floor(shares * tokens / total_shares); 0 when absent.
Amount DelegationStake(const StateReader& s, const Address& delegator, ValidatorIndex index);
// Reward a claim would pay now.
Amount PendingRewards(const StateReader& s, const Address& delegator, ValidatorIndex index);
std::optional<Proposal> GetProposal(const StateReader& s, chain::ProposalId id);
std::vector<std::pair<chain::ProposalId, UpgradeRecord>> ListUpgradeSignals(const StateReader& s);
std::optional<ActiveSet> GetActiveSet(const StateReader& s, std::uint64_t period);
Amount TotalSupply(const StateReader& s);

struct UnbondingEntry {
  Slot completion_slot = 0;
  Address delegator;
  ValidatorIndex validator = 0;
  Unbonding entry;
};
std::vector<UnbondingEntry> ListUnbondings(const StateReader& s);

// The validators that may propose and vote in `slot`: the active set of its period minus jailed and
// tombstoned validators, ascending by index, with their bonded tokens (vote weight). For a period more
// than one past the state's current period (the chain stood still), the set the next block will give it.
struct ActiveValidator {
  ValidatorIndex index = 0;
  crypto::PublicKey consensus_pubkey;
  crypto::PublicKey vrf_pubkey;
  Amount tokens = 0;
};
std::vector<ActiveValidator> EffectiveActiveSet(const StateReader& s, Slot slot);

// Where every unit of the supply sits (a full scan: for tests and audits, not per block).
struct SupplyBreakdown {
  Amount balances = 0;
  Amount bonded = 0;      // sum of validator tokens
  Amount unbonding = 0;
  Amount escrow = 0;      // governance deposits
  Amount treasury = 0;
  Amount reward_pools = 0;
  Amount Total() const { return balances + bonded + unbonding + escrow + treasury + reward_pools; }
};
SupplyBreakdown ComputeSupplyBreakdown(const StateReader& s);

}  // namespace cairn::state
