// TxDetailModel (QML `TxDetailModel`): one transaction for the explorer: status and place in the chain
// (or pending in the pool), sender, nonce, fee, kind, the payload as label/value rows (see
// explorer::PayloadRows), the memo as plain text, and the size.
//
// Thread safety: GUI thread (api calls through RunAsync). Ownership: QML or a test.
// Failure: a key that is not 64 hex digits sets `error`; an unknown id sets found=false; node
// failures set `error`.
#pragma once

#include <QVariantList>

#include "ui/explorer/detail_base.h"

namespace cairn::ui {

class TxDetailModel : public DetailBase {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QString txId READ txId NOTIFY changed)
  Q_PROPERTY(QString status READ status NOTIFY changed)  // "pending", "included", "finalized"
  Q_PROPERTY(bool included READ included NOTIFY changed)
  Q_PROPERTY(QString blockId READ blockId NOTIFY changed)
  Q_PROPERTY(qulonglong blockHeight READ blockHeight NOTIFY changed)
  Q_PROPERTY(int position READ position NOTIFY changed)  // index in the block
  Q_PROPERTY(QString sender READ sender NOTIFY changed)
  Q_PROPERTY(qulonglong nonce READ nonce NOTIFY changed)
  Q_PROPERTY(QString fee READ fee NOTIFY changed)  // base units
  Q_PROPERTY(qulonglong expirySlot READ expirySlot NOTIFY changed)
  Q_PROPERTY(QString kind READ kind NOTIFY changed)  // "transfer", ...
  Q_PROPERTY(QString kindLabel READ kindLabel NOTIFY changed)
  Q_PROPERTY(QVariantList payload READ payload NOTIFY changed)  // [{label, value, type}]
  Q_PROPERTY(QString memo READ memo NOTIFY changed)
  Q_PROPERTY(int sizeBytes READ sizeBytes NOTIFY changed)

 public:
  using DetailBase::DetailBase;

  Q_INVOKABLE void load(const QString& txId);

  QString txId() const { return m_id; }
  QString status() const { return m_status; }
  bool included() const { return m_included; }
  QString blockId() const { return m_block_id; }
  qulonglong blockHeight() const { return m_block_height; }
  int position() const { return m_position; }
  QString sender() const { return m_sender; }
  qulonglong nonce() const { return m_nonce; }
  QString fee() const { return m_fee; }
  qulonglong expirySlot() const { return m_expiry; }
  QString kind() const { return m_kind; }
  QString kindLabel() const { return m_kind_label; }
  QVariantList payload() const { return m_payload; }
  QString memo() const { return m_memo; }
  int sizeBytes() const { return m_size; }

 private:
  void Apply(const api::TxDetail& t);

  QString m_id, m_status, m_block_id, m_sender, m_fee, m_kind, m_kind_label, m_memo;
  bool m_included = false;
  qulonglong m_block_height = 0, m_nonce = 0, m_expiry = 0;
  int m_position = 0, m_size = 0;
  QVariantList m_payload;
};

}  // namespace cairn::ui
