// ChainParams: every consensus parameter of PROTOCOL.md (timing, staking, rewards, slashing, limits,
// governance), their canonical encoding, validation, the DevnetParams()/TestnetParams() presets and
// the fixed list of governance-changeable parameters, read and written by name.
//
// Every parameter is described once in a table (ParamTable()); encoding, JSON (genesis.cpp), get/set by
// name and SPEC.md follow the table order.
// Thread safety: plain values and pure functions, callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "chain/codec.h"
#include "chain/ids.h"
#include "util/result.h"

namespace cairn::chain {

// Hard decoding caps, independent of parameters: a decoder allocates nothing beyond them.
inline constexpr std::size_t MAX_BLOCK_TXS_CAP = 1 << 16;
inline constexpr std::size_t MAX_BLOCK_VOTES_CAP = 1 << 16;
inline constexpr std::size_t MAX_BLOCK_EVIDENCE_CAP = 1 << 10;
inline constexpr std::size_t MAX_BLOCK_BYTES_CAP = 32u << 20;
inline constexpr std::size_t MAX_TX_BYTES_CAP = 1u << 20;
inline constexpr std::uint64_t BPS_DENOMINATOR = 10'000;

struct ChainParams {
  // Timing.
  std::uint64_t slot_ms = 0;
  std::uint64_t staking_period = 0;        // slots between active-set recomputations
  std::uint64_t max_validators = 0;
  std::uint64_t churn_limit = 0;           // validators entering (and leaving) per staking boundary
  std::uint64_t proposer_boost_pct = 0;
  // Inactivity leak.
  std::uint64_t leak_after = 0;            // slots without finality before the leak starts
  std::uint64_t inactivity_score_bias = 0;
  std::uint64_t inactivity_score_recovery = 0;
  std::uint64_t inactivity_penalty_quotient = 0;
  // Rewards.
  std::uint64_t inflation_bps = 0;         // per year of slots
  std::uint64_t community_tax_bps = 0;
  std::uint64_t proposer_bonus_bps = 0;
  // Downtime.
  std::uint64_t downtime_window = 0;
  std::uint64_t max_missed_votes = 0;
  std::uint64_t jail_slots = 0;
  std::uint64_t downtime_slash_bps = 0;
  // Slashing.
  std::uint64_t slash_fraction_bps = 0;
  std::uint64_t correlation_window_slots = 0;
  std::uint64_t correlation_multiplier = 0;
  std::uint64_t whistleblower_reward_bps = 0;
  std::uint64_t evidence_window = 0;       // slots after an offence during which evidence is accepted
  std::uint64_t unbonding_slots = 0;       // must exceed evidence_window
  // Validators.
  std::uint64_t commission_max_change_bps_per_day = 0;
  std::uint64_t min_self_bond = 0;         // base units
  // Fees and limits.
  std::uint64_t min_fee_rate = 0;          // base units per encoded byte
  std::uint64_t max_tx_bytes = 0;
  std::uint64_t max_block_txs = 0;
  std::uint64_t max_block_bytes = 0;
  std::uint64_t max_block_votes = 0;
  std::uint64_t max_block_evidence = 0;
  // Governance.
  std::uint64_t min_deposit = 0;           // base units
  std::uint64_t deposit_slots = 0;
  std::uint64_t voting_slots = 0;
  std::uint64_t quorum_bps = 0;
  std::uint64_t veto_bps = 0;
  std::uint64_t threshold_bps = 0;
  bool burn_expired_deposits = false;

  bool operator==(const ChainParams&) const = default;
};

enum class ParamKind : std::uint8_t { Millis, Slots, Count, Percent, Bps, Units, Flag };
enum class Governable : std::uint8_t { No, Yes };

struct ParamInfo {
  std::string_view name;
  ParamKind kind;
  Governable governable;
  std::uint64_t ChainParams::*number = nullptr;  // every kind but Flag
  bool ChainParams::*flag = nullptr;             // Flag
};

// All parameters in canonical (encoding) order.
std::span<const ParamInfo> ParamTable();
const ParamInfo* FindParam(std::string_view name);

// Value by name (a Flag reads as 0/1); nothing for an unknown name.
std::optional<std::uint64_t> GetParam(const ChainParams& params, std::string_view name);
// Governance: sets a governable parameter (a Flag takes 0 or 1). Fails for unknown or non-governable
// names; the caller runs Validate() on the result before adopting it.
util::Result<void, std::string> SetGovernableParam(ChainParams& params, std::string_view name, std::uint64_t value);
[[nodiscard]] bool IsGovernableParam(std::string_view name);

// Ranges and relations (e.g. unbonding_slots > evidence_window); Invalid names the parameter.
util::Result<void, Invalid> ValidateParams(const ChainParams& params);

ChainParams DevnetParams();   // 1 s slots, minute-scale periods
ChainParams TestnetParams();  // 2 s slots, day-scale periods

void Write(Writer& w, const ChainParams& params);
ChainParams ReadChainParams(Reader& r);
util::Bytes Encode(const ChainParams& params);
util::Result<ChainParams, DecodeError> DecodeChainParams(util::ByteSpan bytes);

}  // namespace cairn::chain
