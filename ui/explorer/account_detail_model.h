// AccountDetailModel (QML `AccountDetailModel`): one address for the explorer: balance, nonce, stake
// (bonded, unbonding, rewards, delegations, unbondings), the validator it operates, and its
// transactions (`txs`, paged). Amounts are base-unit strings.
//
// An address the chain never saw is a valid, empty account (api/types.h): found is true and `seen`
// false, so the view can say "no activity yet" rather than "not found".
// Thread safety: GUI thread (api calls through RunAsync). Ownership: QML or a test; it owns `txs`.
// Failure: text that is not an address of this network sets `error` (the decoder's sentence); node
// failures set `error`.
#pragma once

#include <QVariantList>

#include "ui/explorer/account_tx_model.h"
#include "ui/explorer/detail_base.h"

namespace cairn::ui {

class AccountDetailModel : public DetailBase {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QString address READ address NOTIFY changed)
  Q_PROPERTY(QString balance READ balance NOTIFY changed)
  Q_PROPERTY(qulonglong nonce READ nonce NOTIFY changed)
  Q_PROPERTY(qulonglong pendingNonce READ pendingNonce NOTIFY changed)
  Q_PROPERTY(QString bonded READ bonded NOTIFY changed)
  Q_PROPERTY(QString unbonding READ unbonding NOTIFY changed)
  Q_PROPERTY(QString rewards READ rewards NOTIFY changed)
  // [{validator (index), operator (address), shares, stake, rewards}]
  Q_PROPERTY(QVariantList delegations READ delegations NOTIFY changed)
  // [{validator, amount, completionSlot}]
  Q_PROPERTY(QVariantList unbondings READ unbondings NOTIFY changed)
  Q_PROPERTY(bool isValidator READ isValidator NOTIFY changed)
  Q_PROPERTY(int validatorIndex READ validatorIndex NOTIFY changed)  // -1 when none
  Q_PROPERTY(bool seen READ seen NOTIFY changed)
  Q_PROPERTY(AccountTxModel* txs READ txs CONSTANT)

 public:
  explicit AccountDetailModel(QObject* parent = nullptr);

  // address: bech32m with the running network's prefix.
  Q_INVOKABLE void load(const QString& address);

  QString address() const { return m_address; }
  QString balance() const { return m_balance; }
  qulonglong nonce() const { return m_nonce; }
  qulonglong pendingNonce() const { return m_pending_nonce; }
  QString bonded() const { return m_bonded; }
  QString unbonding() const { return m_unbonding; }
  QString rewards() const { return m_rewards; }
  QVariantList delegations() const { return m_delegations; }
  QVariantList unbondings() const { return m_unbondings; }
  bool isValidator() const { return m_validator >= 0; }
  int validatorIndex() const { return m_validator; }
  bool seen() const { return m_seen; }
  AccountTxModel* txs() { return &m_txs; }

 private:
  void Apply(const api::AccountInfo& a);

  QString m_address, m_balance, m_bonded, m_unbonding, m_rewards;
  qulonglong m_nonce = 0, m_pending_nonce = 0;
  QVariantList m_delegations, m_unbondings;
  int m_validator = -1;
  bool m_seen = false;
  AccountTxModel m_txs;
};

}  // namespace cairn::ui
