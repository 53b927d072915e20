// Balance and stake checks the wallet runs on a built tx before signing it, against the head state and
// the account's own txs already in the pool, so that the user gets a clear refusal ("needs 12.5 CAIRN
// (amount 12 + fee 0.5), spendable is 10 CAIRN") instead of a tx the pool or the block rejects.
//
// Spend rule: TxSpend is the wallet's copy of mempool::SpendOf (fee + Transfer.amount,
// RegisterValidator.self_bond, Delegate.amount, SubmitProposal.deposit, Deposit.amount; every other
// payload the fee only). The wallet may not link the mempool (sibling layers, DESIGN.md section 1), so
// the rule is restated here in chain types; it MUST agree with mempool::SpendOf, which
// tests/wallet/test_tx_spend.cpp checks on every payload kind.
//
// Spendable = account balance - spends of the pending txs (nonce >= account nonce, other than the one
// being replaced). Stake that is bonded (delegations) or unbonding is never in the balance, so never
// spendable; AccountFunds reports it so that messages can say where the rest of the money is.
//
// These checks are advisory: the head may move before the tx is included, and the state transition has
// the final word. They read the StateReader only.
//
// Thread safety: pure functions; callable from any thread while the StateReader does not change.
// Failure: TxBuildError with kind InsufficientFunds, InsufficientStake, NotAllowed or Overflow.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "chain/transaction.h"
#include "state/state_diff.h"
#include "wallet/tx_builder.h"

namespace cairn::wallet {

// What `tx` takes out of the sender's balance if included; nothing on overflow. Must equal
// mempool::SpendOf (see above).
std::optional<chain::Amount> TxSpend(const chain::Transaction& tx);

struct AccountFunds {
  chain::Amount balance = 0;    // liquid, in the account record
  std::uint64_t nonce = 0;      // the account's next nonce on chain
  chain::Amount bonded = 0;     // sum of the account's delegation stakes (self bond included)
  chain::Amount unbonding = 0;  // undelegated, waiting for completion (not spendable until paid out)
};

// Reads the account, its delegations and its unbonding entries (a scan of the unbonding queue).
AccountFunds ReadFunds(const state::StateReader& s, const chain::Address& account);

// Spendable balance after the pending txs (those with nonce >= funds.nonce and != except_nonce).
// Nothing on overflow of the pending sum; saturates at zero when pending spends exceed the balance.
std::optional<chain::Amount> Spendable(const AccountFunds& funds, std::span<const chain::Transaction> pending,
                                       std::optional<std::uint64_t> except_nonce = std::nullopt);

// InsufficientFunds when TxSpend(tx) > Spendable(funds, pending, tx.nonce) (a pending tx with the same
// nonce is the one being replaced, so it does not count). The message gives the need, its parts and the
// spendable amount in CAIRN, and the bonded / unbonding amounts when there are any.
util::Result<void, TxBuildError> CheckFunds(const chain::Transaction& tx, const AccountFunds& funds,
                                            std::span<const chain::Transaction> pending);

// Every pre-signing check of `tx` against the head state at `head_slot` (the tx lands at head_slot + 1
// at the earliest): CheckFunds, then per payload:
// - Delegate: the validator exists and is not tombstoned.
// - Undelegate / Redelegate: the source delegation's stake minus the pending Undelegate/Redelegate
//   amounts from the same validator covers the amount (InsufficientStake); Redelegate's target exists
//   and is not tombstoned.
// - Unjail: the sender operates a validator that is jailed (not tombstoned), whose jail ends by
//   head_slot + 1 and whose self bond is at least min_self_bond.
// - GovVote: the proposal exists and is in its voting period.
// - Deposit: the proposal exists and is in its deposit period. (The state rules accept deposits only
//   then; a deposit in the voting period would fail in the block.)
// - EditValidator: the sender operates a validator.
util::Result<void, TxBuildError> CheckAgainstState(const state::StateReader& s, chain::Slot head_slot,
                                                   const chain::Transaction& tx,
                                                   std::span<const chain::Transaction> pending);

}  // namespace cairn::wallet
