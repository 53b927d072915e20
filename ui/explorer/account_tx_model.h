// AccountTxModel: an address's transactions, newest first, paged through api::Node::AccountTxs with
// canFetchMore/fetchMore (PAGE_SIZE at a time). AccountDetailModel owns one and exposes it as `txs`.
//
// Thread safety: GUI thread; one RunAsync fetch at a time (a fetchMore during a fetch is ignored: the
// view asks again when the rows arrive). Ownership: its parent (AccountDetailModel).
// Failure: a failed page sets `error` and stops fetchMore until setAddress() or retry().
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "api/node.h"

namespace cairn::ui {

class AccountTxModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("AccountDetailModel.txs provides it")
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(QString error READ error NOTIFY loadingChanged)

 public:
  static constexpr std::size_t PAGE_SIZE = 50;
  enum Role {
    TxIdRole = Qt::UserRole + 1,
    KindRole,
    KindLabelRole,
    StatusRole,
    HeightRole,
    SenderRole,
    OutgoingRole,  // sent by this address
    AmountRole,    // base units, "" when the kind moves none
    FeeRole,
    CounterpartyRole,
  };

  explicit AccountTxModel(QObject* parent = nullptr) : QAbstractListModel(parent) {}

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  bool canFetchMore(const QModelIndex& parent = {}) const override;
  void fetchMore(const QModelIndex& parent = {}) override;

  int count() const { return static_cast<int>(m_rows.size()); }
  bool loading() const { return m_busy; }
  QString error() const { return m_error; }

  // Clears the rows and loads the first page of `address` (nullopt: stays empty).
  void setAddress(std::optional<chain::Address> address);
  Q_INVOKABLE void retry();

 signals:
  void countChanged();
  void loadingChanged();

 private:
  struct Row {
    QString id, kind, kind_label, status, sender, amount, fee, counterparty;
    qulonglong height = 0;
    bool outgoing = false;
  };
  void Fetch();

  std::optional<chain::Address> m_address;
  std::vector<Row> m_rows;
  std::optional<api::TxCursor> m_next;
  bool m_more = false;
  bool m_busy = false;
  QString m_error;
  std::uint64_t m_generation = 0;
};

}  // namespace cairn::ui
