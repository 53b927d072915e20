// ExplorerSearch (QML `ExplorerSearch`): what the explorer's search box found. classify(text) looks at
// the text's shape, then asks the node: digits are a block height; 64 hex digits a block id, else a
// transaction id; an address of this network an account (and, when it operates one, its validator).
// The answer arrives as resolved({kind, key, validator}) or as `error` (one sentence).
//
// Thread safety: GUI thread (api calls through RunAsync); a newer classify() drops an older answer.
// Ownership: QML or a test. Failure: `error` says what did not match and what the box takes.
#pragma once

#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstdint>

namespace cairn::ui {

class ExplorerSearch : public QObject {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
  Q_PROPERTY(QString error READ error NOTIFY stateChanged)
  Q_PROPERTY(QVariantMap result READ result NOTIFY stateChanged)  // the last answer, {} before/after errors

 public:
  enum class Shape { Empty, Height, Hash, Address, Unknown };
  // The shape of the text alone (no node): for the box's hint and for tests.
  static Shape ShapeOf(const QString& text, const QString& address_prefix);

  using QObject::QObject;

  // result: {kind: "block"|"tx"|"account", key, validator: operator address or ""}.
  Q_INVOKABLE void classify(const QString& text);

  bool busy() const { return m_busy; }
  QString error() const { return m_error; }
  QVariantMap result() const { return m_result; }

 signals:
  void stateChanged();
  void resolved(const QVariantMap& result);

 private:
  void Answer(const QVariantMap& result);
  void Fail(const QString& sentence);

  bool m_busy = false;
  QString m_error;
  QVariantMap m_result;
  std::uint64_t m_generation = 0;
};

}  // namespace cairn::ui
