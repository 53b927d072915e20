#include "ui/explorer/explorer_format.h"

#include <QStringDecoder>

#include "chain/address.h"
#include "state/records.h"
#include "ui/session.h"
#include "util/overload.h"

namespace cairn::ui::explorer {

namespace {

// Strings are written out as QCoreApplication::translate("Explorer", "...") at each use, not behind a
// helper or macro: lupdate only finds the strings of calls it recognises.

QVariantMap Row(const QString& label, const QString& value, const char* type) {
  return QVariantMap{{QStringLiteral("label"), label},
                     {QStringLiteral("value"), value},
                     {QStringLiteral("type"), QString::fromLatin1(type)}};
}

QString FromView(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

QString Commission(std::uint16_t bps) { return QStringLiteral("%1 %").arg(bps / 100.0, 0, 'f', 2); }

QString ProposalKindText(const chain::ProposalKind& kind) {
  return std::visit(
      util::Overload{
          [](const chain::TextProposal&) { return QCoreApplication::translate("Explorer", "Text"); },
          [](const chain::ParameterChange&) { return QCoreApplication::translate("Explorer", "Parameter change"); },
          [](const chain::TreasurySpend&) { return QCoreApplication::translate("Explorer", "Treasury spend"); },
          [](const chain::UpgradeSignal&) { return QCoreApplication::translate("Explorer", "Upgrade signal"); },
      },
      kind);
}

QString VoteOptionText(chain::VoteOption option) {
  switch (option) {
    case chain::VoteOption::Yes:
      return QCoreApplication::translate("Explorer", "Yes");
    case chain::VoteOption::No:
      return QCoreApplication::translate("Explorer", "No");
    case chain::VoteOption::Abstain:
      return QCoreApplication::translate("Explorer", "Abstain");
    case chain::VoteOption::Veto:
      return QCoreApplication::translate("Explorer", "No with veto");
  }
  return FromView(chain::VoteOptionName(option));
}

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
    case K::Transfer:
      return QCoreApplication::translate("Explorer", "Transfer");
    case K::RegisterValidator:
      return QCoreApplication::translate("Explorer", "Register validator");
    case K::EditValidator:
      return QCoreApplication::translate("Explorer", "Edit validator");
    case K::Delegate:
      return QCoreApplication::translate("Explorer", "Delegate");
    case K::Undelegate:
      return QCoreApplication::translate("Explorer", "Undelegate");
    case K::Redelegate:
      return QCoreApplication::translate("Explorer", "Redelegate");
    case K::ClaimRewards:
      return QCoreApplication::translate("Explorer", "Claim rewards");
    case K::Unjail:
      return QCoreApplication::translate("Explorer", "Unjail");
    case K::SubmitProposal:
      return QCoreApplication::translate("Explorer", "Submit proposal");
    case K::Deposit:
      return QCoreApplication::translate("Explorer", "Deposit");
    case K::GovVote:
      return QCoreApplication::translate("Explorer", "Vote");
    case K::Evidence:
      return QCoreApplication::translate("Explorer", "Evidence");
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
      return message.isEmpty() ? QCoreApplication::translate("Explorer", "The node cannot answer right now.")
                               : QCoreApplication::translate("Explorer", "The node cannot answer: %1").arg(message);
    case api::ErrorKind::Internal:
      return QCoreApplication::translate("Explorer", "The node failed to read its database: %1").arg(message);
    default:
      return message.isEmpty() ? QCoreApplication::translate("Explorer", "The node refused the request.") : message;
  }
}

QString NotRunningSentence() { return QCoreApplication::translate("Explorer", "The node is not running."); }

QVariantList PayloadRows(const chain::Payload& payload, const QString& prefix) {
  const auto addr = [&](const chain::Address& a) { return AddressText(a, prefix); };
  const auto key = [](const crypto::PublicKey& k) { return Hex(k); };
  QVariantList rows;
  std::visit(
      util::Overload{
          [&](const chain::Transfer& p) {
            rows << Row(QCoreApplication::translate("Explorer", "To"), addr(p.to), "address")
                 << Row(QCoreApplication::translate("Explorer", "Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::RegisterValidator& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Moniker"), QString::fromStdString(p.moniker), "text")
                 << Row(QCoreApplication::translate("Explorer", "Website"), QString::fromStdString(p.website), "text")
                 << Row(QCoreApplication::translate("Explorer", "Commission"), Commission(p.commission_bps), "text")
                 << Row(QCoreApplication::translate("Explorer", "Self bond"), AmountText(p.self_bond), "amount")
                 << Row(QCoreApplication::translate("Explorer", "Consensus key"), key(p.consensus_pubkey), "key")
                 << Row(QCoreApplication::translate("Explorer", "VRF key"), key(p.vrf_pubkey), "key");
          },
          [&](const chain::EditValidator& p) {
            if (p.moniker)
              rows << Row(QCoreApplication::translate("Explorer", "New moniker"), QString::fromStdString(*p.moniker),
                          "text");
            if (p.website)
              rows << Row(QCoreApplication::translate("Explorer", "New website"), QString::fromStdString(*p.website),
                          "text");
            if (p.commission_bps)
              rows << Row(QCoreApplication::translate("Explorer", "New commission"), Commission(*p.commission_bps),
                          "text");
          },
          [&](const chain::Delegate& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Validator"), addr(p.validator), "validator")
                 << Row(QCoreApplication::translate("Explorer", "Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::Undelegate& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Validator"), addr(p.validator), "validator")
                 << Row(QCoreApplication::translate("Explorer", "Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::Redelegate& p) {
            rows << Row(QCoreApplication::translate("Explorer", "From validator"), addr(p.from), "validator")
                 << Row(QCoreApplication::translate("Explorer", "To validator"), addr(p.to), "validator")
                 << Row(QCoreApplication::translate("Explorer", "Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::ClaimRewards& p) {
            rows << (p.validator
                         ? Row(QCoreApplication::translate("Explorer", "Validator"), addr(*p.validator), "validator")
                         : Row(QCoreApplication::translate("Explorer", "Validator"),
                               QCoreApplication::translate("Explorer", "All delegations"), "text"));
          },
          [&](const chain::Unjail&) {},
          [&](const chain::SubmitProposal& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Title"), QString::fromStdString(p.title), "text")
                 << Row(QCoreApplication::translate("Explorer", "Type"), ProposalKindText(p.kind), "text");
            std::visit(util::Overload{
                           [&](const chain::TextProposal&) {},
                           [&](const chain::ParameterChange& k) {
                             rows << Row(QCoreApplication::translate("Explorer", "Parameter"),
                                         QString::fromStdString(k.name), "text")
                                  << Row(QCoreApplication::translate("Explorer", "New value"),
                                         QString::number(static_cast<qulonglong>(k.new_value)), "number");
                           },
                           [&](const chain::TreasurySpend& k) {
                             rows << Row(QCoreApplication::translate("Explorer", "Pay to"), addr(k.to), "address")
                                  << Row(QCoreApplication::translate("Explorer", "Spend"), AmountText(k.amount),
                                         "amount");
                           },
                           [&](const chain::UpgradeSignal& k) {
                             rows << Row(QCoreApplication::translate("Explorer", "Version"),
                                         QString::fromStdString(k.version), "text")
                                  << Row(QCoreApplication::translate("Explorer", "Upgrade slot"),
                                         QString::number(static_cast<qulonglong>(k.slot)), "number");
                           },
                       },
                       p.kind);
            rows << Row(QCoreApplication::translate("Explorer", "Deposit"), AmountText(p.deposit), "amount")
                 << Row(QCoreApplication::translate("Explorer", "Description"), QString::fromStdString(p.description),
                        "text");
          },
          [&](const chain::Deposit& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Proposal"),
                        QString::number(static_cast<qulonglong>(p.proposal_id)), "proposal")
                 << Row(QCoreApplication::translate("Explorer", "Amount"), AmountText(p.amount), "amount");
          },
          [&](const chain::GovVote& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Proposal"),
                        QString::number(static_cast<qulonglong>(p.proposal_id)), "proposal")
                 << Row(QCoreApplication::translate("Explorer", "Option"), VoteOptionText(p.option), "text");
          },
          [&](const chain::Evidence& p) {
            rows << Row(QCoreApplication::translate("Explorer", "Offence"), EvidenceKindText(p.kind()), "text")
                 << Row(QCoreApplication::translate("Explorer", "Offender"), QString::number(chain::OffenderIndex(p)),
                        "number");
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

QString EvidenceKindText(chain::EvidenceKind kind) {
  switch (kind) {
    case chain::EvidenceKind::DoubleProposal:
      return QCoreApplication::translate("Explorer", "Double proposal");
    case chain::EvidenceKind::DoubleVote:
      return QCoreApplication::translate("Explorer", "Double vote");
    case chain::EvidenceKind::SurroundVote:
      return QCoreApplication::translate("Explorer", "Surround vote");
  }
  return FromView(chain::EvidenceKindName(kind));
}

}  // namespace cairn::ui::explorer
