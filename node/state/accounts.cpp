// The transaction envelope (chain id, signature, expiry, nonce, fee), transfers and payload dispatch
// (SPEC.md "State rules" section 2). Transfers take a lean path: two account reads and two writes.
#include "chain/address.h"
#include "state/rules.h"
#include "util/overload.h"

namespace cairn::state {
namespace {

std::string TxPath(std::size_t index) { return "txs[" + std::to_string(index) + "]"; }

}  // namespace

Status ApplyTransaction(Ledger& l, const chain::Transaction& tx, std::size_t index, SigCheck sig_check,
                        const crypto::Hash256& genesis_hash, Amount& fees) {
  if (tx.chain_id != l.globals().chain_id) return Fail(TxPath(index) + ".chain_id", "is not this chain's id");
  if (tx.expiry_slot < l.slot()) {
    return Fail(TxPath(index) + ".expiry_slot", "expired at slot " + Str(tx.expiry_slot) + " (block slot " + Str(l.slot()) + ")");
  }
  if (sig_check == SigCheck::Verify && !chain::VerifyTransactionSignature(tx, genesis_hash)) {
    return Fail(TxPath(index) + ".signature", "does not verify under the sender's key");
  }
  const Address sender = chain::AddressFromPublicKey(tx.sender);
  Account account = l.GetAccount(sender);
  if (tx.nonce != account.nonce) {
    return Fail(TxPath(index) + ".nonce", "is " + Str(tx.nonce) + ", expected " + Str(account.nonce));
  }
  if (account.nonce == UINT64_MAX) return Fail(TxPath(index) + ".nonce", "nonce space exhausted");
  if (account.balance < tx.fee) {
    return Fail(TxPath(index) + ".fee", "exceeds spendable balance " + Str(account.balance) + " < " + Str(tx.fee));
  }
  const auto total_fees = util::CheckedAdd(fees, tx.fee);
  if (!total_fees) return Fail(TxPath(index) + ".fee", "block fees overflow");
  fees = *total_fees;
  account.balance -= tx.fee;
  ++account.nonce;

  if (const auto* transfer = std::get_if<chain::Transfer>(&tx.payload)) {
    if (account.balance < transfer->amount) {
      return Fail(TxPath(index) + ".payload.transfer.amount",
                  "exceeds spendable balance " + Str(account.balance) + " < " + Str(transfer->amount));
    }
    account.balance -= transfer->amount;
    l.PutAccount(sender, account);
    return l.Credit(transfer->to, transfer->amount, TxPath(index) + ".payload.transfer.to");
  }
  l.PutAccount(sender, account);

  const TxEnv env{sender, TxPath(index) + ".payload." + std::string(chain::PayloadKindName(tx.kind()))};
  return std::visit(
      util::Overload{
          [](const chain::Transfer&) -> Status { return {}; },  // handled above
          [&](const chain::RegisterValidator& p) { return ApplyRegisterValidator(l, env, p); },
          [&](const chain::EditValidator& p) { return ApplyEditValidator(l, env, p); },
          [&](const chain::Delegate& p) { return ApplyDelegate(l, env, p); },
          [&](const chain::Undelegate& p) { return ApplyUndelegate(l, env, p); },
          [&](const chain::Redelegate& p) { return ApplyRedelegate(l, env, p); },
          [&](const chain::ClaimRewards& p) { return ApplyClaimRewards(l, env, p); },
          [&](const chain::Unjail&) { return ApplyUnjail(l, env); },
          [&](const chain::SubmitProposal& p) { return ApplySubmitProposal(l, env, p); },
          [&](const chain::Deposit& p) { return ApplyDeposit(l, env, p); },
          [&](const chain::GovVote& p) { return ApplyGovVote(l, env, p); },
          [&](const chain::Evidence& p) { return ApplyEvidence(l, p, sender, env.path, sig_check, genesis_hash); },
      },
      tx.payload);
}

}  // namespace cairn::state
