#include "ui/explorer/account_detail_model.h"

#include "chain/address.h"
#include "ui/explorer/explorer_format.h"

namespace cairn::ui {

AccountDetailModel::AccountDetailModel(QObject* parent) : DetailBase(parent), m_txs(this) {}

void AccountDetailModel::load(const QString& text) {
  const QString key = text.trimmed();
  api::Node* node = Begin(key);
  if (node == nullptr) return;
  auto address = chain::DecodeAddress(key.toStdString(), explorer::AddressPrefix().toStdString());
  if (!address) {
    m_txs.setAddress(std::nullopt);
    Fail(tr("“%1” is not an address: %2.").arg(key, QString::fromStdString(address.error().message)));
    return;
  }
  m_txs.setAddress(*address);
  Start(
      node, [a = *address](api::Node* n) { return n->Account(a); },
      [this](api::Result<api::AccountInfo> result) {
        if (!result) return Fail(explorer::ErrorSentence(result.error()));
        Apply(*result);
        Succeed();
      });
}

void AccountDetailModel::Apply(const api::AccountInfo& a) {
  const QString prefix = explorer::AddressPrefix();
  m_address = explorer::AddressText(a.address, prefix);
  m_balance = explorer::AmountText(a.balance);
  m_nonce = a.nonce;
  m_pending_nonce = a.pending_nonce;
  m_bonded = explorer::AmountText(a.bonded);
  m_unbonding = explorer::AmountText(a.unbonding);
  m_rewards = explorer::AmountText(a.pending_rewards);
  m_delegations.clear();
  for (const auto& d : a.delegations) {
    m_delegations << QVariantMap{{QStringLiteral("validator"), static_cast<int>(d.validator)},
                                 {QStringLiteral("operator"), explorer::AddressText(d.validator_operator, prefix)},
                                 {QStringLiteral("shares"), QString::number(static_cast<qulonglong>(d.shares))},
                                 {QStringLiteral("stake"), explorer::AmountText(d.stake)},
                                 {QStringLiteral("rewards"), explorer::AmountText(d.pending_rewards)}};
  }
  m_unbondings.clear();
  for (const auto& u : a.unbondings) {
    m_unbondings << QVariantMap{{QStringLiteral("validator"), static_cast<int>(u.validator)},
                                {QStringLiteral("amount"), explorer::AmountText(u.amount)},
                                {QStringLiteral("completionSlot"), static_cast<qulonglong>(u.completion_slot)}};
  }
  m_validator = a.validator ? static_cast<int>(*a.validator) : -1;
  m_seen = a.balance != 0 || a.nonce != 0 || a.pending_nonce != 0 || a.bonded != 0 || a.unbonding != 0 ||
           !a.delegations.empty() || !a.unbondings.empty() || a.validator.has_value();
  emit changed();
}

}  // namespace cairn::ui
