#include "wallet/spendable.h"

#include <utility>

#include "state/keys.h"
#include "state/queries.h"
#include "util/checked_math.h"
#include "util/overload.h"

namespace cairn::wallet {

namespace {

util::Unexpected<TxBuildError> Fail(TxBuildErrorKind kind, std::string field, std::string message) {
  return util::Err(TxBuildError{kind, std::move(field), std::move(message)});
}

std::string Coins(chain::Amount units) { return chain::FormatAmount(units) + " CAIRN"; }

// The part of TxSpend beyond the fee: its amount, how the message names it, and its field path.
struct Moved {
  chain::Amount amount = 0;
  std::string_view label;
  std::string_view field;
};

Moved MovedBy(const chain::Payload& payload) {
  return std::visit(util::Overload{
                        [](const chain::Transfer& p) { return Moved{p.amount, "amount", "payload.amount"}; },
                        [](const chain::RegisterValidator& p) { return Moved{p.self_bond, "self bond", "payload.self_bond"}; },
                        [](const chain::Delegate& p) { return Moved{p.amount, "amount", "payload.amount"}; },
                        [](const chain::SubmitProposal& p) { return Moved{p.deposit, "deposit", "payload.deposit"}; },
                        [](const chain::Deposit& p) { return Moved{p.amount, "deposit", "payload.amount"}; },
                        // Undelegate/Redelegate/ClaimRewards/Unjail/votes/evidence move no balance out;
                        // a TreasurySpend is paid by the treasury (mempool::SpendOf says the same).
                        [](const auto&) { return Moved{0, {}, "fee"}; },
                    },
                    payload);
}

std::string Path(std::string_view field) { return std::string(field); }

struct FoundValidator {
  chain::ValidatorIndex index = 0;
  state::Validator validator;
};

util::Result<FoundValidator, TxBuildError> FindLiveValidator(const state::StateReader& s, const chain::Address& op,
                                                            std::string_view field) {
  const auto index = state::FindValidatorByOperator(s, op);
  const auto v = index ? state::GetValidator(s, *index) : std::nullopt;
  if (!v) return Fail(TxBuildErrorKind::NotAllowed, Path(field), Path(field) + ": no validator has this operator address");
  if (v->status == state::ValidatorStatus::Tombstoned) {
    return Fail(TxBuildErrorKind::NotAllowed, Path(field),
                Path(field) + ": validator '" + v->moniker + "' is tombstoned and accepts no stake");
  }
  return FoundValidator{*index, *v};
}

// Stake of the sender's delegation to `index` that pending Undelegate/Redelegate txs already take.
std::optional<chain::Amount> PendingUnbond(std::span<const chain::Transaction> pending, std::uint64_t account_nonce,
                                           std::uint64_t except_nonce, const chain::Address& validator) {
  chain::Amount sum = 0;
  for (const auto& p : pending) {
    if (p.nonce < account_nonce || p.nonce == except_nonce) continue;
    chain::Amount take = 0;
    if (const auto* u = std::get_if<chain::Undelegate>(&p.payload); u && u->validator == validator) take = u->amount;
    if (const auto* r = std::get_if<chain::Redelegate>(&p.payload); r && r->from == validator) take = r->amount;
    const auto next = util::CheckedAdd(sum, take);
    if (!next) return std::nullopt;
    sum = *next;
  }
  return sum;
}

util::Result<void, TxBuildError> CheckUnbond(const state::StateReader& s, const chain::Address& sender,
                                             const chain::Address& validator, chain::Amount amount, std::string_view field,
                                             const chain::Transaction& tx, std::span<const chain::Transaction> pending,
                                             std::uint64_t account_nonce) {
  const auto index = state::FindValidatorByOperator(s, validator);
  if (!index) return Fail(TxBuildErrorKind::NotAllowed, Path(field), Path(field) + ": no validator has this operator address");
  const chain::Amount stake = state::DelegationStake(s, sender, *index);
  const auto taken = PendingUnbond(pending, account_nonce, tx.nonce, validator);
  if (!taken) return Fail(TxBuildErrorKind::Overflow, Path(field), Path(field) + ": pending undelegations overflow");
  const chain::Amount available = stake > *taken ? stake - *taken : 0;
  if (amount > available) {
    std::string msg = "payload.amount: " + Coins(amount) + " is more than the delegation's stake of " + Coins(available);
    if (*taken > 0) msg += " (" + Coins(stake) + " minus " + Coins(*taken) + " in pending transactions)";
    return Fail(TxBuildErrorKind::InsufficientStake, "payload.amount", std::move(msg));
  }
  return {};
}

util::Result<void, TxBuildError> CheckProposal(const state::StateReader& s, chain::ProposalId id,
                                               state::ProposalStatus want, std::string_view action) {
  const auto p = state::GetProposal(s, id);
  const std::string name = "proposal " + std::to_string(id);
  if (!p) return Fail(TxBuildErrorKind::NotAllowed, "payload.proposal_id", "payload.proposal_id: there is no " + name);
  if (p->status != want) {
    return Fail(TxBuildErrorKind::NotAllowed, "payload.proposal_id",
                "payload.proposal_id: " + name + " is in status " + std::string(state::ProposalStatusName(p->status)) +
                    "; " + std::string(action) + " only in status " + std::string(state::ProposalStatusName(want)));
  }
  return {};
}

util::Result<void, TxBuildError> CheckUnjail(const state::StateReader& s, chain::Slot head_slot, const chain::Address& sender) {
  const auto index = state::FindValidatorByOperator(s, sender);
  const auto v = index ? state::GetValidator(s, *index) : std::nullopt;
  if (!v) return Fail(TxBuildErrorKind::NotAllowed, "sender", "sender: this account operates no validator, so there is nothing to unjail");
  const std::string who = "validator '" + v->moniker + "'";
  if (v->status == state::ValidatorStatus::Tombstoned) {
    return Fail(TxBuildErrorKind::NotAllowed, "sender", "sender: " + who + " is tombstoned and can never be unjailed");
  }
  if (v->status != state::ValidatorStatus::Jailed) {
    return Fail(TxBuildErrorKind::NotAllowed, "sender", "sender: " + who + " is not jailed");
  }
  const chain::Slot earliest = head_slot == UINT64_MAX ? head_slot : head_slot + 1;
  if (earliest < v->jailed_until) {
    return Fail(TxBuildErrorKind::NotAllowed, "sender",
                "sender: " + who + " is jailed until slot " + std::to_string(v->jailed_until) + " (the next slot is " +
                    std::to_string(earliest) + ")");
  }
  const auto params = state::GetParams(s);
  const chain::Amount self = state::DelegationStake(s, sender, *index);
  if (params && self < params->min_self_bond) {
    return Fail(TxBuildErrorKind::NotAllowed, "sender",
                "sender: " + who + "'s self bond " + Coins(self) + " is below the minimum of " + Coins(params->min_self_bond));
  }
  return {};
}

}  // namespace

std::optional<chain::Amount> TxSpend(const chain::Transaction& tx) {
  return util::CheckedAdd(tx.fee, MovedBy(tx.payload).amount);
}

AccountFunds ReadFunds(const state::StateReader& s, const chain::Address& account) {
  AccountFunds f;
  const state::Account a = state::GetAccount(s, account);
  f.balance = a.balance;
  f.nonce = a.nonce;
  // Delegation keys are prefix | delegator[20] | index u32 (state/keys.h).
  const state::StateKey prefix = state::DelegationPrefix(account);
  std::vector<chain::ValidatorIndex> indexes;
  s.ForEachWithPrefix(prefix.span(), [&](util::ByteSpan key, util::ByteSpan) {
    if (key.size() == prefix.size() + 4) indexes.push_back(state::ReadBe32(key, prefix.size()));
    return true;
  });
  for (chain::ValidatorIndex i : indexes) {
    f.bonded = util::CheckedAdd(f.bonded, state::DelegationStake(s, account, i)).value_or(UINT64_MAX);
  }
  for (const auto& u : state::ListUnbondings(s)) {
    if (u.delegator == account) f.unbonding = util::CheckedAdd(f.unbonding, u.entry.amount).value_or(UINT64_MAX);
  }
  return f;
}

std::optional<chain::Amount> Spendable(const AccountFunds& funds, std::span<const chain::Transaction> pending,
                                       std::optional<std::uint64_t> except_nonce) {
  chain::Amount pending_sum = 0;
  for (const auto& p : pending) {
    // Below the account nonce: already included (its spend is out of the balance) or dead.
    if (p.nonce < funds.nonce || (except_nonce && p.nonce == *except_nonce)) continue;
    const auto spend = TxSpend(p);
    const auto sum = spend ? util::CheckedAdd(pending_sum, *spend) : std::nullopt;
    if (!sum) return std::nullopt;
    pending_sum = *sum;
  }
  return funds.balance > pending_sum ? funds.balance - pending_sum : 0;
}

util::Result<void, TxBuildError> CheckFunds(const chain::Transaction& tx, const AccountFunds& funds,
                                            std::span<const chain::Transaction> pending) {
  const Moved moved = MovedBy(tx.payload);
  const auto need = TxSpend(tx);
  if (!need) return Fail(TxBuildErrorKind::Overflow, Path(moved.field), Path(moved.field) + ": fee plus amount overflows");
  const auto spendable = Spendable(funds, pending, tx.nonce);
  if (!spendable) return Fail(TxBuildErrorKind::Overflow, "pending", "pending: the pending transactions' spends overflow");
  if (*need <= *spendable) return {};

  std::string msg = "needs " + Coins(*need) + " (";
  if (moved.amount > 0) msg += std::string(moved.label) + " " + chain::FormatAmount(moved.amount) + " + ";
  msg += "fee " + chain::FormatAmount(tx.fee) + "), spendable is " + Coins(*spendable);
  if (*spendable != funds.balance) {
    msg += " (balance " + Coins(funds.balance) + " minus " + Coins(funds.balance - *spendable) + " in pending transactions)";
  }
  if (funds.bonded > 0 || funds.unbonding > 0) {
    msg += "; not spendable: ";
    if (funds.bonded > 0) msg += Coins(funds.bonded) + " bonded";
    if (funds.bonded > 0 && funds.unbonding > 0) msg += " and ";
    if (funds.unbonding > 0) msg += Coins(funds.unbonding) + " unbonding";
  }
  return Fail(TxBuildErrorKind::InsufficientFunds, Path(moved.field), Path(moved.field) + ": " + msg);
}

util::Result<void, TxBuildError> CheckAgainstState(const state::StateReader& s, chain::Slot head_slot,
                                                   const chain::Transaction& tx,
                                                   std::span<const chain::Transaction> pending) {
  const chain::Address sender = chain::AddressFromPublicKey(tx.sender);
  const AccountFunds funds = ReadFunds(s, sender);
  if (auto ok = CheckFunds(tx, funds, pending); !ok) return ok;
  using R = util::Result<void, TxBuildError>;
  return std::visit(
      util::Overload{
          [&](const chain::RegisterValidator&) -> R {
            if (state::FindValidatorByOperator(s, sender)) {
              return Fail(TxBuildErrorKind::NotAllowed, "sender", "sender: this account already operates a validator");
            }
            return {};
          },
          [&](const chain::EditValidator&) -> R {
            if (!state::FindValidatorByOperator(s, sender)) {
              return Fail(TxBuildErrorKind::NotAllowed, "sender", "sender: this account operates no validator to edit");
            }
            return {};
          },
          [&](const chain::Delegate& p) -> R {
            auto v = FindLiveValidator(s, p.validator, "payload.validator");
            if (!v) return util::Err(v.error());
            return {};
          },
          [&](const chain::Undelegate& p) -> R {
            return CheckUnbond(s, sender, p.validator, p.amount, "payload.validator", tx, pending, funds.nonce);
          },
          [&](const chain::Redelegate& p) -> R {
            if (auto ok = CheckUnbond(s, sender, p.from, p.amount, "payload.from", tx, pending, funds.nonce); !ok) return ok;
            auto v = FindLiveValidator(s, p.to, "payload.to");
            if (!v) return util::Err(v.error());
            return {};
          },
          [&](const chain::Unjail&) -> R { return CheckUnjail(s, head_slot, sender); },
          [&](const chain::GovVote& p) -> R {
            return CheckProposal(s, p.proposal_id, state::ProposalStatus::VotingPeriod, "votes are accepted");
          },
          [&](const chain::Deposit& p) -> R {
            return CheckProposal(s, p.proposal_id, state::ProposalStatus::DepositPeriod, "deposits are accepted");
          },
          [](const chain::Evidence&) -> R {
            return Fail(TxBuildErrorKind::Unsupported, "payload",
                        "payload: evidence is assembled and submitted by the node, not built by the wallet");
          },
          [](const auto&) -> R { return {}; },
      },
      tx.payload);
}

}  // namespace cairn::wallet
