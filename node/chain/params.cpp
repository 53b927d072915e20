#include "chain/params.h"

#include <array>

namespace cairn::chain {

namespace {

using K = ParamKind;
using G = Governable;
using P = ChainParams;

constexpr ParamInfo Num(std::string_view name, K kind, G gov, std::uint64_t P::*m) {
  return ParamInfo{name, kind, gov, m, nullptr};
}

// slot_ms and staking_period are not governable: slot numbering and boundaries are fixed from genesis.
const std::array<ParamInfo, 36> TABLE = {{
    Num("slot_ms", K::Millis, G::No, &P::slot_ms),
    Num("staking_period", K::Slots, G::No, &P::staking_period),
    Num("max_validators", K::Count, G::Yes, &P::max_validators),
    Num("churn_limit", K::Count, G::Yes, &P::churn_limit),
    Num("proposer_boost_pct", K::Percent, G::Yes, &P::proposer_boost_pct),
    Num("leak_after", K::Slots, G::Yes, &P::leak_after),
    Num("inactivity_score_bias", K::Count, G::Yes, &P::inactivity_score_bias),
    Num("inactivity_score_recovery", K::Count, G::Yes, &P::inactivity_score_recovery),
    Num("inactivity_penalty_quotient", K::Count, G::Yes, &P::inactivity_penalty_quotient),
    Num("inflation_bps", K::Bps, G::Yes, &P::inflation_bps),
    Num("community_tax_bps", K::Bps, G::Yes, &P::community_tax_bps),
    Num("proposer_bonus_bps", K::Bps, G::Yes, &P::proposer_bonus_bps),
    Num("downtime_window", K::Slots, G::Yes, &P::downtime_window),
    Num("max_missed_votes", K::Count, G::Yes, &P::max_missed_votes),
    Num("jail_slots", K::Slots, G::Yes, &P::jail_slots),
    Num("downtime_slash_bps", K::Bps, G::Yes, &P::downtime_slash_bps),
    Num("slash_fraction_bps", K::Bps, G::Yes, &P::slash_fraction_bps),
    Num("correlation_window_slots", K::Slots, G::Yes, &P::correlation_window_slots),
    Num("correlation_multiplier", K::Count, G::Yes, &P::correlation_multiplier),
    Num("whistleblower_reward_bps", K::Bps, G::Yes, &P::whistleblower_reward_bps),
    Num("evidence_window", K::Slots, G::Yes, &P::evidence_window),
    Num("unbonding_slots", K::Slots, G::Yes, &P::unbonding_slots),
    Num("commission_max_change_bps_per_day", K::Bps, G::Yes, &P::commission_max_change_bps_per_day),
    Num("min_self_bond", K::Units, G::Yes, &P::min_self_bond),
    Num("min_fee_rate", K::Units, G::Yes, &P::min_fee_rate),
    Num("max_tx_bytes", K::Count, G::Yes, &P::max_tx_bytes),
    Num("max_block_txs", K::Count, G::Yes, &P::max_block_txs),
    Num("max_block_bytes", K::Count, G::Yes, &P::max_block_bytes),
    Num("max_block_votes", K::Count, G::Yes, &P::max_block_votes),
    Num("max_block_evidence", K::Count, G::Yes, &P::max_block_evidence),
    Num("min_deposit", K::Units, G::Yes, &P::min_deposit),
    Num("deposit_slots", K::Slots, G::Yes, &P::deposit_slots),
    Num("voting_slots", K::Slots, G::Yes, &P::voting_slots),
    Num("quorum_bps", K::Bps, G::Yes, &P::quorum_bps),
    Num("veto_bps", K::Bps, G::Yes, &P::veto_bps),
    Num("threshold_bps", K::Bps, G::Yes, &P::threshold_bps),
}};

const ParamInfo FLAG_BURN{"burn_expired_deposits", K::Flag, G::Yes, nullptr, &P::burn_expired_deposits};

const std::array<ParamInfo, 37>& FullTable() {
  static const std::array<ParamInfo, 37> full = [] {
    std::array<ParamInfo, 37> out{};
    for (std::size_t i = 0; i < TABLE.size(); ++i) out[i] = TABLE[i];
    out[36] = FLAG_BURN;
    return out;
  }();
  return full;
}

util::Result<void, Invalid> Bad(std::string_view name, std::string reason) {
  return util::Err(Invalid{std::string(name), std::move(reason)});
}

}  // namespace

std::span<const ParamInfo> ParamTable() { return FullTable(); }

const ParamInfo* FindParam(std::string_view name) {
  for (const auto& p : FullTable()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::optional<std::uint64_t> GetParam(const ChainParams& params, std::string_view name) {
  const ParamInfo* p = FindParam(name);
  if (!p) return std::nullopt;
  if (p->kind == K::Flag) return params.*(p->flag) ? 1 : 0;
  return params.*(p->number);
}

bool IsGovernableParam(std::string_view name) {
  const ParamInfo* p = FindParam(name);
  return p && p->governable == G::Yes;
}

util::Result<void, std::string> SetGovernableParam(ChainParams& params, std::string_view name, std::uint64_t value) {
  const ParamInfo* p = FindParam(name);
  if (!p) return util::Err("unknown parameter '" + std::string(name) + "'");
  if (p->governable != G::Yes) return util::Err("parameter '" + std::string(name) + "' cannot be changed by governance");
  if (p->kind == K::Flag) {
    if (value > 1) return util::Err("parameter '" + std::string(name) + "' takes 0 or 1");
    params.*(p->flag) = value == 1;
  } else {
    params.*(p->number) = value;
  }
  return {};
}

util::Result<void, Invalid> ValidateParams(const ChainParams& p) {
  for (const auto& info : FullTable()) {
    if (info.kind == K::Bps && p.*(info.number) > BPS_DENOMINATOR) {
      return Bad(info.name, "must be at most 10000 basis points");
    }
  }
  if (p.slot_ms < 100 || p.slot_ms > 60'000) return Bad("slot_ms", "must be between 100 and 60000");
  if (p.staking_period == 0) return Bad("staking_period", "must be at least 1 slot");
  if (p.max_validators == 0 || p.max_validators > 10'000) return Bad("max_validators", "must be between 1 and 10000");
  if (p.churn_limit == 0) return Bad("churn_limit", "must be at least 1");
  if (p.proposer_boost_pct > 100) return Bad("proposer_boost_pct", "must be at most 100");
  if (p.leak_after == 0) return Bad("leak_after", "must be at least 1 slot");
  if (p.inactivity_penalty_quotient == 0) return Bad("inactivity_penalty_quotient", "must not be zero");
  if (p.community_tax_bps + p.proposer_bonus_bps > BPS_DENOMINATOR) {
    return Bad("proposer_bonus_bps", "community_tax_bps + proposer_bonus_bps must be at most 10000");
  }
  if (p.downtime_window == 0) return Bad("downtime_window", "must be at least 1 slot");
  if (p.max_missed_votes >= p.downtime_window) return Bad("max_missed_votes", "must be less than downtime_window");
  if (p.jail_slots == 0) return Bad("jail_slots", "must be at least 1 slot");
  if (p.slash_fraction_bps == 0) return Bad("slash_fraction_bps", "must not be zero");
  if (p.correlation_window_slots == 0) return Bad("correlation_window_slots", "must be at least 1 slot");
  if (p.evidence_window == 0) return Bad("evidence_window", "must be at least 1 slot");
  if (p.unbonding_slots <= p.evidence_window) {
    return Bad("unbonding_slots", "must be greater than evidence_window (unbonding stake must stay slashable)");
  }
  if (p.min_self_bond == 0) return Bad("min_self_bond", "must not be zero");
  if (p.max_tx_bytes < 256 || p.max_tx_bytes > MAX_TX_BYTES_CAP) return Bad("max_tx_bytes", "must be between 256 and 1048576");
  if (p.max_block_bytes < p.max_tx_bytes || p.max_block_bytes > MAX_BLOCK_BYTES_CAP) {
    return Bad("max_block_bytes", "must be at least max_tx_bytes and at most 33554432");
  }
  if (p.max_block_txs == 0 || p.max_block_txs > MAX_BLOCK_TXS_CAP) return Bad("max_block_txs", "must be between 1 and 65536");
  if (p.max_block_votes < p.max_validators || p.max_block_votes > MAX_BLOCK_VOTES_CAP) {
    return Bad("max_block_votes", "must be at least max_validators and at most 65536");
  }
  if (p.max_block_evidence == 0 || p.max_block_evidence > MAX_BLOCK_EVIDENCE_CAP) {
    return Bad("max_block_evidence", "must be between 1 and 1024");
  }
  if (p.min_deposit == 0) return Bad("min_deposit", "must not be zero");
  if (p.deposit_slots == 0) return Bad("deposit_slots", "must be at least 1 slot");
  if (p.voting_slots == 0) return Bad("voting_slots", "must be at least 1 slot");
  if (p.quorum_bps == 0) return Bad("quorum_bps", "must not be zero");
  if (p.threshold_bps == 0) return Bad("threshold_bps", "must not be zero");
  return {};
}

ChainParams TestnetParams() {
  ChainParams p;
  p.slot_ms = 2000;
  p.staking_period = 32;
  p.max_validators = 100;
  p.churn_limit = 4;
  p.proposer_boost_pct = 20;
  p.leak_after = 128;
  p.inactivity_score_bias = 4;
  p.inactivity_score_recovery = 16;
  p.inactivity_penalty_quotient = 1ull << 24;
  p.inflation_bps = 700;
  p.community_tax_bps = 200;
  p.proposer_bonus_bps = 500;
  p.downtime_window = 1800;        // 1 hour
  p.max_missed_votes = 900;
  p.jail_slots = 600;              // 20 minutes
  p.downtime_slash_bps = 1;
  p.slash_fraction_bps = 500;
  p.correlation_window_slots = 43'200;
  p.correlation_multiplier = 3;
  p.whistleblower_reward_bps = 500;
  p.evidence_window = 43'200;      // 1 day
  p.unbonding_slots = 302'400;     // 7 days
  p.commission_max_change_bps_per_day = 100;
  p.min_self_bond = 1000 * 100'000'000ull;
  p.min_fee_rate = 10;
  p.max_tx_bytes = 16'384;
  p.max_block_txs = 4096;
  p.max_block_bytes = 2u << 20;
  p.max_block_votes = 1024;
  p.max_block_evidence = 32;
  p.min_deposit = 100 * 100'000'000ull;
  p.deposit_slots = 43'200;
  p.voting_slots = 43'200;
  p.quorum_bps = 3340;
  p.veto_bps = 3340;
  p.threshold_bps = 5000;
  p.burn_expired_deposits = false;
  return p;
}

ChainParams DevnetParams() {
  ChainParams p = TestnetParams();
  p.slot_ms = 1000;
  p.downtime_window = 100;
  p.max_missed_votes = 50;
  p.jail_slots = 60;
  p.correlation_window_slots = 256;
  p.evidence_window = 120;
  p.unbonding_slots = 180;
  p.min_self_bond = 100'000'000ull;
  p.min_fee_rate = 1;
  p.min_deposit = 10 * 100'000'000ull;
  p.deposit_slots = 120;
  p.voting_slots = 180;
  return p;
}

void Write(Writer& w, const ChainParams& params) {
  for (const auto& info : FullTable()) {
    if (info.kind == K::Flag) w.Bool(params.*(info.flag));
    else w.U64(params.*(info.number));
  }
}

ChainParams ReadChainParams(Reader& r) {
  ChainParams p;
  for (const auto& info : FullTable()) {
    if (info.kind == K::Flag) p.*(info.flag) = r.Bool(info.name);
    else p.*(info.number) = r.U64(info.name);
  }
  return p;
}

util::Bytes Encode(const ChainParams& params) {
  Writer w;
  Write(w, params);
  return w.Take();
}

util::Result<ChainParams, DecodeError> DecodeChainParams(util::ByteSpan bytes) {
  return DecodeWhole<ChainParams>(bytes, "params", [](Reader& r) { return ReadChainParams(r); });
}

}  // namespace cairn::chain
