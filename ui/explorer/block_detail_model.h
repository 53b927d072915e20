// BlockDetailModel (QML `BlockDetailModel`): one block for the explorer's block view: the header, and
// the body as lists of plain maps (transactions, votes, evidence; a block holds at most a few thousand,
// and the view shows them in a ListView that creates delegates lazily).
//
// Thread safety: GUI thread (api calls through RunAsync). Ownership: QML or a test.
// Failure: a key that is neither a height nor a 64-hex hash sets `error`; an unknown block sets
// found=false without error; node failures set `error`.
#pragma once

#include <QVariantList>

#include "ui/explorer/detail_base.h"

namespace cairn::ui {

class BlockDetailModel : public DetailBase {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(qulonglong height READ height NOTIFY changed)
  Q_PROPERTY(QString blockId READ blockId NOTIFY changed)
  Q_PROPERTY(QString parentId READ parentId NOTIFY changed)
  Q_PROPERTY(bool hasParent READ hasParent NOTIFY changed)
  Q_PROPERTY(qulonglong slot READ slot NOTIFY changed)
  Q_PROPERTY(int proposer READ proposer NOTIFY changed)  // validator index
  Q_PROPERTY(QString stateRoot READ stateRoot NOTIFY changed)
  Q_PROPERTY(QString txRoot READ txRoot NOTIFY changed)
  Q_PROPERTY(double timestampMs READ timestampMs NOTIFY changed)
  Q_PROPERTY(int sizeBytes READ sizeBytes NOTIFY changed)
  Q_PROPERTY(QString finality READ finality NOTIFY changed)
  Q_PROPERTY(bool canonical READ canonical NOTIFY changed)
  // [{txId, kind, kindLabel, sender, fee, amount (base units or ""), counterparty}]
  Q_PROPERTY(QVariantList txs READ txs NOTIFY changed)
  // [{validator, slot, headRoot, targetSlot, sourceSlot}]
  Q_PROPERTY(QVariantList votes READ votes NOTIFY changed)
  // [{kind, offender}]
  Q_PROPERTY(QVariantList evidence READ evidence NOTIFY changed)

 public:
  using DetailBase::DetailBase;

  // key: a height ("42") or a block id (64 hex digits, optional "0x").
  Q_INVOKABLE void load(const QString& key);

  qulonglong height() const { return m_height; }
  QString blockId() const { return m_id; }
  QString parentId() const { return m_parent; }
  bool hasParent() const { return m_height > 0; }
  qulonglong slot() const { return m_slot; }
  int proposer() const { return m_proposer; }
  QString stateRoot() const { return m_state_root; }
  QString txRoot() const { return m_tx_root; }
  double timestampMs() const { return m_timestamp_ms; }
  int sizeBytes() const { return m_size; }
  QString finality() const { return m_finality; }
  bool canonical() const { return m_canonical; }
  QVariantList txs() const { return m_txs; }
  QVariantList votes() const { return m_votes; }
  QVariantList evidence() const { return m_evidence; }

 private:
  void Apply(const api::BlockDetail& b);

  qulonglong m_height = 0;
  QString m_id, m_parent, m_state_root, m_tx_root, m_finality;
  qulonglong m_slot = 0;
  int m_proposer = 0;
  double m_timestamp_ms = 0;
  int m_size = 0;
  bool m_canonical = true;
  QVariantList m_txs, m_votes, m_evidence;
};

}  // namespace cairn::ui
