// ConsoleOutputModel: the Console page's transcript, one row per command, result, error or note.
// Rows are plain text (results come from the node: shown as plain text). The transcript is capped so a
// long session cannot grow without bound (the oldest rows go first).
// Thread safety: GUI thread only. Ownership: its ConsoleController's child.
#pragma once

#include <QAbstractListModel>
#include <QString>
#include <QVector>
#include <QtQml/qqmlregistration.h>

namespace cairn::ui {

class ConsoleOutputModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("owned by ConsoleController")

 public:
  enum Kind { Command, Result, Error, Info };
  Q_ENUM(Kind)
  enum Role { TextRole = Qt::UserRole + 1, KindRole };
  static constexpr int MAX_ROWS = 500;

  using QAbstractListModel::QAbstractListModel;

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void Append(Kind kind, const QString& text);
  Q_INVOKABLE void clear();
  // All rows as one text (for "copy all"), commands prefixed with "> ".
  Q_INVOKABLE QString allText() const;

  QString TextAt(int row) const { return m_rows.at(row).text; }
  Kind KindAt(int row) const { return m_rows.at(row).kind; }

 private:
  struct Row {
    Kind kind;
    QString text;
  };
  QVector<Row> m_rows;
};

}  // namespace cairn::ui
