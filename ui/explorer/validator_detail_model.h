// ValidatorDetailModel (QML `ValidatorDetailModel`): one validator for the explorer: index, operator,
// keys, moniker and website (network text: the view shows them as plain text), commission, stake,
// self bond, status, active, missed votes.
//
// Thread safety: GUI thread (api calls through RunAsync). Ownership: QML or a test.
// Failure: a key that is neither an operator address nor an index sets `error`; no such validator
// sets found=false; node failures set `error`.
#pragma once

#include "ui/explorer/detail_base.h"

namespace cairn::ui {

class ValidatorDetailModel : public DetailBase {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(int index READ index NOTIFY changed)
  Q_PROPERTY(QString operatorAddress READ operatorAddress NOTIFY changed)
  Q_PROPERTY(QString consensusKey READ consensusKey NOTIFY changed)
  Q_PROPERTY(QString vrfKey READ vrfKey NOTIFY changed)
  Q_PROPERTY(QString moniker READ moniker NOTIFY changed)
  Q_PROPERTY(QString website READ website NOTIFY changed)
  Q_PROPERTY(int commissionBps READ commissionBps NOTIFY changed)
  Q_PROPERTY(QString stake READ stake NOTIFY changed)  // the pool's bonded tokens, base units
  Q_PROPERTY(QString selfBond READ selfBond NOTIFY changed)
  Q_PROPERTY(QString status READ status NOTIFY changed)  // "candidate", "jailed", "tombstoned"
  Q_PROPERTY(bool jailed READ jailed NOTIFY changed)
  Q_PROPERTY(qulonglong jailedUntil READ jailedUntil NOTIFY changed)
  Q_PROPERTY(bool active READ active NOTIFY changed)
  Q_PROPERTY(qulonglong missedVotes READ missedVotes NOTIFY changed)

 public:
  using DetailBase::DetailBase;

  // key: the operator's address, or the validator's index in decimal (as a block names its proposer).
  Q_INVOKABLE void load(const QString& key);

  int index() const { return m_index; }
  QString operatorAddress() const { return m_operator; }
  QString consensusKey() const { return m_consensus; }
  QString vrfKey() const { return m_vrf; }
  QString moniker() const { return m_moniker; }
  QString website() const { return m_website; }
  int commissionBps() const { return m_commission; }
  QString stake() const { return m_stake; }
  QString selfBond() const { return m_self_bond; }
  QString status() const { return m_status; }
  bool jailed() const { return m_jailed; }
  qulonglong jailedUntil() const { return m_jailed_until; }
  bool active() const { return m_active; }
  qulonglong missedVotes() const { return m_missed; }

 private:
  void Apply(const api::ValidatorInfo& v);

  int m_index = -1;
  QString m_operator, m_consensus, m_vrf, m_moniker, m_website, m_stake, m_self_bond, m_status;
  int m_commission = 0;
  bool m_jailed = false, m_active = false;
  qulonglong m_jailed_until = 0, m_missed = 0;
};

}  // namespace cairn::ui
