#include "state/queries.h"

#include "state/keys.h"
#include "state/ledger.h"
#include "state/rules.h"

namespace cairn::state {
namespace {

template <class T, class D>
std::optional<T> Read(const StateReader& s, const StateKey& key, D decode) {
  const auto bytes = s.Get(key.span());
  if (!bytes) return std::nullopt;
  auto r = decode(*bytes);
  if (!r) return std::nullopt;
  return std::move(*r);
}

void Scan(const StateReader& s, const StateKey& prefix, const std::function<void(util::ByteSpan, util::ByteSpan)>& f) {
  s.ForEachWithPrefix(prefix.span(), [&](util::ByteSpan k, util::ByteSpan v) {
    f(k, v);
    return true;
  });
}

}  // namespace

std::optional<Globals> GetGlobals(const StateReader& s) { return Read<Globals>(s, GlobalsKey(), DecodeGlobals); }

std::optional<chain::ChainParams> GetParams(const StateReader& s) {
  return Read<chain::ChainParams>(s, ParamsKey(), [](util::ByteSpan b) { return chain::DecodeChainParams(b); });
}

std::optional<chain::ChainParams> GetPendingParams(const StateReader& s) {
  return Read<chain::ChainParams>(s, PendingParamsKey(), [](util::ByteSpan b) { return chain::DecodeChainParams(b); });
}

Account GetAccount(const StateReader& s, const Address& a) {
  return Read<Account>(s, AccountKey(a), DecodeAccount).value_or(Account{});
}

std::optional<Validator> GetValidator(const StateReader& s, ValidatorIndex i) {
  return Read<Validator>(s, ValidatorKey(i), DecodeValidator);
}

std::optional<ValidatorIndex> FindValidatorByOperator(const StateReader& s, const Address& a) {
  return Read<ValidatorIndex>(s, ValidatorByOperatorKey(a), DecodeU32);
}

std::vector<std::pair<ValidatorIndex, Validator>> ListValidators(const StateReader& s) {
  std::vector<std::pair<ValidatorIndex, Validator>> out;
  Scan(s, StateKey(KeyPrefix::Validator), [&](util::ByteSpan k, util::ByteSpan v) {
    if (auto d = DecodeValidator(v); d && k.size() == 5) out.emplace_back(ReadBe32(k, 1), std::move(*d));
  });
  return out;
}

std::optional<Delegation> GetDelegation(const StateReader& s, const Address& d, ValidatorIndex i) {
  return Read<Delegation>(s, DelegationKey(d, i), DecodeDelegation);
}

Amount DelegationStake(const StateReader& s, const Address& d, ValidatorIndex i) {
  const auto v = GetValidator(s, i);
  const auto del = GetDelegation(s, d, i);
  return v && del ? StakeOf(*v, del->shares) : 0;
}

Amount PendingRewards(const StateReader& s, const Address& d, ValidatorIndex i) {
  const auto v = GetValidator(s, i);
  const auto del = GetDelegation(s, d, i);
  return v && del ? PendingReward(*v, *del) : 0;
}

std::optional<Proposal> GetProposal(const StateReader& s, chain::ProposalId id) {
  return Read<Proposal>(s, ProposalKey(id), DecodeProposal);
}

std::vector<std::pair<chain::ProposalId, UpgradeRecord>> ListUpgradeSignals(const StateReader& s) {
  std::vector<std::pair<chain::ProposalId, UpgradeRecord>> out;
  Scan(s, StateKey(KeyPrefix::UpgradeSignal), [&](util::ByteSpan k, util::ByteSpan v) {
    if (auto d = DecodeUpgradeRecord(v); d && k.size() == 9) out.emplace_back(ReadBe64(k, 1), std::move(*d));
  });
  return out;
}

std::optional<ActiveSet> GetActiveSet(const StateReader& s, std::uint64_t period) {
  return Read<ActiveSet>(s, ActiveSetKey(period), DecodeActiveSet);
}

Amount TotalSupply(const StateReader& s) {
  const auto g = GetGlobals(s);
  return g ? g->supply : 0;
}

std::vector<UnbondingEntry> ListUnbondings(const StateReader& s) {
  std::vector<UnbondingEntry> out;
  Scan(s, StateKey(KeyPrefix::Unbonding), [&](util::ByteSpan k, util::ByteSpan v) {
    auto d = DecodeUnbonding(v);
    if (!d || k.size() != 41) return;
    out.push_back({ReadBe64(k, 1), Address::FromSpan(k.subspan(9, 20)), ReadBe32(k, 29), *d});
  });
  return out;
}

std::vector<ActiveValidator> EffectiveActiveSet(const StateReader& s, Slot slot) {
  std::vector<ActiveValidator> out;
  const auto params = GetParams(s);
  if (!params || params->staking_period == 0) return out;
  const std::uint64_t period = slot / params->staking_period;
  auto set = GetActiveSet(s, period);
  if (!set) {
    // Periods without any block do not rotate: the next block's boundary processing gives every skipped
    // period the set that was next (active_set.cpp, ProcessBoundary). Reading the same set here is what
    // lets the validators of a chain that stood still for more than a period propose again.
    const auto globals = GetGlobals(s);
    if (globals && period > globals->current_period + 1) set = GetActiveSet(s, globals->current_period + 1);
  }
  if (!set) return out;
  for (ValidatorIndex i : set->members) {
    const auto v = GetValidator(s, i);
    if (!v || v->status != ValidatorStatus::Candidate) continue;
    out.push_back({i, v->consensus_pubkey, v->vrf_pubkey, v->tokens});
  }
  return out;
}

SupplyBreakdown ComputeSupplyBreakdown(const StateReader& s) {
  SupplyBreakdown b;
  Scan(s, StateKey(KeyPrefix::Account), [&](util::ByteSpan, util::ByteSpan v) {
    if (auto a = DecodeAccount(v)) b.balances += a->balance;
  });
  Scan(s, StateKey(KeyPrefix::Validator), [&](util::ByteSpan, util::ByteSpan v) {
    if (auto d = DecodeValidator(v)) {
      b.bonded += d->tokens;
      b.reward_pools += d->reward_pool;
    }
  });
  Scan(s, StateKey(KeyPrefix::Unbonding), [&](util::ByteSpan, util::ByteSpan v) {
    if (auto u = DecodeUnbonding(v)) b.unbonding += u->amount;
  });
  Scan(s, StateKey(KeyPrefix::ProposalDeposit), [&](util::ByteSpan, util::ByteSpan v) {
    if (auto d = DecodeU64(v)) b.escrow += *d;
  });
  if (const auto g = GetGlobals(s)) b.treasury = g->treasury;
  return b;
}

}  // namespace cairn::state
