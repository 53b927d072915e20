#include "ui/shell/console_output_model.h"

namespace cairn::ui {

int ConsoleOutputModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant ConsoleOutputModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_rows.size()) return {};
  const Row& row = m_rows.at(index.row());
  switch (role) {
    case TextRole: return row.text;
    case KindRole: return static_cast<int>(row.kind);
    default: return {};
  }
}

QHash<int, QByteArray> ConsoleOutputModel::roleNames() const {
  return {{TextRole, "text"}, {KindRole, "kind"}};
}

void ConsoleOutputModel::Append(Kind kind, const QString& text) {
  if (m_rows.size() >= MAX_ROWS) {
    beginRemoveRows({}, 0, 0);
    m_rows.removeFirst();
    endRemoveRows();
  }
  const int row = static_cast<int>(m_rows.size());
  beginInsertRows({}, row, row);
  m_rows.append(Row{kind, text});
  endInsertRows();
}

void ConsoleOutputModel::clear() {
  beginResetModel();
  m_rows.clear();
  endResetModel();
}

QString ConsoleOutputModel::allText() const {
  QStringList lines;
  for (const Row& row : m_rows) lines << (row.kind == Command ? QStringLiteral("> ") + row.text : row.text);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace cairn::ui
