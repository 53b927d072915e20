#include "state/records.h"

#include "util/overload.h"

namespace cairn::state {
namespace {

using chain::Reader;
using chain::Writer;

void WriteFixed128(Writer& w, const Fixed128& v) {
  w.U64(v.hi);
  w.U64(v.lo);
}

Fixed128 ReadFixed128(Reader& r, std::string_view name) {
  Fixed128 v;
  v.hi = r.U64(name);
  v.lo = r.U64(name);
  return v;
}

void WriteKind(Writer& w, const chain::ProposalKind& kind) {
  w.U8(static_cast<std::uint8_t>(kind.index()));
  std::visit(util::Overload{[](const chain::TextProposal&) {},
                            [&](const chain::ParameterChange& p) {
                              w.Text(p.name);
                              w.U64(p.new_value);
                            },
                            [&](const chain::TreasurySpend& p) {
                              w.Fixed(p.to);
                              w.U64(p.amount);
                            },
                            [&](const chain::UpgradeSignal& p) {
                              w.Text(p.version);
                              w.U64(p.slot);
                            }},
             kind);
}

chain::ProposalKind ReadKind(Reader& r) {
  switch (r.Tag("kind", 4)) {
    case 1: {
      chain::ParameterChange p;
      p.name = r.Text("name", chain::PARAM_NAME_MIN, chain::PARAM_NAME_MAX, chain::TextRule::SingleLine);
      p.new_value = r.U64("new_value");
      return p;
    }
    case 2: {
      chain::TreasurySpend p;
      p.to = r.Fixed<20>("to");
      p.amount = r.U64("amount");
      return p;
    }
    case 3: {
      chain::UpgradeSignal p;
      p.version = r.Text("version", chain::VERSION_MIN, chain::VERSION_MAX, chain::TextRule::SingleLine);
      p.slot = r.U64("slot");
      return p;
    }
    default:
      return chain::TextProposal{};
  }
}

template <class T, class F>
util::Result<T, chain::DecodeError> Decode(util::ByteSpan b, std::string_view root, F&& f) {
  return chain::DecodeWhole<T>(b, root, std::forward<F>(f));
}

}  // namespace

std::string_view ValidatorStatusName(ValidatorStatus status) {
  switch (status) {
    case ValidatorStatus::Candidate: return "candidate";
    case ValidatorStatus::Jailed: return "jailed";
    case ValidatorStatus::Tombstoned: return "tombstoned";
  }
  return "unknown";
}

std::string_view ProposalStatusName(ProposalStatus status) {
  switch (status) {
    case ProposalStatus::DepositPeriod: return "deposit_period";
    case ProposalStatus::VotingPeriod: return "voting_period";
    case ProposalStatus::Passed: return "passed";
    case ProposalStatus::Rejected: return "rejected";
    case ProposalStatus::Vetoed: return "vetoed";
    case ProposalStatus::NoQuorum: return "no_quorum";
    case ProposalStatus::Expired: return "expired";
  }
  return "unknown";
}

std::string_view ExecutionName(Execution execution) {
  switch (execution) {
    case Execution::None: return "none";
    case Execution::Applied: return "applied";
    case Execution::Failed: return "failed";
  }
  return "unknown";
}

util::Bytes Encode(const Account& v) {
  Writer w;
  w.U64(v.balance);
  w.U64(v.nonce);
  return w.Take();
}

util::Result<Account, chain::DecodeError> DecodeAccount(util::ByteSpan b) {
  return Decode<Account>(b, "account", [](Reader& r) {
    Account v;
    v.balance = r.U64("balance");
    v.nonce = r.U64("nonce");
    return v;
  });
}

util::Bytes Encode(const Validator& v) {
  Writer w;
  w.Fixed(v.operator_address);
  w.Fixed(v.consensus_pubkey);
  w.Fixed(v.vrf_pubkey);
  w.U16(v.commission_bps);
  w.U64(v.commission_changed_slot);
  w.Text(v.moniker);
  w.Text(v.website);
  w.U8(static_cast<std::uint8_t>(v.status));
  w.U64(v.jailed_until);
  w.U64(v.tokens);
  w.U64(v.total_shares);
  WriteFixed128(w, v.reward_per_share);
  w.U64(v.reward_pool);
  return w.Take();
}

util::Result<Validator, chain::DecodeError> DecodeValidator(util::ByteSpan b) {
  return Decode<Validator>(b, "validator", [](Reader& r) {
    Validator v;
    v.operator_address = r.Fixed<20>("operator_address");
    v.consensus_pubkey = r.Fixed<32>("consensus_pubkey");
    v.vrf_pubkey = r.Fixed<32>("vrf_pubkey");
    v.commission_bps = r.U16("commission_bps");
    v.commission_changed_slot = r.U64("commission_changed_slot");
    v.moniker = r.Text("moniker", chain::MONIKER_MIN, chain::MONIKER_MAX, chain::TextRule::SingleLine);
    v.website = r.Text("website", 0, chain::WEBSITE_MAX, chain::TextRule::SingleLine);
    v.status = static_cast<ValidatorStatus>(r.Tag("status", VALIDATOR_STATUS_COUNT));
    v.jailed_until = r.U64("jailed_until");
    v.tokens = r.U64("tokens");
    v.total_shares = r.U64("total_shares");
    v.reward_per_share = ReadFixed128(r, "reward_per_share");
    v.reward_pool = r.U64("reward_pool");
    return v;
  });
}

util::Bytes Encode(const Delegation& v) {
  Writer w;
  w.U64(v.shares);
  WriteFixed128(w, v.reward_snapshot);
  return w.Take();
}

util::Result<Delegation, chain::DecodeError> DecodeDelegation(util::ByteSpan b) {
  return Decode<Delegation>(b, "delegation", [](Reader& r) {
    Delegation v;
    v.shares = r.U64("shares");
    v.reward_snapshot = ReadFixed128(r, "reward_snapshot");
    return v;
  });
}

util::Bytes Encode(const Unbonding& v) {
  Writer w;
  w.U64(v.amount);
  w.U64(v.initial_amount);
  w.U64(v.creation_slot);
  return w.Take();
}

util::Result<Unbonding, chain::DecodeError> DecodeUnbonding(util::ByteSpan b) {
  return Decode<Unbonding>(b, "unbonding", [](Reader& r) {
    Unbonding v;
    v.amount = r.U64("amount");
    v.initial_amount = r.U64("initial_amount");
    v.creation_slot = r.U64("creation_slot");
    return v;
  });
}

util::Bytes Encode(const Redelegation& v) {
  Writer w;
  w.U64(v.initial_amount);
  w.U64(v.shares_dst);
  w.U64(v.creation_slot);
  return w.Take();
}

util::Result<Redelegation, chain::DecodeError> DecodeRedelegation(util::ByteSpan b) {
  return Decode<Redelegation>(b, "redelegation", [](Reader& r) {
    Redelegation v;
    v.initial_amount = r.U64("initial_amount");
    v.shares_dst = r.U64("shares_dst");
    v.creation_slot = r.U64("creation_slot");
    return v;
  });
}

util::Bytes Encode(const Liveness& v) {
  Writer w;
  w.U64(v.window);
  w.U64(v.missed);
  w.VarBytes(v.bits);
  w.U64(v.inactivity_score);
  return w.Take();
}

util::Result<Liveness, chain::DecodeError> DecodeLiveness(util::ByteSpan b) {
  return Decode<Liveness>(b, "liveness", [](Reader& r) {
    Liveness v;
    v.window = r.U64("window");
    v.missed = r.U64("missed");
    v.bits = r.VarBytes("bits", 0, 1 << 20);
    v.inactivity_score = r.U64("inactivity_score");
    return v;
  });
}

util::Bytes Encode(const ActiveSet& v) {
  Writer w;
  w.Varint(v.members.size());
  for (ValidatorIndex i : v.members) w.U32(i);
  return w.Take();
}

util::Result<ActiveSet, chain::DecodeError> DecodeActiveSet(util::ByteSpan b) {
  return Decode<ActiveSet>(b, "active_set", [](Reader& r) {
    ActiveSet v;
    const std::size_t n = r.Count("members", 65536, 4);
    v.members.reserve(n);
    for (std::size_t i = 0; i < n && r.ok(); ++i) v.members.push_back(r.U32("member"));
    return v;
  });
}

util::Bytes Encode(const Proposal& v) {
  Writer w;
  w.U64(v.id);
  w.Fixed(v.proposer);
  WriteKind(w, v.kind);
  w.Text(v.title);
  w.Text(v.description);
  w.U8(static_cast<std::uint8_t>(v.status));
  w.U64(v.submit_slot);
  w.U64(v.deposit_end_slot);
  w.U64(v.voting_start_slot);
  w.U64(v.voting_end_slot);
  w.U64(v.total_deposit);
  w.U64(v.tally.yes);
  w.U64(v.tally.no);
  w.U64(v.tally.abstain);
  w.U64(v.tally.veto);
  w.U8(static_cast<std::uint8_t>(v.execution));
  w.Text(v.execution_note);
  return w.Take();
}

util::Result<Proposal, chain::DecodeError> DecodeProposal(util::ByteSpan b) {
  return Decode<Proposal>(b, "proposal", [](Reader& r) {
    Proposal v;
    v.id = r.U64("id");
    v.proposer = r.Fixed<20>("proposer");
    v.kind = ReadKind(r);
    v.title = r.Text("title", chain::TITLE_MIN, chain::TITLE_MAX, chain::TextRule::SingleLine);
    v.description = r.Text("description", 0, chain::DESCRIPTION_MAX, chain::TextRule::MultiLine);
    v.status = static_cast<ProposalStatus>(r.Tag("status", PROPOSAL_STATUS_COUNT));
    v.submit_slot = r.U64("submit_slot");
    v.deposit_end_slot = r.U64("deposit_end_slot");
    v.voting_start_slot = r.U64("voting_start_slot");
    v.voting_end_slot = r.U64("voting_end_slot");
    v.total_deposit = r.U64("total_deposit");
    v.tally.yes = r.U64("yes");
    v.tally.no = r.U64("no");
    v.tally.abstain = r.U64("abstain");
    v.tally.veto = r.U64("veto");
    v.execution = static_cast<Execution>(r.Tag("execution", EXECUTION_COUNT));
    v.execution_note = r.Text("execution_note", 0, 1024, chain::TextRule::AnyUtf8);
    return v;
  });
}

util::Bytes Encode(const UpgradeRecord& v) {
  Writer w;
  w.Text(v.version);
  w.U64(v.slot);
  w.U64(v.passed_slot);
  return w.Take();
}

util::Result<UpgradeRecord, chain::DecodeError> DecodeUpgradeRecord(util::ByteSpan b) {
  return Decode<UpgradeRecord>(b, "upgrade", [](Reader& r) {
    UpgradeRecord v;
    v.version = r.Text("version", chain::VERSION_MIN, chain::VERSION_MAX, chain::TextRule::SingleLine);
    v.slot = r.U64("slot");
    v.passed_slot = r.U64("passed_slot");
    return v;
  });
}

util::Bytes Encode(const Globals& v) {
  Writer w;
  chain::Write(w, v.chain_id);
  w.U64(v.genesis_supply);
  w.U64(v.supply);
  w.U64(v.issued);
  w.U64(v.burned);
  w.U64(v.slashed);
  w.U64(v.treasury);
  w.U64(v.total_bonded);
  w.U32(v.next_validator_index);
  w.U64(v.next_proposal_id);
  w.U64(v.next_seq);
  w.Fixed(v.seed);
  w.U64(v.last_slot);
  w.U64(v.last_height);
  w.U64(v.current_period);
  return w.Take();
}

util::Result<Globals, chain::DecodeError> DecodeGlobals(util::ByteSpan b) {
  return Decode<Globals>(b, "globals", [](Reader& r) {
    Globals v;
    v.chain_id = chain::ReadChainId(r, "chain_id");
    v.genesis_supply = r.U64("genesis_supply");
    v.supply = r.U64("supply");
    v.issued = r.U64("issued");
    v.burned = r.U64("burned");
    v.slashed = r.U64("slashed");
    v.treasury = r.U64("treasury");
    v.total_bonded = r.U64("total_bonded");
    v.next_validator_index = r.U32("next_validator_index");
    v.next_proposal_id = r.U64("next_proposal_id");
    v.next_seq = r.U64("next_seq");
    v.seed = r.Fixed<32>("seed");
    v.last_slot = r.U64("last_slot");
    v.last_height = r.U64("last_height");
    v.current_period = r.U64("current_period");
    return v;
  });
}

util::Bytes EncodeU64(std::uint64_t v) {
  Writer w;
  w.U64(v);
  return w.Take();
}

util::Bytes EncodeU32(std::uint32_t v) {
  Writer w;
  w.U32(v);
  return w.Take();
}

util::Result<std::uint64_t, chain::DecodeError> DecodeU64(util::ByteSpan b) {
  return Decode<std::uint64_t>(b, "u64", [](Reader& r) { return r.U64("value"); });
}

util::Result<std::uint32_t, chain::DecodeError> DecodeU32(util::ByteSpan b) {
  return Decode<std::uint32_t>(b, "u32", [](Reader& r) { return r.U32("value"); });
}

}  // namespace cairn::state
