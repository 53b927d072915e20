// The ledger's records (SPEC.md "State rules" section 1) and their canonical encodings (chain::Writer /
// chain::Reader: little-endian fixed-width integers, strict decoding, no trailing bytes).
//
// Thread safety: plain values and pure functions, callable from any thread.
// Failure: Decode* return a chain::DecodeError naming the field for malformed bytes (a corrupt state).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chain/address.h"
#include "chain/amount.h"
#include "chain/codec.h"
#include "chain/ids.h"
#include "chain/params.h"
#include "chain/transaction.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"

namespace cairn::state {

using chain::Address;
using chain::Amount;
using chain::Slot;
using chain::ValidatorIndex;

struct Account {
  Amount balance = 0;
  std::uint64_t nonce = 0;
  bool operator==(const Account&) const = default;
};

// A 128-bit unsigned fixed-point number (value / 2^64), stored as two u64 words.
struct Fixed128 {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  bool operator==(const Fixed128&) const = default;
};

// Bonded validators are Candidates; membership of the active set is a separate record (ActiveSet).
enum class ValidatorStatus : std::uint8_t { Candidate = 0, Jailed = 1, Tombstoned = 2 };
inline constexpr std::uint8_t VALIDATOR_STATUS_COUNT = 3;
std::string_view ValidatorStatusName(ValidatorStatus status);  // "candidate", "jailed", "tombstoned"

struct Validator {
  Address operator_address;
  crypto::PublicKey consensus_pubkey;
  crypto::PublicKey vrf_pubkey;
  std::uint16_t commission_bps = 0;
  Slot commission_changed_slot = 0;
  std::string moniker;
  std::string website;
  ValidatorStatus status = ValidatorStatus::Candidate;
  Slot jailed_until = 0;
  Amount tokens = 0;               // bonded tokens of the pool (self bond + delegations, after slashes)
  std::uint64_t total_shares = 0;  // sum of delegation shares
  Fixed128 reward_per_share;       // F1 accumulator: delegator reward per share, times 2^64
  Amount reward_pool = 0;          // credited to delegators, not yet claimed
  bool operator==(const Validator&) const = default;
};

struct Delegation {
  std::uint64_t shares = 0;
  Fixed128 reward_snapshot;  // the validator's reward_per_share when last settled
  bool operator==(const Delegation&) const = default;
};

struct Unbonding {
  Amount amount = 0;          // what will be paid out (after slashes)
  Amount initial_amount = 0;  // what was undelegated
  Slot creation_slot = 0;
  bool operator==(const Unbonding&) const = default;
};

struct Redelegation {
  Amount initial_amount = 0;
  std::uint64_t shares_dst = 0;  // shares received at the destination (slashable for the source's offences)
  Slot creation_slot = 0;
  bool operator==(const Redelegation&) const = default;
};

// Downtime window and inactivity score of one validator.
struct Liveness {
  std::uint64_t window = 0;    // downtime_window the bitset was sized for (reset when it changes)
  std::uint64_t missed = 0;    // set bits in `bits`
  util::Bytes bits;            // bit (s % window) set: assessed slot s was missed
  std::uint64_t inactivity_score = 0;
  bool operator==(const Liveness&) const = default;
};

struct ActiveSet {
  std::vector<ValidatorIndex> members;  // ascending
  bool operator==(const ActiveSet&) const = default;
};

enum class ProposalStatus : std::uint8_t { DepositPeriod = 0, VotingPeriod, Passed, Rejected, Vetoed, NoQuorum, Expired };
inline constexpr std::uint8_t PROPOSAL_STATUS_COUNT = 7;
std::string_view ProposalStatusName(ProposalStatus status);  // "deposit_period", ..., "no_quorum", "expired"

enum class Execution : std::uint8_t { None = 0, Applied, Failed };
inline constexpr std::uint8_t EXECUTION_COUNT = 3;
std::string_view ExecutionName(Execution execution);  // "none", "applied", "failed"

struct Tally {
  Amount yes = 0, no = 0, abstain = 0, veto = 0;
  bool operator==(const Tally&) const = default;
};

struct Proposal {
  chain::ProposalId id = 0;
  Address proposer;
  chain::ProposalKind kind;
  std::string title;
  std::string description;
  ProposalStatus status = ProposalStatus::DepositPeriod;
  Slot submit_slot = 0;
  Slot deposit_end_slot = 0;   // deposit period ends (expires) here unless min_deposit is reached first
  Slot voting_start_slot = 0;  // 0 until voting starts
  Slot voting_end_slot = 0;
  Amount total_deposit = 0;
  Tally tally;                 // final tally (zero until tallied)
  Execution execution = Execution::None;
  std::string execution_note;  // why execution failed (or what it did)
  bool operator==(const Proposal&) const = default;
};

struct UpgradeRecord {
  std::string version;
  Slot slot = 0;         // the upgrade's announced slot
  Slot passed_slot = 0;  // when the proposal passed
  bool operator==(const UpgradeRecord&) const = default;
};

// Chain-wide counters. Invariant (tested): supply == genesis_supply + issued - burned - slashed, and
// supply == balances + bonded tokens + unbonding + deposits in escrow + treasury + reward pools.
struct Globals {
  chain::ChainId chain_id;
  Amount genesis_supply = 0;
  Amount supply = 0;
  Amount issued = 0;    // total issuance
  Amount burned = 0;    // burned deposits and inactivity penalties
  Amount slashed = 0;   // slashed stake net of whistleblower rewards (evidence and downtime)
  Amount treasury = 0;
  Amount total_bonded = 0;  // sum of validator tokens
  ValidatorIndex next_validator_index = 0;
  chain::ProposalId next_proposal_id = 1;
  std::uint64_t next_seq = 0;  // unbonding / redelegation key suffix
  crypto::Hash256 seed;        // randomness mix
  Slot last_slot = 0;
  chain::Height last_height = 0;
  std::uint64_t current_period = 0;
  bool operator==(const Globals&) const = default;
};

using DecodeResultError = chain::DecodeError;

util::Bytes Encode(const Account& v);
util::Bytes Encode(const Validator& v);
util::Bytes Encode(const Delegation& v);
util::Bytes Encode(const Unbonding& v);
util::Bytes Encode(const Redelegation& v);
util::Bytes Encode(const Liveness& v);
util::Bytes Encode(const ActiveSet& v);
util::Bytes Encode(const Proposal& v);
util::Bytes Encode(const UpgradeRecord& v);
util::Bytes Encode(const Globals& v);
util::Bytes EncodeU64(std::uint64_t v);
util::Bytes EncodeU32(std::uint32_t v);

util::Result<Account, chain::DecodeError> DecodeAccount(util::ByteSpan b);
util::Result<Validator, chain::DecodeError> DecodeValidator(util::ByteSpan b);
util::Result<Delegation, chain::DecodeError> DecodeDelegation(util::ByteSpan b);
util::Result<Unbonding, chain::DecodeError> DecodeUnbonding(util::ByteSpan b);
util::Result<Redelegation, chain::DecodeError> DecodeRedelegation(util::ByteSpan b);
util::Result<Liveness, chain::DecodeError> DecodeLiveness(util::ByteSpan b);
util::Result<ActiveSet, chain::DecodeError> DecodeActiveSet(util::ByteSpan b);
util::Result<Proposal, chain::DecodeError> DecodeProposal(util::ByteSpan b);
util::Result<UpgradeRecord, chain::DecodeError> DecodeUpgradeRecord(util::ByteSpan b);
util::Result<Globals, chain::DecodeError> DecodeGlobals(util::ByteSpan b);
util::Result<std::uint64_t, chain::DecodeError> DecodeU64(util::ByteSpan b);
util::Result<std::uint32_t, chain::DecodeError> DecodeU32(util::ByteSpan b);

}  // namespace cairn::state
