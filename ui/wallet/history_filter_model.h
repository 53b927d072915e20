// HistoryFilterModel (QML `HistoryFilterModel`): filters a HistoryModel (its sourceModel) by payload
// kind, a time range and a search text matching the tx id, the counterparty or the note. Filtering
// applies to the rows loaded so far; the page asks the source for more as the user scrolls.
//
// Thread safety: GUI thread only. Ownership: QML owns it; the source model is borrowed.
// Failure: none (an unknown kind matches nothing, which the page shows as an empty state).
#pragma once

#include <QSortFilterProxyModel>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace cairn::ui {

class HistoryFilterModel : public QSortFilterProxyModel {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY filterChanged)        // kindKey; "" = all
  Q_PROPERTY(double fromMs READ fromMs WRITE setFromMs NOTIFY filterChanged)   // 0 = open
  Q_PROPERTY(double toMs READ toMs WRITE setToMs NOTIFY filterChanged)         // inclusive; 0 = open
  Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  explicit HistoryFilterModel(QObject* parent = nullptr);

  QString kind() const { return m_kind; }
  void setKind(const QString& kind);
  double fromMs() const { return m_from_ms; }
  void setFromMs(double ms);
  double toMs() const { return m_to_ms; }
  void setToMs(double ms);
  QString search() const { return m_search; }
  void setSearch(const QString& text);
  int count() const { return rowCount(); }

  Q_INVOKABLE QVariantMap get(int row) const;  // the source row's map (HistoryModel::get)

 signals:
  void filterChanged();
  void countChanged();

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  void Refilter();

  QString m_kind;
  double m_from_ms = 0;
  double m_to_ms = 0;
  QString m_search;
};

}  // namespace cairn::ui
