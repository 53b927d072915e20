// Navigation (QML singleton `Navigation`): how a page in one feature module asks for a page of another
// (a send result links to its transaction in the explorer) without importing it. Main.qml listens.
// Thread safety: GUI thread. Ownership: the QML engine's.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace cairn::ui {

class Navigation : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON

 public:
  using QObject::QObject;

  // page: "overview", "send", "receive", "transactions", "explorer", "settings", "console".
  Q_INVOKABLE void openPage(const QString& page) { emit pageRequested(page); }
  // kind: "block" (height or hash), "tx" (id), "account" (address), "validator" (operator address),
  // "search" (anything the explorer's search box takes).
  Q_INVOKABLE void openExplorer(const QString& kind, const QString& key) {
    emit pageRequested(QStringLiteral("explorer"));
    emit explorerRequested(kind, key);
  }

 signals:
  void pageRequested(const QString& page);
  void explorerRequested(const QString& kind, const QString& key);
};

}  // namespace cairn::ui
