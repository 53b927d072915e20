// Stake pools (tokens / shares), validator registration and edits, delegate / undelegate / redelegate,
// claims, unjail and the unbonding queue (SPEC.md "State rules" section 3).
#include "chain/amount.h"
#include "state/rules.h"
#include "util/hex.h"

namespace cairn::state {

Amount StakeOf(const Validator& v, std::uint64_t shares) {
  if (v.total_shares == 0) return 0;
  return *util::MulDiv(shares, v.tokens, v.total_shares);  // shares <= total_shares: fits
}

Amount SelfStake(Ledger& l, ValidatorIndex i, const Validator& v) {
  const auto d = l.GetDelegation(v.operator_address, i);
  return d ? StakeOf(v, d->shares) : 0;
}

util::Result<std::uint64_t, BlockError> AddStake(Ledger& l, ValidatorIndex i, Validator& v, const Address& delegator,
                                                 Amount amount, const std::string& where) {
  Delegation d = l.GetDelegation(delegator, i).value_or(Delegation{0, v.reward_per_share});
  CAIRN_TRY(SettleDelegation(l, delegator, v, d, where));
  std::uint64_t shares = amount;
  if (v.total_shares > 0) {
    if (v.tokens == 0) return Fail(where, "validator " + Str(i) + " has no bonded tokens left (slashed to zero)");
    const auto s = util::MulDiv(amount, v.total_shares, v.tokens);
    if (!s) return Fail(where, "share computation overflows");
    shares = *s;
    if (shares == 0) return Fail(where, "amount " + Str(amount) + " is too small to buy one share");
  }
  const auto tokens = util::CheckedAdd(v.tokens, amount);
  const auto total_shares = util::CheckedAdd(v.total_shares, shares);
  const auto bonded = util::CheckedAdd(l.globals().total_bonded, amount);
  const auto own = util::CheckedAdd(d.shares, shares);
  if (!tokens || !total_shares || !bonded || !own) return Fail(where, "stake overflow");
  v.tokens = *tokens;
  v.total_shares = *total_shares;
  l.globals().total_bonded = *bonded;
  d.shares = *own;
  l.PutDelegation(delegator, i, d);
  l.PutValidator(i, v);
  return shares;
}

Status SweepEmptyPool(Ledger& l, Validator& v, const std::string& where) {
  if (v.total_shares != 0) return {};
  // Nobody holds shares: what rounding left in the pool belongs to no one.
  l.globals().total_bonded -= v.tokens;
  CAIRN_TRY(l.AddTreasury(v.tokens, where));
  CAIRN_TRY(l.AddTreasury(v.reward_pool, where));
  v.tokens = 0;
  v.reward_pool = 0;
  return {};
}

Status RemoveStake(Ledger& l, ValidatorIndex i, Validator& v, const Address& delegator, Amount amount,
                   const std::string& where) {
  auto d = l.GetDelegation(delegator, i);
  if (!d) return Fail(where, "sender has no delegation to validator " + Str(i));
  const Amount stake = StakeOf(v, d->shares);
  if (amount > stake) return Fail(where + ".amount", "exceeds delegated stake " + Str(stake) + " < " + Str(amount));
  CAIRN_TRY(SettleDelegation(l, delegator, v, *d, where));
  std::uint64_t removed = d->shares;
  if (amount < stake) {
    // Round the shares up so the remaining shares never gain value at others' expense.
    removed = std::min(d->shares, *MulDivCeil(amount, v.total_shares, v.tokens));
  }
  v.tokens -= amount;
  v.total_shares -= removed;
  d->shares -= removed;
  l.globals().total_bonded -= amount;
  CAIRN_TRY(SweepEmptyPool(l, v, where));
  l.PutDelegation(delegator, i, *d);
  l.PutValidator(i, v);
  return {};
}

Status ReduceTokens(Ledger& l, Validator& v, Amount amount, const std::string& where) {
  if (amount > v.tokens || amount > l.globals().total_bonded) return Fail(where, "slash exceeds bonded tokens");
  v.tokens -= amount;
  l.globals().total_bonded -= amount;
  return {};
}

Status MatureEntries(Ledger& l) {
  const Slot slot = l.slot();
  const auto due = [slot](util::ByteSpan key) { return ReadBe64(key, 1) <= slot; };
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::Unbonding), due)) {
    const auto entry = DecodeUnbonding(value);
    if (!entry || key.size() != 41) {
      l.MarkCorrupt("unbonding entry");
      continue;
    }
    const Address delegator = Address::FromSpan(util::ByteSpan(key).subspan(9, 20));
    const ValidatorIndex index = ReadBe32(key, 29);
    const std::uint64_t seq = ReadBe64(key, 33);
    CAIRN_TRY(l.Credit(delegator, entry->amount, "unbonding"));
    l.overlay().Erase(StateKey::FromSpan(key));
    l.overlay().Erase(UnbondingByValidatorKey(index, ReadBe64(key, 1), delegator, seq));
  }
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::Redelegation), due)) {
    if (key.size() != 45) {
      l.MarkCorrupt("redelegation entry");
      continue;
    }
    const Address delegator = Address::FromSpan(util::ByteSpan(key).subspan(9, 20));
    l.overlay().Erase(StateKey::FromSpan(key));
    l.overlay().Erase(RedelegationBySourceKey(ReadBe32(key, 29), ReadBe64(key, 1), delegator, ReadBe32(key, 33),
                                              ReadBe64(key, 37)));
  }
  return {};
}

namespace {

struct Found {
  ValidatorIndex index;
  Validator validator;
};

util::Result<Found, BlockError> FindByOperator(Ledger& l, const Address& op, const std::string& where) {
  const auto index = l.ValidatorByOperator(op);
  if (!index) return Fail(where, "no validator has operator address " + util::ToHex(op.span()));
  auto v = l.GetValidator(*index);
  if (!v) return Fail("state", "validator " + Str(*index) + " missing");
  return Found{*index, std::move(*v)};
}

util::Result<std::uint64_t, BlockError> NextSeq(Ledger& l) {
  const std::uint64_t seq = l.globals().next_seq;
  if (seq == UINT64_MAX) return Fail("state", "sequence exhausted");
  l.globals().next_seq = seq + 1;
  return seq;
}

}  // namespace

Status ApplyRegisterValidator(Ledger& l, const TxEnv& env, const chain::RegisterValidator& p) {
  if (const auto existing = l.ValidatorByOperator(env.sender)) {
    return Fail(env.path, "sender already operates validator " + Str(*existing));
  }
  if (const auto existing = l.ValidatorByConsensusKey(p.consensus_pubkey)) {
    return Fail(env.path + ".consensus_pubkey", "is already the consensus key of validator " + Str(*existing));
  }
  if (p.self_bond < l.params().min_self_bond) {
    return Fail(env.path + ".self_bond",
                "is below the minimum self bond " + Str(l.params().min_self_bond) + " > " + Str(p.self_bond));
  }
  Globals& g = l.globals();
  if (g.next_validator_index == UINT32_MAX) return Fail(env.path, "validator registry is full");
  CAIRN_TRY(l.Debit(env.sender, p.self_bond, env.path + ".self_bond"));
  const ValidatorIndex index = g.next_validator_index++;
  Validator v;
  v.operator_address = env.sender;
  v.consensus_pubkey = p.consensus_pubkey;
  v.vrf_pubkey = p.vrf_pubkey;
  v.commission_bps = p.commission_bps;
  v.moniker = p.moniker;
  v.website = p.website;
  return CreateValidator(l, index, std::move(v), p.self_bond, env.path + ".self_bond");
}

util::Result<void, BlockError> CreateValidator(Ledger& l, ValidatorIndex index, Validator v, Amount self_bond,
                                               const std::string& path) {
  l.overlay().Put(ValidatorByOperatorKey(v.operator_address), EncodeU32(index));
  l.overlay().Put(ValidatorByConsensusKeyKey(v.consensus_pubkey), EncodeU32(index));
  const Address operator_address = v.operator_address;
  auto shares = AddStake(l, index, v, operator_address, self_bond, path);
  if (!shares) return util::Err(shares.error());
  return {};
}

Status ApplyEditValidator(Ledger& l, const TxEnv& env, const chain::EditValidator& p) {
  auto found = FindByOperator(l, env.sender, env.path);
  if (!found) return util::Err(found.error());
  Validator& v = found->validator;
  if (p.commission_bps && *p.commission_bps != v.commission_bps) {
    const std::uint64_t change = *p.commission_bps > v.commission_bps ? *p.commission_bps - v.commission_bps
                                                                      : v.commission_bps - *p.commission_bps;
    const chain::ChainParams& params = l.params();
    if (change > params.commission_max_change_bps_per_day) {
      return Fail(env.path + ".commission_bps", "changes by " + Str(change) + " bps, more than the daily limit of " +
                                                    Str(params.commission_max_change_bps_per_day));
    }
    const Slot slots_per_day = std::max<std::uint64_t>(1, MS_PER_DAY / params.slot_ms);
    // commission_changed_slot 0 means "never changed" (no block has slot 0).
    if (v.commission_changed_slot != 0 && l.slot() < v.commission_changed_slot + slots_per_day) {
      return Fail(env.path + ".commission_bps", "was changed at slot " + Str(v.commission_changed_slot) +
                                                    "; the next change is allowed at slot " +
                                                    Str(v.commission_changed_slot + slots_per_day));
    }
    v.commission_bps = *p.commission_bps;
    v.commission_changed_slot = l.slot();
  }
  if (p.moniker) v.moniker = *p.moniker;
  if (p.website) v.website = *p.website;
  l.PutValidator(found->index, v);
  return {};
}

Status ApplyDelegate(Ledger& l, const TxEnv& env, const chain::Delegate& p) {
  auto found = FindByOperator(l, p.validator, env.path + ".validator");
  if (!found) return util::Err(found.error());
  if (found->validator.status == ValidatorStatus::Tombstoned) {
    return Fail(env.path + ".validator", "validator " + Str(found->index) + " is tombstoned");
  }
  CAIRN_TRY(l.Debit(env.sender, p.amount, env.path + ".amount"));
  auto shares = AddStake(l, found->index, found->validator, env.sender, p.amount, env.path + ".amount");
  if (!shares) return util::Err(shares.error());
  return {};
}

Status ApplyUndelegate(Ledger& l, const TxEnv& env, const chain::Undelegate& p) {
  auto found = FindByOperator(l, p.validator, env.path + ".validator");
  if (!found) return util::Err(found.error());
  CAIRN_TRY(RemoveStake(l, found->index, found->validator, env.sender, p.amount, env.path));
  auto seq = NextSeq(l);
  if (!seq) return util::Err(seq.error());
  const auto completion = util::CheckedAdd(l.slot(), l.params().unbonding_slots);
  if (!completion) return Fail(env.path, "completion slot overflow");
  l.overlay().Put(UnbondingKey(*completion, env.sender, found->index, *seq),
                  Encode(Unbonding{p.amount, p.amount, l.slot()}));
  l.overlay().Put(UnbondingByValidatorKey(found->index, *completion, env.sender, *seq), util::Bytes{1});
  return {};
}

Status ApplyRedelegate(Ledger& l, const TxEnv& env, const chain::Redelegate& p) {
  auto from = FindByOperator(l, p.from, env.path + ".from");
  if (!from) return util::Err(from.error());
  auto to = FindByOperator(l, p.to, env.path + ".to");
  if (!to) return util::Err(to.error());
  if (to->validator.status == ValidatorStatus::Tombstoned) {
    return Fail(env.path + ".to", "validator " + Str(to->index) + " is tombstoned");
  }
  CAIRN_TRY(RemoveStake(l, from->index, from->validator, env.sender, p.amount, env.path));
  auto shares = AddStake(l, to->index, to->validator, env.sender, p.amount, env.path + ".amount");
  if (!shares) return util::Err(shares.error());
  auto seq = NextSeq(l);
  if (!seq) return util::Err(seq.error());
  const auto completion = util::CheckedAdd(l.slot(), l.params().unbonding_slots);
  if (!completion) return Fail(env.path, "completion slot overflow");
  l.overlay().Put(RedelegationKey(*completion, env.sender, from->index, to->index, *seq),
                  Encode(Redelegation{p.amount, *shares, l.slot()}));
  l.overlay().Put(RedelegationBySourceKey(from->index, *completion, env.sender, to->index, *seq), util::Bytes{1});
  return {};
}

Status ApplyClaimRewards(Ledger& l, const TxEnv& env, const chain::ClaimRewards& p) {
  std::vector<ValidatorIndex> indexes;
  if (p.validator) {
    auto found = FindByOperator(l, *p.validator, env.path + ".validator");
    if (!found) return util::Err(found.error());
    if (!l.GetDelegation(env.sender, found->index)) {
      return Fail(env.path + ".validator", "sender has no delegation to validator " + Str(found->index));
    }
    indexes.push_back(found->index);
  } else {
    for (const auto& [key, value] : l.overlay().Scan(DelegationPrefix(env.sender))) indexes.push_back(ReadBe32(key, 21));
  }
  for (ValidatorIndex i : indexes) {
    auto v = l.GetValidator(i);
    auto d = l.GetDelegation(env.sender, i);
    if (!v || !d) return Fail("state", "delegation to missing validator " + Str(i));
    CAIRN_TRY(SettleDelegation(l, env.sender, *v, *d, env.path));
    l.PutDelegation(env.sender, i, *d);
    l.PutValidator(i, *v);
  }
  return {};
}

Status ApplyUnjail(Ledger& l, const TxEnv& env) {
  auto found = FindByOperator(l, env.sender, env.path);
  if (!found) return util::Err(found.error());
  Validator& v = found->validator;
  const std::string who = "validator " + Str(found->index);
  if (v.status == ValidatorStatus::Tombstoned) return Fail(env.path, who + " is tombstoned and can never be unjailed");
  if (v.status != ValidatorStatus::Jailed) return Fail(env.path, who + " is not jailed");
  if (l.slot() < v.jailed_until) return Fail(env.path, who + " is jailed until slot " + Str(v.jailed_until));
  const Amount self = SelfStake(l, found->index, v);
  if (self < l.params().min_self_bond) {
    return Fail(env.path, who + "'s self bond " + Str(self) + " is below min_self_bond " + Str(l.params().min_self_bond));
  }
  v.status = ValidatorStatus::Candidate;
  l.PutValidator(found->index, v);
  return {};
}

}  // namespace cairn::state
