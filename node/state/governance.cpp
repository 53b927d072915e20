// Governance: proposals, deposits, votes with delegator override, tally and execution (SPEC.md "State rules"
// section 8).
#include <map>

#include "state/rules.h"
#include "util/overload.h"

namespace cairn::state {
namespace {

void StartVoting(Ledger& l, Proposal& p) {
  l.overlay().Erase(ProposalQueueKey(p.deposit_end_slot, p.id));
  p.status = ProposalStatus::VotingPeriod;
  p.voting_start_slot = l.slot();
  p.voting_end_slot = util::CheckedAdd(l.slot(), l.params().voting_slots).value_or(UINT64_MAX);
  l.overlay().Put(ProposalQueueKey(p.voting_end_slot, p.id), util::Bytes{1});
}

Status AddDeposit(Ledger& l, Proposal& p, const Address& depositor, Amount amount, const std::string& where) {
  CAIRN_TRY(l.Debit(depositor, amount, where));
  const StateKey key = ProposalDepositKey(p.id, depositor);
  const auto held = util::CheckedAdd(l.GetU64(key).value_or(0), amount);
  const auto total = util::CheckedAdd(p.total_deposit, amount);
  if (!held || !total) return Fail(where, "deposit overflow");
  l.overlay().Put(key, EncodeU64(*held));
  p.total_deposit = *total;
  if (p.status == ProposalStatus::DepositPeriod && p.total_deposit >= l.params().min_deposit) StartVoting(l, p);
  return {};
}

enum class DepositFate : std::uint8_t { Refund, Burn };

Status SettleDeposits(Ledger& l, chain::ProposalId id, DepositFate fate) {
  const std::string where = "proposal " + Str(id);
  for (const auto& [key, value] : l.overlay().Scan(PrefixU64(KeyPrefix::ProposalDeposit, id))) {
    const auto amount = DecodeU64(value);
    if (!amount || key.size() != 29) {
      l.MarkCorrupt("deposit record");
      continue;
    }
    if (fate == DepositFate::Refund) {
      CAIRN_TRY(l.Credit(Address::FromSpan(util::ByteSpan(key).subspan(9, 20)), *amount, where));
    } else {
      CAIRN_TRY(l.Burn(*amount, where));
    }
    l.overlay().Erase(StateKey::FromSpan(key));
  }
  return {};
}

// Voting power = stake at tally time. A validator votes with its tokens minus the stake of delegators
// who voted themselves; those delegators' stake counts for their own option.
Tally CountVotes(Ledger& l, chain::ProposalId id) {
  std::map<ValidatorIndex, chain::VoteOption> validator_votes;
  std::map<ValidatorIndex, Amount> overridden;
  U128 sums[chain::VOTE_OPTION_COUNT] = {0, 0, 0, 0};
  const auto votes = l.overlay().Scan(PrefixU64(KeyPrefix::ProposalVote, id));
  for (const auto& [key, value] : votes) {
    if (key.size() != 29 || value.size() != 1 || value[0] >= chain::VOTE_OPTION_COUNT) {
      l.MarkCorrupt("governance vote");
      continue;
    }
    const Address voter = Address::FromSpan(util::ByteSpan(key).subspan(9, 20));
    const auto option = static_cast<chain::VoteOption>(value[0]);
    if (const auto operated = l.ValidatorByOperator(voter)) validator_votes[*operated] = option;
    for (const auto& [dkey, dvalue] : l.overlay().Scan(DelegationPrefix(voter))) {
      const ValidatorIndex index = ReadBe32(dkey, 21);
      const auto d = DecodeDelegation(dvalue);
      const auto v = l.GetValidator(index);
      if (!d || !v) continue;
      const Amount stake = StakeOf(*v, d->shares);
      sums[value[0]] += stake;
      overridden[index] += stake;
    }
  }
  for (const auto& [index, option] : validator_votes) {
    const auto v = l.GetValidator(index);
    if (!v) continue;
    const Amount taken = overridden[index];
    sums[static_cast<std::uint8_t>(option)] += v->tokens > taken ? v->tokens - taken : 0;
  }
  // Tallied votes are no longer needed: the proposal keeps the totals.
  for (const auto& entry : votes) l.overlay().Erase(StateKey::FromSpan(entry.first));
  auto clamp = [](U128 x) { return x > UINT64_MAX ? UINT64_MAX : static_cast<Amount>(x); };
  return Tally{clamp(sums[0]), clamp(sums[1]), clamp(sums[2]), clamp(sums[3])};
}

Status Execute(Ledger& l, Proposal& p) {
  return std::visit(
      util::Overload{
          [&](const chain::TextProposal&) -> Status { return {}; },
          [&](const chain::ParameterChange& c) -> Status {
            chain::ChainParams next = l.GetPendingParams().value_or(l.params());
            if (auto r = chain::SetGovernableParam(next, c.name, c.new_value); !r) {
              p.execution = Execution::Failed;
              p.execution_note = r.error();
              return {};
            }
            if (auto r = chain::ValidateParams(next); !r) {
              p.execution = Execution::Failed;
              p.execution_note = "would make the parameters invalid: " + r.error().Message();
              return {};
            }
            l.overlay().Put(PendingParamsKey(), chain::Encode(next));
            p.execution = Execution::Applied;
            p.execution_note = c.name + " = " + Str(c.new_value) + " from the next staking boundary";
            return {};
          },
          [&](const chain::TreasurySpend& s) -> Status {
            Globals& g = l.globals();
            if (g.treasury < s.amount) {
              p.execution = Execution::Failed;
              p.execution_note = "treasury holds " + Str(g.treasury) + ", less than " + Str(s.amount);
              return {};
            }
            g.treasury -= s.amount;
            CAIRN_TRY(l.Credit(s.to, s.amount, "proposal " + Str(p.id)));
            p.execution = Execution::Applied;
            p.execution_note = "paid " + Str(s.amount);
            return {};
          },
          [&](const chain::UpgradeSignal& u) -> Status {
            l.overlay().Put(UpgradeSignalKey(p.id), Encode(UpgradeRecord{u.version, u.slot, l.slot()}));
            p.execution = Execution::Applied;
            p.execution_note = "upgrade " + u.version + " signalled for slot " + Str(u.slot);
            return {};
          }},
      p.kind);
}

Status Finish(Ledger& l, Proposal& p) {
  const chain::ChainParams& params = l.params();
  p.tally = CountVotes(l, p.id);
  const Tally& t = p.tally;
  const U128 turnout = static_cast<U128>(t.yes) + t.no + t.abstain + t.veto;
  const U128 decisive = static_cast<U128>(t.yes) + t.no + t.veto;
  const U128 bonded = l.globals().total_bonded;
  if (turnout == 0 || turnout * chain::BPS_DENOMINATOR < bonded * params.quorum_bps) {
    p.status = ProposalStatus::NoQuorum;
  } else if (static_cast<U128>(t.veto) * chain::BPS_DENOMINATOR > turnout * params.veto_bps) {
    p.status = ProposalStatus::Vetoed;
  } else if (decisive > 0 && static_cast<U128>(t.yes) * chain::BPS_DENOMINATOR > decisive * params.threshold_bps) {
    p.status = ProposalStatus::Passed;
  } else {
    p.status = ProposalStatus::Rejected;
  }
  CAIRN_TRY(SettleDeposits(l, p.id, p.status == ProposalStatus::Vetoed ? DepositFate::Burn : DepositFate::Refund));
  if (p.status == ProposalStatus::Passed) CAIRN_TRY(Execute(l, p));
  return {};
}

util::Result<Proposal, BlockError> FindProposal(Ledger& l, chain::ProposalId id, ProposalStatus want,
                                               const std::string& where) {
  auto p = l.GetProposal(id);
  if (!p) return Fail(where, "no proposal " + Str(id));
  if (p->status != want) {
    return Fail(where, "proposal " + Str(id) + " is in status " + std::string(ProposalStatusName(p->status)) + ", not " +
                           std::string(ProposalStatusName(want)));
  }
  return std::move(*p);
}

}  // namespace

Status ApplySubmitProposal(Ledger& l, const TxEnv& env, const chain::SubmitProposal& s) {
  Globals& g = l.globals();
  Proposal p;
  p.id = g.next_proposal_id;
  if (p.id == UINT64_MAX) return Fail(env.path, "proposal ids exhausted");
  g.next_proposal_id = p.id + 1;
  p.proposer = env.sender;
  p.kind = s.kind;
  p.title = s.title;
  p.description = s.description;
  p.submit_slot = l.slot();
  p.deposit_end_slot = util::CheckedAdd(l.slot(), l.params().deposit_slots).value_or(UINT64_MAX);
  l.overlay().Put(ProposalQueueKey(p.deposit_end_slot, p.id), util::Bytes{1});
  CAIRN_TRY(AddDeposit(l, p, env.sender, s.deposit, env.path + ".deposit"));
  l.PutProposal(p);
  return {};
}

Status ApplyDeposit(Ledger& l, const TxEnv& env, const chain::Deposit& d) {
  auto p = FindProposal(l, d.proposal_id, ProposalStatus::DepositPeriod, env.path + ".proposal_id");
  if (!p) return util::Err(p.error());
  CAIRN_TRY(AddDeposit(l, *p, env.sender, d.amount, env.path + ".amount"));
  l.PutProposal(*p);
  return {};
}

Status ApplyGovVote(Ledger& l, const TxEnv& env, const chain::GovVote& v) {
  auto p = FindProposal(l, v.proposal_id, ProposalStatus::VotingPeriod, env.path + ".proposal_id");
  if (!p) return util::Err(p.error());
  l.overlay().Put(ProposalVoteKey(v.proposal_id, env.sender), util::Bytes{static_cast<std::uint8_t>(v.option)});
  return {};
}

Status ProcessGovernance(Ledger& l) {
  const Slot slot = l.slot();
  const auto due = [slot](util::ByteSpan key) { return ReadBe64(key, 1) <= slot; };
  for (const auto& [key, value] : l.overlay().Scan(StateKey(KeyPrefix::ProposalQueue), due)) {
    l.overlay().Erase(StateKey::FromSpan(key));
    const chain::ProposalId id = ReadBe64(key, 9);
    auto p = l.GetProposal(id);
    if (!p) {
      l.MarkCorrupt("queued proposal " + Str(id));
      continue;
    }
    if (p->status == ProposalStatus::DepositPeriod) {
      p->status = ProposalStatus::Expired;
      CAIRN_TRY(SettleDeposits(l, id, l.params().burn_expired_deposits ? DepositFate::Burn : DepositFate::Refund));
    } else if (p->status == ProposalStatus::VotingPeriod) {
      CAIRN_TRY(Finish(l, *p));
    }
    l.PutProposal(*p);
  }
  return {};
}

}  // namespace cairn::state
