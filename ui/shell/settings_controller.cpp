#include "ui/shell/settings_controller.h"

#include <QDir>
#include <QFileInfo>

#include "ui/app_settings.h"
#include "ui/session.h"

namespace cairn::ui {

SettingsController::SettingsController(QObject* parent) : QObject(parent) {
  Snapshot();
  if (AppSettings* settings = AppSettings::Instance()) {
    connect(settings, &AppSettings::changed, this, &SettingsController::restartNeededChanged);
  }
  if (Session* session = Session::Instance()) {
    connect(session, &Session::started, this, [this] {
      Snapshot();
      emit restartNeededChanged();
    });
    connect(session, &Session::stateChanged, this, &SettingsController::restartNeededChanged);
  }
}

void SettingsController::Snapshot() {
  if (AppSettings* settings = AppSettings::Instance()) {
    m_started_rpc_enabled = settings->rpcEnabled();
    m_started_rpc_port = settings->rpcPort();
  }
}

QString SettingsController::portError(const QString& text) const {
  const QString t = text.trimmed();
  if (t.isEmpty()) return {};
  bool ok = false;
  const int port = t.toInt(&ok);
  if (!ok) return tr("The port must be a number, e.g. 7451.");
  if (port < 1024 || port > 65535) {
    return tr("Use a port from 1024 to 65535 (ports below 1024 need administrator rights).");
  }
  return {};
}

bool SettingsController::setRpcPort(const QString& text) {
  AppSettings* settings = AppSettings::Instance();
  if (settings == nullptr || !portError(text).isEmpty()) return false;
  settings->setRpcPort(text.trimmed().isEmpty() ? 0 : text.trimmed().toInt());
  return true;
}

QString SettingsController::dataDirError(const QString& path) const {
  const QString p = path.trimmed();
  if (p.isEmpty()) return tr("Choose a folder for the chain and the wallet.");
  if (!QDir::isAbsolutePath(p)) return tr("Give the full path of the folder (starting with /).");
  const QFileInfo info(p);
  if (info.exists() && !info.isDir()) return tr("%1 is a file, not a folder.").arg(p);
  if (info.exists() && !info.isWritable()) return tr("Cairn cannot write to %1.").arg(p);
  if (!info.exists()) {
    // The nearest existing parent must be writable for the node to create the folder at its start.
    QFileInfo parent(info.absolutePath());
    while (!parent.exists() && !parent.isRoot()) parent = QFileInfo(parent.absolutePath());
    if (!parent.isDir() || !parent.isWritable()) return tr("Cairn cannot create %1 here.").arg(p);
  }
  return {};
}

bool SettingsController::setDataDir(const QString& path) {
  AppSettings* settings = AppSettings::Instance();
  if (settings == nullptr || !dataDirError(path).isEmpty()) return false;
  settings->setDataDir(QDir::cleanPath(path.trimmed()));
  return true;
}

QString SettingsController::autoLockError(const QString& text) const {
  bool ok = false;
  const int minutes = text.trimmed().toInt(&ok);
  if (!ok || minutes < 0 || minutes > 24 * 60) return tr("Give minutes from 0 (never) to 1440 (a day).");
  return {};
}

bool SettingsController::setAutoLockMinutes(const QString& text) {
  AppSettings* settings = AppSettings::Instance();
  if (settings == nullptr || !autoLockError(text).isEmpty()) return false;
  settings->setAutoLockMinutes(text.trimmed().toInt());
  return true;
}

bool SettingsController::restartNeeded() const {
  AppSettings* settings = AppSettings::Instance();
  Session* session = Session::Instance();
  if (settings == nullptr || session == nullptr || !session->running()) return false;
  return settings->network() != session->network() ||
         QDir::cleanPath(settings->dataDir()) != QDir::cleanPath(session->dataDir()) ||
         settings->rpcEnabled() != m_started_rpc_enabled || settings->rpcPort() != m_started_rpc_port;
}

}  // namespace cairn::ui
