// Expect files -> comparisons against the ledger (format: tests/state/scenarios/README.md).
#include <algorithm>
#include <map>

#include "chain/params.h"
#include "scenario_runner.h"
#include "state/keys.h"
#include "util/hex.h"

namespace cairn::test::scenario {

namespace {

// Collects mismatches as "where: what expected X, got Y".
class Checker {
 public:
  explicit Checker(RulesChain& chain) : m_chain(chain) {}
  state::MemoryState& s() { return m_chain.state(); }
  RulesChain& chain() { return m_chain; }
  std::vector<std::string>& failures() { return m_failures; }

  template <typename T>
  void Eq(const StrictObject& o, const std::string& what, const T& expected, const T& actual) {
    if (expected == actual) return;
    m_failures.push_back(o.where() + ": " + what + ": expected " + Show(expected) + ", got " + Show(actual));
  }
  // An optional amount / integer field: compared when present.
  void Amount(StrictObject& o, const char* key, chain::Amount actual) {
    if (const auto v = o.OptAmount(key)) Eq(o, key, *v, actual);
  }
  void U64(StrictObject& o, const char* key, std::uint64_t actual) {
    if (const auto v = o.OptU64(key)) Eq(o, key, *v, actual);
  }
  void Str(StrictObject& o, const char* key, std::string_view actual) {
    if (const auto v = o.OptStr(key)) Eq(o, key, *v, std::string(actual));
  }
  std::uint32_t Seed(const StrictObject& o, const QJsonValue& v, const std::string& what) {
    return ParseSeed(std::to_string(o.ToU64(v, what)), o.where() + ": " + what);
  }
  std::string SeedName(state::ValidatorIndex i) {
    const auto v = state::GetValidator(s(), i);
    const auto seed = v ? SeedOfAddress(v->operator_address) : std::nullopt;
    return seed ? std::to_string(*seed) : "index" + std::to_string(i);
  }
  state::ValidatorIndex Index(const StrictObject& o, std::uint32_t seed) {
    const auto i = m_chain.IndexOf(seed);
    if (!i) o.Fail("seed " + std::to_string(seed) + " is not a validator operator");
    return *i;
  }

 private:
  static std::string Show(const std::string& v) { return "'" + v + "'"; }
  template <typename T>
  static std::string Show(const T& v) { return std::to_string(v); }

  RulesChain& m_chain;
  std::vector<std::string> m_failures;
};

void CheckAccounts(Checker& c, StrictObject o) {
  for (const std::string& key : o.Keys()) {
    StrictObject a = o.ToObject(o.Value(key.c_str()), key);
    const state::Account acc = state::GetAccount(c.s(), SeedAddress(ParseSeed(key, o.where())));
    c.Amount(a, "balance", acc.balance);
    c.U64(a, "nonce", acc.nonce);
    a.Finish();
  }
  o.Finish();
}

void CheckValidators(Checker& c, StrictObject o) {
  for (const std::string& key : o.Keys()) {
    StrictObject e = o.ToObject(o.Value(key.c_str()), key);
    const auto index = c.Index(o, ParseSeed(key, o.where()));
    const state::Validator v = *state::GetValidator(c.s(), index);
    c.U64(e, "index", index);
    c.Str(e, "status", state::ValidatorStatusName(v.status));
    c.Amount(e, "tokens", v.tokens);
    c.U64(e, "total_shares", v.total_shares);
    c.U64(e, "jailed_until", v.jailed_until);
    c.U64(e, "commission_bps", v.commission_bps);
    c.Str(e, "moniker", v.moniker);
    c.Amount(e, "reward_pool", v.reward_pool);
    if (e.Has("effective_active")) {
      const auto set = state::EffectiveActiveSet(c.s(), c.chain().globals().last_slot);
      const bool active = std::any_of(set.begin(), set.end(), [&](const auto& a) { return a.index == index; });
      c.Eq<bool>(e, "effective_active", e.Bool("effective_active", false), active);
    }
    if (e.Has("inactivity_score") || e.Has("missed")) {
      state::Liveness l;
      if (const auto raw = c.s().Get(state::LivenessKey(index).span())) l = *state::DecodeLiveness(*raw);
      c.U64(e, "inactivity_score", l.inactivity_score);
      c.U64(e, "missed", l.missed);
    }
    e.Finish();
  }
  o.Finish();
}

void CheckDelegations(Checker& c, StrictObject& o) {
  const QJsonArray list = o.Array("delegations");
  for (qsizetype i = 0; i < list.size(); ++i) {
    StrictObject d = o.ToObject(list[i], "delegations[" + std::to_string(i) + "]");
    const chain::Address delegator = SeedAddress(c.Seed(d, d.Value("delegator"), "delegator"));
    const auto index = c.Index(d, c.Seed(d, d.Value("validator"), "validator"));
    const auto del = state::GetDelegation(c.s(), delegator, index);
    c.Amount(d, "stake", state::DelegationStake(c.s(), delegator, index));
    c.U64(d, "shares", del ? del->shares : 0);
    c.Amount(d, "pending_rewards", state::PendingRewards(c.s(), delegator, index));
    d.Finish();
  }
}

// The whole unbonding queue: every entry must be expected (matched by delegator, validator, completion).
void CheckUnbondings(Checker& c, StrictObject& o) {
  const QJsonValue v = o.Value("unbondings");
  if (v.isUndefined()) return;
  if (!v.isArray()) o.Fail("unbondings: expected an array");
  auto actual = state::ListUnbondings(c.s());
  const QJsonArray list = v.toArray();
  for (qsizetype i = 0; i < list.size(); ++i) {
    StrictObject u = o.ToObject(list[i], "unbondings[" + std::to_string(i) + "]");
    const chain::Address delegator = SeedAddress(c.Seed(u, u.Value("delegator"), "delegator"));
    const auto index = c.Index(u, c.Seed(u, u.Value("validator"), "validator"));
    const chain::Slot completion = u.U64("completion_slot");
    const auto it = std::find_if(actual.begin(), actual.end(), [&](const state::UnbondingEntry& e) {
      return e.delegator == delegator && e.validator == index && e.completion_slot == completion;
    });
    if (it == actual.end()) {
      c.failures().push_back(u.where() + ": no such unbonding entry");
      continue;
    }
    c.Amount(u, "amount", it->entry.amount);
    c.Amount(u, "initial_amount", it->entry.initial_amount);
    c.U64(u, "creation_slot", it->entry.creation_slot);
    actual.erase(it);
    u.Finish();
  }
  for (const auto& e : actual) {
    c.failures().push_back(o.where() + ": unbondings: unexpected entry of validator " + c.SeedName(e.validator) +
                           " completing at " + std::to_string(e.completion_slot) + " amount " + std::to_string(e.entry.amount));
  }
}

void CheckProposals(Checker& c, StrictObject o) {
  for (const std::string& key : o.Keys()) {
    StrictObject e = o.ToObject(o.Value(key.c_str()), key);
    const auto p = state::GetProposal(c.s(), o.ToU64(QJsonValue(QString::fromStdString(key)), "proposal id"));
    if (!p) {
      c.failures().push_back(e.where() + ": no such proposal");
      continue;
    }
    c.Str(e, "status", state::ProposalStatusName(p->status));
    c.Str(e, "execution", state::ExecutionName(p->execution));
    if (const auto note = e.OptStr("execution_note_contains"); note && p->execution_note.find(*note) == std::string::npos) {
      c.failures().push_back(e.where() + ": execution note '" + p->execution_note + "' lacks '" + *note + "'");
    }
    c.Amount(e, "total_deposit", p->total_deposit);
    c.U64(e, "deposit_end_slot", p->deposit_end_slot);
    c.U64(e, "voting_start_slot", p->voting_start_slot);
    c.U64(e, "voting_end_slot", p->voting_end_slot);
    if (e.Has("tally")) {
      StrictObject t = e.Obj("tally");
      c.Amount(t, "yes", p->tally.yes);
      c.Amount(t, "no", p->tally.no);
      c.Amount(t, "abstain", p->tally.abstain);
      c.Amount(t, "veto", p->tally.veto);
      t.Finish();
    }
    e.Finish();
  }
  o.Finish();
}

void CheckGlobals(Checker& c, StrictObject o) {
  const state::Globals g = c.chain().globals();
  c.Amount(o, "genesis_supply", g.genesis_supply);
  c.Amount(o, "supply", g.supply);
  c.Amount(o, "issued", g.issued);
  c.Amount(o, "burned", g.burned);
  c.Amount(o, "slashed", g.slashed);
  c.Amount(o, "treasury", g.treasury);
  c.Amount(o, "total_bonded", g.total_bonded);
  c.U64(o, "current_period", g.current_period);
  c.U64(o, "last_slot", g.last_slot);
  c.U64(o, "last_height", g.last_height);
  c.U64(o, "next_proposal_id", g.next_proposal_id);
  o.Finish();
}

void CheckSupplyTerms(Checker& c, StrictObject o) {
  const state::SupplyBreakdown b = state::ComputeSupplyBreakdown(c.s());
  c.Amount(o, "balances", b.balances);
  c.Amount(o, "bonded", b.bonded);
  c.Amount(o, "unbonding", b.unbonding);
  c.Amount(o, "escrow", b.escrow);
  c.Amount(o, "treasury", b.treasury);
  c.Amount(o, "reward_pools", b.reward_pools);
  o.Finish();
}

void CheckParams(Checker& c, StrictObject& o, const char* key, const std::optional<chain::ChainParams>& params) {
  const QJsonValue v = o.Value(key);
  if (v.isUndefined()) return;
  if (v.isNull()) {
    if (params) c.failures().push_back(o.where() + ": " + key + ": expected none, got a parameter set");
    return;
  }
  StrictObject p = o.ToObject(v, key);
  if (!params) {
    c.failures().push_back(p.where() + ": expected parameters, got none");
    return;
  }
  for (const std::string& name : p.Keys()) {
    const auto actual = chain::GetParam(*params, name);
    if (!actual) p.Fail("unknown parameter '" + name + "'");
    const QJsonValue e = p.Value(name.c_str());
    const std::uint64_t expected = e.isBool() ? (e.toBool() ? 1 : 0) : p.ToU64(e, name);
    c.Eq(p, name, expected, *actual);
  }
  p.Finish();
}

void CheckUpgradeSignals(Checker& c, StrictObject& o) {
  const QJsonValue v = o.Value("upgrade_signals");
  if (v.isUndefined()) return;
  if (!v.isArray()) o.Fail("upgrade_signals: expected an array");
  const auto actual = state::ListUpgradeSignals(c.s());
  const QJsonArray list = v.toArray();
  c.Eq<std::size_t>(o, "upgrade_signals count", static_cast<std::size_t>(list.size()), actual.size());
  for (qsizetype i = 0; i < list.size() && static_cast<std::size_t>(i) < actual.size(); ++i) {
    StrictObject u = o.ToObject(list[i], "upgrade_signals[" + std::to_string(i) + "]");
    const auto& [id, rec] = actual[static_cast<std::size_t>(i)];
    c.U64(u, "proposal_id", id);
    c.Str(u, "version", rec.version);
    c.U64(u, "slot", rec.slot);
    c.U64(u, "passed_slot", rec.passed_slot);
    u.Finish();
  }
}

void CheckActiveSets(Checker& c, StrictObject o) {
  for (const std::string& key : o.Keys()) {
    const std::uint64_t period = o.ToU64(QJsonValue(QString::fromStdString(key)), "period");
    const QJsonValue v = o.Value(key.c_str());
    if (!v.isArray()) o.Fail(key + ": expected an array of operator seeds");
    std::vector<std::string> expected;
    for (const auto& s : v.toArray()) expected.push_back(std::to_string(c.Seed(o, s, key)));
    std::vector<std::string> actual;
    if (const auto set = state::GetActiveSet(c.s(), period)) {
      for (const auto i : set->members) actual.push_back(c.SeedName(i));
    }
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
    const auto join = [](const std::vector<std::string>& l) {
      std::string out;
      for (const auto& x : l) out += (out.empty() ? "" : ",") + x;
      return out;
    };
    c.Eq(o, "period " + key, join(expected), join(actual));
  }
  o.Finish();
}

}  // namespace


std::vector<std::string> CheckExpectations(RulesChain& chain, StrictObject expect, const crypto::Hash256& root) {
  Checker c(chain);
  if (expect.Has("accounts")) CheckAccounts(c, expect.Obj("accounts"));
  if (expect.Has("validators")) CheckValidators(c, expect.Obj("validators"));
  CheckDelegations(c, expect);
  CheckUnbondings(c, expect);
  if (expect.Has("proposals")) CheckProposals(c, expect.Obj("proposals"));
  if (expect.Has("globals")) CheckGlobals(c, expect.Obj("globals"));
  if (expect.Has("supply_terms")) CheckSupplyTerms(c, expect.Obj("supply_terms"));
  CheckParams(c, expect, "params", state::GetParams(chain.state()));
  CheckParams(c, expect, "pending_params", state::GetPendingParams(chain.state()));
  CheckUpgradeSignals(c, expect);
  if (expect.Has("active_sets")) CheckActiveSets(c, expect.Obj("active_sets"));
  if (const auto hex = expect.OptStr("state_root")) c.Eq(expect, "state_root", *hex, util::ToHex(root.span()));
  expect.Finish();
  return std::move(c.failures());
}

}  // namespace cairn::test::scenario
