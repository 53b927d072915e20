// Issuance, commission and the F1-style reward-per-share accumulator (SPEC.md "State rules" section 4).
#include "state/rules.h"

namespace cairn::state {

Status CreditValidatorReward(Ledger& l, Validator& v, Amount amount, const std::string& where) {
  if (amount == 0) return {};
  const Amount commission = *util::MulDiv(amount, v.commission_bps, chain::BPS_DENOMINATOR);
  CAIRN_TRY(l.Credit(v.operator_address, commission, where));
  const Amount rest = amount - commission;
  if (rest == 0) return {};
  if (v.total_shares == 0) return l.AddTreasury(rest, where);
  const U128 increment = (static_cast<U128>(rest) << 64) / v.total_shares;
  const U128 acc = ToU128(v.reward_per_share);
  if (acc + increment < acc) return Fail(where, "reward accumulator overflow");
  const auto pool = util::CheckedAdd(v.reward_pool, rest);
  if (!pool) return Fail(where, "reward pool overflow");
  v.reward_per_share = FromU128(acc + increment);
  v.reward_pool = *pool;
  return {};
}

Amount PendingReward(const Validator& v, const Delegation& d) {
  const U128 acc = ToU128(v.reward_per_share);
  const U128 snap = ToU128(d.reward_snapshot);
  if (acc <= snap || d.shares == 0) return 0;
  const U128 diff = acc - snap;
  const auto hi = static_cast<std::uint64_t>(diff >> 64);
  const auto lo = static_cast<std::uint64_t>(diff);
  // floor(shares * diff / 2^64) = shares * hi + floor(shares * lo / 2^64), with no 256-bit product.
  const U128 whole = static_cast<U128>(d.shares) * hi + ((static_cast<U128>(d.shares) * lo) >> 64);
  return whole > v.reward_pool ? v.reward_pool : static_cast<Amount>(whole);
}

Status SettleDelegation(Ledger& l, const Address& delegator, Validator& v, Delegation& d, const std::string& where) {
  const Amount pending = PendingReward(v, d);
  d.reward_snapshot = v.reward_per_share;
  if (pending == 0) return {};
  v.reward_pool -= pending;
  return l.Credit(delegator, pending, where);
}

util::Result<Amount, BlockError> Issue(Ledger& l, ValidatorIndex proposer, Slot elapsed) {
  const chain::ChainParams& p = l.params();
  Globals& g = l.globals();
  // A gap of more than 2^32 slots (centuries) issues as 2^32 slots: keeps the product in 128 bits.
  const U128 slots = elapsed > 0xFFFFFFFFull ? 0xFFFFFFFFull : elapsed;
  const U128 numerator = static_cast<U128>(g.total_bonded) * p.inflation_bps * p.slot_ms * slots;
  const U128 issued128 = numerator / (static_cast<U128>(chain::BPS_DENOMINATOR) * MS_PER_YEAR);
  if (issued128 > UINT64_MAX) return Fail("header.slot", "issuance overflow");
  const auto issued = static_cast<Amount>(issued128);
  if (issued == 0) return Amount{0};
  const auto supply = util::CheckedAdd(g.supply, issued);
  const auto total = util::CheckedAdd(g.issued, issued);
  if (!supply || !total) return Fail("header.slot", "issuance overflows the supply");
  g.supply = *supply;
  g.issued = *total;
  const Amount tax = *util::MulDiv(issued, p.community_tax_bps, chain::BPS_DENOMINATOR);
  const Amount bonus = *util::MulDiv(issued, p.proposer_bonus_bps, chain::BPS_DENOMINATOR);
  CAIRN_TRY(l.AddTreasury(tax, "header.slot"));
  auto v = l.GetValidator(proposer);
  if (!v) return Fail("header.proposer_index", "no such validator");
  CAIRN_TRY(CreditValidatorReward(l, *v, bonus, "header.proposer_index"));
  l.PutValidator(proposer, *v);
  return issued - tax - bonus;
}

Status DistributeVoterPool(Ledger& l, Amount pool, const std::vector<std::pair<ValidatorIndex, Amount>>& weights) {
  if (pool == 0) return {};
  U128 total = 0;
  for (const auto& [index, weight] : weights) total += weight;
  Amount paid = 0;
  if (total > 0) {
    for (const auto& [index, weight] : weights) {
      const Amount share = static_cast<Amount>(static_cast<U128>(pool) * weight / total);
      if (share == 0) continue;
      auto v = l.GetValidator(index);
      if (!v) return Fail("votes", "voter " + Str(index) + " vanished");
      CAIRN_TRY(CreditValidatorReward(l, *v, share, "votes"));
      l.PutValidator(index, *v);
      paid += share;
    }
  }
  return l.AddTreasury(pool - paid, "votes");
}

}  // namespace cairn::state
