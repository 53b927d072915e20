#include "ui/explorer/explorer_format.h"

#include <QStringDecoder>

#include "chain/address.h"
#include "state/records.h"
#include "ui/session.h"
#include "util/overload.h"

namespace cairn::ui::explorer {

namespace {

QString Tr(const char* text) { return QCoreApplication::translate("Explorer", text); }

QVariantMap Row(const QString& label, const QString& value, const char* type) {
  return QVariantMap{{QStringLiteral("label"), label}, {QStringLiteral("value"), value},
                     {QStringLiteral("type"), QString::fromLatin1(type)}};
}

QString FromView(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

QString Commission(std::uint16_t bps) { return QStringLiteral("%1 %").arg(bps / 100.0, 0, 'f', 2); }

}  // namespace

QString AddressPrefix() {
  if (const auto* session = Session::Instance()) return session->addressPrefix();
  return FromView(chain::TESTNET_HRP);
}

QString AddressText(const chain::Address& address, const QString& prefix) {
  return QString::fromStdString(chain::EncodeAddress(address, prefix.toStdString()));
}

QString AddressText(const chain::Address& address) { return AddressText(address, AddressPrefix()); }

QString FinalityText(api::Finality finality) { return FromView(api::FinalityName(finality)); }
QString TxStatusText(api::TxStatus status) { return FromView(api::TxStatusName(status)); }
QString KindCode(chain::PayloadKind kind) { return FromView(chain::PayloadKindName(kind)); }

QString KindLabel(chain::PayloadKind kind) {
  using K = chain::PayloadKind;
  switch (kind) {
    case K::Transfer: return Tr("Transfer");
    case K::RegisterValidator: return Tr("Register validator");
    case K::EditValidator: return Tr("Edit validator");
    case K::Delegate: return Tr("Delegate");
    case K::Undelegate: return Tr("Undelegate");
    case K::Redelegate: return Tr("Redelegate");
    case K::ClaimRewards: return Tr("Claim rewards");
    case K::Unjail: return Tr("Unjail");
    case K::SubmitProposal: return Tr("Submit proposal");
    case K::Deposit: return Tr("Deposit");
    case K::GovVote: return Tr("Vote");
    case K::Evidence: return Tr("Evidence");
  }
  return KindCode(kind);
}

QString MemoText(const util::Bytes& memo) {
  if (memo.empty()) return {};
  QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
  QString text = decoder.decode(QByteArrayView(memo.data(), static_cast<qsizetype>(memo.size())));
  if (decoder.hasError()) return QStringLiteral("0x") + QString::fromStdString(util::ToHex(memo));
  return text;
}

QString ErrorSentence(const api::Error& error) {
  QString message = QString::fromStdString(error.message).trimmed();
  switch (error.kind) {
    case api::ErrorKind::Unavailable:
      return message.isEmpty() ? Tr("The node cannot answer right now.") : Tr("The node cannot answer: %1").arg(message);
    case api::ErrorKind::Internal:
      return Tr("The node failed to read its database: %1").arg(message);
    default:
      return message.isEmpty() ? Tr("The node refused the request.") : message;
  }
}

QString NotRunningSentence() { return Tr("The node is not running."); }

QVariantList PayloadRows(const chain::Payload& payload, const QString& prefix) {
  const auto addr = [&](const chain::Address& a) { return AddressText(a, prefix); };
  const auto key = [](const crypto::PublicKey& k) { return Hex(k); };
  QVariantList rows;
  std::visit(
      util::Overload{
          [&](const chain::Transfer& p) {
            rows << Row(Tr("To"), addr(p.to), "address") << Row(Tr("Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::RegisterValidator& p) {
            rows << Row(Tr("Moniker"), QString::fromStdString(p.moniker), "text")
                 << Row(Tr("Website"), QString::fromStdString(p.website), "text")
                 << Row(Tr("Commission"), Commission(p.commission_bps), "text")
                 << Row(Tr("Self bond"), AmountText(p.self_bond), "amount")
                 << Row(Tr("Consensus key"), key(p.consensus_pubkey), "key")
                 << Row(Tr("VRF key"), key(p.vrf_pubkey), "key");
          },
          [&](const chain::EditValidator& p) {
            if (p.moniker) rows << Row(Tr("New moniker"), QString::fromStdString(*p.moniker), "text");
            if (p.website) rows << Row(Tr("New website"), QString::fromStdString(*p.website), "text");
            if (p.commission_bps) rows << Row(Tr("New commission"), Commission(*p.commission_bps), "text");
          },
          [&](const chain::Delegate& p) {
            rows << Row(Tr("Validator"), addr(p.validator), "validator") << Row(Tr("Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::Undelegate& p) {
            rows << Row(Tr("Validator"), addr(p.validator), "validator") << Row(Tr("Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::Redelegate& p) {
            rows << Row(Tr("From validator"), addr(p.from), "validator")
                 << Row(Tr("To validator"), addr(p.to), "validator") << Row(Tr("Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::ClaimRewards& p) {
            rows << (p.validator ? Row(Tr("Validator"), addr(*p.validator), "validator")
                                 : Row(Tr("Validator"), Tr("All delegations"), "text"));
          },
          [&](const chain::Unjail&) {},
          [&](const chain::SubmitProposal& p) {
            rows << Row(Tr("Title"), QString::fromStdString(p.title), "text")
                 << Row(Tr("Type"), FromView(chain::ProposalKindName(p.kind)), "text");
            std::visit(util::Overload{
                           [&](const chain::TextProposal&) {},
                           [&](const chain::ParameterChange& k) {
                             rows << Row(Tr("Parameter"), QString::fromStdString(k.name), "text")
                                  << Row(Tr("New value"), QString::number(static_cast<qulonglong>(k.new_value)), "number");
                           },
                           [&](const chain::TreasurySpend& k) {
                             rows << Row(Tr("Pay to"), addr(k.to), "address") << Row(Tr("Spend"), AmountText(k.amount), "amount");
                           },
                           [&](const chain::UpgradeSignal& k) {
                             rows << Row(Tr("Version"), QString::fromStdString(k.version), "text")
                                  << Row(Tr("Upgrade slot"), QString::number(static_cast<qulonglong>(k.slot)), "number");
                           },
                       },
                       p.kind);
            rows << Row(Tr("Deposit"), AmountText(p.deposit), "amount")
                 << Row(Tr("Description"), QString::fromStdString(p.description), "text");
          },
          [&](const chain::Deposit& p) {
            rows << Row(Tr("Proposal"), QString::number(static_cast<qulonglong>(p.proposal_id)), "proposal")
                 << Row(Tr("Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::GovVote& p) {
            rows << Row(Tr("Proposal"), QString::number(static_cast<qulonglong>(p.proposal_id)), "proposal")
                 << Row(Tr("Option"), FromView(chain::VoteOptionName(p.option)), "text");
          },
          [&](const chain::Evidence& p) {
            rows << Row(Tr("Offence"), FromView(chain::EvidenceKindName(p.kind())), "text")
                 << Row(Tr("Offender"), QString::number(chain::OffenderIndex(p)), "number");
          },
      },
      payload);
  return rows;
}

std::optional<chain::Amount> PayloadAmount(const chain::Payload& payload) {
  return std::visit(util::Overload{
                        [](const chain::Transfer& p) -> std::optional<chain::Amount> { return p.amount; },
                        [](const chain::Delegate& p) -> std::optional<chain::Amount> { return p.amount; },
                        [](const chain::Undelegate& p) -> std::optional<chain::Amount> { return p.amount; },
                        [](const chain::Redelegate& p) -> std::optional<chain::Amount> { return p.amount; },
                        [](const chain::Deposit& p) -> std::optional<chain::Amount> { return p.amount; },
                        [](const chain::RegisterValidator& p) -> std::optional<chain::Amount> { return p.self_bond; },
                        [](const auto&) -> std::optional<chain::Amount> { return std::nullopt; },
                    },
                    payload);
}

std::optional<chain::Address> PayloadCounterparty(const chain::Payload& payload) {
  return std::visit(util::Overload{
                        [](const chain::Transfer& p) -> std::optional<chain::Address> { return p.to; },
                        [](const chain::Delegate& p) -> std::optional<chain::Address> { return p.validator; },
                        [](const chain::Undelegate& p) -> std::optional<chain::Address> { return p.validator; },
                        [](const chain::Redelegate& p) -> std::optional<chain::Address> { return p.to; },
                        [](const auto&) -> std::optional<chain::Address> { return std::nullopt; },
                    },
                    payload);
}

std::optional<std::uint64_t> ParseDecimal(const QString& text) {
  if (text.isEmpty() || text.size() > 20) return std::nullopt;
  for (QChar c : text) {
    if (c < QLatin1Char('0') || c > QLatin1Char('9')) return std::nullopt;
  }
  bool ok = false;
  const qulonglong value = text.toULongLong(&ok);
  if (!ok) return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

std::optional<crypto::Hash256> ParseHash(const QString& text) {
  const std::string s = text.trimmed().toStdString();
  return util::ParseFixedHex<32>(util::StripHexPrefix(s));
}

}  // namespace cairn::ui::explorer
