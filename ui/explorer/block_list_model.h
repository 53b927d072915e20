// BlockListModel: the explorer's live list of canonical blocks, newest first (QML `BlockListModel`).
//
// It never holds the whole chain: the first page (PAGE_SIZE blocks below the head) loads when the node
// runs, older pages load through canFetchMore/fetchMore, which a ListView calls only once its last
// delegate is about to show. On a new head it fetches the blocks above its top row and inserts them at
// row 0 (a ListView keeps what the user looks at in place); on finality news it re-reads the finality of
// its non-final top rows and reports dataChanged only. Once, after the first page, it reads the first
// page of validators to name proposers by moniker. A head that jumped more than a page, or a top
// block that was replaced (a reorganisation), reloads the first page instead.
//
// Thread safety: GUI thread. Every api call runs through RunAsync, one at a time: requests that arrive
// while a fetch runs are remembered (at most one of each kind) and run after it.
// Ownership: QML (or a test) owns it; it reads Session::Instance() and never owns the node.
// Failure: a failed fetch sets `error` (one sentence) and keeps the rows it had; an older page that
// failed is not retried by scrolling until retry() (else a ListView would ask again at once, forever).
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <deque>
#include <map>
#include <optional>

#include "api/node.h"

namespace cairn::ui {

class BlockListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)    // a fetch is running
  Q_PROPERTY(bool loaded READ loaded NOTIFY loadingChanged)      // the first page has arrived
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(bool atEnd READ atEnd NOTIFY loadingChanged)        // the genesis block is in the list

 public:
  static constexpr std::size_t PAGE_SIZE = 100;

  enum Role {
    HeightRole = Qt::UserRole + 1,
    BlockIdRole,
    SlotRole,
    ProposerRole,
    TxCountRole,
    VoteCountRole,
    EvidenceCountRole,
    FinalityRole,
    TimestampMsRole,
    ProposerNameRole,  // the proposer's moniker once the validator list arrived, else ""
  };
  Q_ENUM(Role)

  explicit BlockListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  bool canFetchMore(const QModelIndex& parent = {}) const override;
  void fetchMore(const QModelIndex& parent = {}) override;

  int count() const { return static_cast<int>(m_rows.size()); }
  bool loading() const { return m_busy; }
  bool loaded() const { return m_loaded; }
  QString error() const { return m_error; }
  bool atEnd() const { return m_loaded && !m_next; }
  // How many Blocks() calls this model made (tests: proves it pages instead of loading everything).
  int fetchCount() const { return m_fetches; }

  // Drops the rows and loads the first page again.
  Q_INVOKABLE void reload();
  // After an error: asks again for whatever failed (older page or the whole list).
  Q_INVOKABLE void retry();

 signals:
  void countChanged();
  void loadingChanged();
  void errorChanged();
  // Rows were inserted at the top (QML scrolls to them when it was at the top).
  void newBlocks(int added);

 private:
  struct Row {
    chain::Height height = 0;
    chain::BlockId id;
    chain::Slot slot = 0;
    chain::ValidatorIndex proposer = 0;
    std::uint32_t txs = 0;
    std::uint32_t votes = 0;
    std::uint32_t evidence = 0;
    api::Finality finality = api::Finality::Pending;
    std::uint64_t timestamp_ms = 0;
  };
  enum Pending : unsigned { RELOAD = 1, NEWER = 2, FINALITY = 4, OLDER = 8, NAMES = 16 };

  static Row ToRow(const api::BlockSummary& b);
  void Request(unsigned op);
  void Pump();
  void Fetch(unsigned op, std::optional<chain::Height> before, std::size_t limit);
  void Done(unsigned op, api::Result<api::BlockPage> page);
  void ApplyFirstPage(const api::BlockPage& page);
  void ApplyOlder(const api::BlockPage& page);
  void ApplyNewer(const api::BlockPage& page);
  void ApplyFinality(const api::BlockPage& page);
  void FetchNames();
  void SetBusy(bool busy);
  void SetError(const QString& error);
  void OnSessionState();

  std::deque<Row> m_rows;  // newest first; deque: cheap inserts at both ends
  std::optional<chain::Height> m_next;
  std::map<chain::ValidatorIndex, QString> m_names;  // proposer monikers (the first page of validators)
  bool m_names_loaded = false;
  bool m_loaded = false;
  bool m_busy = false;
  bool m_older_failed = false;
  bool m_was_running = false;
  unsigned m_pending = 0;
  unsigned m_current = 0;  // the op being fetched, 0 when idle
  int m_fetches = 0;
  QString m_error;
};

}  // namespace cairn::ui
