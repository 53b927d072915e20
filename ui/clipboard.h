// Clipboard (QML singleton `Clipboard`): copy buttons. Thread safety: GUI thread.
#pragma once

#include <QClipboard>
#include <QGuiApplication>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace cairn::ui {

class Clipboard : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON

 public:
  using QObject::QObject;
  Q_INVOKABLE void copy(const QString& text) { QGuiApplication::clipboard()->setText(text); }
  Q_INVOKABLE QString text() const { return QGuiApplication::clipboard()->text(); }
};

}  // namespace cairn::ui
