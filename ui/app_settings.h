// AppSettings: the desktop app's preferences (QML singleton `AppSettings`), kept in QSettings
// (~/.config/Cairn/cairn.conf). Each property is saved as soon as it is set. Network, data folder, RPC
// and ports apply at the next start of the node; unit, language and auto-lock at once.
//
// Thread safety: GUI thread only. Ownership: created by app/ (or a test) before the QML engine.
// Failure: out-of-range values are refused (the setter returns without change; the Settings page
// validates first and says why).
#pragma once

#include <QObject>
#include <QSettings>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace cairn::ui {

class AppSettings : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(bool firstRunDone READ firstRunDone WRITE setFirstRunDone NOTIFY changed)
  Q_PROPERTY(QString network READ network WRITE setNetwork NOTIFY changed)
  Q_PROPERTY(QString dataDir READ dataDir WRITE setDataDir NOTIFY changed)
  Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY changed)  // "" (system), "en", "de"
  Q_PROPERTY(QString unit READ unit WRITE setUnit NOTIFY changed)              // "CAIRN", "mCAIRN", "uCAIRN"
  Q_PROPERTY(bool rpcEnabled READ rpcEnabled WRITE setRpcEnabled NOTIFY changed)
  Q_PROPERTY(int rpcPort READ rpcPort WRITE setRpcPort NOTIFY changed)  // 0: the network's default
  Q_PROPERTY(int autoLockMinutes READ autoLockMinutes WRITE setAutoLockMinutes NOTIFY changed)  // 0: never
  Q_PROPERTY(bool validateOnLaunch READ validateOnLaunch WRITE setValidateOnLaunch NOTIFY changed)
  Q_PROPERTY(QString defaultDataDir READ defaultDataDir CONSTANT)

 public:
  // `default_data_dir`: what dataDir reads while unset (app/'s DefaultDataDir()).
  explicit AppSettings(QString default_data_dir, QObject* parent = nullptr);
  ~AppSettings() override;

  static AppSettings* Instance();
  static AppSettings* create(QQmlEngine* engine, QJSEngine* js);

  bool firstRunDone() const;
  QString network() const;
  QString dataDir() const;
  QString language() const;
  QString unit() const;
  bool rpcEnabled() const;
  int rpcPort() const;
  int autoLockMinutes() const;
  bool validateOnLaunch() const;
  QString defaultDataDir() const { return m_default_data_dir; }

  void setFirstRunDone(bool done);
  void setNetwork(const QString& network);
  void setDataDir(const QString& dir);
  void setLanguage(const QString& language);
  void setUnit(const QString& unit);
  void setRpcEnabled(bool on);
  void setRpcPort(int port);
  void setAutoLockMinutes(int minutes);
  void setValidateOnLaunch(bool on);

 signals:
  void changed();

 private:
  void Put(const QString& key, const QVariant& value);

  QSettings m_settings;
  QString m_default_data_dir;
};

}  // namespace cairn::ui
