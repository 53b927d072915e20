#include "ui/wallet/history_filter_model.h"

#include "ui/wallet/history_model.h"

namespace cairn::ui {

HistoryFilterModel::HistoryFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
    connect(this, signal, this, &HistoryFilterModel::countChanged);
  }
  connect(this, &QAbstractItemModel::modelReset, this, &HistoryFilterModel::countChanged);
  connect(this, &QAbstractItemModel::layoutChanged, this, &HistoryFilterModel::countChanged);
}

void HistoryFilterModel::setKind(const QString& kind) {
  if (kind == m_kind) return;
  m_kind = kind;
  Refilter();
}

void HistoryFilterModel::setFromMs(double ms) {
  if (ms == m_from_ms) return;
  m_from_ms = ms;
  Refilter();
}

void HistoryFilterModel::setToMs(double ms) {
  if (ms == m_to_ms) return;
  m_to_ms = ms;
  Refilter();
}

void HistoryFilterModel::setSearch(const QString& text) {
  if (text == m_search) return;
  m_search = text;
  Refilter();
}

void HistoryFilterModel::Refilter() {
  invalidateFilter();
  emit filterChanged();
  emit countChanged();
}

bool HistoryFilterModel::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  const QModelIndex i = sourceModel()->index(source_row, 0, source_parent);
  if (!m_kind.isEmpty() && i.data(HistoryModel::KindKeyRole).toString() != m_kind) return false;
  const double ts = i.data(HistoryModel::TimestampMsRole).toDouble();
  if (m_from_ms > 0 && ts < m_from_ms) return false;
  if (m_to_ms > 0 && ts > m_to_ms) return false;
  const QString needle = m_search.trimmed();
  if (!needle.isEmpty()) {
    const bool hit = i.data(HistoryModel::TxIdRole).toString().contains(needle, Qt::CaseInsensitive) ||
                     i.data(HistoryModel::CounterpartyRole).toString().contains(needle, Qt::CaseInsensitive) ||
                     i.data(HistoryModel::NoteRole).toString().contains(needle, Qt::CaseInsensitive);
    if (!hit) return false;
  }
  return true;
}

QVariantMap HistoryFilterModel::get(int row) const {
  auto* source = qobject_cast<HistoryModel*>(sourceModel());
  if (!source || row < 0 || row >= rowCount()) return {};
  return source->get(mapToSource(index(row, 0)).row());
}

}  // namespace cairn::ui
