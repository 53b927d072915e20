#include "wallet/tx_builder.h"

#include <utility>

#include "util/overload.h"

namespace cairn::wallet {

namespace {

util::Unexpected<TxBuildError> Fail(TxBuildErrorKind kind, std::string field, std::string message) {
  return util::Err(TxBuildError{kind, std::move(field), std::move(message)});
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

TxResult<chain::ProposalKind> MakeProposalKind(const ProposalKindInput& input, std::string_view hrp) {
  return std::visit(
      util::Overload{
          [](const TextProposalInput&) -> TxResult<chain::ProposalKind> { return chain::ProposalKind{chain::TextProposal{}}; },
          [](const ParameterChangeInput& p) -> TxResult<chain::ProposalKind> {
            return chain::ProposalKind{chain::ParameterChange{p.name, p.new_value}};
          },
          [&](const TreasurySpendInput& p) -> TxResult<chain::ProposalKind> {
            auto to = ParseAddress(p.to, hrp, "payload.kind.to");
            if (!to) return util::Err(to.error());
            return chain::ProposalKind{chain::TreasurySpend{*to, p.amount}};
          },
          [](const UpgradeSignalInput& p) -> TxResult<chain::ProposalKind> {
            return chain::ProposalKind{chain::UpgradeSignal{p.version, p.slot}};
          },
      },
      input);
}

}  // namespace

std::string_view TxBuildErrorKindName(TxBuildErrorKind kind) {
  switch (kind) {
    case TxBuildErrorKind::BadInput: return "bad_input";
    case TxBuildErrorKind::Unsupported: return "unsupported";
    case TxBuildErrorKind::Invalid: return "invalid";
    case TxBuildErrorKind::InsufficientFunds: return "insufficient_funds";
    case TxBuildErrorKind::InsufficientStake: return "insufficient_stake";
    case TxBuildErrorKind::NotAllowed: return "not_allowed";
    case TxBuildErrorKind::WrongKey: return "wrong_key";
    case TxBuildErrorKind::Overflow: return "overflow";
  }
  return "unknown";
}

TxResult<chain::VoteOption> ParseVoteOption(std::string_view text, std::string_view field) {
  for (std::uint8_t i = 0; i < chain::VOTE_OPTION_COUNT; ++i) {
    const auto option = static_cast<chain::VoteOption>(i);
    if (EqualsIgnoreCase(text, chain::VoteOptionName(option))) return option;
  }
  // The text is echoed only when short: it is user input, not a secret, but a pasted blob helps nobody.
  const std::string shown = text.size() <= 16 ? "'" + std::string(text) + "'" : "the given text";
  return Fail(TxBuildErrorKind::BadInput, std::string(field),
              std::string(field) + ": " + shown + " is not a vote option (yes, no, abstain or veto)");
}

TxResult<chain::Address> ParseAddress(std::string_view text, std::string_view hrp, std::string_view field) {
  auto decoded = chain::DecodeAddress(text, hrp);
  if (!decoded) return Fail(TxBuildErrorKind::BadInput, std::string(field), std::string(field) + ": " + decoded.error().message);
  return *decoded;
}

TxResult<chain::Payload> MakePayload(const PayloadInput& input, std::string_view hrp) {
  using R = TxResult<chain::Payload>;
  return std::visit(
      util::Overload{
          [&](const TransferInput& p) -> R {
            auto to = ParseAddress(p.to, hrp, "payload.to");
            if (!to) return util::Err(to.error());
            return chain::Payload{chain::Transfer{*to, p.amount}};
          },
          [](const RegisterValidatorInput& p) -> R {
            return chain::Payload{chain::RegisterValidator{p.consensus_pubkey, p.vrf_pubkey, p.commission_bps, p.self_bond,
                                                           p.moniker, p.website}};
          },
          [](const EditValidatorInput& p) -> R {
            return chain::Payload{chain::EditValidator{p.commission_bps, p.moniker, p.website}};
          },
          [&](const DelegateInput& p) -> R {
            auto v = ParseAddress(p.validator, hrp, "payload.validator");
            if (!v) return util::Err(v.error());
            return chain::Payload{chain::Delegate{*v, p.amount}};
          },
          [&](const UndelegateInput& p) -> R {
            auto v = ParseAddress(p.validator, hrp, "payload.validator");
            if (!v) return util::Err(v.error());
            return chain::Payload{chain::Undelegate{*v, p.amount}};
          },
          [&](const RedelegateInput& p) -> R {
            auto from = ParseAddress(p.from, hrp, "payload.from");
            if (!from) return util::Err(from.error());
            auto to = ParseAddress(p.to, hrp, "payload.to");
            if (!to) return util::Err(to.error());
            return chain::Payload{chain::Redelegate{*from, *to, p.amount}};
          },
          [&](const ClaimRewardsInput& p) -> R {
            chain::ClaimRewards claim;
            if (p.validator) {
              auto v = ParseAddress(*p.validator, hrp, "payload.validator");
              if (!v) return util::Err(v.error());
              claim.validator = *v;
            }
            return chain::Payload{claim};
          },
          [](const UnjailInput&) -> R { return chain::Payload{chain::Unjail{}}; },
          [&](const SubmitProposalInput& p) -> R {
            auto kind = MakeProposalKind(p.kind, hrp);
            if (!kind) return util::Err(kind.error());
            return chain::Payload{chain::SubmitProposal{std::move(*kind), p.title, p.description, p.deposit}};
          },
          [](const DepositInput& p) -> R { return chain::Payload{chain::Deposit{p.proposal_id, p.amount}}; },
          [](const GovVoteInput& p) -> R {
            auto option = ParseVoteOption(p.option);
            if (!option) return util::Err(option.error());
            return chain::Payload{chain::GovVote{p.proposal_id, *option}};
          },
          [](const EvidenceInput&) -> R {
            return Fail(TxBuildErrorKind::Unsupported, "payload",
                        "payload: evidence is assembled and submitted by the node, not built by the wallet");
          },
      },
      input);
}

TxResult<chain::Transaction> BuildUnsigned(const BuildContext& ctx, const TxRequest& request, chain::Payload payload,
                                           const FeeQuote& quote) {
  if (std::holds_alternative<chain::Evidence>(payload)) {
    return Fail(TxBuildErrorKind::Unsupported, "payload",
                "payload: evidence is assembled and submitted by the node, not built by the wallet");
  }
  if (ctx.chain_id.empty()) return Fail(TxBuildErrorKind::BadInput, "chain_id", "chain_id: no chain id was given");
  if (request.memo.size() > chain::MEMO_MAX) {
    return Fail(TxBuildErrorKind::BadInput, "memo",
                "memo: is " + std::to_string(request.memo.size()) + " bytes, at most " + std::to_string(chain::MEMO_MAX) +
                    " are allowed");
  }
  chain::Transaction tx;
  tx.chain_id = ctx.chain_id;
  tx.sender = request.sender;
  tx.nonce = request.nonce;
  tx.expiry_slot = request.expiry_slot;
  tx.memo = request.memo;
  tx.payload = std::move(payload);
  if (!PriceTransaction(tx, quote)) {
    return Fail(TxBuildErrorKind::Overflow, "fee", "fee: the fee rate times the transaction size does not fit in 64 bits");
  }
  if (auto ok = chain::CheckTransactionStateless(tx, ctx.params); !ok) {
    return Fail(TxBuildErrorKind::Invalid, ok.error().field, ok.error().Message());
  }
  return tx;
}

TxResult<chain::Transaction> BuildUnsigned(const BuildContext& ctx, const TxRequest& request, const PayloadInput& input,
                                           const FeeQuote& quote) {
  auto payload = MakePayload(input, ctx.hrp);
  if (!payload) return util::Err(payload.error());
  return BuildUnsigned(ctx, request, std::move(*payload), quote);
}

TxResult<SignedTx> SignTx(const BuildContext& ctx, chain::Transaction tx, const crypto::SecretKey& key) {
  if (key.public_key() != tx.sender) {
    return Fail(TxBuildErrorKind::WrongKey, "sender", "sender: the signing key does not belong to the transaction's sender");
  }
  chain::SignTransaction(tx, key, ctx.genesis_hash);
  // A failure here means a broken key or library, never user input: refuse rather than submit.
  if (!chain::VerifyTransactionSignature(tx, ctx.genesis_hash)) {
    return Fail(TxBuildErrorKind::WrongKey, "signature", "signature: the new signature does not verify under the sender's key");
  }
  SignedTx out;
  out.id = chain::ComputeTxId(tx);
  out.encoding = chain::Encode(tx);
  out.tx = std::move(tx);
  return out;
}

}  // namespace cairn::wallet
