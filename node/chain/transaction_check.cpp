// CheckTransactionStateless: every transaction rule that needs no chain state.
#include "chain/transaction.h"

#include "util/checked_math.h"
#include "util/overload.h"

namespace cairn::chain {

namespace {

using util::Overload;

using CheckResult = util::Result<void, TxInvalid>;

CheckResult Bad(std::string field, std::string reason) { return util::Err(TxInvalid{std::move(field), std::move(reason)}); }

CheckResult CheckText(const std::string& field, const std::string& text, std::size_t min, std::size_t max, TextRule rule) {
  if (text.size() < min) return Bad(field, "must be at least " + std::to_string(min) + " bytes");
  if (text.size() > max) return Bad(field, "must be at most " + std::to_string(max) + " bytes");
  DecodeErrorKind kind{};
  std::size_t at = 0;
  if (!chain::CheckText(text, rule, &kind, &at)) {
    return Bad(field, std::string(DecodeErrorKindName(kind)) + " at byte " + std::to_string(at));
  }
  return {};
}

CheckResult Positive(const std::string& field, Amount amount) {
  if (amount == 0) return Bad(field, "must be greater than zero");
  return {};
}

CheckResult Commission(const std::string& field, std::uint16_t bps) {
  if (bps > BPS_DENOMINATOR) return Bad(field, "must be at most 10000 basis points");
  return {};
}

CheckResult CheckProposal(const std::string& f, const SubmitProposal& p) {
  const std::string k = f + ".kind";
  CheckResult kr = std::visit(
      Overload{[](const TextProposal&) -> CheckResult { return {}; },
               [&](const ParameterChange& c) -> CheckResult {
                 if (!IsGovernableParam(c.name)) {
                   return Bad(k + ".parameter_change.name", "'" + c.name + "' is not a governable parameter");
                 }
                 return {};
               },
               [&](const TreasurySpend& c) -> CheckResult { return Positive(k + ".treasury_spend.amount", c.amount); },
               [&](const UpgradeSignal& c) -> CheckResult {
                 return CheckText(k + ".upgrade_signal.version", c.version, VERSION_MIN, VERSION_MAX, TextRule::SingleLine);
               }},
      p.kind);
  if (!kr) return kr;
  if (auto r = CheckText(f + ".title", p.title, TITLE_MIN, TITLE_MAX, TextRule::SingleLine); !r) return r;
  if (auto r = CheckText(f + ".description", p.description, 0, DESCRIPTION_MAX, TextRule::MultiLine); !r) return r;
  return Positive(f + ".deposit", p.deposit);
}

CheckResult CheckPayload(const Transaction& tx, const ChainParams& params) {
  const std::string f = "tx.payload." + std::string(PayloadKindName(tx.kind()));
  return std::visit(
      Overload{
          [&](const Transfer& p) -> CheckResult { return Positive(f + ".amount", p.amount); },
          [&](const RegisterValidator& p) -> CheckResult {
            if (!crypto::IsValidPublicKey(p.consensus_pubkey)) return Bad(f + ".consensus_pubkey", "is not a valid Ed25519 key");
            if (!crypto::IsValidPublicKey(p.vrf_pubkey)) return Bad(f + ".vrf_pubkey", "is not a valid Ed25519 key");
            if (auto r = Commission(f + ".commission_bps", p.commission_bps); !r) return r;
            if (p.self_bond < params.min_self_bond) {
              return Bad(f + ".self_bond", "is below the minimum self bond of " + FormatAmount(params.min_self_bond));
            }
            if (auto r = CheckText(f + ".moniker", p.moniker, MONIKER_MIN, MONIKER_MAX, TextRule::SingleLine); !r) return r;
            return CheckText(f + ".website", p.website, 0, WEBSITE_MAX, TextRule::SingleLine);
          },
          [&](const EditValidator& p) -> CheckResult {
            if (!p.commission_bps && !p.moniker && !p.website) return Bad(f, "changes nothing");
            if (p.commission_bps) {
              if (auto r = Commission(f + ".commission_bps", *p.commission_bps); !r) return r;
            }
            if (p.moniker) {
              if (auto r = CheckText(f + ".moniker", *p.moniker, MONIKER_MIN, MONIKER_MAX, TextRule::SingleLine); !r) return r;
            }
            if (p.website) return CheckText(f + ".website", *p.website, 0, WEBSITE_MAX, TextRule::SingleLine);
            return {};
          },
          [&](const Delegate& p) -> CheckResult { return Positive(f + ".amount", p.amount); },
          [&](const Undelegate& p) -> CheckResult { return Positive(f + ".amount", p.amount); },
          [&](const Redelegate& p) -> CheckResult {
            if (p.from == p.to) return Bad(f + ".to", "must differ from 'from'");
            return Positive(f + ".amount", p.amount);
          },
          [](const ClaimRewards&) -> CheckResult { return {}; },
          [](const Unjail&) -> CheckResult { return {}; },
          [&](const SubmitProposal& p) -> CheckResult { return CheckProposal(f, p); },
          [&](const Deposit& p) -> CheckResult { return Positive(f + ".amount", p.amount); },
          [&](const GovVote& p) -> CheckResult {
            if (static_cast<std::uint8_t>(p.option) >= VOTE_OPTION_COUNT) return Bad(f + ".option", "is not yes, no, abstain or veto");
            return {};
          },
          [&](const Evidence& p) -> CheckResult { return CheckEvidenceStateless(p, f); },
      },
      tx.payload);
}

}  // namespace

util::Result<void, TxInvalid> CheckTransactionStateless(const Transaction& tx, const ChainParams& params) {
  if (!IsValidChainId(tx.chain_id.str())) return Bad("tx.chain_id", "is not 1..32 characters of a-z, 0-9, '-'");
  // No subgroup check of the sender key here: it costs as much as a signature check, and the strict
  // signature verification every transaction must pass already refuses non-canonical and small-order
  // keys. Prime-order keys are required only of consensus and VRF keys (below).
  if (tx.memo.size() > MEMO_MAX) return Bad("tx.memo", "must be at most 256 bytes");
  if (auto r = CheckPayload(tx, params); !r) return r;
  const std::size_t size = Encode(tx).size();
  if (size > params.max_tx_bytes) {
    return Bad("tx", "is " + std::to_string(size) + " bytes, above the limit of " + std::to_string(params.max_tx_bytes));
  }
  const auto min_fee = util::CheckedMul(size, params.min_fee_rate);
  if (!min_fee || tx.fee < *min_fee) {
    return Bad("tx.fee", "is below the minimum of " + (min_fee ? FormatAmount(*min_fee) : std::string("(overflow)")) +
                             " for " + std::to_string(size) + " bytes");
  }
  return {};
}

}  // namespace cairn::chain
