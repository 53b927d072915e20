// The rules of the state transition, one group per file (internal to cairn_state; ApplyBlock in
// apply_block.cpp is the only caller besides GenesisState).
//
// Every function works on the block's Ledger and reports an invalid input as BlockError{where, reason};
// `where` arguments are paths into the block ("txs[3].payload.delegate").
// Thread safety: single-threaded, like the Ledger.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chain/block.h"
#include "state/ledger.h"

namespace cairn::state {

// One transaction being applied: its sender and the path of its payload ("txs[3].payload.delegate").
struct TxEnv {
  Address sender;
  std::string path;
};

// Seconds-free year for issuance: 365.25 days of milliseconds.
inline constexpr std::uint64_t MS_PER_YEAR = 31'557'600'000ull;
inline constexpr std::uint64_t MS_PER_DAY = 86'400'000ull;

// --- rewards.cpp: issuance, commission and the F1 reward-per-share accumulator.
// Commission to the operator's balance, the rest into the accumulator (treasury when nobody holds shares).
Status CreditValidatorReward(Ledger& l, Validator& v, Amount amount, const std::string& where);
// floor(shares * (acc - snapshot) / 2^64), never more than the validator's reward pool.
Amount PendingReward(const Validator& v, const Delegation& d);
// Pays the pending reward to the delegator and moves the snapshot to the current accumulator.
Status SettleDelegation(Ledger& l, const Address& delegator, Validator& v, Delegation& d, const std::string& where);
// Issuance for `elapsed` slots over total bonded stake: tax to the treasury, proposer bonus to the
// proposer; returns the voters' pool (distributed by DistributeVoterPool once the votes are counted).
util::Result<Amount, BlockError> Issue(Ledger& l, ValidatorIndex proposer, Slot elapsed);
// Splits `pool` over counted votes by the voter's stake; the rounding remainder goes to the treasury.
Status DistributeVoterPool(Ledger& l, Amount pool, const std::vector<std::pair<ValidatorIndex, Amount>>& weights);

// --- staking.cpp: stake pools, delegation rules, unbonding queue.
Amount StakeOf(const Validator& v, std::uint64_t shares);  // floor(shares * tokens / total_shares)
Amount SelfStake(Ledger& l, ValidatorIndex i, const Validator& v);
// Settles, then adds `amount` tokens (already taken from a balance) as new shares; returns the shares.
util::Result<std::uint64_t, BlockError> AddStake(Ledger& l, ValidatorIndex i, Validator& v, const Address& delegator,
                                                 Amount amount, const std::string& where);
// Creates validator `index` from `v` (its identity fields set by the caller): the record, the lookups
// by operator and by consensus key, and the operator's self bond as its first stake. Shared by
// genesis and RegisterValidator so both create validators the same way.
util::Result<void, BlockError> CreateValidator(Ledger& l, ValidatorIndex index, Validator v, Amount self_bond,
                                               const std::string& path);
// Settles, then removes exactly `amount` tokens of the delegator's stake (rounding shares up).
Status RemoveStake(Ledger& l, ValidatorIndex i, Validator& v, const Address& delegator, Amount amount,
                   const std::string& where);
// Takes tokens out of a pool (slash, penalty); the caller books them (burn / slash / reward).
Status ReduceTokens(Ledger& l, Validator& v, Amount amount, const std::string& where);
// When a pool has no shares left its leftover tokens and reward dust go to the treasury.
Status SweepEmptyPool(Ledger& l, Validator& v, const std::string& where);
Status MatureEntries(Ledger& l);  // pays out unbondings and drops redelegation records that completed
Status ApplyRegisterValidator(Ledger& l, const TxEnv& env, const chain::RegisterValidator& p);
Status ApplyEditValidator(Ledger& l, const TxEnv& env, const chain::EditValidator& p);
Status ApplyDelegate(Ledger& l, const TxEnv& env, const chain::Delegate& p);
Status ApplyUndelegate(Ledger& l, const TxEnv& env, const chain::Undelegate& p);
Status ApplyRedelegate(Ledger& l, const TxEnv& env, const chain::Redelegate& p);
Status ApplyClaimRewards(Ledger& l, const TxEnv& env, const chain::ClaimRewards& p);
Status ApplyUnjail(Ledger& l, const TxEnv& env);

// --- slashing.cpp: evidence, downtime jail, correlation window.
Status ApplyEvidence(Ledger& l, const chain::Evidence& e, const Address& whistleblower, const std::string& where,
                     SigCheck sig_check, const crypto::Hash256& genesis_hash);
Status JailForDowntime(Ledger& l, ValidatorIndex i, Validator& v);
Status PruneSlashRecords(Ledger& l);

// --- liveness.cpp: votes in the body, downtime assessment and the inactivity leak.
Slot VoteInclusionWindow(const chain::ChainParams& p);  // = staking_period
Status ApplyVotes(Ledger& l, const std::vector<chain::SignedVote>& votes, SigCheck sig_check,
                  const crypto::Hash256& genesis_hash, std::vector<std::pair<ValidatorIndex, Amount>>& weights);
Status AssessLiveness(Ledger& l, const BlockContext& ctx);

// --- active_set.cpp: staking boundaries.
std::uint64_t PeriodOf(const chain::ChainParams& p, Slot slot);
bool IsMember(const ActiveSet& set, ValidatorIndex i);
// The top max_validators eligible validators with no churn limit (genesis).
ActiveSet ComputeInitialSet(Ledger& l);
// Entering period `period`: pending params, rotation, next set with churn.
Status ProcessBoundary(Ledger& l, std::uint64_t period);
Status CheckProposer(Ledger& l, ValidatorIndex proposer);

// --- governance.cpp.
Status ApplySubmitProposal(Ledger& l, const TxEnv& env, const chain::SubmitProposal& p);
Status ApplyDeposit(Ledger& l, const TxEnv& env, const chain::Deposit& p);
Status ApplyGovVote(Ledger& l, const TxEnv& env, const chain::GovVote& p);
Status ProcessGovernance(Ledger& l);  // ends deposit and voting periods due at this slot

// --- accounts.cpp: the transaction envelope, fees, transfers and payload dispatch.
Status ApplyTransaction(Ledger& l, const chain::Transaction& tx, std::size_t index, SigCheck sig_check,
                        const crypto::Hash256& genesis_hash, Amount& fees);

}  // namespace cairn::state
