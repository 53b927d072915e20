// HistoryModel (QML `HistoryModel`): the wallet's transaction history, newest first, paged from
// api::Wallet::History with canFetchMore/fetchMore; reloads when the wallet sees activity. It also
// exports the history as CSV (api::Wallet::HistoryCsv) to a file the user chose.
//
// Thread safety: GUI thread only; api calls and the file write run through RunAsync.
// Ownership: QML owns instances; the wallet is borrowed from Session while it runs.
// Failure: a failed page sets `error` (a sentence) and stops paging until reload(); no wallet is not an
// error but an empty list, looked at again on each new head until a wallet appears; exportCsv reports
// through exportDone(ok, message). A cursor that does not move ends the list (no endless paging).
#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <optional>
#include <vector>

#include "api/wallet.h"

namespace cairn::ui {

class HistoryModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(int account READ account WRITE setAccount NOTIFY accountChanged)  // wallet account index; -1: all
  Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
  Q_PROPERTY(bool loaded READ loaded NOTIFY busyChanged)  // the first page answered (even if empty)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(bool exporting READ exporting NOTIFY exportingChanged)

 public:
  enum Role {
    TxIdRole = Qt::UserRole + 1,
    KindRole,       // human text: "Transfer", "Delegation", ...
    KindKeyRole,    // the payload kind's name: "transfer", "delegate", ..., or "reward", "slash" (for filters)
    StatusRole,     // "pending", "included", "finalized", "failed", "expired"
    OutgoingRole,
    CounterpartyRole,  // address text
    AmountRole,     // base-unit string
    FeeRole,        // base-unit string
    TimestampMsRole,
    HeightRole,     // -1 when not included
    NoteRole,
  };
  Q_ENUM(Role)

  explicit HistoryModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  bool canFetchMore(const QModelIndex& parent) const override;
  void fetchMore(const QModelIndex& parent) override;

  int account() const { return m_account; }
  void setAccount(int account);
  int pageSize() const { return m_page_size; }
  void setPageSize(int size);
  int count() const { return static_cast<int>(m_entries.size()); }
  bool busy() const { return m_busy; }
  bool loaded() const { return m_loaded; }
  QString error() const { return m_error; }
  bool exporting() const { return m_exporting; }

  // Drops every row and loads the first page again.
  Q_INVOKABLE void reload();
  // fetchMore for QML (views only page when asked): loads the next page when there is one.
  Q_INVOKABLE void loadMore() { fetchMore({}); }
  Q_INVOKABLE bool hasMore() const { return canFetchMore({}); }
  // The row as a map of role names (for a details pane), {} out of range.
  Q_INVOKABLE QVariantMap get(int row) const;
  // Writes the history (this model's account; kind "" = all; from/to ms, 0 = open) to a local file,
  // replacing it atomically (the page asked before choosing an existing file). -> exportDone.
  Q_INVOKABLE void exportCsv(const QUrl& fileUrl, const QString& kind = {}, double fromMs = 0, double toMs = 0);

  // "transfer" -> "Transfer" (translated), for every payload kind; "reward", "slash" for those entries.
  static QString KindText(chain::PayloadKind kind);
  static QString EntryText(api::HistoryEntryKind entry);
  Q_INVOKABLE static QString kindText(const QString& kindKey);
  // Every payload kind's name, in protocol order, then "reward" and "slash".
  Q_INVOKABLE static QStringList kindKeys();

 signals:
  void accountChanged();
  void pageSizeChanged();
  void countChanged();
  void busyChanged();
  void errorChanged();
  void exportingChanged();
  void exportDone(bool ok, const QString& message);

 private:
  void ReloadIfPending();  // a reload asked for while a page was loading
  void SetError(const QString& error);
  api::HistoryFilter Filter() const;

  std::vector<api::HistoryEntry> m_entries;
  std::optional<api::TxCursor> m_next;
  bool m_at_end = false;  // the first page has not been asked yet when false and m_entries is empty
  bool m_busy = false;
  bool m_loaded = false;
  bool m_reload_pending = false;
  bool m_exporting = false;
  bool m_no_wallet = false;  // the last page answered NotFound: there is no wallet (yet)
  int m_account = -1;
  int m_page_size = 50;
  std::uint64_t m_generation = 0;  // pages of an earlier reload are dropped
  QString m_error;
};

}  // namespace cairn::ui
