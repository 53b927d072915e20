// Scenario JSON -> genesis and blocks (format: tests/state/scenarios/README.md).
#include <map>

#include "chain/params.h"
#include "scenario_runner.h"

namespace cairn::test::scenario {

namespace {

std::uint32_t SeedValue(const StrictObject& o, const QJsonValue& v, const std::string& what) {
  return ParseSeed(std::to_string(o.ToU64(v, what)), o.where() + ": " + what);
}

std::uint32_t SeedField(StrictObject& o, const char* key) { return SeedValue(o, o.Value(key), key); }

std::vector<std::uint32_t> SeedList(StrictObject& o, const char* key) {
  std::vector<std::uint32_t> out;
  const QJsonArray a = o.Array(key);
  for (qsizetype i = 0; i < a.size(); ++i) out.push_back(SeedValue(o, a[i], std::string(key) + "[" + std::to_string(i) + "]"));
  return out;
}

chain::Address AddressOf(StrictObject& o, const char* key) {
  if (!o.Has(key)) o.Fail(std::string("missing key '") + key + "'");
  return SeedAddress(SeedField(o, key));
}

chain::VoteOption ParseOption(const StrictObject& o, const std::string& s) {
  if (s == "yes") return chain::VoteOption::Yes;
  if (s == "no") return chain::VoteOption::No;
  if (s == "abstain") return chain::VoteOption::Abstain;
  if (s == "veto") return chain::VoteOption::Veto;
  o.Fail("option: expected yes, no, abstain or veto, got '" + s + "'");
}

chain::Evidence ParseEvidence(RulesChain& chain, StrictObject e) {
  const std::string kind = e.Str("kind");
  const std::uint32_t offender = SeedField(e, "offender");
  const chain::Slot slot = e.U64("slot");
  e.Finish();
  if (!chain.IndexOf(offender)) e.Fail("offender " + std::to_string(offender) + " is not a validator");
  if (kind == "double_proposal") return chain.DoubleProposal(offender, slot);
  if (kind == "double_vote") return chain.DoubleVote(offender, slot);
  if (kind == "surround_vote") {
    if (slot < 2) e.Fail("surround_vote needs slot >= 2");
    return chain.SurroundVote(offender, slot);
  }
  e.Fail("kind: expected double_proposal, double_vote or surround_vote, got '" + kind + "'");
}

chain::ProposalKind ParseProposalKind(StrictObject k) {
  const std::string type = k.Str("type");
  chain::ProposalKind out;
  if (type == "text") {
    out = chain::TextProposal{};
  } else if (type == "parameter_change") {
    out = chain::ParameterChange{k.Str("name"), k.U64("value")};
  } else if (type == "treasury_spend") {
    const chain::Address to = AddressOf(k, "to");
    out = chain::TreasurySpend{to, k.Amount("amount")};
  } else if (type == "upgrade_signal") {
    out = chain::UpgradeSignal{k.Str("version"), k.U64("slot")};
  } else {
    k.Fail("type: expected text, parameter_change, treasury_spend or upgrade_signal, got '" + type + "'");
  }
  k.Finish();
  return out;
}

chain::Payload ParsePayload(RulesChain& chain, const std::string& kind, std::uint32_t from, StrictObject& t) {
  if (kind == "transfer") {
    const chain::Address to = AddressOf(t, "to");
    return chain::Transfer{to, t.Amount("amount")};
  }
  if (kind == "register_validator") {
    const std::uint32_t key_seed = t.Has("key_seed") ? SeedField(t, "key_seed") : from;
    chain::RegisterValidator r;
    r.consensus_pubkey = SeedKey(key_seed, KeyRole::Consensus).public_key();
    r.vrf_pubkey = SeedKey(key_seed, KeyRole::Vrf).public_key();
    r.commission_bps = static_cast<std::uint16_t>(t.U64("commission_bps"));
    r.self_bond = t.Amount("self_bond");
    r.moniker = t.OptStr("moniker").value_or("v" + std::to_string(from));
    r.website = t.OptStr("website").value_or("");
    return r;
  }
  if (kind == "edit_validator") {
    chain::EditValidator e;
    if (const auto c = t.OptU64("commission_bps")) e.commission_bps = static_cast<std::uint16_t>(*c);
    e.moniker = t.OptStr("moniker");
    e.website = t.OptStr("website");
    return e;
  }
  if (kind == "delegate" || kind == "undelegate") {
    const chain::Address v = AddressOf(t, "validator");
    const chain::Amount a = t.Amount("amount");
    if (kind == "delegate") return chain::Delegate{v, a};
    return chain::Undelegate{v, a};
  }
  if (kind == "redelegate") {
    const chain::Address src = AddressOf(t, "src");
    const chain::Address dst = AddressOf(t, "dst");
    return chain::Redelegate{src, dst, t.Amount("amount")};
  }
  if (kind == "claim_rewards") {
    chain::ClaimRewards c;
    if (t.Has("validator")) c.validator = AddressOf(t, "validator");
    return c;
  }
  if (kind == "unjail") return chain::Unjail{};
  if (kind == "submit_proposal") {
    chain::SubmitProposal p;
    p.kind = ParseProposalKind(t.Obj("proposal"));
    p.title = t.OptStr("title").value_or("proposal");
    p.description = t.OptStr("description").value_or("");
    p.deposit = t.Amount("deposit");
    return p;
  }
  if (kind == "deposit") {
    const chain::ProposalId id = t.U64("proposal_id");
    return chain::Deposit{id, t.Amount("amount")};
  }
  if (kind == "vote") {
    const chain::ProposalId id = t.U64("proposal_id");
    return chain::GovVote{id, ParseOption(t, t.Str("option"))};
  }
  if (kind == "evidence") return ParseEvidence(chain, t.Obj("evidence"));
  t.Fail("kind: unknown transaction kind '" + kind + "'");
}

chain::Transaction BuildTx(RulesChain& chain, StrictObject t, std::map<std::uint32_t, std::uint64_t>& used_nonces) {
  const std::string kind = t.Str("kind");
  const std::uint32_t from = SeedField(t, "from");
  chain::Transaction tx;
  tx.chain_id = chain.genesis().chain_id;
  tx.sender = SeedKey(from).public_key();
  const std::uint64_t base = state::GetAccount(chain.state(), SeedAddress(from)).nonce + used_nonces[from]++;
  tx.nonce = t.Has("nonce") ? t.U64("nonce") : base;
  tx.expiry_slot = t.Has("expiry_slot") ? t.U64("expiry_slot") : chain.globals().last_slot + 1000;
  if (const auto memo = t.OptStr("memo")) tx.memo.assign(memo->begin(), memo->end());
  tx.payload = ParsePayload(chain, kind, from, t);
  const auto fee = t.OptAmount("fee");
  t.Finish();
  tx.fee = fee ? *fee : chain::Encode(tx).size() * chain.params().min_fee_rate;
  chain::SignTransaction(tx, SeedKey(from), chain.genesis_hash());
  return tx;
}

}  // namespace

chain::Genesis ParseGenesis(StrictObject g) {
  chain::ChainParams params = TestParams();
  if (g.Has("params")) {
    StrictObject p = g.Obj("params");
    for (const std::string& name : p.Keys()) {
      const chain::ParamInfo* info = chain::FindParam(name);
      if (!info) p.Fail("unknown parameter '" + name + "'");
      const QJsonValue v = p.Value(name.c_str());
      if (info->kind == chain::ParamKind::Flag) {
        if (!v.isBool()) p.Fail(name + ": expected true or false");
        params.*(info->flag) = v.toBool();
      } else if (info->kind == chain::ParamKind::Units) {
        params.*(info->number) = p.ToAmount(v, name);
      } else {
        params.*(info->number) = p.ToU64(v, name);
      }
    }
    p.Finish();
  }
  std::vector<std::pair<std::uint32_t, chain::Amount>> accounts;
  StrictObject a = g.Obj("accounts");
  for (const std::string& seed : a.Keys()) {
    accounts.emplace_back(ParseSeed(seed, a.where()), a.ToAmount(a.Value(seed.c_str()), seed));
  }
  a.Finish();
  std::vector<GenesisValidatorSpec> validators;
  const QJsonArray vs = g.Array("validators");
  for (qsizetype i = 0; i < vs.size(); ++i) {
    StrictObject v = g.ToObject(vs[i], "validators[" + std::to_string(i) + "]");
    GenesisValidatorSpec spec;
    spec.seed = SeedField(v, "seed");
    spec.self_bond = v.Amount("self_bond");
    spec.commission_bps = static_cast<std::uint16_t>(v.OptU64("commission_bps").value_or(0));
    v.Finish();
    validators.push_back(spec);
  }
  g.Finish();
  if (auto ok = chain::ValidateParams(params); !ok) g.Fail("params: " + ok.error().field + ": " + ok.error().reason);
  return MakeTestGenesis(params, accounts, validators);
}

BlockPlan BuildBlock(RulesChain& chain, StrictObject& spec) {
  const state::Globals g = chain.globals();
  chain::Slot slot = g.last_slot + 1;
  const QJsonValue s = spec.Value("slot");
  if (!s.isUndefined() && !(s.isString() && s.toString() == QLatin1String("next"))) slot = spec.ToU64(s, "slot");

  std::vector<chain::Transaction> txs;
  std::map<std::uint32_t, std::uint64_t> used_nonces;
  const QJsonArray ts = spec.Array("txs");
  for (qsizetype i = 0; i < ts.size(); ++i) {
    txs.push_back(BuildTx(chain, spec.ToObject(ts[i], "txs[" + std::to_string(i) + "]"), used_nonces));
  }

  // Votes: every effective member of the voted slot's set but the absent ones, for the parent's slot
  // (by default only when that slot is still inside the inclusion window, staking_period).
  const std::vector<std::uint32_t> absent = SeedList(spec, "absent");
  const std::optional<std::uint64_t> vote_slot = spec.OptU64("vote_slot");
  std::vector<chain::SignedVote> votes;
  if (!spec.Bool("no_votes", false)) {
    const chain::Slot vs = vote_slot.value_or(g.last_slot);
    const bool in_window = vs > 0 && vs < slot && slot - vs <= chain.params().staking_period;
    if (vote_slot || in_window) votes = chain.VotesFor(vs, absent);
  }

  std::vector<chain::Evidence> evidence;
  const QJsonArray es = spec.Array("evidence");
  for (qsizetype i = 0; i < es.size(); ++i) {
    evidence.push_back(ParseEvidence(chain, spec.ToObject(es[i], "evidence[" + std::to_string(i) + "]")));
  }

  std::optional<chain::ValidatorIndex> proposer;
  if (spec.Has("proposer")) {
    const std::uint32_t seed = SeedField(spec, "proposer");
    proposer = chain.IndexOf(seed);
    if (!proposer) spec.Fail("proposer " + std::to_string(seed) + " is not a validator");
  }
  BlockPlan plan;
  plan.finalized = spec.OptU64("finalized");
  plan.block = chain.MakeBlock(slot, std::move(txs), std::move(votes), std::move(evidence), proposer);
  return plan;
}

}  // namespace cairn::test::scenario
