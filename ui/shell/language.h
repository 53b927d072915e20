// Language (QML singleton `Language`): switches the interface language at runtime. It installs the
// app's translation (embedded by qt_add_translations as :/i18n/cairn_<code>.qm) with a QTranslator and
// re-evaluates every qsTr() binding (QQmlEngine::retranslate). "" follows the system, "en" is the
// source language (no translator). On creation it applies AppSettings::language, so the saved choice
// holds from the first page shown.
//
// Thread safety: GUI thread only. Ownership: the QML engine's singleton; the translator is its child.
// Failure: apply() answers false when no translation exists for the code (the language stays English).
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTranslator>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace cairn::ui {

class Language : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(QString current READ current NOTIFY currentChanged)  // what apply() last installed: "en", "de"

 public:
  explicit Language(QQmlEngine* engine, QObject* parent = nullptr);
  ~Language() override;
  static Language* create(QQmlEngine* engine, QJSEngine* js);

  QString current() const { return m_current; }
  // Installs the translation for `code` ("", "en", "de") and retranslates the engine (when given).
  Q_INVOKABLE bool apply(const QString& code);

 signals:
  void currentChanged();

 private:
  QPointer<QQmlEngine> m_engine;
  std::unique_ptr<QTranslator> m_translator;
  QString m_current = QStringLiteral("en");
};

}  // namespace cairn::ui
