#include "ui/app_settings.h"

#include <QQmlEngine>

namespace cairn::ui {

namespace {
AppSettings* g_instance = nullptr;
}

AppSettings::AppSettings(QString default_data_dir, QObject* parent)
    : QObject(parent), m_default_data_dir(std::move(default_data_dir)) {
  g_instance = this;
}

AppSettings::~AppSettings() {
  if (g_instance == this) g_instance = nullptr;
}

AppSettings* AppSettings::Instance() { return g_instance; }

AppSettings* AppSettings::create(QQmlEngine*, QJSEngine*) {
  QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
  return g_instance;
}

bool AppSettings::firstRunDone() const { return m_settings.value(QStringLiteral("firstRunDone"), false).toBool(); }
QString AppSettings::network() const {
  return m_settings.value(QStringLiteral("network"), QStringLiteral("devnet")).toString();
}
QString AppSettings::dataDir() const {
  const QString dir = m_settings.value(QStringLiteral("dataDir")).toString();
  return dir.isEmpty() ? m_default_data_dir : dir;
}
QString AppSettings::language() const { return m_settings.value(QStringLiteral("language")).toString(); }
QString AppSettings::unit() const { return m_settings.value(QStringLiteral("unit"), QStringLiteral("CAIRN")).toString(); }
bool AppSettings::rpcEnabled() const { return m_settings.value(QStringLiteral("rpcEnabled"), true).toBool(); }
int AppSettings::rpcPort() const { return m_settings.value(QStringLiteral("rpcPort"), 0).toInt(); }
int AppSettings::autoLockMinutes() const { return m_settings.value(QStringLiteral("autoLockMinutes"), 10).toInt(); }
bool AppSettings::validateOnLaunch() const {
  return m_settings.value(QStringLiteral("validateOnLaunch"), true).toBool();
}

void AppSettings::setFirstRunDone(bool done) { Put(QStringLiteral("firstRunDone"), done); }
void AppSettings::setNetwork(const QString& network) {
  if (network != QStringLiteral("devnet") && network != QStringLiteral("testnet")) return;
  Put(QStringLiteral("network"), network);
}
void AppSettings::setDataDir(const QString& dir) { Put(QStringLiteral("dataDir"), dir); }
void AppSettings::setLanguage(const QString& language) { Put(QStringLiteral("language"), language); }
void AppSettings::setUnit(const QString& unit) {
  if (unit != QStringLiteral("CAIRN") && unit != QStringLiteral("mCAIRN") && unit != QStringLiteral("uCAIRN")) return;
  Put(QStringLiteral("unit"), unit);
}
void AppSettings::setRpcEnabled(bool on) { Put(QStringLiteral("rpcEnabled"), on); }
void AppSettings::setRpcPort(int port) {
  if (port < 0 || port > 65535) return;
  Put(QStringLiteral("rpcPort"), port);
}
void AppSettings::setAutoLockMinutes(int minutes) {
  if (minutes < 0 || minutes > 24 * 60) return;
  Put(QStringLiteral("autoLockMinutes"), minutes);
}
void AppSettings::setValidateOnLaunch(bool on) { Put(QStringLiteral("validateOnLaunch"), on); }

void AppSettings::Put(const QString& key, const QVariant& value) {
  if (m_settings.value(key) == value) return;
  m_settings.setValue(key, value);
  m_settings.sync();
  emit changed();
}

}  // namespace cairn::ui
