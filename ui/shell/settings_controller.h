// SettingsController: validation and "applies at next start" bookkeeping for the Settings page. Values
// are stored through AppSettings (app_settings.h); this class checks user text first and says what is
// wrong in one sentence, and tells whether saved settings differ from what the running node started
// with (network, data folder, RPC), which take effect only at the next start.
//
// Thread safety: GUI thread only. Ownership: QML creates it (QML_ELEMENT). Failure: the *Error
// functions answer "" for good input, else a sentence; the set* functions answer false and change
// nothing for bad input.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace cairn::ui {

class SettingsController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  Q_PROPERTY(bool restartNeeded READ restartNeeded NOTIFY restartNeededChanged)

 public:
  explicit SettingsController(QObject* parent = nullptr);

  // RPC port text: "" (the network's default) or 1024..65535.
  Q_INVOKABLE QString portError(const QString& text) const;
  Q_INVOKABLE bool setRpcPort(const QString& text);
  // A data folder: an absolute path that is a folder (or can be created), writable.
  Q_INVOKABLE QString dataDirError(const QString& path) const;
  Q_INVOKABLE bool setDataDir(const QString& path);
  // Auto-lock minutes: 0 (never) to 1440.
  Q_INVOKABLE QString autoLockError(const QString& text) const;
  Q_INVOKABLE bool setAutoLockMinutes(const QString& text);

  bool restartNeeded() const;

 signals:
  void restartNeededChanged();

 private:
  void Snapshot();

  // What the running node started with (RPC settings are not visible on the Session).
  bool m_started_rpc_enabled = true;
  int m_started_rpc_port = 0;
};

}  // namespace cairn::ui
